import Foundation
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

@testable import Systemd

@Suite("choosing where to log")
struct GazetteLoggingTests {
    @Test("a socket file left behind by a journald that is gone is not a journal")
    func staleSocketIsNotAJournal() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gz-sock-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("socket").path
        #expect(!UnixSocketAddress.hasListener(at: path), "no file: nobody listens")

        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        #expect(UnixSocketAddress.hasListener(at: path), "a bound socket listens")

        close(fd)
        #expect(FileManager.default.fileExists(atPath: path), "closing leaves the socket file behind")
        #expect(!UnixSocketAddress.hasListener(at: path), "but nobody listens any more")
    }

    @Test("auto means the journal exactly when a journald listens")
    func autoMode() {
        #expect(GazetteLogging.resolve(.auto) == (JournalLogHandler.isAvailable ? .journal : .stderr))
        #expect(GazetteLogging.resolve(.stderr) == .stderr)
        #expect(GazetteLogging.resolve(.journal) == .journal)
    }

    @Test("the --log values parse", arguments: GazetteLogging.Mode.allCases)
    func modeNames(mode: GazetteLogging.Mode) {
        #expect(GazetteLogging.Mode(rawValue: mode.rawValue) == mode)
    }

    @Test("handlers come out at the requested level and of the requested kind")
    func handlers() {
        let stderr = GazetteLogging.makeHandler(label: "x", mode: .stderr, level: .debug)
        #expect(stderr is StderrLogHandler)
        #expect(stderr.logLevel == .debug)
        let journal = GazetteLogging.makeHandler(label: "x", mode: .journal, level: .warning, identifier: "t")
        #expect((journal as? JournalLogHandler)?.identifier == "t")
        #expect(journal.logLevel == .warning)
    }

    @Test("a second bootstrap is refused instead of trapping")
    func bootstrapOnce() {
        // The first call may have happened elsewhere in this process; either way the
        // second one must return false and must not crash.
        GazetteLogging.bootstrap(mode: .stderr, level: .critical)  // quiet for other suites
        #expect(GazetteLogging.bootstrap(mode: .journal, level: .debug) == false)
    }
}
