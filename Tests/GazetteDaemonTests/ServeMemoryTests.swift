import Foundation
import GazetteDaemon
import GazetteTestSupport
import Testing

extension DaemonTests {
    /// What `gazette serve` does to its own process's memory (`Daemon.boundProcessMemory`).
    @Suite("gazette serve's memory")
    struct ServeMemoryTests {
        @Test("the daemon's process keeps at most two malloc arenas while its workers parse a burst")
        func arenas() async throws {
            let binary = ServeChild.binary
            try #require(FileManager.default.isExecutableFile(atPath: binary), "build the gazette executable first")
            let directory = TestDirectory()
            // Distinct pages (each seed with its copy number appended) waiting at the start:
            // both workers parse while the writer commits, every thread allocating at once.
            try FileManager.default.createDirectory(atPath: directory.sub("inbox"), withIntermediateDirectories: true)
            for index in 0..<60 {
                var bytes = Seeds.bytes(Seeds.names[index % Seeds.names.count])
                bytes.append(contentsOf: Array("\n\n第\(index)份。\n".utf8))
                try writeInPlace(bytes, to: directory.sub("inbox") + "/p\(index).txt")
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["serve", "--inbox", directory.sub("inbox"), "--store", directory.sub("g.sqlite"), "--log", "stderr"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            let drained = await eventually(timeout: .seconds(120)) {
                FileManager.default.files(under: directory.sub("inbox")).isEmpty
            }
            #expect(drained)
            let maps = try String(contentsOfFile: "/proc/\(process.processIdentifier)/maps", encoding: .utf8)
            // Without the bound glibc made 7 thread arenas beside its main one (1,000 pages).
            #expect(Self.threadArenas(maps) <= Daemon.mallocArenas - 1, "\(maps)")
        }

        /// glibc's arenas other than the main one, in `/proc/PID/maps`: each is a heap of
        /// 64 MB of address space, aligned to 64 MB, anonymous, its used part read-write
        /// and the rest inaccessible.
        static func threadArenas(_ maps: String) -> Int {
            let heapSize: UInt64 = 64 << 20
            let regions: [(start: UInt64, end: UInt64, mode: Substring, anonymous: Bool)] = maps.split(separator: "\n").compactMap { line in
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                let bounds = fields.first?.split(separator: "-") ?? []
                guard fields.count >= 5, bounds.count == 2,
                      let start = UInt64(bounds[0], radix: 16), let end = UInt64(bounds[1], radix: 16) else { return nil }
                return (start, end, fields[1], fields.count == 5)
            }
            var count = 0
            for (index, region) in regions.enumerated()
            where region.anonymous && region.mode == "rw-p" && region.start % heapSize == 0 {
                var end = region.end
                if index + 1 < regions.count, regions[index + 1].start == end, regions[index + 1].mode == "---p",
                   regions[index + 1].anonymous {
                    end = regions[index + 1].end
                }
                if end - region.start == heapSize { count += 1 }
            }
            return count
        }
    }
}
