import Foundation
import GazetteTestSupport
import GRDB
import Testing
@testable import GazetteStore

@Suite("Store errors")
struct StoreErrorTests {
    @Test("a file that is not a database is reported corrupt, permanent, and left as it was")
    func notADatabase() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("g.sqlite").path
        let junk = Data(repeating: 0x41, count: 8192)
        try junk.write(to: URL(fileURLWithPath: path))
        do {
            _ = try GazetteStore(path: path)
            Issue.record("opened a file of junk")
        } catch {
            guard case .corrupt = error else { Issue.record("expected .corrupt, got \(error)"); return }
            #expect(!error.isTransient)
            #expect(error.description.contains("gazette verify"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == junk)
    }

    @Test("a read-only open of a missing store says how to create it")
    func missing() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("none.sqlite").path
        #expect(throws: StoreError.notFound(path: path)) { try GazetteStore(path: path, readOnly: true) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a store in a missing directory is a permission/open error, not a crash")
    func missingDirectory() throws {
        let path = "/nonexistent-\(UUID().uuidString)/g.sqlite"
        do {
            _ = try GazetteStore(path: path)
            Issue.record("opened a store in a missing directory")
        } catch {
            guard case .permissionDenied = error else { Issue.record("expected .permissionDenied, got \(error)"); return }
        }
    }

    @Test("SQLite result codes map to transient or permanent errors",
          arguments: [
            (ResultCode.SQLITE_BUSY, true), (.SQLITE_LOCKED, true), (.SQLITE_FULL, true), (.SQLITE_IOERR_FSYNC, true),
            (.SQLITE_CORRUPT, false), (.SQLITE_NOTADB, false), (.SQLITE_READONLY, false), (.SQLITE_PERM, false),
          ])
    func mapping(code: ResultCode, transient: Bool) {
        let error = StoreError(DatabaseError(resultCode: code, message: "m"), path: "/x.sqlite")
        #expect(error.isTransient == transient)
    }

    @Test("only a broken rule or a refused value blames the input; the store's own troubles do not",
          arguments: [
            (ResultCode.SQLITE_CONSTRAINT, true), (.SQLITE_CONSTRAINT_TRIGGER, true), (.SQLITE_BUSY, false),
            (.SQLITE_FULL, false), (.SQLITE_IOERR, false), (.SQLITE_CORRUPT, false), (.SQLITE_READONLY, false),
          ])
    func blame(code: ResultCode, blamesInput: Bool) {
        let error = StoreError(DatabaseError(resultCode: code, message: "m"), path: "/x.sqlite")
        #expect(error.blamesTheInput == blamesInput)
        #expect(!(error.blamesTheInput && error.isTransient), "never both: quarantined or retried, not either")
    }

    @Test("a second writer waits for the first, then gets a clear busy error")
    func secondWriter() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("g.sqlite").path
        let first = try GazetteStore(path: path)
        let second = try GazetteStore(path: path, busyTimeout: 0.2)
        let records = try Fixtures.seedRecords()
        // Hold the write lock in the first store while the second tries to ingest.
        try first.pool.write { db in
            try db.execute(sql: "INSERT INTO failures(name, size, code, message, at) VALUES ('x', 0, 'c', 'm', 0)")
            do {
                _ = try second.ingest(records)
                Issue.record("second writer got the lock")
            } catch let error as StoreError {
                guard case .busy = error else { Issue.record("expected .busy, got \(error)"); return }
                #expect(error.isTransient)
            }
            // Readers are not blocked by the writer.
            let reader = try GazetteStore(path: path, readOnly: true)
            #expect(try reader.stats().failed == 0)
        }
        #expect(try second.ingest(records).count == 5)
        #expect(try first.stats().pages == 5)
    }

    @Test("a second writer within its busy timeout waits for the first and then commits")
    func secondWriterWaits() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("g.sqlite").path
        let first = try GazetteStore(path: path)
        let second = try GazetteStore(path: path, busyTimeout: 10)
        let records = try Fixtures.seedRecords()
        let locked = DispatchSemaphore(value: 0)
        let holder = Thread {
            try? first.pool.write { db in
                try db.execute(sql: "INSERT INTO failures(name, size, code, message, at) VALUES ('x', 0, 'c', 'm', 0)")
                locked.signal()
                usleep(300_000)
            }
        }
        holder.start()
        locked.wait()
        let reader = try GazetteStore(path: path, readOnly: true)
        #expect(try reader.stats().failed == 0, "readers see the last commit while a write is open")
        let started = Date()
        #expect(try second.ingest(records).count == 5)
        #expect(Date().timeIntervalSince(started) > 0.1, "the second writer should have waited for the lock")
        #expect(try reader.stats().failed == 1)
        #expect(try reader.stats().pages == 5)
    }
}
