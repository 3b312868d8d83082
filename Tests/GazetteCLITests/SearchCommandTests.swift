import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteStore

/// The query options of `gazette search` (and the advice of `verify`), as an analyst meets
/// them: each mistake is an error that says what is expected.
@Suite("gazette search options, verify's advice")
struct SearchCommandTests {
    static func seeded() throws -> (dir: URL, store: String) {
        let dir = Fixtures.tempDir()
        let store = dir.appendingPathComponent("g.sqlite").path
        let ingest = try GazetteBinary.run(["ingest", "--store", store] + Fixtures.seedURLs.map(\.path))
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return (dir, store)
    }

    @Test("--limit 0 and an unknown --topic are errors; the topic error names the topics")
    func limitAndTopic() throws {
        try #require(GazetteBinary.url != nil, "build the gazette executable first (swift build)")
        let (dir, store) = try Self.seeded()
        defer { try? FileManager.default.removeItem(at: dir) }
        let zero = try GazetteBinary.run(["search", "--store", store, "--limit", "0", "医保"])
        #expect(zero.status != 0)
        #expect(zero.stderr.contains("--limit"), "\(zero.stderr)")
        #expect(!zero.stdout.contains("【医保】"), "\(zero.stdout)")
        let topic = try GazetteBinary.run(["search", "--store", store, "--topic", "nonsense", "医保"])
        #expect(topic.status != 0)
        #expect(topic.stderr.contains("nonsense") && topic.stderr.contains("healthcare-security"), "\(topic.stderr)")
        let good = try GazetteBinary.run(["search", "--store", store, "--limit", "1", "医保"])
        #expect(good.status == 0)
        #expect(good.stdout.components(separatedBy: "【医保】").count >= 2, "\(good.stdout)")
    }

    @Test("date options say their format in --help and in the error; 2026/12/06 is refused",
          arguments: ["2026/12/06", "2026-13-01", "yesterday", "2026-1-6"])
    func dates(bad: String) throws {
        try #require(GazetteBinary.url != nil)
        let (dir, store) = try Self.seeded()
        defer { try? FileManager.default.removeItem(at: dir) }
        for option in ["--since", "--until"] {
            let result = try GazetteBinary.run(["search", "--store", store, option, bad, "医保"])
            #expect(result.status != 0, "\(option) \(bad) was accepted: \(result.stdout)")
            #expect(result.stderr.contains("YYYY-MM-DD"), "\(result.stderr)")
        }
        let help = try GazetteBinary.run(["search", "--help"])
        #expect(help.stdout.contains("YYYY-MM-DD"), "\(help.stdout)")
        let day = try GazetteBinary.run(["search", "--store", store, "--since", "2000-01-01", "--until", "2999-12-31", "医保"])
        #expect(day.status == 0, "\(day.stderr)")
        #expect(day.stdout.contains("【医保】"))
    }

    @Test("a 5,000-term query is refused within a second or so, naming the limits")
    func manyTerms() throws {
        try #require(GazetteBinary.url != nil)
        let (dir, store) = try Self.seeded()
        defer { try? FileManager.default.removeItem(at: dir) }
        let started = ContinuousClock.now
        let result = try GazetteBinary.run(["search", "--store", store] + Array(repeating: "医保", count: 5_000))
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(result.status != 0)
        #expect(result.stderr.contains("at most \(SearchQuery.maxTerms) terms"), "\(result.stderr)")
    }

    @Test("verify on a file that is not a database does not advise running verify")
    func verifyNotADatabase() throws {
        try #require(GazetteBinary.url != nil)
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("notes.txt").path
        try Data(repeating: 0x41, count: 8_192).write(to: URL(fileURLWithPath: path))
        let result = try GazetteBinary.run(["verify", "--store", path])
        #expect(result.status != 0)
        let said = result.stdout + result.stderr
        #expect(said.contains("not a Gazette database"), "\(said)")
        #expect(!said.contains("gazette verify"), "\(said)")
    }
}
