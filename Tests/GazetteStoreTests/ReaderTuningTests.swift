import Foundation
import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteStore

/// `tuneReaders`: every reader connection of a read-only store mapped and with its cache,
/// the searches' answers unchanged, and a writable store left with SQLite's defaults.
@Suite("Store reader tuning")
struct ReaderTuningTests {
    static func seededStore(in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("g.sqlite").path
        _ = try GazetteStore(path: path).ingest(try Fixtures.seedRecords())
        return path
    }

    @Test("a read-only store's readers are all tuned, and its searches answer as before")
    func readOnlyTuned() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.seededStore(in: dir)
        let store = try GazetteStore(path: path, readOnly: true)
        let query = SearchQuery(text: "医保")
        let before = try store.search(query)
        #expect(!before.isEmpty, "the seeds mention 医保")

        let tuning = ReaderTuning(mmapBytes: 64 << 20, cacheKiB: 12_345)
        try store.tuneReaders(tuning)
        let settings = try store.readerSettings()
        #expect(Set(settings.map(\.connection)).count == settings.count, "each reader visited once")
        #expect(settings.count >= 2, "the pool's readers, not just the one a lone read gets")
        for reader in settings {
            #expect(reader.mmap == tuning.mmapBytes)
            #expect(reader.cache == -tuning.cacheKiB)
        }
        let after = try store.search(query)
        #expect(after.map(\.article.id) == before.map(\.article.id))
        #expect(after.map(\.snippet) == before.map(\.snippet))
    }

    @Test("a writable store's readers keep SQLite's defaults")
    func writableUntouched() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GazetteStore(path: try Self.seededStore(in: dir))
        try store.tuneReaders(ReaderTuning(mmapBytes: 64 << 20, cacheKiB: 12_345))
        for reader in try store.readerSettings() {
            #expect(reader.mmap == 0)
            #expect(reader.cache != -12_345)
        }
    }
}
