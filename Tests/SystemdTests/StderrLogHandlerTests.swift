import Logging
import Testing

@testable import Systemd

#if canImport(Glibc)
import Glibc
#endif

@Suite("readable stderr lines")
struct StderrLogHandlerTests {
    @Test("one line: time, level, label, message, sorted key=value metadata")
    func layout() {
        let line = StderrLogHandler.line(
            time: "2026-11-22T07:58:02.123Z", level: .warning, label: "gazette.intake",
            message: "quarantined file", metadata: ["reason": "empty", "file": "bad name.txt", "n": "3"])
        #expect(line == "2026-11-22T07:58:02.123Z warning gazette.intake: quarantined file"
            + " file=\"bad name.txt\" n=3 reason=empty\n")
    }

    @Test("newlines and control characters cannot forge a line or a key")
    func forgery() {
        let line = StderrLogHandler.line(
            time: "T", level: .info, label: "l", message: "a\nT error l: forged",
            metadata: ["file": "x\n2026 critical gazette: pwned\r\u{1B}[31m", "k": "a=b \"q\""])
        #expect(line.filter { $0 == "\n" }.count == 1)
        #expect(line.hasSuffix("\n"))
        #expect(line == "T info l: a\\nT error l: forged"
            + " file=\"x\\n2026 critical gazette: pwned\\r\\u{1B}[31m\" k=\"a=b \\\"q\\\"\"\n")
    }

    @Test("timestamps are UTC with milliseconds")
    func timestamp() {
        let stamp = StderrLogHandler.timestamp()
        #expect(stamp.count == 24)
        #expect(stamp.hasSuffix("Z"))
        #expect(stamp.hasPrefix("20"))
        #expect(stamp.dropFirst(10).first == "T")
    }

    @Test("a Logger writes exactly one line per event to its descriptor")
    func throughLogger() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        var logger = Logger(label: "gazette.test") { StderrLogHandler(label: $0, fileDescriptor: fds[1]) }
        logger.logLevel = .debug
        logger[metadataKey: "store"] = "g.sqlite"
        logger.trace("not shown")
        logger.debug("first", metadata: ["file": "a\nb.txt"])
        logger.error("second")
        close(fds[1])

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasSuffix(" debug gazette.test: first file=a\\nb.txt store=g.sqlite") == true)
        #expect(lines.last?.hasSuffix(" error gazette.test: second store=g.sqlite") == true)
    }
}
