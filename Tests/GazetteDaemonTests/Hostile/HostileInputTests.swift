#if canImport(Glibc)
import GazetteTestSupport
import Glibc
#endif
import Foundation
@testable import GazetteDaemon
import GazetteStore
import Testing

/// Hostile and odd files in the inbox: each is stored correctly or quarantined with a
/// precise reason; the daemon never crashes, hangs, follows a link or blocks on a FIFO.
@Suite("Hostile input: odd, broken and malicious files", .serialized)
struct HostileInputTests {
    struct Case {
        var name: [UInt8]
        var fate: Fate
        var label: String { String(decoding: name, as: UTF8.self).debugDescription }
    }

    /// Creates every odd file in `inbox`; returns what must become of each.
    static func populate(_ inbox: String) throws -> [Case] {
        var cases: [Case] = []
        func file(_ name: String, _ data: Data, _ fate: Fate) throws {
            try data.write(to: URL(fileURLWithPath: inbox + "/" + name))
            cases.append(Case(name: Array(name.utf8), fate: fate))
        }
        let seed = Hostile.seedText
        try file("empty.txt", Data(), .quarantined(["empty"]))
        try file("blank.txt", Data(" \n\t\n\u{3000}\u{3000}\n\r\n  ".utf8), .quarantined(["empty", "no-text"]))
        try file("elf.txt", try Data(contentsOf: URL(fileURLWithPath: "/bin/true")), .quarantined(["binary"]))
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52])
        png += Data((0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) })
        // PNG magic: read as an image (issue #21), whose pixels are garbage.
        try file("picture.png", png, .quarantined(["corrupt-image"]))
        var nul = Data(Hostile.page("NUL").utf8)
        for offset in stride(from: 500, to: nul.count, by: 3000) { nul[offset] = 0 }
        try file("nul.txt", nul, .storedOrQuarantined)
        var invalid = Data(Hostile.page("invalid utf-8").utf8)
        for offset in stride(from: 700, to: invalid.count, by: 2500) { invalid[offset] = 0xFF }
        try file("invalid-utf8.txt", invalid, .stored)
        try file("gb18030.txt", try Hostile.gb18030(Hostile.page("GB18030")), .stored)
        try file("utf16le.txt", Hostile.utf16(Hostile.page("UTF-16LE"), bigEndian: false), .stored)
        try file("utf16be.txt", Hostile.utf16(Hostile.page("UTF-16BE"), bigEndian: true), .stored)
        try file("bom.txt", Data([0xEF, 0xBB, 0xBF]) + Data(Hostile.page("BOM").utf8), .stored)
        try file("crlf.txt", Data(Hostile.page("CRLF").replacingOccurrences(of: "\n", with: "\r\n").utf8), .stored)
        try file("cr.txt", Data(Hostile.page("CR").replacingOccurrences(of: "\n", with: "\r").utf8), .stored)
        try file("marks.txt", Data("# \n## \n**\n---\n> \n* * *\n□■●\n|---|---|\n```\n".utf8), .quarantined(["no-text"]))
        var line = Data()
        let flat = Data(seed.replacingOccurrences(of: "\n", with: " ").utf8)
        while line.count < 10 << 20 { line += flat }
        try file("one-line.txt", line, .stored)
        try file("too-large.txt", Data(count: 13 << 20), .quarantined(["too-large"]))
        try file("zero-width.txt", Data(Hostile.page("零\u{200B}宽\u{200D}字\u{FEFF}符").utf8), .stored)
        try file("nfc.txt", Data(Hostile.page("caf\u{E9} 한").utf8), .stored)
        try file("nfd.txt", Data(Hostile.page("cafe\u{301} \u{1112}\u{1161}\u{11AB}").utf8), .stored)
        try file("caf\u{E9}.txt", Data(Hostile.page("NFC name").utf8), .stored)
        try file("cafe\u{301}.txt", Data(Hostile.page("NFD name").utf8), .stored)
        try file("twin-1.txt", Data(Hostile.page("twins").utf8), .stored)
        try file("twin-2.txt", Data(Hostile.page("twins").utf8), .stored)
        try file("bad\nname.txt", Data(Hostile.page("newline name").utf8), .stored)
        try file("-rf.txt", Data(Hostile.page("dash").utf8), .stored)
        try file("--help", Data(Hostile.page("dashes").utf8), .stored)
        try file(String(repeating: "n", count: 251) + ".txt", Data(Hostile.page("long name").utf8), .stored)
        try file(String(repeating: "e", count: 251) + ".txt", Data(), .quarantined(["empty"]))
        let rawName: [UInt8] = [0x62, 0x61, 0x64, 0xFF, 0xFE, 0xC3, 0x28, 0x2E, 0x74, 0x78, 0x74]
        #expect(Hostile.writeRaw(name: rawName, in: inbox, contents: Data(Hostile.page("raw name").utf8)))
        cases.append(Case(name: rawName, fate: .stored))

        // Links: refused, never followed, whatever they point at.
        try FileManager.default.createSymbolicLink(atPath: inbox + "/shadow.txt", withDestinationPath: "/etc/shadow")
        cases.append(Case(name: Array("shadow.txt".utf8), fate: .quarantined(["symlink"])))
        try file("target.txt", Data(Hostile.page("link target").utf8), .stored)
        try FileManager.default.createSymbolicLink(atPath: inbox + "/inside.txt", withDestinationPath: inbox + "/target.txt")
        cases.append(Case(name: Array("inside.txt".utf8), fate: .quarantined(["symlink"])))
        try FileManager.default.createSymbolicLink(atPath: inbox + "/loop.txt", withDestinationPath: "loop.txt")
        cases.append(Case(name: Array("loop.txt".utf8), fate: .quarantined(["symlink"])))
        // Hard links: both names refused (accept_hard_links is off), whichever comes first.
        try file("hard-a.txt", Data(Hostile.page("hard link").utf8), .quarantined(["hard-link"]))
        try FileManager.default.linkItem(atPath: inbox + "/hard-a.txt", toPath: inbox + "/hard-b.txt")
        cases.append(Case(name: Array("hard-b.txt".utf8), fate: .quarantined(["hard-link"])))

        // Special files: refused without blocking.
        #expect(mkfifo(inbox + "/fifo.txt", 0o644) == 0)
        cases.append(Case(name: Array("fifo.txt".utf8), fate: .quarantined(["fifo"])))
        #expect(Hostile.makeSocket(at: inbox + "/socket.txt"))
        cases.append(Case(name: Array("socket.txt".utf8), fate: .quarantined(["socket"])))
        // A directory with a page's name is a source folder: its pages are read, a folder
        // inside it (a second level) is refused.
        try FileManager.default.createDirectory(atPath: inbox + "/folder.txt/nested.txt", withIntermediateDirectories: true)
        cases.append(Case(name: Array("folder.txt/nested.txt".utf8), fate: .quarantined(["directory"])))
        try file("folder.txt/inner.txt", Data(Hostile.page("in a folder named like a page").utf8), .stored)
        return cases
    }

    @Test("every odd file is stored or quarantined with its reason; the daemon stays up",
          .timeLimit(.minutes(5)))
    func oddFiles() async throws {
        let harness = DaemonHarness { $0.maxFileSize = 12 << 20 }
        try FileManager.default.createDirectory(atPath: harness.inbox, withIntermediateDirectories: true)
        let cases = try Self.populate(harness.inbox)
        let shadowBefore = try? Data(contentsOf: URL(fileURLWithPath: "/etc/shadow"))
        try await harness.run { daemon in
            let drained = await eventually(timeout: .seconds(240)) {
                Hostile.rawTree(harness.inbox).isEmpty
            }
            #expect(drained, "left in the inbox: \(Hostile.rawTree(harness.inbox).map { String(decoding: $0, as: UTF8.self) })")
            // Still alive and working after all of it.
            try writeInPlace(Data(Hostile.page("after the storm").utf8), to: harness.inbox + "/after.txt")
            let storedAfter = await eventually(timeout: .seconds(30)) { Hostile.rawTree(harness.inbox).isEmpty }
            #expect(storedAfter)
        }
        let processed = Set(Hostile.rawTree(harness.processed).map { Array($0.split(separator: UInt8(ascii: "/"), maxSplits: 3).last!) })
        // Quarantined files, by the inbox name their reason file records (a name too long to
        // take `.reason.json` is shortened in failed/, the reason keeps the original).
        var reasons: [String: [String: Any]] = [:]
        for path in FileManager.default.files(under: harness.failed) where path.hasSuffix(".reason.json") {
            let data = try Data(contentsOf: URL(fileURLWithPath: harness.failed + "/" + path))
            if let object = try JSONSerialization.jsonObject(with: data) as? [String: Any], let file = object["file"] as? String {
                reasons[file] = object
                let moved = String(path.dropLast(".reason.json".count))
                var info = stat()
                #expect(lstat(harness.failed + "/" + moved, &info) == 0, "\(path) without its file \(moved)")
            }
        }
        for item in cases {
            let inProcessed = processed.contains(item.name)
            let reason = reasons[String(decoding: item.name, as: UTF8.self)]
            let inFailed = reason != nil
            let code = reason?["code"] as? String
            if let reason {
                #expect(reason["message"] as? String != nil && reason["advice"] as? String != nil,
                        "\(item.label): reason file incomplete")
            }
            switch item.fate {
            case .stored:
                #expect(inProcessed && !inFailed, "\(item.label): expected stored, processed=\(inProcessed) failed=\(inFailed) code=\(code ?? "-")")
            case .quarantined(let codes):
                #expect(inFailed && !inProcessed, "\(item.label): expected \(item.fate), processed=\(inProcessed)")
                #expect(code.map(codes.contains) == true, "\(item.label): code \(code ?? "none"), expected \(item.fate)")
            case .storedOrQuarantined:
                #expect(inProcessed != inFailed, "\(item.label): processed=\(inProcessed) failed=\(inFailed)")
            }
        }
        // Links were moved as links, never followed: /etc/shadow untouched and not copied.
        var info = stat()
        #expect(lstat(harness.failed + "/shadow.txt", &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK)
        #expect((try? Data(contentsOf: URL(fileURLWithPath: "/etc/shadow"))) == shadowBefore)
        // Twins: one stored, one duplicate; hard links: neither stored.
        let files = try GazetteStore(path: harness.config.store, readOnly: true).files()
        #expect(Set(files.map(\.sha256)).count == files.count)
        let twins = sha256Hex(Data(Hostile.page("twins").utf8))
        #expect(files.filter { $0.sha256 == twins }.count == 1)
        #expect(!files.contains { $0.sha256 == sha256Hex(Data(Hostile.page("hard link").utf8)) })
        #expect(harness.logs.count(of: GazetteEvent.duplicate.messageID) == 1)
        // The size of a file refused unread is its real size.
        #expect(reasons["too-large.txt"]?["size"] as? Int == 13 << 20)
        // A name that is not UTF-8 keeps its bytes, escaped, in the store.
        #expect(files.contains { $0.name == "bad\\xff\\xfe\\xc3(.txt" }, "\(files.map(\.name).filter { $0.hasPrefix("bad") })")
        // The GB18030, UTF-16 and BOM pages decode to the same articles as the UTF-8 page.
        let encodings = Set(files.map(\.name))
        #expect(encodings.contains("gb18030.txt") && encodings.contains("utf16be.txt"))
    }
}
