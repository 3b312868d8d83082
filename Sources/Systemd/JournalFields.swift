import Logging

/// One journal field: a name of `[A-Z0-9_]` and a value of arbitrary bytes.
///
/// Values travel length-delimited through `sd_journal_sendv`, so a newline, `=` or NUL
/// inside a value (a hostile file name, say) stays inside that one field.
public struct JournalField: Sendable, Equatable {
    public let name: String
    public let value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// How swift-log events map to journal fields. Pure, so the mapping is tested without
/// a journal.
public enum JournalFields {
    /// journald drops fields whose names are longer than this.
    static let maximumNameLength = 64

    /// The syslog priority (`PRIORITY=`) for a swift-log level: `journalctl -p warning`
    /// and the red/bold rendering depend on it.
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// The journal field name for a metadata key: `message_id` is the journal's own
    /// `MESSAGE_ID` (what `journalctl -x` looks up in the catalog); every other key `k`
    /// becomes `GAZETTE_` + `k` in upper case with anything outside `[A-Z0-9_]` mapped to
    /// `_`, so our fields never collide with journald's trusted or well-known ones.
    public static func fieldName(forMetadataKey key: String) -> String {
        if key.lowercased() == "message_id" { return "MESSAGE_ID" }
        var name = "GAZETTE_"
        for scalar in key.unicodeScalars {
            switch scalar {
            case "A"..."Z", "0"..."9", "_": name.unicodeScalars.append(scalar)
            case "a"..."z": name.unicodeScalars.append(Unicode.Scalar(scalar.value - 32)!)
            default: name.unicodeScalars.append("_")
            }
        }
        return String(name.prefix(maximumNameLength))
    }

    /// A metadata value as field text: strings as they are, lists and dictionaries in
    /// swift-log's own rendering.
    static func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array, .dictionary: value.description
        }
    }

    /// Every field of one entry, in a stable order: the message and its provenance first,
    /// then `MESSAGE_ID`, then the `GAZETTE_*` fields sorted by name.
    public static func fields(
        message: String, level: Logger.Level, identifier: String,
        file: String, line: UInt, function: String,
        metadata: Logger.Metadata
    ) -> [JournalField] {
        var fields = [
            JournalField(name: "MESSAGE", value: message),
            JournalField(name: "PRIORITY", value: String(priority(level))),
            JournalField(name: "SYSLOG_IDENTIFIER", value: identifier),
            JournalField(name: "CODE_FILE", value: file),
            JournalField(name: "CODE_LINE", value: String(line)),
            JournalField(name: "CODE_FUNC", value: function),
        ]
        let mapped = metadata.map { JournalField(name: fieldName(forMetadataKey: $0.key), value: text($0.value)) }
        fields += mapped.sorted { ($0.name == "MESSAGE_ID" ? "" : $0.name) < ($1.name == "MESSAGE_ID" ? "" : $1.name) }
        return fields
    }

    /// The metadata of one event as a handler sees it: the handler's own, then the
    /// provider's, then the call's, later ones winning; a logged error becomes `error`.
    static func merged(
        base: Logger.Metadata, provider: Logger.MetadataProvider?,
        explicit: Logger.Metadata?, error: (any Error)?
    ) -> Logger.Metadata {
        var metadata = base
        if let provided = provider?.get(), !provided.isEmpty {
            metadata.merge(provided) { _, new in new }
        }
        if let explicit, !explicit.isEmpty {
            metadata.merge(explicit) { _, new in new }
        }
        if let error, metadata["error"] == nil {
            metadata["error"] = .string("\(error)")
        }
        return metadata
    }
}
