import Foundation

/// Fits what the lexicon cannot know by itself — how far to trust the learned model, where
/// `other` starts, and the softmax temperature — by cross-validation on labelled articles.
///
/// Every number is chosen on predictions for articles the model did not train on (inner
/// k-fold), so the fit holds on unseen text and not just on the training set:
/// 1. the blend weight and `other` threshold maximise accuracy (counting the alternative
///    topic) + macro-F1 + F1 of `other` (counted once more: with one article in eight, it
///    is one class of sixteen in macro-F1, yet forcing those articles into a topic is the
///    error readers notice). The weight 0 — the lexicon alone — is always a candidate, and a
///    positive weight is taken only when it does strictly better: analysts' labels cannot
///    make the classifier worse than the lexicon on what it has not seen (as far as
///    cross-validation can tell);
/// 2. the temperature minimises the log-loss, then is raised until the answers given with
///    confidence ≥ `confident` are right (strictly, the labelled topic) at least
///    `confidentAccuracy` of the time: better less sure than wrong. It never goes below the
///    taxonomy's `temperature`, which was fitted on the natural mix of local news: a few
///    clean, hand-picked articles (the seeds alone) would otherwise make it overconfident.
public enum ClassifierFit {
    public struct Options: Sendable {
        public var folds = 5
        public var blendGrid: [Double] = [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1]
        public var thresholdGrid: [Double] = stride(from: 0.0, through: 8.0, by: 0.25).map { $0 }
        public var temperatureGrid: [Double] = stride(from: -1.0, through: 1.6, by: 0.02).map { pow(10, $0) }
        /// The confidence from which answers must be right `confidentAccuracy` of the time on
        /// the inner folds: 0.7, a margin under the promised 0.8 for text unlike the training text.
        public var confident = 0.7
        /// Required on the inner folds, above the 95% promised, because a fit on a hundred
        /// articles is itself uncertain.
        public var confidentAccuracy = 0.97
        /// How many articles' worth (×2: accuracy and F1 both move) the model must win by over the lexicon alone.
        public var margin = 2.0
        public var bucketBits = 18
        public var minCount: UInt32 = 2

        public init() {}
    }

    public struct Result: Sendable {
        /// The model trained on all examples, carrying the fitted blend weight and calibration.
        public var model: NGramModel
        /// Cross-validated objective (accuracy counting the alternative + macro-F1 + other's F1) of the
        /// lexicon alone (best threshold) and of the chosen blend.
        public var lexiconObjective: Double
        public var chosenObjective: Double
    }

    public static func fit(taxonomy: Taxonomy, examples: [LabelledExample], options: Options = Options()) -> Result {
        let categories = taxonomy.topicIDs + [Taxonomy.otherID]
        let known = Set(categories)
        let examples = examples.filter { known.contains($0.category) }
        let full = NGramTrainer.train(examples, categories: categories, bucketBits: options.bucketBits, minCount: options.minCount)
        let defaults = NGramModel.Calibration(temperature: taxonomy.scoring.temperature, otherThreshold: taxonomy.scoring.otherThreshold)
        guard examples.count >= 2 * options.folds else {
            // Too few articles to cross-validate: the lexicon alone, as configured.
            return Result(model: full.with(blendWeight: 0, calibration: defaults), lexiconObjective: 0, chosenObjective: 0)
        }
        let parts = heldOutParts(taxonomy: taxonomy, examples: examples, options: options)
        let gold = examples.map { categories.firstIndex(of: $0.category)! }
        let alternative = examples.map { $0.alternative.flatMap(categories.firstIndex(of:)) }
        let scale = taxonomy.scoring.modelScale

        func objective(blend: Double, threshold: Double) -> Double {
            let outcomes = parts.indices.map { i in
                let logits = TopicClassifier.logits(parts[i], blend: blend, modelScale: scale, otherThreshold: threshold, temperature: 1)
                let best = TopicClassifier.softmax(logits).best
                return Evaluation.Outcome(
                    gold: categories[gold[i]], predicted: categories[best], confidence: 0,
                    alternative: alternative[i].map { categories[$0] })
            }
            let e = Evaluation(outcomes: outcomes, categories: categories)
            let other = e.perTopic.first { $0.id == Taxonomy.otherID }?.f1 ?? 0
            return e.accuracyCountingAlternative + e.macroF1 + other
        }

        // Ties go to the threshold nearest the configured one; the model gets a say only when
        // it beats the lexicon alone by `margin` (two more articles right): a gain of one
        // article in a hundred is noise, and noise must not buy the model a say.
        let thresholds = options.thresholdGrid.sorted { abs($0 - defaults.otherThreshold) < abs($1 - defaults.otherThreshold) }
        func bestThreshold(blend: Double) -> (threshold: Double, score: Double) {
            var best = (threshold: defaults.otherThreshold, score: -Double.infinity)
            for threshold in thresholds {
                let score = objective(blend: blend, threshold: threshold)
                if score > best.score + 1e-9 { best = (threshold, score) }
            }
            return best
        }
        let lexicon = bestThreshold(blend: 0)
        let lexiconScore = lexicon.score
        var best = (blend: 0.0, threshold: lexicon.threshold, score: lexicon.score)
        let margin = options.margin * 2 / Double(examples.count)
        for blend in options.blendGrid where blend > 0 {
            let candidate = bestThreshold(blend: blend)
            if candidate.score > max(best.score, lexiconScore + margin) + 1e-9 { best = (blend, candidate.threshold, candidate.score) }
        }

        let temperature = fitTemperature(
            parts: parts, gold: gold, blend: best.blend, threshold: best.threshold, modelScale: scale,
            floor: defaults.temperature, options: options)
        return Result(
            model: full.with(blendWeight: best.blend, calibration: .init(temperature: temperature, otherThreshold: best.threshold)),
            lexiconObjective: lexiconScore, chosenObjective: best.score)
    }

