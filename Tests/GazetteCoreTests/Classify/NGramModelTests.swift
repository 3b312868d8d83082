import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteCore

/// The learned model: training on the real seed articles, the file format, and its round trip.
@Suite struct NGramModelTests {
    static let seedsPath = Seeds.repoRoot.appendingPathComponent("config/training/seeds.jsonl")

    static func seeds() throws -> [LabelledExample] {
        let text = try String(contentsOf: seedsPath, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return LabelledExample(text: object["text"] as! String, headline: object["headline"] as? String, category: object["category"] as! String)
        }
    }

    static let categories = Taxonomy.stableIDs + [Taxonomy.otherID]
    /// The stable topics with a term no article contains, so only the model decides.
    static let placeholderTaxonomy = Taxonomy(topics: Taxonomy.stableIDs.map {
        Topic(id: $0, nameZh: $0, nameEn: $0, scope: "", terms: [WeightedTerm("占位词语", weight: 1)])
    })

    @Test func trainSaveLoadGivesIdenticalPredictions() throws {
        let examples = try Self.seeds()
        let model = NGramTrainer.train(examples, categories: Self.categories, bucketBits: 16, blendWeight: 0.5)
        let bytes = model.encoded()
        let loaded = try NGramModel(encoded: bytes)
        #expect(loaded == model)
        #expect(loaded.encoded() == bytes)
        let taxonomy = Self.placeholderTaxonomy
        let before = TopicClassifier(taxonomy: taxonomy, model: model)
        let after = TopicClassifier(taxonomy: taxonomy, model: loaded)
        for e in examples {
            #expect(before.classify(text: e.text, headline: e.headline) == after.classify(text: e.text, headline: e.headline))
        }
    }

    @Test func modelAloneLearnsItsTrainingArticles() throws {
        let examples = try Self.seeds()
        let model = NGramTrainer.train(examples, categories: Self.categories, minCount: 1)
        let classifier = TopicClassifier(taxonomy: Self.placeholderTaxonomy, model: model)
        let right = examples.filter { classifier.classify(text: $0.text, headline: $0.headline, signals: .model).category == $0.category }
        #expect(Double(right.count) / Double(examples.count) > 0.9)
    }

    @Test func blendWeightGrowsWithTheData() throws {
        let examples = try Self.seeds()
        let model = NGramTrainer.train(examples, categories: Self.categories)
        #expect(model.blendWeight == Double(examples.count) / 2000)
        #expect(model.documentCounts.reduce(0, +) == examples.count)
    }

    @Test func rejectsWhatIsNotAModel() throws {
        #expect(throws: ModelFormatError.notAModel) { try NGramModel(encoded: Array("hello world".utf8)) }
        let bytes = NGramTrainer.train(try Self.seeds(), categories: Self.categories).encoded()
        #expect(throws: ModelFormatError.truncated) { try NGramModel(encoded: Array(bytes.dropLast(3))) }
        var future = bytes
        future[4] = 9
        #expect(throws: ModelFormatError.unsupportedVersion(9)) { try NGramModel(encoded: future) }
    }

    @Test func calibrationAndTrainingFingerprintsRoundTrip() throws {
        let examples = try Self.seeds()
        let model = NGramTrainer.train(examples, categories: Self.categories, bucketBits: 16)
            .with(blendWeight: 0.2, calibration: .init(temperature: 1.7, otherThreshold: 2.25))
        #expect(model.trainedOn == Set(examples.map(\.fingerprint)))
        #expect(model.trainedOn.count == examples.count, "every seed article has its own fingerprint")
        let loaded = try NGramModel(encoded: model.encoded())
        #expect(loaded == model)
        #expect(loaded.calibration == .init(temperature: 1.7, otherThreshold: 2.25))
        let spaced = LabelledExample(text: examples[0].text.replacingOccurrences(of: "，", with: "， "), headline: examples[0].headline, category: "x")
        #expect(spaced.fingerprint == examples[0].fingerprint, "spacing does not change an article's fingerprint")
    }

    /// Labels that carry no signal (every article given the same topic, whatever it says)
    /// cannot buy the model a say: cross-validation keeps the lexicon alone.
    @Test func meaninglessLabelsLeaveTheLexiconAlone() throws {
        let taxonomy = Taxonomy(topics: Taxonomy.stableIDs.map { id in
            Topic(id: id, nameZh: id, nameEn: id, scope: "", terms: id == "healthcare-security" ? [WeightedTerm("医保", weight: 3)] : [WeightedTerm("占位词语", weight: 1)])
        })
        let examples = try Self.seeds()
        let topics = Taxonomy.stableIDs
        let shuffled = examples.enumerated().map { i, e in LabelledExample(text: e.text, headline: e.headline, category: topics[(i * 7) % topics.count]) }
        let fit = ClassifierFit.fit(taxonomy: taxonomy, examples: shuffled)
        #expect(fit.model.blendWeight == 0)
        let real = ClassifierFit.fit(taxonomy: taxonomy, examples: examples + examples.map { LabelledExample(text: $0.text + "。", headline: $0.headline, category: $0.category) })
        #expect(real.chosenObjective >= real.lexiconObjective)
    }
}
