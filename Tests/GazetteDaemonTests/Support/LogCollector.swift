import Logging
import Synchronization

/// Keeps every log entry so a test can assert on events (by `message_id`) and levels.
final class LogCollector: Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let entries = Mutex<[Entry]>([])

    var all: [Entry] { entries.withLock { $0 } }

    func count(of messageID: String) -> Int {
        all.filter { $0.metadata["message_id"] == messageID }.count
    }

    func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }

    var logger: Logger {
        Logger(label: "test") { _ in CollectingHandler(collector: self) }
    }
}

struct CollectingHandler: LogHandler {
    let collector: LogCollector
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = "\(value)"
        }
        collector.append(.init(level: event.level, message: "\(event.message)", metadata: fields))
    }
}
