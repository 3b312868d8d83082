import Foundation
import GazetteClassifier
import GazetteCore
import GazetteDaemon
import GazetteStore
import Testing

@testable import GazetteWeb

/// The reading room keeps answers until the store changes (`AnswerCache`, keyed by the
/// store's data version): a page stored by another connection shows at once.
@Suite("Reading room: answers kept until the store changes")
struct AnswerCacheTests {
    @Test("a search and the statistics see a page committed after they were first answered")
    func invalidatedByCommits() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-answers-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("gazette.sqlite").path
        let writer = try GazetteStore(path: path)
        let classifier = try ClassifierLoader.load(taxonomyPath: nil, modelPath: nil)
        let processor = PageProcessor(maxFileSize: 1 << 24, classifier: { classifier.classify($0) })
        func store(_ name: String, _ text: String) throws {
            let file = directory.appendingPathComponent(name)
            try text.write(to: file, atomically: true, encoding: .utf8)
            let record = try WebFixture.record(processor, path: file.path, name: name, source: "测试报", at: WebFixture.now)
            _ = try writer.ingest([record])
        }
        try store("first.txt", "县里召开安全生产会议\n\n本报讯 县里召开安全生产工作会议，部署隐患排查整治工作，要求各乡镇压实责任。")

        let fixture = try WebFixture.shared.get()
        let reader = try GazetteStore(path: path, readOnly: true)
        let room = ReadingRoom(store: reader, topics: TopicNames(taxonomy: try WebFixture.taxonomy.get()), now: { WebFixture.now })
        let query = "/api/search?q=%E7%BF%A1%E7%BF%A0%E6%B9%96"  // 翡翠湖
        #expect(try await fixture.page(query, room: room).contains("\"total\":0"))
        #expect(try await fixture.page("/api/stats", room: room).contains("\"pages\":1"))
        #expect(room.searches.count == 1, "the answer is kept")
        #expect(try await fixture.page(query, room: room).contains("\"total\":0"), "and given again while the store is unchanged")

        try store("second.txt", "翡翠湖畔建起生态公园\n\n本报讯 翡翠湖畔的生态公园日前建成开放，市民可以沿湖散步，环境整治工作取得成效。")
        #expect(try await fixture.page(query, room: room).contains("\"total\":1"), "a commit by another connection drops the kept answers")
        #expect(try await fixture.page("/api/stats", room: room).contains("\"pages\":2"))
    }

    @Test("at most `capacity` answers, the least recently used dropped first; a new version drops all; no version keeps nothing")
    func bounded() throws {
        let cache = AnswerCache<Int, Int>(capacity: 2)
        var computed = 0
        func get(_ key: Int, _ version: Int?) throws -> Int {
            try cache.value(for: key, version: version) { () throws(StoreError) in
                computed += 1
                return key * 10
            }
        }
        #expect(try get(1, 7) == 10)
        #expect(try get(2, 7) == 20)
        #expect(try get(1, 7) == 10)
        #expect(computed == 2)
        #expect(try get(3, 7) == 30)  // drops 2, the least recently used
        #expect(cache.count == 2)
        #expect(try get(1, 7) == 10)
        #expect(computed == 3)
        #expect(try get(2, 7) == 20)
        #expect(computed == 4)
        #expect(try get(2, 8) == 20)
        #expect(computed == 5, "a new version: computed again")
        #expect(cache.count == 1)
        #expect(try get(2, nil) == 20)
        #expect(try get(2, nil) == 20)
        #expect(computed == 7, "without a version nothing is kept")
    }
}
