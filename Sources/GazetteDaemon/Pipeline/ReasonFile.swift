import Foundation

/// The contents of `failed/NAME.reason.json`: enough for an operator to decide what to do
/// with the file without opening the journal.
struct ReasonFile: Sendable, Codable, Equatable {
    /// The name the file had in the inbox (relative to it), for display: a name that is
    /// not UTF-8 is repaired here (`\u{FFFD}`) …
    var file: String
    /// … and kept exactly in `file_escaped` (`\xHH` for each invalid byte); absent for a
    /// UTF-8 name.
    var fileEscaped: String?
    var code: String
    var message: String
    /// What the operator can do about it.
    var advice: String
    var sha256: String?
    var size: Int
    /// When it was refused (ISO 8601).
    var at: String

    enum CodingKeys: String, CodingKey {
        case file, fileEscaped = "file_escaped", code, message, advice, sha256, size, at
    }

    init(file: String, fileEscaped: String? = nil, refusal: Refusal, sha256: String?, size: Int, at: Date) {
        self.file = file
        self.fileEscaped = fileEscaped
        self.code = refusal.code
        self.message = refusal.message
        self.advice = refusal.advice
        self.sha256 = sha256
        self.size = size
        self.at = ISO8601DateFormatter().string(from: at)
    }

    func json() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return [UInt8](data) + [0x0A]
    }
}
