import Foundation
import Logging
import Testing

@testable import Systemd

/// Whether a real journald and `journalctl` are here; `make test` starts a standalone
/// journald where none runs (`Tests/e2e/journald.sh`).
private let journalPresent =
    JournalLogHandler.isAvailable && FileManager.default.isExecutableFile(atPath: "/usr/bin/journalctl")

@Suite(
    "journald round trip (real systemd-journald)",
    .enabled(if: journalPresent, "SKIPPED: no journald listening on /run/systemd/journal/socket (run Tests/e2e/journald.sh as root)")
)
struct JournalRoundTripTests {
    /// An identifier no other test or process uses, so the read-back sees only our entries.
    let identifier = "gazette-test-\(UUID().uuidString.prefix(12).lowercased())"

    func logger() -> Logger {
        var logger = Logger(label: "gazette.test") { [identifier] in JournalLogHandler(label: $0, identifier: identifier) }
        logger.logLevel = .trace
        return logger
    }

    @Test("structured fields, MESSAGE_ID and PRIORITY arrive; a forged value stays one field")
    func structuredEntry() throws {
        let forged = "p1.txt\nMESSAGE_ID=00000000000000000000000000000000\nPRIORITY=0\n_PID=1\nGAZETTE_TOPIC=forged"
        let line = #line + 1
        logger().error("quarantined file", metadata: [
            "message_id": "e6fa5cbb6a0540d6b92e1f667ad1fa07",
            "file": .string(forged),
            "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "articles": .stringConvertible(3),
            "topic": "economy",
            "reason": "empty=true; no text",
        ])

        let entries = try Journal.read(identifier: identifier, count: 1)
        #expect(entries.count == 1, "the forged newlines must not split the entry")
        let entry = try #require(entries.first)
        #expect(entry["MESSAGE"] == ["quarantined file"])
        #expect(entry["MESSAGE_ID"] == ["e6fa5cbb6a0540d6b92e1f667ad1fa07"])
        #expect(entry["PRIORITY"] == ["3"])
        #expect(entry["SYSLOG_IDENTIFIER"] == [identifier])
        #expect(entry["GAZETTE_FILE"] == [forged])
        #expect(entry["GAZETTE_SHA256"] == ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"])
        #expect(entry["GAZETTE_ARTICLES"] == ["3"])
        #expect(entry["GAZETTE_TOPIC"] == ["economy"])
        #expect(entry["GAZETTE_REASON"] == ["empty=true; no text"])
        #expect(entry["_PID"] == ["\(getpid())"], "journald's trusted _PID, not the forged one")
        #expect(entry["CODE_FILE"]?.first?.hasSuffix("JournalRoundTripTests.swift") == true)
        #expect(entry["CODE_LINE"] == ["\(line)"])
        #expect(entry["CODE_FUNC"]?.first?.hasPrefix("structuredEntry") == true)
    }

    @Test("levels arrive as syslog priorities; NUL bytes and multi-line messages survive")
    func prioritiesAndBinary() throws {
        let log = logger()
        log.debug("one", metadata: ["seq": "1"])
        log.notice("two\nlines", metadata: ["seq": "2", "blob": "nul\u{0}byte"])
        log.warning("three", metadata: ["seq": "3"])
        log.critical("four", metadata: ["seq": "4"])

        let entries = try Journal.read(identifier: identifier, count: 4)
            .sorted { ($0["GAZETTE_SEQ"]?.first ?? "") < ($1["GAZETTE_SEQ"]?.first ?? "") }
        #expect(entries.count == 4)
        #expect(entries.map { $0["PRIORITY"]?.first } == ["7", "5", "4", "2"])
        #expect(entries.map { $0["MESSAGE"]?.first } == ["one", "two\nlines", "three", "four"])
        #expect(entries.dropFirst().first?["GAZETTE_BLOB"] == ["nul\u{0}byte"])
    }
}

/// Reads entries back with `journalctl -o json`, the way an operator would.
enum Journal {
    /// Polls (at most five seconds) until `count` entries for `identifier` are readable:
    /// journald writes asynchronously to the files `journalctl` reads.
    static func read(identifier: String, count: Int) throws -> [[String: [String]]] {
        var entries: [[String: [String]]] = []
        for _ in 0..<50 {
            entries = try query(identifier)
            if entries.count >= count { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return entries
    }

    static func query(_ identifier: String) throws -> [[String: [String]]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/journalctl")
        process.arguments = ["-o", "json", "--all", "--identifier=\(identifier)", "--no-pager"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try data.split(separator: UInt8(ascii: "\n")).map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] ?? [:]
            return object.mapValues(values)
        }
    }

    /// journalctl's JSON: a string, an array of byte values for binary data, or an array
    /// of either for a field that occurs more than once.
    static func values(_ json: Any) -> [String] {
        if let string = json as? String { return [string] }
        if let bytes = json as? [Int] { return [String(decoding: bytes.map(UInt8.init), as: UTF8.self)] }
        if let many = json as? [Any] { return many.flatMap(values) }
        return ["\(json)"]
    }
}
