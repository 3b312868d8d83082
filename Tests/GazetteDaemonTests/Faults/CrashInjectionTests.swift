#if canImport(Glibc)
import GazetteTestSupport
import Glibc
#endif
import Foundation
import GazetteStore
import Testing

/// `kill -9` at random moments while pages pour in, then restart: the store must end with
/// every page exactly once and the inbox empty. Short in the normal suite (200 pages, 5
/// kills); `GAZETTE_LONG=1` runs 2,000 pages and 30 kills.
@Suite("Faults: crash injection (kill -9 and restart)", .serialized)
struct CrashInjectionTests {
    static let long = ProcessInfo.processInfo.environment["GAZETTE_LONG"] == "1"

    @Test("every page stored exactly once after repeated kill -9, inbox empty, verify passes",
          .timeLimit(.minutes(30)))
    func killNineAndRestart() async throws {
        try #require(ServeChild.binaryExists, "build the gazette executable first (swift build)")
        let pageCount = Self.long ? 2000 : 200
        let kills = Self.long ? 30 : 5
        let directory = TestDirectory()
        let inbox = directory.sub("inbox"), store = directory.sub("g.sqlite"), config = directory.sub("g.toml")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        try writeServeConfig(config, inbox: inbox, store: store, extra: "batch_size = 16")
        let arguments = ["serve", "--config", config, "--log", "stderr"]
        let log = directory.sub("serve.log")
        var generator = SystemRandomNumberGenerator()

        var expected = Set<String>()
        var written = 0
        /// Writes the next `count` pages, alternating written-in-place and renamed-in.
        func write(_ count: Int) throws {
            for _ in 0..<count where written < pageCount {
                let page = PageMaker.page(written)
                expected.insert(sha256Hex(page))
                let path = inbox + "/page-\(written).txt"
                if written % 2 == 0 { try writeInPlace(page, to: path) } else { try renameIn(page, to: path) }
                written += 1
            }
        }

        let perRound = pageCount / (kills + 1)
        for round in 0..<kills {
            let child = try ServeChild(arguments, log: log)
            // Pages arrive while the daemon starts, reads, commits and moves; the kill lands at
            // a random moment of that (mid-batch, mid-move, or in the start-up scan).
            let chunks = 4
            for _ in 0..<chunks {
                try write(perRound / chunks)
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...120, using: &generator)))
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 50...900, using: &generator)))
            #expect(child.isRunning, "round \(round): the daemon died before the kill\n\(child.log.suffix(2000))")
            child.crash()
            // Some pages arrive while no daemon runs at all.
            try write(perRound / 8)
        }
        try write(pageCount)
        #expect(written == pageCount)
        #expect(expected.count == pageCount, "the generated pages are not distinct")

        let last = try ServeChild(arguments, log: log)
        let drained = await eventually(timeout: .seconds(Self.long ? 900 : 240)) {
            FileManager.default.files(under: inbox).filter { !$0.hasPrefix(".") }.isEmpty
        }
        #expect(drained, "inbox still holds \(FileManager.default.files(under: inbox).prefix(10))")
        #expect(await last.stop(), "the last daemon did not exit 0 on SIGTERM\n\(last.log.suffix(2000))")

        // Exactly once: every SHA-256 once in the store, nothing else there.
        let files = try GazetteStore(path: store, readOnly: true).files()
        let stored = files.map(\.sha256)
        #expect(stored.count == pageCount, "\(stored.count) files stored for \(pageCount) pages")
        #expect(Set(stored) == expected)
        #expect(Set(stored).count == stored.count, "a SHA-256 is stored twice")
        // Every file ended in processed/ (no good page is quarantined); nothing left behind.
        let processed = FileManager.default.files(under: directory.sub("processed"))
        let failed = FileManager.default.files(under: directory.sub("failed"))
        #expect(failed.isEmpty, "quarantined: \(failed.prefix(10))")
        #expect(processed.count == pageCount, "\(processed.count) files in processed/")
        #expect(FileManager.default.files(under: inbox).isEmpty)

        let verify = try await ServeChild.run(["verify", "--store", store])
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.output.contains("verify: ok"), "\(verify.output)")
    }
}
