import Foundation
import GazetteTestSupport
import Testing

/// `gazette export | head`, `gazette parse --json … | head`: the reader goes away before
/// the command is done. The command must end quietly with SIGPIPE's status, as coreutils
/// do — also when it was started with SIGPIPE ignored (systemd's default for services, some
/// supervisors and shells), where Foundation's `FileHandle.write` traps with a crash report.
@Suite("a closed stdout ends a command quietly")
struct ClosedPipeTests {
    /// Runs `gazette ARGS | true` under a shell that ignores SIGPIPE (inherited across
    /// exec): the pipe's reader exits at once, so every write after it fails with EPIPE.
    static func intoClosedPipe(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let binary = try #require(GazetteBinary.url)
        let quoted = ([binary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "trap '' PIPE; \(quoted.joined(separator: " ")) | true; exit ${PIPESTATUS[0]}"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errData, as: UTF8.self))
    }

    @Test("parse --json and export into a closed pipe: status 141, nothing on stderr")
    func closedPipe() throws {
        try #require(GazetteBinary.url != nil, "build the gazette executable first (swift build)")
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Enough pages that the output outgrows the pipe's buffer and the last write fails.
        var pages: [String] = []
        for number in 0..<40 {
            let page = dir.appendingPathComponent("p\(number).txt")
            var bytes = try Data(contentsOf: Fixtures.seedURLs[number % Fixtures.seedURLs.count])
            bytes.append(Data("\n第\(number)期 本报讯 编号\(number)。\n".utf8))
            try bytes.write(to: page)
            pages.append(page.path)
        }
        let store = dir.appendingPathComponent("g.sqlite").path
        let ingest = try GazetteBinary.run(["ingest", "--store", store] + pages)
        #expect(ingest.status == 0, "\(ingest.stderr)")

        for arguments in [["parse", "--json", "--no-classify"] + pages, ["export", "--store", store]] {
            let (status, stderr) = try Self.intoClosedPipe(arguments)
            #expect(status == 141, "\(arguments[0]): status \(status), stderr: \(stderr.prefix(400))")
            #expect(stderr.isEmpty, "\(arguments[0]): \(stderr.prefix(400))")
        }
    }
}
