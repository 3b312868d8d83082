import Foundation
import GazetteTestSupport
import Testing

/// `gazette-bench corpus`: the benchmark's generated pages as files, for feeding a daemon by hand.
@Suite("gazette-bench corpus")
struct BenchCorpusCommandTests {
    @Test("writes the pages asked for, each distinct and each a page the daemon stores")
    func pagesAreDistinctAndIngest() throws {
        try #require(GazetteBinary.url != nil, "build the gazette executable first (swift build)")
        try #require(GazetteBinary.url(named: "gazette-bench") != nil, "build gazette-bench first (swift build)")
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seeds = try #require(Fixtures.seedURLs.first).deletingLastPathComponent().path
        let out = dir.appendingPathComponent("pages")

        let made = try GazetteBinary.run(["corpus", "--seeds", seeds, "--pages", "6", out.path], binary: "gazette-bench")
        #expect(made.status == 0, "\(made.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == (0..<6).map { String(format: "page-%06d.txt", $0) })

        let store = dir.appendingPathComponent("g.sqlite").path
        let ingest = try GazetteBinary.run(["ingest", "--store", store] + files.map { out.appendingPathComponent($0).path })
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let lines = ingest.stdout.split(separator: "\n")
        // "stored", never "duplicate": six distinct byte strings, each parsed into articles.
        #expect(lines.count == 6 && lines.allSatisfy { $0.contains(": stored (") }, "\(ingest.stdout)")
        #expect(!lines.contains { $0.hasSuffix("(0 articles)") }, "every generated page has articles: \(ingest.stdout)")

        let none = try GazetteBinary.run(["corpus", "--seeds", dir.appendingPathComponent("missing").path, out.path], binary: "gazette-bench")
        #expect(none.status != 0)
        #expect(none.stderr.contains("no *.txt pages"), "\(none.stderr)")
    }
}
