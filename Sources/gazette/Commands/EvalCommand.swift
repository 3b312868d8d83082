import ArgumentParser
import Foundation
import GazetteCore
import GazetteDaemon

/// `gazette eval LABELLED.jsonl [--folds K]`: how well the classifier does on labelled articles.
///
/// Without `--folds` it scores the lexicon alone and the full classifier (lexicon + the given
/// model). Note that the full classifier is optimistic on the very articles its model was
/// trained on; `--folds K` retrains the model K times on the other folds, which is honest.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate the classifier: accuracy, macro-F1, per-topic P/R/F1, confusion, calibration.")

    @Argument(help: "Labelled JSONL files.")
    var files: [String]

    @Option(help: "Run K-fold cross-validation of the learned model (K ≥ 2).")
    var folds: Int?

    @Flag(help: "Print every misclassified article.")
    var errors = false

    @Flag(help: "Fit the softmax temperature on these articles and print it (set it as scoring.temperature).")
    var fitTemperature = false

    @OptionGroup var options: ClassifierOptions

    func run() throws {
        var examples: [LabelledExample] = []
        for file in files { examples += try LabelledCorpus.load(path: file) }
        let classifier = try options.classifier()
        let categories = classifier.categories
        guard !examples.isEmpty else { throw ValidationError("no labelled articles in \(files.joined(separator: ", "))") }

        func outcomes(_ c: TopicClassifier, _ signals: TopicClassifier.Signals, _ items: [LabelledExample]) -> [Evaluation.Outcome] {
            items.map { e in
                let r = c.classify(text: e.text, headline: e.headline, signals: signals)
                if errors, r.category != e.category {
                    print("  miss [\(signals)] gold \(e.category) → \(r.category) \(String(format: "%.2f", r.confidence)): \(e.headline ?? String(e.text.prefix(30)))")
                }
                return .init(gold: e.category, predicted: r.category, confidence: r.confidence)
            }
        }

        if fitTemperature {
            let fit = TemperatureFit.fit(classifier, on: examples)
            print(String(format: "fitted temperature %.3f (mean NLL %.4f; current %.3f)\n", fit.temperature, fit.negativeLogLikelihood, classifier.taxonomy.scoring.temperature))
        }
        report("lexicon only", Evaluation(outcomes: outcomes(classifier, .lexicon, examples), categories: categories), full: folds == nil)
        if let folds {
            guard folds >= 2, folds <= examples.count else { throw ValidationError("--folds must be in 2…\(examples.count)") }
            var learned: [Evaluation.Outcome] = [], combined: [Evaluation.Outcome] = []
            for fold in 0..<folds {
                let test = examples.enumerated().filter { $0.offset % folds == fold }.map(\.element)
                let train = examples.enumerated().filter { $0.offset % folds != fold }.map(\.element)
                let model = NGramTrainer.train(train, categories: categories)
                let c = TopicClassifier(taxonomy: classifier.taxonomy, model: model)
                learned += outcomes(c, .model, test)
                combined += outcomes(c, .both, test)
            }
            report("learned model alone, \(folds)-fold", Evaluation(outcomes: learned, categories: categories), full: false)
            report("lexicon + learned, \(folds)-fold", Evaluation(outcomes: combined, categories: categories), full: true)
        } else if classifier.model != nil {
            report("lexicon + model (model may have seen these articles)", Evaluation(outcomes: outcomes(classifier, .both, examples), categories: categories), full: true)
        }
    }

    private func report(_ title: String, _ e: Evaluation, full: Bool) {
        let pct = { (x: Double) in String(format: "%5.1f%%", 100 * x) }
        print("== \(title): \(e.outcomes.count) articles")
        print("accuracy \(pct(e.accuracy))   macro-F1 \(String(format: "%.3f", e.macroF1))")
        if let sure = e.accuracy(atConfidence: 0.8) {
            print("confidence ≥ 0.8: \(sure.count) articles, \(pct(sure.accuracy)) right")
        }
        guard full else { print(""); return }
        print("\ntopic                  support  precision  recall     F1")
        for t in e.perTopic {
            print(t.id.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: " %7d  %9.3f  %6.3f  %5.3f", t.support, t.precision, t.recall, t.f1))
        }
        let used = e.categories.enumerated().filter { i, _ in e.confusion[i].reduce(0, +) > 0 || e.confusion.contains { $0[i] > 0 } }
        print("\nconfusion (rows gold, columns predicted):")
        print("    " + used.map { String(format: "%4d", $0.offset) }.joined())
        for (i, id) in used {
            print(String(format: "%3d ", i) + used.map { String(format: "%4d", e.confusion[i][$0.offset]) }.joined() + "  \(id)")
        }
        print("\ncalibration (confidence bin → accuracy):")
        for bin in e.calibration() where bin.count > 0 {
            print(String(format: "  [%.2f, %.2f)  n=%4d  mean conf %.3f  accuracy %.3f", bin.lower, bin.upper, bin.count, bin.meanConfidence, bin.accuracy))
        }
        print("")
    }
}
