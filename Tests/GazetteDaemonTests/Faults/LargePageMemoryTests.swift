#if canImport(Glibc)
import GazetteTestSupport
import Glibc
#endif
import Foundation
import Testing

/// Large pages are parsed one at a time and their memory given back (`LargePageGate`,
/// `Sys.trimMalloc`): the daemon's peak stays under the bound the README and the unit's
/// `MemoryMax=` are built on, however many large pages arrive together.
@Suite("Faults: memory of large pages", .serialized)
struct LargePageMemoryTests {
    /// The README's bound on the daemon's peak RSS with the default `max_file_size`.
    static let boundMB = 256

    /// A distinct page of about `megabytes` MB: the seeds' text repeated, each copy with a
    /// line of its own (so the page is one realistic page, many articles long).
    static func page(_ number: Int, megabytes: Int) -> Data {
        let seeds = Seeds.names.map { String(decoding: Seeds.bytes($0), as: UTF8.self) }
        var text = ""
        var copy = 0
        while text.utf8.count < megabytes << 20 {
            text += seeds[copy % seeds.count]
            text += "\n本报讯 第\(number)页第\(copy)段，编号\(copy * 7919 % 100_003)。\n\n"
            copy += 1
        }
        return Data(text.utf8)
    }

    @Test("ten 15 MB pages dropped at once: peak RSS under the stated bound, memory returned after",
          .timeLimit(.minutes(15)))
    func tenLargePages() async throws {
        try #require(ServeChild.binaryExists, "build the gazette executable first (swift build)")
        let directory = TestDirectory()
        let inbox = directory.sub("inbox"), config = directory.sub("g.toml")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        try writeServeConfig(config, inbox: inbox, store: directory.sub("g.sqlite"))
        let pages = (0..<10).map { Self.page($0, megabytes: 15) }
        let child = try ServeChild(["serve", "--config", config, "--log", "stderr"], log: directory.sub("serve.log"))
        #expect(await eventually { child.log.contains("ready: watching") }, "\(child.log)")
        let start = try #require(ProcessMemory(pid: child.pid))

        for (number, page) in pages.enumerated() { try renameIn(page, to: inbox + "/large-\(number).txt") }
        let stored = await eventually(timeout: .seconds(600)) {
            child.log.components(separatedBy: "stored large-").count - 1 == pages.count
        }
        #expect(stored, "\(child.log.suffix(3_000))")
        try? await Task.sleep(for: .seconds(1))
        let end = try #require(ProcessMemory(pid: child.pid))
        let peakMB = end.peak / 1024, restMB = end.rss / 1024
        #expect(peakMB < Self.boundMB, "peak RSS \(peakMB) MB (start \(start.rss / 1024) MB), bound \(Self.boundMB) MB")
        // glibc keeps freed memory unless trimmed: it used to stay at the peak (309 MB).
        #expect(restMB < 128, "RSS after the pages \(restMB) MB (peak \(peakMB) MB)")
        #expect(FileManager.default.files(under: inbox).isEmpty)
        #expect(await child.stop())
    }
}
