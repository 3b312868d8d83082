#if canImport(Glibc)
import GazetteTestSupport
import Glibc
#endif
import Foundation
import Testing

/// SIGHUP re-reads the configuration, the taxonomy and the model: the old ones must be
/// released. Every reload used to leak the parsed taxonomy (~0.4 MB: TOMLKit frees nothing
/// it parses, see `LastParse`), 33 → 270 MB after 600 reloads.
@Suite("Faults: memory across reloads", .serialized)
struct ReloadMemoryTests {
    static let reloadedLine = "configuration, taxonomy and model reloaded"

    @Test("200 SIGHUP reloads leave the daemon's RSS within a few MB of where it was", .timeLimit(.minutes(10)))
    func reloadsDoNotLeak() async throws {
        try #require(ServeChild.binaryExists, "build the gazette executable first (swift build)")
        let directory = TestDirectory()
        let inbox = directory.sub("inbox"), config = directory.sub("g.toml")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        try writeServeConfig(config, inbox: inbox, store: directory.sub("g.sqlite"))
        let child = try ServeChild(["serve", "--config", config, "--log", "stderr"], log: directory.sub("serve.log"))
        #expect(await eventually { child.log.contains("ready: watching") }, "\(child.log)")

        var reloads = 0
        /// One SIGHUP at a time, each waited for: signals sent while a reload runs coalesce.
        func reload(_ count: Int) async throws {
            for _ in 0..<count {
                child.signal(SIGHUP)
                reloads += 1
                let done = await eventually(timeout: .seconds(20)) {
                    child.log.components(separatedBy: Self.reloadedLine).count - 1 >= reloads
                }
                try #require(done, "reload \(reloads) did not finish: \(child.log.suffix(2_000))")
            }
        }
        // Warm-up: the allocator's arenas and the runtime's caches settle in the first reloads.
        try await reload(100)
        let before = try #require(ProcessMemory(pid: child.pid))
        try await reload(200)
        let after = try #require(ProcessMemory(pid: child.pid))
        // The heap, not the whole RSS: the debug executable's file-backed pages (≈ 190 MB of
        // it) come and go with the page cache on a loaded machine (RSS grew 6.9 MB over a CI
        // run's 200 reloads under load 10, and passed alone), and a leak is anonymous memory.
        let grownMB = Double(after.anon - before.anon) / 1024
        // The leak was ~0.4 MB per reload, 80 MB over these 200; allow a few MB of noise.
        #expect(grownMB < 4, "the heap (RssAnon) grew \(grownMB) MB over 200 reloads (\(before.anon) → \(after.anon) KiB; RSS \(before.rss) → \(after.rss) KiB)")
        #expect(!child.log.contains("reload rejected"), "\(child.log.suffix(2_000))")
        #expect(await child.stop())
    }
}
