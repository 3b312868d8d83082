import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteStore

/// The analyst commands, run as the real `gazette` binary against a store in a temp dir.
@Suite("gazette store commands")
struct CommandTests {
    @Test("ingest the seeds twice, verify, search, stats, show, export, label")
    func analystSession() throws {
        try #require(GazetteBinary.url != nil, "build the gazette executable first (swift build)")
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("g.sqlite").path
        let seeds = Fixtures.seedURLs.map(\.path)

        let first = try GazetteBinary.run(["ingest", "--store", store] + seeds)
        #expect(first.status == 0, "\(first.stderr)")
        let firstLines = first.stdout.split(separator: "\n")
        #expect(firstLines.count == 5)
        #expect(firstLines.allSatisfy { $0.contains(": stored (") && $0.hasSuffix(" articles)") }, "\(first.stdout)")
        // The same files again: already stored (their own copies, not duplicates) …
        let second = try GazetteBinary.run(["ingest", "--store", store] + seeds)
        #expect(second.status == 0)
        #expect(second.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix(": already stored") }, "\(second.stdout)")
        // … the same bytes from another paper: duplicates.
        let third = try GazetteBinary.run(["ingest", "--store", store, "--source", "另一报"] + seeds)
        #expect(third.status == 0)
        #expect(third.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix(": duplicate") }, "\(third.stdout)")

        let verify = try GazetteBinary.run(["verify", "--store", store])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(verify.stdout.contains("verify: ok"))

        let stats = try GazetteBinary.run(["stats", "--store", store, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(object["pages"] as? Int == 5)
        #expect(object["duplicates"] as? Int == 5)
        #expect(object["failed"] as? Int == 0)
        #expect((object["articles"] as? Int ?? 0) >= 5)

        for query in ["医保", "医保基金"] {
            let search = try GazetteBinary.run(["search", "--store", store, "--json", "--limit", "500", query])
            #expect(search.status == 0, "\(search.stderr)")
            let hits = try #require(try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [[String: Any]])
            let pages = Set(hits.compactMap { ($0["file"] as? String)?.prefix(3) }.map(String.init))
            #expect(pages.isSubset(of: ["000", "001", "002", "003"]) && pages.contains("000") && pages.contains("003"))
            #expect(hits.allSatisfy { ($0["snippet"] as? String)?.contains("【\(query)】") == true })
            // The flag is accepted and, with fewer matches than the rank window, changes
            // nothing (what the window does is tested on the store: SearchTokenTests.rankWindow).
            let all = try GazetteBinary.run(["search", "--store", store, "--json", "--limit", "500", "--rank-all", query])
            #expect(all.status == 0, "\(all.stderr)")
            #expect(all.stdout == search.stdout)
        }
        let text = try GazetteBinary.run(["search", "--store", store, "赵蝶"])
        #expect(text.stdout.contains("【赵蝶】"))

        let export = try GazetteBinary.run(["export", "--store", store])
        let lines = export.stdout.split(separator: "\n")
        #expect(lines.count == (object["articles"] as? Int))
        let firstArticle = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        let id = try #require(firstArticle["id"] as? Int)
        #expect((firstArticle["file_sha256"] as? String)?.count == 64)

        let show = try GazetteBinary.run(["show", "--store", store, String(id)])
        #expect(show.status == 0)
        #expect(show.stdout.contains("article \(id)"))
        #expect(try GazetteBinary.run(["show", "--store", store, "999999"]).status != 0)

        #expect(try GazetteBinary.run(["label", "--store", store, String(id), "no-such-topic"]).status != 0)
        // Whatever the classifier said, the label wins in the topic filter.
        let before = firstArticle["topic"] as? String
        let topic = before == "environment" ? "agriculture" : "environment"
        #expect(try GazetteBinary.run(["label", "--store", store, String(id), topic]).status == 0)
        func ids(topic: String) throws -> [Int] {
            let run = try GazetteBinary.run(["search", "--store", store, "--json", "--limit", "500", "--topic", topic, "医保"])
            let hits = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
            return hits.compactMap { $0["id"] as? Int }
        }
        #expect(try ids(topic: topic).contains(id))
        if let before { #expect(try !ids(topic: before).contains(id)) }
    }

    @Test("must show: 医保 and 医保基金 find the healthcare articles of pages 000-003")
    func healthcareArticles() throws {
        try #require(GazetteBinary.url != nil)
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("g.sqlite").path
        #expect(try GazetteBinary.run(["ingest", "--store", store] + Fixtures.seedURLs.map(\.path)).status == 0)
        var pages: Set<String> = []
        for query in ["医保", "医保基金"] {
            let run = try GazetteBinary.run(["search", "--store", store, "--json", "--limit", "500", "--topic", "healthcare-security", query])
            let hits = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
            pages.formUnion(hits.compactMap { ($0["file"] as? String).map { String($0.prefix(3)) } })
        }
        #expect(pages == ["000", "001", "002", "003"])
    }

    @Test("the store defaults to $GAZETTE_STORE, else ./run/gazette.sqlite")
    func defaultStorePath() throws {
        try #require(GazetteBinary.url != nil)
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed = Fixtures.seedURLs[0].path
        let fromEnv = dir.appendingPathComponent("env.sqlite").path
        #expect(try GazetteBinary.run(["ingest", seed], environment: ["GAZETTE_STORE": fromEnv]).status == 0)
        #expect(FileManager.default.fileExists(atPath: fromEnv))
        if !FileManager.default.fileExists(atPath: "/var/lib/gazette/gazette.sqlite") {
            let local = try GazetteBinary.run(["ingest", seed], environment: ["GAZETTE_STORE": ""], in: dir)
            #expect(local.status == 0, "\(local.stderr)")
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("run/gazette.sqlite").path))
        }
        let missing = try GazetteBinary.run(["stats"], environment: ["GAZETTE_STORE": dir.appendingPathComponent("none.sqlite").path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no store at"))
    }

    @Test("a file that is not a page is reported failed and recorded; the exit status says so")
    func failedFile() throws {
        try #require(GazetteBinary.url != nil)
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("g.sqlite").path
        let empty = dir.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        let result = try GazetteBinary.run(["ingest", "--store", store, empty.path, Fixtures.seedURLs[0].path, "/nonexistent/x.txt"])
        #expect(result.status != 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix(empty.path + ": failed (") })
        #expect(lines.contains { $0.hasPrefix("/nonexistent/x.txt: failed (") })
        #expect(lines.contains { $0.contains(": stored (") })
        #expect(try GazetteStore(path: store, readOnly: true).stats().failed == 2)
    }
}
