#if canImport(Glibc)
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
            if case .refused(let refusal) = error { return refusal.code }
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

    @Test("a file over the size limit is refused unread")
    func tooLarge() throws {
        let path = directory.sub("big.txt")
        try Data(repeating: 0x41, count: 1025).write(to: URL(fileURLWithPath: path))
        #expect(refusalCode(path) == "too-large")
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
