import Logging
import Testing

@testable import Systemd

@Suite("swift-log events as journal fields")
struct JournalFieldsTests {
    @Test("metadata keys become MESSAGE_ID or GAZETTE_ + [A-Z0-9_]", arguments: [
        ("message_id", "MESSAGE_ID"),
        ("file", "GAZETTE_FILE"),
        ("sha256", "GAZETTE_SHA256"),
        ("article_id", "GAZETTE_ARTICLE_ID"),
        ("article-id", "GAZETTE_ARTICLE_ID"),
        ("error.type", "GAZETTE_ERROR_TYPE"),
        ("Topic", "GAZETTE_TOPIC"),
        ("来源", "GAZETTE___"),
        ("a=b\nc", "GAZETTE_A_B_C"),
    ])
    func fieldNames(key: String, expected: String) {
        #expect(JournalFields.fieldName(forMetadataKey: key) == expected)
    }

    @Test("field names are cut to the 64 characters journald accepts")
    func longNames() {
        let name = JournalFields.fieldName(forMetadataKey: String(repeating: "x", count: 100))
        #expect(name.count == 64)
        #expect(name.hasPrefix("GAZETTE_XXX"))
    }

    @Test("levels map to syslog priorities")
    func priorities() {
        let expected: [(Logger.Level, Int)] = [
            (.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
        ]
        for (level, priority) in expected {
            #expect(JournalFields.priority(level) == priority, "\(level)")
        }
    }

    @Test("an entry lists message, provenance, MESSAGE_ID, then GAZETTE_* by name")
    func entryLayout() {
        let fields = JournalFields.fields(
            message: "stored page", level: .info, identifier: "gazette",
            file: "GazetteDaemon/Pipeline.swift", line: 12, function: "commit()",
            metadata: ["topic": "economy", "message_id": "098154a504364876ae7c00f315991bb4", "articles": "4"])
        #expect(fields.map(\.name) == [
            "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC",
            "MESSAGE_ID", "GAZETTE_ARTICLES", "GAZETTE_TOPIC",
        ])
        #expect(fields.map(\.value) == [
            "stored page", "6", "gazette", "GazetteDaemon/Pipeline.swift", "12", "commit()",
            "098154a504364876ae7c00f315991bb4", "4", "economy",
        ])
    }

    @Test("handler metadata, provider and call metadata merge, later winning; an error is a field")
    func merging() {
        struct Boom: Error, CustomStringConvertible { var description: String { "disk full" } }
        let provider = Logger.MetadataProvider { ["topic": "provided", "task": "t1"] }
        let merged = JournalFields.merged(
            base: ["topic": "base", "store": "/var/lib/gazette/gazette.sqlite"], provider: provider,
            explicit: ["topic": "explicit"], error: Boom())
        #expect(merged["topic"] == "explicit")
        #expect(merged["task"] == "t1")
        #expect(merged["store"] == "/var/lib/gazette/gazette.sqlite")
        #expect(merged["error"] == "disk full")
    }
}
