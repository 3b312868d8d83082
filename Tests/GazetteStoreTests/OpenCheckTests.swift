import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteStore
#if canImport(Glibc)
import Glibc
#endif

/// The writable open's check: the whole file unless the last writer closed it cleanly and
/// nothing touched it since; a damaged store is refused either way, and left as it was.
@Suite("Store open check")
struct OpenCheckTests {
    /// A store with the seeds in it, closed by its last reference going away.
    static func cleanStore(in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("g.sqlite").path
        do {
            let store = try GazetteStore(path: path)
            _ = try store.ingest(try Fixtures.seedRecords())
            #expect(OpenCheck.needed(path: path) == .full, "a store open for writing is marked clean")
        }
        return path
    }

    /// Garbage over the file's middle pages, its size unchanged (the header intact).
    static func scribble(over path: String) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 4)
        try handle.write(contentsOf: Data((0..<Int(size / 3)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }))
    }

    @Test("a cleanly closed store needs only the bounded check; while open for writing it needs the full one")
    func cleanClose() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.cleanStore(in: dir)
        #expect(OpenCheck.needed(path: path) == .bounded)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal") || ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")))?.isEmpty ?? true))
        do {
            let store = try GazetteStore(path: path)
            #expect(OpenCheck.needed(path: path) == .full)
            #expect(try store.files().count == Fixtures.seedURLs.count)
        }
        #expect(OpenCheck.needed(path: path) == .bounded)
        // A read-only open writes nothing and changes nothing.
        do {
            let reader = try GazetteStore(path: path, readOnly: true)
            #expect(try reader.files().count == Fixtures.seedURLs.count)
        }
        #expect(OpenCheck.needed(path: path) == .bounded)
    }

    @Test("a cleanly closed store written into afterwards is checked in full and refused, untouched")
    func writtenAfterCleanClose() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.cleanStore(in: dir)
        // At once (within the same clock tick, often).
        try Self.scribble(over: path)
        #expect(OpenCheck.needed(path: path) == .full)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            _ = try GazetteStore(path: path)
            Issue.record("opened a store with garbage over its middle pages")
        } catch {
            guard case .corrupt = error else { Issue.record("expected .corrupt, got \(error)"); return }
            #expect(error.description.contains("gazette verify"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("the bounded check still refuses a file that is no database, even with a matching marker")
    func boundedCheckRefusesJunk() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.cleanStore(in: dir)
        var info = stat()
        #expect(stat(path, &info) == 0)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.write(contentsOf: Data(repeating: 0x41, count: 4096))
        try handle.close()
        // Put the time back as the clean close left it: the marker matches, the header is gone.
        let times = [info.st_atim, info.st_mtim]
        #expect(utimensat(AT_FDCWD, path, times, 0) == 0)
        #expect(OpenCheck.needed(path: path) == .bounded)
        #expect {
            _ = try GazetteStore(path: path)
        } throws: { error in
            guard let error = error as? StoreError, case .corrupt = error else { return false }
            return true
        }
    }

    @Test("a store that verify finds damaged is not marked clean when it closes")
    func damagedIsNotMarkedClean() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.cleanStore(in: dir)
        var info = stat()
        #expect(stat(path, &info) == 0)
        // The time put back: damage the bounded check cannot see.
        try Self.scribble(over: path)
        #expect(utimensat(AT_FDCWD, path, [info.st_atim, info.st_mtim], 0) == 0)
        #expect(OpenCheck.needed(path: path) == .bounded)
        do {
            let store = try GazetteStore(path: path)
            if let report = try? store.verify() { #expect(!report.isHealthy) }
        }
        #expect(OpenCheck.needed(path: path) == .full)
        #expect(throws: StoreError.self) { try GazetteStore(path: path) }
    }
}
