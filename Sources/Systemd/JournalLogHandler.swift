import CSystemd
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A swift-log handler that writes structured entries to journald natively.
///
/// Each event becomes one entry with `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`,
/// `CODE_FILE`/`CODE_LINE`/`CODE_FUNC` and one field per metadata key (see
/// ``JournalFields/fieldName(forMetadataKey:)``), so operators filter with
/// `journalctl -u gazette GAZETTE_FILE=p1.txt` or `MESSAGE_ID=…` instead of grepping text.
///
/// ```swift
/// var log = Logger(label: "gazette.pipeline") { JournalLogHandler(label: $0) }
/// log.info("stored page", metadata: ["message_id": "098154a5…", "file": "p1.txt"])
/// ```
///
/// If journald refuses an entry (it is gone, or the entry is too large), the event is
/// written to stderr instead so that it is never silently lost.
public struct JournalLogHandler: LogHandler {
    /// The well-known socket `sd_journal_sendv` writes to.
    public static let socketPath = "/run/systemd/journal/socket"

    /// Whether a journald is listening here: false in plain containers and CI runners,
    /// where ``GazetteLogging/Mode/auto`` falls back to stderr.
    ///
    /// The socket file alone proves nothing: a journald that died (killed with its session,
    /// a crashed runner) leaves it behind, and every entry sent to it is refused. A
    /// datagram `connect` reaches the listener without sending anything and fails with
    /// `ECONNREFUSED` when there is none.
    public static var isAvailable: Bool { UnixSocketAddress.hasListener(at: socketPath) }

    public let label: String
    /// `SYSLOG_IDENTIFIER`: what `journalctl -t`/`--identifier` selects on.
    public let identifier: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init(label: String, identifier: String = "gazette") {
        self.label = label
        self.identifier = identifier
        self.metadataProvider = LoggingSystem.metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = JournalFields.merged(
            base: metadata, provider: metadataProvider, explicit: event.metadata, error: event.error)
        let fields = JournalFields.fields(
            message: event.message.description, level: event.level, identifier: identifier,
            file: event.file, line: event.line, function: event.function, metadata: merged)
        if Self.send(fields) != 0 {
            var fallback = StderrLogHandler(label: label)
            fallback.metadata = merged
            fallback.metadataProvider = nil
            fallback.log(event: LogEvent(
                level: event.level, message: event.message, metadata: nil, source: event.source,
                file: event.file, function: event.function, line: event.line))
        }
    }

    /// Sends one entry: every field is laid out as `NAME=value` in one buffer and handed
    /// to `sd_journal_sendv` as iovecs pointing into it, all inside the buffer's scope.
    /// Returns 0 or a negative errno.
    static func send(_ fields: [JournalField]) -> Int32 {
        var buffer: [UInt8] = []
        var ranges: [Range<Int>] = []
        buffer.reserveCapacity(fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 1 })
        for field in fields {
            let start = buffer.count
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(UInt8(ascii: "="))
            buffer.append(contentsOf: field.value.utf8)
            ranges.append(start..<buffer.count)
        }
        return buffer.withUnsafeMutableBytes { raw in
            let vectors = ranges.map { range in
                iovec(iov_base: raw.baseAddress! + range.lowerBound, iov_len: range.count)
            }
            return vectors.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
        }
    }
}
