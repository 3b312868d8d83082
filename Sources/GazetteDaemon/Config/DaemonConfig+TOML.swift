import Foundation
import GazetteClassifier
import Logging
import TOMLKit

extension DaemonConfig {
    /// The keys a configuration file may set, in the order `config print` shows them.
    public static let keys = [
        "inbox", "processed", "failed", "store", "password_file", "taxonomy", "model",
        "batch_size", "batch_delay_ms", "quiet_period_ms", "rescan_interval_s",
        "watch", "poll_interval_ms", "after_success", "max_file_size", "accept_hard_links",
        "log_level", "log_articles",
        "ocr_languages", "ocr_dpi_default", "max_image_pixels", "max_pdf_pages",
    ]

    /// Reads a configuration file over the defaults. Relative paths in it are relative to
    /// the file's directory, so a configuration can travel with its folders.
    public static func load(file: String) throws(ConfigError) -> DaemonConfig {
        try parse(try read(file: file), file: file)
    }

    /// Every problem of a configuration file, in the order of its lines (empty when it is
    /// valid): what `gazette config check` reports, so all mistakes are fixed in one pass.
    public static func problems(inFile file: String) -> [ConfigError] {
        do {
            return checked(try read(file: file), file: file).problems
        } catch {
            return [error]
        }
    }

    private static func read(file: String) throws(ConfigError) -> String {
        // Foundation's message for a missing file is two sentences of its own; say it once.
        guard FileManager.default.fileExists(atPath: file) else {
            throw .unreadable(file: file, detail: "no such file: check the path")
        }
        do {
            return try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw .unreadable(file: file, detail: "\(error.localizedDescription): check the path and its permissions")
        }
    }

    /// Parses configuration text; `file` names it in errors and anchors relative paths.
    /// Throws the first problem (by line).
    public static func parse(_ text: String, file: String) throws(ConfigError) -> DaemonConfig {
        let result = checked(text, file: file)
        if let first = result.problems.first { throw first }
        return result.config
    }

    /// The last configuration text checked, and its verdict: a reload of an unchanged file
    /// parses nothing (TOMLKit leaks every parse, see `LastParse`).
    private static let lastParse = LastParse<(config: DaemonConfig, problems: [ConfigError]), Never>()

    /// The configuration and every problem found in `text` (a key that is wrong is left at
    /// its default and reported; the other keys are still read and checked).
    static func checked(_ text: String, file: String) -> (config: DaemonConfig, problems: [ConfigError]) {
        lastParse.value(for: file + "\u{0}" + text) { uncheckedParse(text, file: file) }
    }

    private static func uncheckedParse(_ text: String, file: String) -> (config: DaemonConfig, problems: [ConfigError]) {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            return (DaemonConfig(), [.syntax(file: file, line: error.source.begin.line, column: error.source.begin.column,
                                             detail: error.description)])
        } catch {
            return (DaemonConfig(), [.syntax(file: file, line: 0, column: 0, detail: "\(error)")])
        }
        let lines = KeyLines(text)
        let base = URL(fileURLWithPath: file).deletingLastPathComponent().path
        var config = DaemonConfig()
        var explicitProcessed = false
        var explicitFailed = false
        var problems: [ConfigError] = []

        for key in table.keys.sorted(by: { lines.line(of: $0) < lines.line(of: $1) }) {
            guard let value = table[key] else { continue }
            let line = lines.line(of: key)
            guard keys.contains(key) else {
                problems.append(.unknownKey(file: file, line: line, key: key, known: keys))
                continue
            }
            let reader = ValueReader(file: file, line: line, key: key, value: value, base: base)
            do throws(ConfigError) {
                switch key {
                case "inbox": config.inbox = try reader.path()
                case "processed": config.processed = try reader.path(); explicitProcessed = true
                case "failed": config.failed = try reader.path(); explicitFailed = true
                case "store": config.store = try reader.storePath()
                case "password_file": config.passwordFile = try reader.path(allowEmpty: true)
                case "taxonomy": config.taxonomy = try reader.path(allowEmpty: true)
                case "model": config.model = try reader.path(allowEmpty: true)
                case "batch_size": config.batchSize = try reader.int(in: 1...10_000)
                case "batch_delay_ms": config.batchDelay = .milliseconds(try reader.int(in: 0...60_000))
                case "quiet_period_ms": config.quietPeriod = .milliseconds(try reader.int(in: 0...3_600_000))
                case "rescan_interval_s": config.rescanInterval = .seconds(try reader.int(in: 1...86_400))
                case "watch": config.watch = try reader.choice(WatchMode.self)
                case "poll_interval_ms": config.pollInterval = .milliseconds(try reader.int(in: 50...3_600_000))
                case "after_success": config.afterSuccess = try reader.choice(AfterSuccess.self)
                case "max_file_size": config.maxFileSize = try reader.size()
                case "accept_hard_links": config.acceptHardLinks = try reader.bool()
                case "log_level": config.logLevel = try reader.level(Logger.Level.allCases)
                case "log_articles": config.logArticles = try reader.level([.debug, .info])
                case "ocr_languages": config.ocr.languages = try reader.ocrLanguages()
                case "ocr_dpi_default": config.ocr.dpiDefault = try reader.int(in: 70...1200)
                case "max_image_pixels": config.ocr.maxImagePixels = try reader.int(in: 1...2_000_000_000)
                case "max_pdf_pages": config.ocr.maxPDFPages = try reader.int(in: 1...10_000)
                default: break
                }
            } catch {
                problems.append(error)
            }
        }
        if !explicitProcessed { config.processed = beside(config.inbox, "processed") }
        if !explicitFailed { config.failed = beside(config.inbox, "failed") }
        return (config, problems)
    }
}

