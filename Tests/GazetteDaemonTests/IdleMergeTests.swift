import Foundation
@testable import GazetteDaemon
import GazetteCore
import GazetteStore
import GazetteTestSupport
import GRDB
import Testing

@Suite("merging the search index while the inbox is quiet")
struct IdleMergeTests {
    /// A store whose index holds `pages` unmerged level-0 segments (one commit each, FTS5's
    /// own merging off while they were written, back on after): the state a burst leaves
    /// when its commits began a merge of their segments and did not finish it.
    static func storeWithUnmergedSegments(at path: String, pages: Int) throws {
        let store = try GazetteStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "INSERT INTO search_text(search_text, rank) VALUES('automerge', 0)") }
        for index in 0..<pages {
            var text = "第\(index)篇："
            for step in 0..<1_500 { text.unicodeScalars.append(Unicode.Scalar(0x4E00 + UInt32((index * 7_919 + step * 104_729) % 3_000))!) }
            _ = try store.ingest([PageRecord(
                fileName: "old-\(index).txt", source: nil, size: text.utf8.count, receivedAt: Date(),
                page: ParsedPage(sha256: "old-\(index)", encoding: .utf8,
                                 articles: [Article(seq: 1, headline: "第\(index)篇", paragraphs: [text])]))])
        }
        try queue.write { try $0.execute(sql: "INSERT INTO search_text(search_text, rank) VALUES('automerge', 16)") }
        try queue.close()
        store.close()
    }

    @Test("a quiet daemon merges what is left to merge, says so once, and stops")
    func quietDaemonMerges() async throws {
        let harness = DaemonHarness()
        try Self.storeWithUnmergedSegments(at: harness.config.store, pages: 20)
        let shape = { try GazetteStore(path: harness.config.store, readOnly: true).searchIndexShape() }
        #expect(try shape()?.levels.map(\.segments) == [20])
        try await harness.run { daemon in
            let merged = await eventually(timeout: .seconds(30)) { (try? shape())??.levels.map(\.segments) == [0, 1] }
            #expect(merged, "after 30 s quiet: \(String(describing: try? shape()))")
            let said = await eventually(timeout: .seconds(10)) {
                harness.logs.all.contains { $0.message.hasPrefix("search index: merged while the inbox was quiet") }
            }
            #expect(said)
            try await Task.sleep(for: .seconds(2))
            #expect(harness.logs.all.filter { $0.message.hasPrefix("search index: merged") }.count == 1, "once, then quiet")
            #expect(daemon.status.figures.storedPages == 0)
        }
        #expect(try shape()?.mergeInProgress == false)
    }

    @Test("files arriving around the merging are stored, and the index ends merged")
    func filesInterruptMerging() async throws {
        let harness = DaemonHarness()
        try Self.storeWithUnmergedSegments(at: harness.config.store, pages: 40)
        try await harness.run { daemon in
            // Quiet at once: merging begins within about a second; files come meanwhile.
            try await Task.sleep(for: .milliseconds(1_100))
            for index in 0..<6 {
                var bytes = Seeds.bytes(Seeds.names[index % Seeds.names.count])
                bytes.append(contentsOf: Array("\n\n第\(index)版".utf8))
                try renameIn(bytes, to: harness.inbox + "/new-\(index).txt")
                try await Task.sleep(for: .milliseconds(150))
            }
            let stored = await eventually(timeout: .seconds(20)) { daemon.status.figures.storedPages == 6 }
            #expect(stored, "\(daemon.status.figures.line)")
            let settled = await eventually(timeout: .seconds(30)) {
                (try? GazetteStore(path: harness.config.store, readOnly: true).searchIndexShape())??.mergeInProgress == false
                    && harness.logs.all.contains { $0.message.hasPrefix("search index: merged while the inbox was quiet") }
            }
            #expect(settled)
        }
        #expect(harness.inboxFiles.isEmpty)
        let store = try GazetteStore(path: harness.config.store, readOnly: true)
        #expect(try store.stats().pages == 46)
        let found = try store.search(SearchQuery(text: "第39篇", limit: 5))
        #expect(found.map(\.article.fileName) == ["old-39.txt"])
    }
}
