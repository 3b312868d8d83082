import Foundation
import GazetteTestSupport
import Testing

/// The analyst's learning loop through the real commands, on a small scale: ingest the seed
/// pages, label some articles (`gazette label`), retrain on the store (`gazette train
/// --store`), and evaluate (`gazette eval`) only on labels the model has not seen.
@Suite("learning from analyst labels")
struct LearningLoopTests {
    /// The editor's topic of each seed article that kept a headline, from config/training/seeds.jsonl.
    static func seedTopics() throws -> [String: String] {
        let text = try String(contentsOf: Fixtures.repoRoot.appendingPathComponent("config/training/seeds.jsonl"), encoding: .utf8)
        var topics: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if let headline = object["headline"] as? String, let category = object["category"] as? String { topics[headline] = category }
        }
        return topics
    }

    static func json(_ line: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("label, train --store, eval holds out what the model trained on, never worse than the lexicon alone")
    func labelTrainEval() throws {
        try #require(GazetteBinary.url != nil, "build the gazette executable first (swift build)")
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("g.sqlite").path
        let model = dir.appendingPathComponent("model.gznb").path
        #expect(try GazetteBinary.run(["ingest", "--store", store] + Fixtures.seedURLs.map(\.path)).status == 0)

        // The stored articles whose headline names a seed article: their editor's topic is known.
        let topics = try Self.seedTopics()
        let exported = try GazetteBinary.run(["export", "--store", store])
        var known: [(id: Int, topic: String)] = []
        for line in exported.stdout.split(separator: "\n") {
            let article = try Self.json(line)
            if let headline = article["headline"] as? String, let topic = topics[headline], let id = article["id"] as? Int {
                known.append((id, topic))
            }
        }
        try #require(known.count >= 8, "the seed pages keep most headlines: \(known.count)")

        // Label all but two, train on the store alone (no shipped corpus), and look at the model.
        let (first, later) = (known.dropLast(2), known.suffix(2))
        for (id, topic) in first {
            #expect(try GazetteBinary.run(["label", "--store", store, String(id), topic]).status == 0)
        }
        let train = try GazetteBinary.run(["train", "--store", store, "--no-shipped", "-o", model])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("trained on \(first.count) articles (0 shipped, \(first.count) store labels"), "\(train.stdout)")
        for topic in Set(first.map(\.topic)) {
            let n = first.filter { $0.topic == topic }.count
            #expect(train.stdout.contains("  \(topic)\t\(n)\n"), "\(topic) × \(n) in \(train.stdout)")
        }

        // Every label so far was trained on: nothing honest to score.
        let none = try GazetteBinary.run(["eval", "--store", store, "--model", model])
        #expect(none.status != 0)
        #expect(none.stderr.contains("trained on every one"), "\(none.stderr)")

        // Two new labels: exactly those are scored.
        for (id, topic) in later {
            #expect(try GazetteBinary.run(["label", "--store", store, String(id), topic]).status == 0)
        }
        let fresh = try GazetteBinary.run(["eval", "--store", store, "--model", model, "--json"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        let reports = try fresh.stdout.split(separator: "\n").map(Self.json)
        #expect(reports.count == 2)
        #expect(reports.allSatisfy { $0["articles"] as? Int == 2 }, "\(fresh.stdout)")

        // Retrained on all labels plus the shipped corpus, and cross-validated on the dev
        // articles: the fitted blend is no worse than the lexicon alone, within the noise of
        // refitting the other threshold on a few dozen articles per fold.
        let retrain = try GazetteBinary.run(["train", "--store", store, "-o", model])
        #expect(retrain.status == 0, "\(retrain.stderr)")
        #expect(retrain.stdout.contains("\(known.count) store labels"), "\(retrain.stdout)")
        let devset = Fixtures.repoRoot.appendingPathComponent("config/training/devset.jsonl").path
        let folds = try GazetteBinary.run(["eval", devset, "--store", store, "--folds", "3", "--json"])
        #expect(folds.status == 0, "\(folds.stderr)")
        let (lexicon, blended) = try { () throws -> ([String: Any], [String: Any]) in
            let r = try folds.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }.map(Self.json)
            return (r[0], r[1])
        }()
        let lexiconAccuracy = try #require(lexicon["accuracy_alt"] as? Double)
        let blendedAccuracy = try #require(blended["accuracy_alt"] as? Double)
        #expect(blendedAccuracy >= lexiconAccuracy - 0.05, "lexicon \(lexiconAccuracy), fitted \(blendedAccuracy)")
    }
}
