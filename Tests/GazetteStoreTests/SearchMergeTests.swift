import Foundation
import GazetteCore
import GazetteTestSupport
import GRDB
import Testing
@testable import GazetteStore

@Suite("search index merging")
struct SearchMergeTests {
    /// A body of `count` CJK characters drawn from 2,000 (a fixed generator per page): mostly
    /// distinct bigrams, so each page's segment spans several leaf pages.
    static func body(_ page: Int, count: Int = 3_000) -> String {
        var state = UInt64(page + 1) &* 0x9E37_79B9_7F4A_7C15
        var scalars = String.UnicodeScalarView()
        for _ in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            scalars.append(Unicode.Scalar(0x4E00 + UInt32((state >> 33) % 2_000))!)
        }
        return String(scalars)
    }

    /// A store holding `pages` pages, each committed alone with FTS5's own merging off: one
    /// level-0 segment per page, nothing merged.
    static func unmergedStore(_ dir: URL, pages: Int) throws -> (GazetteStore, [String]) {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        try store.write { db in try db.execute(sql: "INSERT INTO search_text(search_text, rank) VALUES('automerge', 0)") }
        var bodies: [String] = []
        for index in 0..<pages {
            let body = body(index)
            bodies.append(body)
            _ = try store.ingest([PageRecord(
                fileName: "p\(index).txt", source: nil, size: 1, receivedAt: Date(),
                page: ParsedPage(sha256: "p\(index)", encoding: .utf8, articles: [Article(seq: 1, headline: "第\(index)篇", paragraphs: [body])]))])
        }
        return (store, bodies)
    }

    static func found(_ store: GazetteStore, _ bodies: [String]) throws -> [Set<String>] {
        try bodies.map { body in
            let phrase = String(body.unicodeScalars.dropFirst(100).prefix(4))
            return Set(try store.search(SearchQuery(text: phrase, limit: 100)).map(\.article.fileSHA256))
        }
    }

    @Test("merge steps finish a merge begun and stop when nothing is left; search finds the same pages")
    func stepsFinishAMerge() async throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, bodies) = try Self.unmergedStore(dir, pages: 20)
        let before = try #require(try store.searchIndexShape())
        #expect(before.levels.first?.segments == 20)
        #expect(!before.mergeInProgress)
        let foundBefore = try Self.found(store, bodies)
        #expect(foundBefore.enumerated().allSatisfy { $1.contains("p\($0)") })

        // One leaf page of work cannot merge 20 segments of several leaves each.
        #expect(try await store.mergeSearchIndex(pages: 1))
        let begun = try #require(try store.searchIndexShape())
        #expect(begun.mergeInProgress)
        #expect(begun.levels.first?.merging == 20, "a merge takes the whole level (at least 16 segments): \(begun)")

        var steps = 0
        while try await store.mergeSearchIndex() {
            steps += 1
            try #require(steps < 1_000, "merging never ends")
        }
        let after = try #require(try store.searchIndexShape())
        #expect(!after.mergeInProgress)
        #expect(after.levels.map(\.segments) == [0, 1], "the 20 merged into one on level 1: \(after)")
        #expect(after.levels.reduce(0) { $0 + $1.leaves } < before.levels.reduce(0) { $0 + $1.leaves } + 16)
        #expect(try Self.found(store, bodies) == foundBefore)
        #expect(try await store.mergeSearchIndex() == false, "nothing left to merge")
    }

    @Test("fewer than 4 segments: nothing to merge; a level larger than the bound is not begun")
    func nothingToBegin() async throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (few, _) = try Self.unmergedStore(dir.appendingPathComponent("few"), pages: 3)
        #expect(try await few.mergeSearchIndex() == false)
        #expect(try few.searchIndexShape()?.levels.map(\.segments) == [3])

        let (store, _) = try Self.unmergedStore(dir.appendingPathComponent("bound"), pages: 6)
        let leaves = try #require(try store.searchIndexShape()).levels[0].leaves
        #expect(try await store.mergeSearchIndex(maxLeaves: leaves - 1) == false)
        #expect(try store.searchIndexShape()?.levels.map(\.segments) == [6])
        #expect(try await store.mergeSearchIndex(maxLeaves: leaves))
        while try await store.mergeSearchIndex() {}
        #expect(try store.searchIndexShape()?.levels.map(\.segments) == [0, 1], "4 or more segments are merged early")
    }

    @Test("the quiet merge policy: a merge under way, else FTS5's pick with 4+ segments, ≤ 1 GB or ≤ a quarter of the index")
    func quietMergePolicy() {
        func shape(_ levels: [(Int, Int, Int)]) -> SearchIndexShape {
            SearchIndexShape(levels: levels.map { SearchIndexShape.Level(segments: $0.0, merging: $0.1, leaves: $0.2) })
        }
        let huge = 6_000_000  // the million-page store's level 2: 24 GB of an import's segments
        #expect(shape([(3, 0, 30)]).quietMerge() == nil)
        #expect(shape([(4, 0, 40)]).quietMerge() == 4)
        #expect(shape([(20, 16, 26_000), (12, 0, 127_000), (7, 0, huge)]).quietMerge() == 16, "a merge under way goes on")
        #expect(shape([(2, 1, 20), (0, 0, 0), (9, 0, huge)]).quietMerge() == 16, "whatever the levels above")
        #expect(shape([(4, 0, 2_000), (12, 0, 127_000), (7, 0, huge)]).quietMerge() == 4, "level 1 (12) is FTS5's pick")
        #expect(shape([(4, 0, 2_000), (5, 0, 20_000), (7, 0, huge)]).quietMerge() == nil, "FTS5 would pick level 2: too large")
        #expect(shape([(5, 0, 2_000), (5, 0, huge)]).quietMerge() == 4, "on a tie FTS5 picks the lower level")
        #expect(shape([(5, 0, huge), (5, 0, 2_000)]).quietMerge() == nil)
        #expect(shape([(0, 0, 0), (13, 0, 156_000), (7, 0, huge)]).quietMerge() == 4)
        #expect(shape([(0, 0, 0), (13, 0, 300_000)]).quietMerge() == nil, "over the 262,144-leaf bound, the whole index")
        #expect(shape([(0, 0, 0), (13, 0, 366_000), (9, 0, huge)]).quietMerge() == 4, "over the bound, 6 % of the index")
        #expect(shape([(2, 0, 900), (13, 0, 400_000), (9, 0, 1_000_000)]).quietMerge() == nil, "29 % of the index")
        #expect(shape([(0, 0, 0), (1, 0, huge)]).isSettled)
        #expect(!shape([(4, 0, 40)]).isSettled)
    }

    @Test("the structure record decodes: levels, merging, leaves, multi-byte varints, the V2 layout")
    func structureRecord() {
        // cookie, 2 levels, 3 segments, write counter 300 (0x82 0x2C);
        // level 0: merging 2, 2 segments (id 1: leaves 1…1, id 2: 2…200 = 0x81 0x48);
        // level 1: merging 0, 1 segment (id 3: 201…201).
        let v1: [UInt8] = [0, 0, 0, 7, 2, 3, 0x82, 0x2C,
                           2, 2, 1, 1, 1, 2, 2, 0x81, 0x48,
                           0, 1, 3, 0x81, 0x49, 0x81, 0x49]
        let shape = SearchIndexShape(structure: v1)
        #expect(shape?.levels == [.init(segments: 2, merging: 2, leaves: 200), .init(segments: 1, merging: 0, leaves: 1)])
        #expect(shape?.mergeInProgress == true)
        #expect(shape?.segments == 3)
        // The same in V2: the marker, an origin counter, five more fields per segment.
        let v2: [UInt8] = [0, 0, 0, 7, 0xFF, 0, 0, 1, 2, 3, 0x82, 0x2C, 5,
                           2, 2, 1, 1, 1, 9, 9, 9, 9, 9, 2, 2, 0x81, 0x48, 9, 9, 9, 9, 9,
                           0, 1, 3, 0x81, 0x49, 0x81, 0x49, 9, 9, 9, 9, 9]
        #expect(SearchIndexShape(structure: v2) == shape)
        #expect(SearchIndexShape(structure: Array(v1.prefix(12))) == nil, "cut short")
        #expect(SearchIndexShape(structure: []) == nil)
    }
}