/// Finds the line a top-level key is set on: TOMLKit keeps positions only for syntax
/// errors, and an operator needs a line number for a bad value too.
struct KeyLines {
    private let lines: [Substring]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func line(of key: String) -> Int {
        for (index, raw) in lines.enumerated() {
            let line = raw.drop(while: { $0 == " " || $0 == "\t" })
            for spelled in [key, "\"\(key)\"", "'\(key)'"] where line.hasPrefix(spelled) {
                let rest = line.dropFirst(spelled.count).drop(while: { $0 == " " || $0 == "\t" })
                if rest.hasPrefix("=") { return index + 1 }
            }
        }
        return 0
    }
}

/// Reads one key's value with the checks its type needs.
private struct ValueReader {
    let file: String
    let line: Int
    let key: String
    let value: TOMLValueConvertible
    let base: String

    private func bad(_ expected: String) -> ConfigError {
        .badValue(file: file, line: line, key: key, value: "\(value.tomlValue.debugDescription)", expected: expected)
    }

    func string() throws(ConfigError) -> String {
        guard value.type == .string, let text = value.string else { throw bad("a string") }
        return text
    }

    func path(allowEmpty: Bool = false) throws(ConfigError) -> String {
        let text = try string()
        if text.isEmpty {
            if allowEmpty { return "" }
            throw bad("a non-empty path")
        }
        if text.hasPrefix("/") { return text }
        return URL(fileURLWithPath: text, relativeTo: URL(fileURLWithPath: base, isDirectory: true)).standardizedFileURL.path
    }

    /// A store: a database URL as it is, else a path.
    func storePath() throws(ConfigError) -> String {
        let text = try string()
        return text.contains("://") ? text : try path()
    }

    func bool() throws(ConfigError) -> Bool {
        guard value.type == .bool, let flag = value.bool else { throw bad("true or false") }
        return flag
    }

    func int(in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard value.type == .int, let number = value.int, range.contains(number) else {
            throw bad("an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func choice<C: RawRepresentable & CaseIterable>(_: C.Type) throws(ConfigError) -> C where C.RawValue == String {
        let expected = "one of " + C.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard value.type == .string, let text = value.string, let choice = C(rawValue: text) else { throw bad(expected) }
        return choice
    }

    func level(_ allowed: [Logger.Level]) throws(ConfigError) -> Logger.Level {
        let expected = "one of " + allowed.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard value.type == .string, let text = value.string, let level = Logger.Level(rawValue: text),
              allowed.contains(level) else { throw bad(expected) }
        return level
    }

    /// Tesseract language names joined by `+` (`chi_sim`, `chi_sim+eng`): letters, digits
    /// and `_` only, since the value becomes a path under tessdata.
    func ocrLanguages() throws(ConfigError) -> String {
        let text = try string()
        let names = text.split(separator: "+", omittingEmptySubsequences: false)
        guard !names.isEmpty, names.allSatisfy({ name in
            !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
        }) else {
            throw bad("tesseract languages joined by +, like \"chi_sim\" or \"chi_sim+eng\"")
        }
        return text
    }

    /// Bytes, as an integer or a string with a unit: `"16MiB"`, `"512K"`, `"2G"`.
    func size() throws(ConfigError) -> Int {
        let expected = "a positive size in bytes, or a string like \"16MiB\""
        if value.type == .int, let number = value.int, number > 0 { return number }
        guard value.type == .string, let text = value.string,
              let bytes = DaemonConfig.parseSize(text) else { throw bad(expected) }
        return bytes
    }
}

extension DaemonConfig {
    /// `"16MiB"`, `"16M"`, `"512k"`, `"1048576"` → bytes (binary multiples); nil if malformed.
    public static func parseSize(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix(while: \.isNumber)
        guard let number = Int(digits), number > 0 else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        let multiplier: Int
        switch unit {
        case "", "b": multiplier = 1
        case "k", "kb", "kib": multiplier = 1 << 10
        case "m", "mb", "mib": multiplier = 1 << 20
        case "g", "gb", "gib": multiplier = 1 << 30
        default: return nil
        }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }
}
