import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A swift-log handler for where there is no journal (`--log stderr`, containers, a
/// terminal): one readable line per event,
///
///     2026-11-22T07:58:02.123Z warning gazette.intake: quarantined file file="bad name.txt" reason=empty
///
/// Control characters in the message and in metadata are escaped (`\n`, `\u{1B}` …), so
/// a hostile file name cannot start a line of its own and forge an event.
public struct StderrLogHandler: LogHandler {
    public let label: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    /// Where lines go: stderr, or a descriptor a test reads back.
    let fileDescriptor: Int32

    public init(label: String) {
        self.init(label: label, fileDescriptor: STDERR_FILENO)
    }

    /// Writes lines to `fileDescriptor`, which the caller keeps open while logging.
    public init(label: String, fileDescriptor: Int32) {
        self.label = label
        self.fileDescriptor = fileDescriptor
        self.metadataProvider = LoggingSystem.metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = JournalFields.merged(
            base: metadata, provider: metadataProvider, explicit: event.metadata, error: event.error)
        let line = Self.line(
            time: Self.timestamp(), level: event.level, label: label,
            message: event.message.description, metadata: merged)
        Self.write(Array(line.utf8), to: fileDescriptor)
    }

    /// One event as one line (with its `\n`): time, level, label, message, then the
    /// metadata sorted by key as `key=value`, values quoted when they hold a space, `"`
    /// or `=`, or are empty.
    static func line(
        time: String, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
    ) -> String {
        var line = "\(time) \(level) \(escaped(label)): \(escaped(message))"
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line += " \(quotedIfNeeded(escaped(key)))=\(quotedIfNeeded(escaped(JournalFields.text(value))))"
        }
        return line + "\n"
    }

    /// Backslash, and every control or line-breaking character, as a visible escape.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{00}"..."\u{1F}", "\u{7F}"..."\u{9F}", "\u{2028}", "\u{2029}":
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func quotedIfNeeded(_ text: String) -> String {
        guard text.isEmpty || text.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) else {
            return text
        }
        return "\"" + text.replacingAll("\"", with: "\\\"") + "\""
    }

    /// UTC with milliseconds, so lines from different hosts sort and compare.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millis = Int(now.tv_nsec / 1_000_000)
        let millisText = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
            + "T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(millisText)Z"
    }

    /// The whole line in as few `write(2)` calls as the kernel allows, retrying `EINTR`,
    /// so that lines from concurrent tasks do not interleave mid-line.
    static func write(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return  // stderr closed or full: nowhere left to report to
                }
            }
        }
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
