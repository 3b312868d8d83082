#if canImport(Glibc)
import GazetteTestSupport
import Glibc
#endif
import Foundation
import Testing

/// File names and content reach the log; they must not forge lines (stderr) or fields
/// (journald). The names carry a newline, a fake log line, an escape sequence and a
/// `KEY=value` that would forge a journal field if it were split.
@Suite("Hostile input: names that try to forge log lines and journal fields", .serialized)
struct LogInjectionTests {
    static let forgedName = "evil\n2026-01-01T00:00:00.000Z error gazette: FORGED line PRIORITY=0\u{1B}[31m.txt"

    static func dropHostile(in inbox: String) throws {
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: inbox + "/" + forgedName))  // quarantined: empty
        var page = Seeds.bytes(Seeds.names[3])
        page += Data("\nMESSAGE_ID=00000000000000000000000000000000\nFORGED content line\n".utf8)
        try page.write(to: URL(fileURLWithPath: inbox + "/x\nPRIORITY=0.txt"))  // stored
    }

    @Test("stderr: one line per event, names escaped, no raw control bytes", .timeLimit(.minutes(2)))
    func stderrLines() async throws {
        try #require(ServeChild.binaryExists)
        let directory = TestDirectory()
        let inbox = directory.sub("inbox")
        try Self.dropHostile(in: inbox)
        let child = try ServeChild(["serve", "--inbox", inbox, "--store", directory.sub("g.sqlite"), "--log", "stderr"],
                                   log: directory.sub("serve.log"))
        #expect(await eventually(timeout: .seconds(30)) { FileManager.default.files(under: inbox).isEmpty })
        #expect(await child.stop())
        let log = child.log
        #expect(!log.contains("\u{1B}"), "a raw escape byte reached the log")
        let lines = log.split(separator: "\n")
        #expect(lines.contains { $0.contains("evil\\n2026-01-01") }, "the hostile name is not in the log, escaped:\n\(log)")
        for line in lines {
            #expect(line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z "#, options: .regularExpression) != nil,
                    "a line that is not an event: \(line)")
            #expect(!line.hasPrefix("2026-01-01T00:00:00.000Z"), "a forged line: \(line)")
        }
    }

    @Test("journald: the hostile name stays inside GAZETTE_FILE; PRIORITY and MESSAGE_ID are the daemon's",
          .timeLimit(.minutes(2)))
    func journalFields() async throws {
        try #require(ServeChild.binaryExists)
        guard FileManager.default.fileExists(atPath: "/run/systemd/journal/socket"),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/journalctl") else {
            print("note: no journald listening here; the journal half of the log-injection test is skipped")
            return
        }
        let directory = TestDirectory()
        let inbox = directory.sub("inbox")
        try Self.dropHostile(in: inbox)
        let child = try ServeChild(["serve", "--inbox", inbox, "--store", directory.sub("g.sqlite"), "--log", "journal"],
                                   log: directory.sub("serve.log"))
        #expect(await eventually(timeout: .seconds(30)) { FileManager.default.files(under: inbox).isEmpty })
        let pid = child.pid
        #expect(await child.stop())
        var entries: [[String: Any]] = []
        for _ in 0..<50 {  // journald may take a moment to flush
            let output = (try? await ServeChild.runTool("/usr/bin/journalctl", ["-o", "json", "_PID=\(pid)", "--no-pager"])) ?? ""
            entries = output.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            if entries.filter({ $0["GAZETTE_FILE"] != nil }).count >= 2 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(!entries.isEmpty, "no journal entries for PID \(pid)")
        for entry in entries {
            // A forged field would arrive as a second value (an array) or a priority of 0.
            #expect(entry["PRIORITY"] is String && entry["PRIORITY"] as? String != "0", "\(entry)")
            if let id = entry["MESSAGE_ID"] { #expect(id is String && id as? String != "00000000000000000000000000000000") }
            #expect(entry["SYSLOG_IDENTIFIER"] as? String == "gazette")
        }
        // The names are there whole (journalctl shows a value with control bytes as a byte array).
        let names = entries.compactMap { entry -> String? in
            if let text = entry["GAZETTE_FILE"] as? String { return text }
            if let bytes = entry["GAZETTE_FILE"] as? [Int] { return String(decoding: bytes.map { UInt8($0) }, as: UTF8.self) }
            return nil
        }
        #expect(names.contains(Self.forgedName), "\(names)")
        #expect(names.contains("x\nPRIORITY=0.txt"), "\(names)")
    }
}

extension ServeChild {
    /// Runs any tool to the end and returns its stdout.
    static func runTool(_ path: String, _ arguments: [String]) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
