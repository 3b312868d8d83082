import ArgumentParser
import Foundation
import GazetteCore
import GazetteClassifier
import GazetteStore

/// `gazette eval [LABELLED.jsonl...] [--store S] [--folds K]`: how well the classifier does
/// on labelled articles it has not seen.
///
/// Without `--folds` it scores the lexicon alone and the full classifier (lexicon + the given
/// model) on the articles the model did *not* train on: a model lists the fingerprints of its
/// training articles, and those are left out, so newly labelled articles measure it honestly.
/// `--folds K` refits everything `gazette train` fits (model, blend weight, `other` threshold,
/// temperature) K times on the other folds and scores the held-out fold.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate the classifier: accuracy (strict and counting alt_topic), macro-F1, per-topic P/R/F1, calibration.")

    @Argument(help: "Labelled JSONL files ({\"text\", \"headline\"?, \"category\" or \"topic\", \"alt_topic\"?} per line).")
    var files: [String] = []

    @Option(help: "Also evaluate on the analyst labels of this store (`gazette label`).")
    var store: String?

    @Option(help: "K-fold cross-validation (K ≥ 2): refit the model and its calibration on the other folds.")
    var folds: Int?

    @Option(name: .customLong("also-train"), help: "With --folds: labelled JSONL added to every training fold and never scored (repeatable).")
    var alsoTrain: [String] = []

    @Flag(help: "With --folds: add the shipped corpus (config/training/) to every training fold, less the articles scored.")
    var shipped = false

    @Flag(help: "Print every misclassified article.")
    var errors = false

    @Flag(help: "One JSON object per report (for scripts) instead of tables.")
    var json = false

    @OptionGroup var options: ClassifierOptions

    func validate() throws {
        if folds == nil, !alsoTrain.isEmpty || shipped {
            throw ValidationError("--also-train and --shipped add training articles to each fold: use them with --folds K")
        }
    }

    func run() throws {
        var examples: [LabelledExample] = []
        for file in files { examples += try LabelledCorpus.load(path: file) }
        if let store {
            let opened = try GazetteStore(path: store, readOnly: true)
            examples += try opened.labelledArticles().map { LabelledExample(article: $0.article.article, category: $0.label) }
        }
        examples = LabelledCorpus.deduplicated(examples)
        guard !examples.isEmpty else { throw ValidationError("no labelled articles: give JSONL files or a --store with labels") }
        let classifier = try options.classifier()
        let categories = classifier.categories

        if let folds {
            guard folds >= 2, folds <= examples.count else { throw ValidationError("--folds must be in 2…\(examples.count)") }
            var extra: [LabelledExample] = []
            for file in alsoTrain { extra += try LabelledCorpus.load(path: file) }
            if shipped { extra += try LabelledCorpus.shipped() }
            let scored = Set(examples.map(\.fingerprint))
            extra = LabelledCorpus.deduplicated(extra).filter { !scored.contains($0.fingerprint) }
            let fold = ClassifierFit.assignFolds(examples.map(\.category), folds: folds)
            var lexicon: [Evaluation.Outcome] = [], combined: [Evaluation.Outcome] = []
            for f in 0..<folds {
                let test = examples.indices.filter { fold[$0] == f }.map { examples[$0] }
                let train = examples.indices.filter { fold[$0] != f }.map { examples[$0] } + extra
                let fit = ClassifierFit.fit(taxonomy: classifier.taxonomy, examples: train)
                let c = TopicClassifier(taxonomy: classifier.taxonomy, model: fit.model)
                if !json, let calibration = fit.model.calibration {
                    print(String(format: "fold %d: blend %.2f, other threshold %.2f, temperature %.3f (CV objective %.3f, lexicon alone %.3f)",
                                 f + 1, fit.model.blendWeight, calibration.otherThreshold, calibration.temperature, fit.chosenObjective, fit.lexiconObjective))
                }
                lexicon += outcomes(c, .lexicon, test)
                combined += outcomes(c, .both, test)
            }
            let note = extra.isEmpty ? "" : " (+\(extra.count) training-only articles)"
            report("lexicon alone (taxonomy calibration)", Evaluation(outcomes: lexicon, categories: categories), full: false)
            report("lexicon + model, fitted per fold, \(folds)-fold\(note)", Evaluation(outcomes: combined, categories: categories), full: true)
            return
        }
        var unseen = examples
        if let trained = classifier.model?.trainedOn, !trained.isEmpty {
            unseen = examples.filter { !trained.contains($0.fingerprint) }
            if !json { print("left out \(examples.count - unseen.count) of \(examples.count) articles the model was trained on\n") }
        }
        guard !unseen.isEmpty else { throw ValidationError("the model was trained on every one of these articles: use --folds K to cross-validate") }
        report("lexicon alone (taxonomy calibration)", Evaluation(outcomes: outcomes(classifier, .lexicon, unseen), categories: categories), full: classifier.model == nil)
        if classifier.model != nil {
            report("lexicon + model", Evaluation(outcomes: outcomes(classifier, .both, unseen), categories: categories), full: true)
        }
    }

    private func outcomes(_ c: TopicClassifier, _ signals: TopicClassifier.Signals, _ items: [LabelledExample]) -> [Evaluation.Outcome] {
        items.map { e in
            let r = c.classify(text: e.text, headline: e.headline, signals: signals)
            let outcome = Evaluation.Outcome(gold: e.category, predicted: r.category, confidence: r.confidence, alternative: e.alternative)
            if errors, !json, !outcome.acceptable {
                print("  miss [\(signals)] gold \(e.category)\(e.alternative.map { "/" + $0 } ?? "") → \(r.category) \(String(format: "%.2f", r.confidence)): \(e.headline ?? String(e.text.prefix(40)))")
            }
            return outcome
        }
    }

    private func report(_ title: String, _ e: Evaluation, full: Bool) {
        let other = e.perTopic.first { $0.id == Taxonomy.otherID }
        let sure = e.accuracy(atConfidence: 0.8)
        if json {
            var fields: [String] = [
                "\"report\": \(JSONText.string(title))", "\"articles\": \(e.outcomes.count)",
                "\"accuracy\": \(JSONText.number(e.accuracy))",
                "\"accuracy_alt\": \(JSONText.number(e.accuracyCountingAlternative))",
                "\"macro_f1\": \(JSONText.number(e.macroF1))",
                "\"macro_f1_alt\": \(JSONText.number(e.creditingAlternative.macroF1))",
            ]
            if let other { fields += ["\"other_precision\": \(JSONText.number(other.precision))", "\"other_recall\": \(JSONText.number(other.recall))"] }
            if let sure { fields += ["\"confident\": \(sure.count)", "\"confident_accuracy\": \(JSONText.number(sure.accuracy))", "\"confident_accuracy_alt\": \(JSONText.number(sure.accuracyCountingAlternative))"] }
            print("{" + fields.joined(separator: ", ") + "}")
            return
        }
        let pct = { (x: Double) in String(format: "%5.1f%%", 100 * x) }
        print("== \(title): \(e.outcomes.count) articles")
        print("accuracy \(pct(e.accuracy)) strict, \(pct(e.accuracyCountingAlternative)) counting alt_topic; macro-F1 \(String(format: "%.3f", e.macroF1)) strict, \(String(format: "%.3f", e.creditingAlternative.macroF1)) counting alt_topic")
        if let other {
            print(String(format: "other: precision %.3f, recall %.3f (%d articles)", other.precision, other.recall, other.support))
        }
        if let sure {
            print("confidence ≥ 0.8: \(sure.count) articles, \(pct(sure.accuracy)) right strictly, \(pct(sure.accuracyCountingAlternative)) counting alt_topic")
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
        print("\ncalibration (confidence bin → share right, strictly and counting alt_topic):")
        for bin in e.calibration() where bin.count > 0 {
            print(String(format: "  [%.2f, %.2f)  n=%4d  mean conf %.3f  right %.3f  right or alt %.3f", bin.lower, bin.upper, bin.count, bin.meanConfidence, bin.accuracy, bin.count == 0 ? 0 : Double(bin.acceptable) / Double(bin.count)))
        }
        print("")
    }
}
