/// Scores a classifier against labelled articles: what `gazette eval` prints.
///
/// Pure arithmetic over (gold, predicted, confidence) triples, so it is testable and shared by
/// plain evaluation and k-fold cross-validation.
public struct Evaluation: Sendable, Equatable {
    public struct Outcome: Sendable, Equatable {
        public var gold: String
        public var predicted: String
        public var confidence: Double
        /// A second topic an editor would also accept for a mixed piece (the devset's `alt_topic`).
        public var alternative: String?

        public init(gold: String, predicted: String, confidence: Double, alternative: String? = nil) {
            self.gold = gold
            self.predicted = predicted
            self.confidence = confidence
            self.alternative = alternative
        }

        /// Right by the labelled topic or by the accepted alternative.
        public var acceptable: Bool { predicted == gold || (alternative != nil && predicted == alternative) }
    }

    public struct TopicScore: Sendable, Equatable {
        public var id: String
        public var support: Int
        public var precision: Double
        public var recall: Double
        public var f1: Double
    }

    /// One confidence bin: `[lower, upper)` (the last bin includes 1).
    public struct CalibrationBin: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int
        public var correct: Int
        public var meanConfidence: Double
        /// Right counting the alternative topic too.
        public var acceptable: Int = 0
        public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }
    }

    public let outcomes: [Outcome]
    /// Categories in display order: the given order, then any label seen only in the data.
    public let categories: [String]

    public init(outcomes: [Outcome], categories: [String]) {
        self.outcomes = outcomes
        var seen = Set(categories), all = categories
        for o in outcomes {
            for id in [o.gold, o.predicted] where !seen.contains(id) { seen.insert(id); all.append(id) }
        }
        self.categories = all
    }

    public var accuracy: Double {
        outcomes.isEmpty ? 0 : Double(outcomes.filter { $0.gold == $0.predicted }.count) / Double(outcomes.count)
    }

    /// Share of outcomes right by the labelled topic or its accepted alternative.
    public var accuracyCountingAlternative: Double {
        outcomes.isEmpty ? 0 : Double(outcomes.filter(\.acceptable).count) / Double(outcomes.count)
    }

    /// The same outcomes with an answer equal to the accepted alternative counted as the gold
    /// topic: per-topic figures and macro-F1 "counting alt_topic".
    public var creditingAlternative: Evaluation {
        Evaluation(outcomes: outcomes.map { o in
            var o = o
            if o.acceptable { o.gold = o.predicted }
            return o
        }, categories: categories)
    }

    /// Per category with at least one gold example.
    public var perTopic: [TopicScore] {
        categories.compactMap { id in
            let support = outcomes.filter { $0.gold == id }.count
            guard support > 0 else { return nil }
            let predicted = outcomes.filter { $0.predicted == id }.count
            let hits = outcomes.filter { $0.gold == id && $0.predicted == id }.count
            let precision = predicted == 0 ? 0 : Double(hits) / Double(predicted)
            let recall = Double(hits) / Double(support)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            return TopicScore(id: id, support: support, precision: precision, recall: recall, f1: f1)
        }
    }

    /// Unweighted mean of F1 over the categories that have gold examples.
    public var macroF1: Double {
        let scores = perTopic
        return scores.isEmpty ? 0 : scores.map(\.f1).reduce(0, +) / Double(scores.count)
    }

    /// `confusion[gold][predicted]` counts, indices in `categories` order.
    public var confusion: [[Int]] {
        let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: categories.count), count: categories.count)
        for o in outcomes { matrix[index[o.gold]!][index[o.predicted]!] += 1 }
        return matrix
    }

    /// Confidence bins with their accuracy: a calibrated classifier has accuracy ≈ confidence.
    public func calibration(edges: [Double] = [0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0]) -> [CalibrationBin] {
        zip(edges, edges.dropFirst()).enumerated().map { i, bounds in
            let last = i == edges.count - 2
            let inBin = outcomes.filter { $0.confidence >= bounds.0 && ($0.confidence < bounds.1 || (last && $0.confidence <= bounds.1)) }
            let mean = inBin.isEmpty ? 0 : inBin.map(\.confidence).reduce(0, +) / Double(inBin.count)
            return CalibrationBin(
                lower: bounds.0, upper: bounds.1, count: inBin.count,
                correct: inBin.filter { $0.gold == $0.predicted }.count, meanConfidence: mean,
                acceptable: inBin.filter(\.acceptable).count)
        }
    }

    /// Share right among outcomes at or above `threshold` (nil when there are none), strictly
    /// and counting the alternative topic.
    public func accuracy(atConfidence threshold: Double) -> (count: Int, accuracy: Double, accuracyCountingAlternative: Double)? {
        let sure = outcomes.filter { $0.confidence >= threshold }
        guard !sure.isEmpty else { return nil }
        let n = Double(sure.count)
        return (sure.count, Double(sure.filter { $0.gold == $0.predicted }.count) / n, Double(sure.filter(\.acceptable).count) / n)
    }
}
