#if canImport(Glibc)
import GazetteTestSupport
import Glibc
#endif
import Foundation
import SystemPackage
import Testing
@testable import GazetteDaemon

@Suite("Reading inbox files safely")
struct FileReaderTests {
    let directory = TestDirectory()
    let reader = FileReader(maxFileSize: 1024)

    func refusalCode(_ path: String) -> String? {
        do {
            _ = try reader.read(FilePath(path))
            return nil
        } catch {
            if case .refused(let refusal, _, _) = error { return refusal.code }
            return "\(error)"
        }
    }

    @Test("a regular file is read whole")
    func regular() throws {
        let path = directory.sub("p.txt")
        try Data("头版 新闻".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try reader.read(FilePath(path)) == Array("头版 新闻".utf8))
    }

    @Test("a symlink is refused, never followed")
    func symlink() throws {
        let path = directory.sub("link.txt")
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/etc/passwd")
        #expect(refusalCode(path) == "symlink")
    }

    @Test("a FIFO is refused without blocking")
    func fifo() {
        let path = directory.sub("pipe.txt")
        #expect(mkfifo(path, 0o644) == 0)
        #expect(refusalCode(path) == "fifo")
    }

    @Test("a directory is refused")
    func directoryRefused() throws {
        let path = directory.sub("dir.txt")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(refusalCode(path) == "directory")
    }

    @Test("a socket is refused")
    func socketRefused() {
        let path = directory.sub("s.txt")
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        #expect(refusalCode(path) == "socket")
    }

    @Test("a file over the size limit is refused unread, with its real size")
    func tooLarge() throws {
        let path = directory.sub("big.txt")
        try Data(repeating: 0x41, count: 1025).write(to: URL(fileURLWithPath: path))
        #expect(refusalCode(path) == "too-large")
        let inbox = FilePath(directory.path)
        #expect(throws: FileReader.Failure.self) { try reader.read(InboxEntry(folder: nil, name: "big.txt"), beneath: inbox) }
        do {
            _ = try reader.read(InboxEntry(folder: nil, name: "big.txt"), beneath: inbox)
        } catch {
            guard case .refused(let refusal, let size, let identity) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(refusal.code == "too-large")
            #expect(size == 1025)
            #expect(identity != nil)
        }
    }

    @Test("a file with a second hard link is refused unless hard links are accepted")
    func hardLink() throws {
        let outside = TestDirectory()
        try Data("头版 新闻".utf8).write(to: URL(fileURLWithPath: outside.sub("secret.txt")))
        #expect(link(outside.sub("secret.txt"), directory.sub("x.txt")) == 0)
        let entry = InboxEntry(folder: nil, name: "x.txt")
        do {
            _ = try FileReader(maxFileSize: 1024, acceptHardLinks: false).read(entry, beneath: FilePath(directory.path))
            Issue.record("read a hard-linked file")
        } catch {
            guard case .refused(let refusal, _, _) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(refusal.code == "hard-link")
        }
        let trusting = FileReader(maxFileSize: 1024, acceptHardLinks: true)
        #expect(try trusting.read(entry, beneath: FilePath(directory.path)).bytes == Array("头版 新闻".utf8))
    }

    @Test("an inbox subfolder that is a link is never read through: the file has vanished")
    func folderLink() throws {
        let outside = TestDirectory()
        try Data("outside".utf8).write(to: URL(fileURLWithPath: outside.sub("f.txt")))
        try FileManager.default.createSymbolicLink(atPath: directory.sub("paper"), withDestinationPath: outside.path)
        do {
            let contents = try reader.read(InboxEntry(folder: "paper", name: "f.txt"), beneath: FilePath(directory.path))
            Issue.record("read through the link: \(contents.bytes.count) bytes")
        } catch {
            guard case .vanished = error else {
                Issue.record("\(error)")
                return
            }
        }
    }

    @Test("a file deleted before the open has vanished (not refused)")
    func vanished() {
        do {
            _ = try reader.read(FilePath(directory.sub("gone.txt")))
            Issue.record("read a missing file")
        } catch {
            guard case .vanished = error else {
                Issue.record("\(error)")
                return
            }
        }
    }
}
