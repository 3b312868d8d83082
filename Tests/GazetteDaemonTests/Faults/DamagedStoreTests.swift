#if canImport(Glibc)
import GazetteTestSupport
import Glibc
#endif
import Foundation
import GazetteCore
import Testing

/// A store that is damaged (truncated, overwritten) or already in use: `verify` says so,
/// `serve` refuses to start with guidance, and the file is never rewritten.
@Suite("Faults: damaged store, two daemons", .serialized)
struct DamagedStoreTests {
    /// A store with the five seeds in it, made by a real daemon that then stops cleanly.
    static func makeStore(in directory: TestDirectory) async throws -> String {
        let inbox = directory.sub("inbox"), store = directory.sub("g.sqlite")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        for name in Seeds.names { try writeInPlace(Seeds.bytes(name), to: inbox + "/" + name) }
        let child = try ServeChild(["serve", "--inbox", inbox, "--store", store, "--log", "stderr"], log: directory.sub("serve.log"))
        let drained = await eventually(timeout: .seconds(60)) { FileManager.default.files(under: inbox).isEmpty }
        #expect(drained)
        #expect(await child.stop())
        // Make the store one self-contained file (the WAL checkpointed into it).
        let verify = try await ServeChild.run(["verify", "--store", store])
        #expect(verify.status == 0, "\(verify.output)")
        return store
    }

    enum Damage: String, CaseIterable, CustomTestStringConvertible {
        case truncated, overwritten, notADatabase
        var testDescription: String { rawValue }

        func apply(to path: String) throws {
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            let size = try handle.seekToEnd()
            switch self {
            case .truncated:
                try handle.truncate(atOffset: size / 3)
            case .overwritten:
                // Garbage over the middle pages: the header still says "SQLite format 3".
                try handle.seek(toOffset: size / 4)
                try handle.write(contentsOf: Data((0..<Int(size / 3)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }))
            case .notADatabase:
                try handle.seek(toOffset: 0)
                try handle.write(contentsOf: Data("this is not a database, it is a text file\n".utf8))
            }
        }
    }

    @Test("a damaged store: verify reports it, serve refuses with guidance, the file is left as it was",
          .timeLimit(.minutes(3)), arguments: Damage.allCases)
    func damaged(_ damage: Damage) async throws {
        try #require(ServeChild.binaryExists, "build the gazette executable first")
        let directory = TestDirectory()
        let store = try await Self.makeStore(in: directory)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
        try damage.apply(to: store)
        let before = sha256Hex(try Data(contentsOf: URL(fileURLWithPath: store)))

        let verify = try await ServeChild.run(["verify", "--store", store])
        #expect(verify.status != 0, "verify passed a \(damage) store: \(verify.output)")
        #expect(verify.output.contains(store), "verify does not name the store: \(verify.output)")
        #expect(sha256Hex(try Data(contentsOf: URL(fileURLWithPath: store))) == before, "verify changed the file")

        let inbox = directory.sub("inbox")
        try writeInPlace(Seeds.bytes(Seeds.names[0]) + Data("\n新的一页\n".utf8), to: inbox + "/new.txt")
        let serve = try ServeChild(["serve", "--inbox", inbox, "--store", store, "--log", "stderr"], log: directory.sub("refused.log"))
        let exited = await eventually(timeout: .seconds(20)) { !serve.isRunning }
        #expect(exited, "serve started on a \(damage) store")
        if !exited { serve.crash() }
        let message = serve.log
        #expect(serve.process.terminationStatus != 0)
        #expect(message.contains(store), "the refusal does not name the store: \(message)")
        #expect(message.contains("verify") || message.contains("backup") || message.contains("restore"),
                "the refusal gives no guidance: \(message)")
        // Never overwritten, never "repaired" into an empty store; the page waits in the inbox.
        #expect(sha256Hex(try Data(contentsOf: URL(fileURLWithPath: store))) == before)
        #expect(FileManager.default.fileExists(atPath: inbox + "/new.txt"))
    }

    @Test("a second daemon on the same store refuses, naming the first one's PID; the first keeps working",
          .timeLimit(.minutes(2)))
    func twoDaemons() async throws {
        try #require(ServeChild.binaryExists)
        let directory = TestDirectory()
        let inbox = directory.sub("inbox"), store = directory.sub("g.sqlite")
        let first = try ServeChild(["serve", "--inbox", inbox, "--store", store, "--log", "stderr"], log: directory.sub("first.log"))
        #expect(await eventually { first.log.contains("ready") || first.log.contains("READY") || FileManager.default.fileExists(atPath: store) })
        // A second inbox too: the lock is on the store, whatever the inbox.
        let second = try ServeChild(["serve", "--inbox", directory.sub("other"), "--store", store, "--log", "stderr"],
                                    log: directory.sub("second.log"))
        let exited = await eventually(timeout: .seconds(20)) { !second.isRunning }
        #expect(exited)
        #expect(second.process.terminationStatus != 0)
        #expect(second.log.contains("\(first.pid)"), "\(second.log)")
        #expect(first.isRunning)
        try writeInPlace(Seeds.bytes(Seeds.names[2]), to: inbox + "/still.txt")
        #expect(await eventually(timeout: .seconds(20)) { FileManager.default.files(under: inbox).isEmpty })
        #expect(await first.stop())
    }
}
