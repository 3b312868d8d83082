#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import GazetteDaemon
import GazetteTestSupport
import Testing

extension DaemonTests {
    @Suite("Daemon: odd file names")
    struct FileNameTests {
        /// Raw name bytes → a path string the kernel sees byte for byte is not expressible in
        /// Swift's String when invalid UTF-8; such files are made with `open(2)` on a C buffer.
        static func create(_ directory: String, name: [UInt8], contents: Data) -> Bool {
            let path = Array(directory.utf8) + [0x2F] + name + [0]
            let fd = path.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: path.count) {
                    open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                }
            }
            guard fd >= 0 else { return false }
            defer { close(fd) }
            return contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == contents.count
        }

        static func names(in directory: String) -> [[UInt8]] {
            guard let handle = opendir(directory) else { return [] }
            defer { closedir(handle) }
            var names: [[UInt8]] = []
            while let entry = readdir(handle) {
                let name = withUnsafePointer(to: &entry.pointee.d_name) {
                    $0.withMemoryRebound(to: UInt8.self, capacity: 256) { Array(UnsafeBufferPointer(start: $0, count: strlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)))) }
                }
                if name != [0x2E], name != [0x2E, 0x2E] { names.append(name) }
            }
            return names
        }

        @Test("newlines, invalid UTF-8, 255 bytes and leading dashes: stored or quarantined, names kept byte for byte")
        func oddNames() async throws {
            let harness = DaemonHarness()
            let longName = Array(repeating: UInt8(ascii: "a"), count: 251) + Array(".txt".utf8)
            let good: [[UInt8]] = [Array("line\nbreak.txt".utf8), [0x66, 0xFF, 0xFE, 0x2E, 0x74, 0x78, 0x74],
                                   longName, Array("--help.txt".utf8)]
            let longJunk = Array(repeating: UInt8(ascii: "b"), count: 251) + Array(".png".utf8)
            try await harness.run { daemon in
                for (number, name) in good.enumerated() {
                    #expect(Self.create(harness.inbox, name: name, contents: uniquePage(500 + number)))
                }
                #expect(Self.create(harness.inbox, name: longJunk, contents: Data()))
                let done = await eventually {
                    daemon.status.figures.storedPages == good.count && daemon.status.figures.failed == 1
                }
                #expect(done, "\(daemon.status.figures.line)")
            }
            #expect(Self.names(in: harness.inbox).isEmpty)
            let day = try #require(FileManager.default.subpaths(atPath: harness.processed)?
                .first { $0.split(separator: "/").count == 3 })
            #expect(Set(Self.names(in: harness.processed + "/" + day)) == Set(good))
            let failed = Set(Self.names(in: harness.failed))
            #expect(failed.count == 2)
            #expect(failed.allSatisfy { $0.count <= 255 })
            let reasons = failed.filter { $0.count > 12 && $0.suffix(12) == Array(".reason.json".utf8) }
            #expect(reasons.count == 1 && failed.contains(Array(reasons.first!.dropLast(12))),
                    "the name is shortened so that NAME.reason.json fits NAME_MAX")
        }
    }
}