    /// Lexicon and model parts of every example, the model part from a model trained on the
    /// other folds.
    static func heldOutParts(taxonomy: Taxonomy, examples: [LabelledExample], options: Options) -> [TopicClassifier.Parts] {
        let categories = taxonomy.topicIDs + [Taxonomy.otherID]
        let fold = assignFolds(examples.map(\.category), folds: options.folds)
        var parts = [TopicClassifier.Parts?](repeating: nil, count: examples.count)
        for f in 0..<options.folds {
            let train = examples.indices.filter { fold[$0] != f }.map { examples[$0] }
            let model = NGramTrainer.train(train, categories: categories, bucketBits: options.bucketBits, minCount: options.minCount)
            let classifier = TopicClassifier(taxonomy: taxonomy, model: model)
            for i in examples.indices where fold[i] == f {
                parts[i] = classifier.parts(text: examples[i].text, headline: examples[i].headline)
            }
        }
        return parts.map { $0! }
    }

    /// Stratified, deterministic fold numbers: each category's examples are dealt round-robin
    /// (continuing where the previous category stopped), so every fold sees every topic it can.
    public static func assignFolds(_ labels: [String], folds: Int) -> [Int] {
        var fold = [Int](repeating: 0, count: labels.count)
        var next = 0
        for label in Set(labels).sorted() {
            for i in labels.indices where labels[i] == label {
                fold[i] = next % folds
                next += 1
            }
        }
        return fold
    }

    static func fitTemperature(
        parts: [TopicClassifier.Parts], gold: [Int], blend: Double, threshold: Double, modelScale: Double,
        floor: Double, options: Options
    ) -> Double {
        let base = parts.map { TopicClassifier.logits($0, blend: blend, modelScale: modelScale, otherThreshold: threshold, temperature: 1) }
        func predictions(_ t: Double) -> [(best: Int, confidence: Double, probabilities: [Double])] {
            base.map { TopicClassifier.softmax($0.map { $0 / t }) }
        }
        var bestT = options.temperatureGrid[0], bestLoss = Double.infinity
        for t in options.temperatureGrid {
            let loss = zip(predictions(t), gold).map { -log(max($0.0.probabilities[$0.1], 1e-12)) }.reduce(0, +)
            if loss < bestLoss { bestLoss = loss; bestT = t }
        }
        for t in options.temperatureGrid where t >= max(bestT, floor) {
            let sure = zip(predictions(t), gold).filter { $0.0.confidence >= options.confident }
            let right = sure.filter { $0.0.best == $0.1 }.count
            if sure.isEmpty || Double(right) >= options.confidentAccuracy * Double(sure.count) { return t }
        }
        return options.temperatureGrid.last!
    }
}
