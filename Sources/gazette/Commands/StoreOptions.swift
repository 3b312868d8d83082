import ArgumentParser
import Foundation
import GazetteDaemon
import GazetteStore
import GazetteStorePostgres

/// `--store PATH|URL`, shared by every command that opens the store: a SQLite file, or a
/// PostgreSQL database (`postgresql://USER@HOST:PORT/DB?sslmode=…`).
///
/// Default: `$GAZETTE_STORE`, else the `store` of /etc/gazette/gazette.toml when that file
/// exists, else the service's `/var/lib/gazette/gazette.sqlite` when it exists, else
/// `./run/gazette.sqlite` (the README's quick start). A PostgreSQL password comes from the
/// configuration's `password_file`, else from PGPASSFILE: never from the command line.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The store: a SQLite file or postgresql://USER@HOST:PORT/DB?sslmode=MODE.",
        discussion: "Default: $GAZETTE_STORE, else the store of /etc/gazette/gazette.toml, else /var/lib/gazette/gazette.sqlite if it exists, else ./run/gazette.sqlite. The PostgreSQL password comes from password_file in gazette.toml or from PGPASSFILE.",
        valueName: "path|url"))
    var store: String?

    static let systemPath = "/var/lib/gazette/gazette.sqlite"
    static let localPath = "run/gazette.sqlite"

    var path: String {
        if let store { return store }
        if let env = ProcessInfo.processInfo.environment["GAZETTE_STORE"], !env.isEmpty { return env }
        if let configured = Self.configuration?.store { return configured }
        if FileManager.default.fileExists(atPath: Self.systemPath) { return Self.systemPath }
        return Self.localPath
    }

    /// The default configuration file's settings, when it exists and reads.
    private static var configuration: DaemonConfig? {
        DaemonOptions.existingDefaultConfigFile.flatMap { try? DaemonConfig.load(file: $0) }
    }

    var isPostgres: Bool { PostgresURL.isPostgres(path) }

    /// Opens the store the option names, SQLite or PostgreSQL (by the URL's scheme).
    func openStore(readOnly: Bool) throws -> any ArticleStore {
        guard isPostgres else { return try open(readOnly: readOnly) }
        let passwordFile = Self.configuration.map(\.passwordFile).flatMap { $0.isEmpty ? nil : $0 }
        return try PostgresStore(path, passwordFile: passwordFile, readOnly: readOnly)
    }

    /// Opens a SQLite store, for the commands that work on the file itself; a writable
    /// open creates the file's directory if needed.
    func open(readOnly: Bool) throws -> GazetteStore {
        let path = self.path
        if PostgresURL.isPostgres(path) {
            throw ValidationError(
                "this command works on a SQLite store only: run it on a SQLite file, then copy that into PostgreSQL with `gazette migrate --from FILE --to \(path)`")
        }
        if !readOnly {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        }
        return try GazetteStore(path: path, readOnly: readOnly)
    }
}

/// A day (`2024-09-30`, UTC) or an ISO 8601 instant, for `--since` / `--until`.
///
/// Parsed strictly: Foundation's `DateFormatter` also takes `2026/12/06` or `2026-1-6x`
/// for `yyyy-MM-dd`, and a mistyped date must be an error, not a silently different day.
struct DayArgument: ExpressibleByArgument {
    var date: Date
    /// True when given as a bare day: `--until DAY` then includes that whole day.
    var isDay: Bool

    /// What the options take, for their help and their errors.
    static let format = "YYYY-MM-DD (a UTC day, e.g. 2026-12-06) or an ISO 8601 instant (2026-12-06T08:00:00Z)"

    init?(argument: String) {
        guard let parsed = try? Self.parse(argument) else { return nil }
        self = parsed
    }

    private init(date: Date, isDay: Bool) {
        self.date = date
        self.isDay = isDay
    }

    /// The day or instant, or an error that says the format (for `@Option(transform:)`).
    static func parse(_ argument: String) throws -> DayArgument {
        let utf8 = Array(argument.utf8)
        let isDigit = { (byte: UInt8) in (0x30...0x39).contains(byte) }
        if utf8.count == 10, utf8[4] == 0x2D, utf8[7] == 0x2D,
           utf8.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || isDigit($0.element) }) {
            let day = DateFormatter()
            day.locale = Locale(identifier: "en_US_POSIX")
            day.timeZone = TimeZone(identifier: "UTC")
            day.dateFormat = "yyyy-MM-dd"
            day.isLenient = false
            if let date = day.date(from: argument), day.string(from: date) == argument {
                return DayArgument(date: date, isDay: true)
            }
            throw ValidationError("\(argument) is not a calendar day: expected \(format)")
        }
        guard let date = ISO8601DateFormatter().date(from: argument) else {
            throw ValidationError("\(argument) is not a date: expected \(format)")
        }
        return DayArgument(date: date, isDay: false)
    }

    /// The exclusive upper bound for `--until`: the next midnight for a day.
    var untilBound: Date { isDay ? date.addingTimeInterval(86_400) : date }

    static var defaultValueDescription: String { format }
}

/// Prints to stdout, with the match marks of a terminal or of plain text.
enum Output {
    static let isTTY = isatty(STDOUT_FILENO) == 1

    static var marks: (open: String, close: String) {
        isTTY ? ("\u{1B}[1m", "\u{1B}[0m") : ("【", "】")
    }

    /// Writes one line straight to stdout (unbuffered: progress shows as it happens).
    static func line(_ text: String) {
        write(Array((text + "\n").utf8))
    }

    /// Writes all of `bytes` to stdout. A reader that went away (`gazette search … | head`)
    /// ends the command quietly with SIGPIPE's status, as coreutils do — also where a library
    /// set SIGPIPE to be ignored, in which case `FileHandle.write` would trap instead.
    static func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written >= 0 { offset += written; continue }
            switch errno {
            case EINTR, EAGAIN: continue
            case EPIPE: exit(128 + SIGPIPE)
            default:
                FileHandle.standardError.write(Data("gazette: cannot write to standard output: \(String(cString: strerror(errno)))\n".utf8))
                exit(1)
            }
        }
    }

    static func json<T: Encodable>(_ value: T, pretty: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `2024-09-30` (UTC), the day a page was received.
    static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day())
    }
}

/// Buffers stdout writes into large chunks, for commands that print many lines (export, parse).
struct BufferedOutput: ~Copyable {
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1 << 16) }

    mutating func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        Output.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
