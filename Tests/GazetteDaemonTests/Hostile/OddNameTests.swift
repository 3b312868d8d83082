#if canImport(Glibc)
import GazetteTestSupport
import Glibc
#endif
import Foundation
@testable import GazetteDaemon
import Testing

/// Names a producer should not use, reported rather than ignored or garbled (issue 14).
@Suite("Hostile: reason-file names in the inbox, names that are not UTF-8", .serialized)
struct OddNameTests {
    /// Reads a file whose path is raw bytes (Foundation would repair them).
    static func contents(_ path: [UInt8]) -> Data {
        let fd = (path + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_RDONLY) }
        }
        guard fd >= 0 else { return Data() }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    @Test("a *.reason.json dropped in the inbox is logged once (not each rescan) and left alone",
          .timeLimit(.minutes(2)))
    func reasonFileInInbox() async throws {
        let harness = DaemonHarness { $0.rescanInterval = .seconds(1) }
        try FileManager.default.createDirectory(atPath: harness.inbox, withIntermediateDirectories: true)
        try await harness.run { _ in
            try writeInPlace(Data("{}".utf8), to: harness.inbox + "/p1.txt.reason.json")
            try await Task.sleep(for: .milliseconds(3500))  // three rescans
        }
        let lines = harness.logs.all.filter { $0.message.contains("p1.txt.reason.json") }
        #expect(lines.count == 1, "\(lines.map(\.message))")
        #expect(lines.first?.level == .warning)
        #expect(harness.inboxFiles == ["p1.txt.reason.json"])
    }

    @Test("a refused file whose name is not UTF-8: its exact bytes are in the reason file and the journal fields",
          .timeLimit(.minutes(2)))
    func invalidUTF8NameQuarantined() async throws {
        let harness = DaemonHarness()
        try FileManager.default.createDirectory(atPath: harness.inbox, withIntermediateDirectories: true)
        try await harness.run { _ in
            // \xc3 alone and \xe6\x97 alone both display as U+FFFD: only the bytes tell them apart.
            #expect(Hostile.writeRaw(name: Array("a".utf8) + [0xC3] + Array(".bin".utf8), in: harness.inbox,
                                     contents: Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0])))
            #expect(Hostile.writeRaw(name: Array("a".utf8) + [0xE6, 0x97] + Array(".bin".utf8), in: harness.inbox,
                                     contents: Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 0, 9, 9, 9, 0, 0, 0])))
            #expect(await eventually(timeout: .seconds(20)) { Hostile.rawTree(harness.inbox).isEmpty })
        }
        var escaped: Set<String> = []
        for name in Hostile.rawNames(in: harness.failed) where name.count > 12 && Array(name.suffix(12)) == Array(".reason.json".utf8) {
            let data = Self.contents(Array(harness.failed.utf8) + [UInt8(ascii: "/")] + name)
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            if let name = object?["file_escaped"] as? String { escaped.insert(name) }
        }
        #expect(escaped == ["a\\xc3.bin", "a\\xe6\\x97.bin"])
        let fields = Set(harness.logs.all.compactMap { $0.metadata["file_escaped"] })
        #expect(fields == escaped)
    }
}
