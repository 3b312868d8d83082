import GazetteCore
import Foundation
import GRDB

/// The searchable text of one article, as both full-text indexes receive it.
///
/// The trigram index gets the text as is. The grams index gets each run of CJK characters
/// as its unigrams and bigrams (`医保基金` → `医 保 基 金 医保 保基 基金`), other words as
/// they are, so a one- or two-character query is a single unicode61 token.
struct SearchText {
    var headline: String?
    var subtitle: String?
    var kicker: String?
    var body: String
    var names: String

    init(headline: String?, subtitle: String?, kicker: String?, paragraphs: [String], names: [String]) {
        self.headline = headline
        self.subtitle = subtitle
        self.kicker = kicker
        self.body = paragraphs.joined(separator: "\n")
        self.names = names.joined(separator: " ")
    }

    /// Writes both index rows under the article's id (same rowid as `articles.id`).
    func insert(_ db: Database, articleID: Int64) throws {
        try db.execute(
            sql: "INSERT INTO search_trigram(rowid, headline, subtitle, kicker, body, names) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [articleID, headline ?? "", subtitle ?? "", kicker ?? "", body, names])
        try db.execute(
            sql: "INSERT INTO search_grams(rowid, headline, subtitle, kicker, body, names) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                articleID, Grams.text(headline ?? ""), Grams.text(subtitle ?? ""), Grams.text(kicker ?? ""),
                Grams.text(body), Grams.text(names),
            ])
    }
}

/// Unigram + bigram splitting of CJK text for the grams index (and its queries).
enum Grams {
    /// Han, kana, hangul and CJK compatibility: characters written without spaces.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF,
             0xF900...0xFAFF, 0x20000...0x3134F:
            true
        default:
            false
        }
    }

    /// Space-separated tokens: for each CJK run its unigrams then its bigrams; other
    /// letters and digits as words; everything else a separator. Built as UTF-8 bytes in
    /// one pass (this runs over every article body at ingest).
    static func text(_ string: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count * 3)
        var run: [Unicode.Scalar] = []
        var word: [Unicode.Scalar] = []
        func put(_ scalar: Unicode.Scalar) {
            UTF8.encode(scalar) { out.append($0) }
        }
        func flushRun() {
            guard !run.isEmpty else { return }
            for scalar in run {
                put(scalar)
                out.append(0x20)
            }
            if run.count > 1 {
                for index in 0..<(run.count - 1) {
                    put(run[index])
                    put(run[index + 1])
                    out.append(0x20)
                }
            }
            run.removeAll(keepingCapacity: true)
        }
        func flushWord() {
            guard !word.isEmpty else { return }
            for scalar in word { put(scalar) }
            out.append(0x20)
            word.removeAll(keepingCapacity: true)
        }
        for scalar in string.unicodeScalars {
            if isCJK(scalar) {
                if !word.isEmpty { flushWord() }
                run.append(scalar)
            } else if scalar.isASCII ? isASCIIAlphanumeric(scalar) : (scalar.properties.isAlphabetic || scalar.properties.numericType != nil) {
                if !run.isEmpty { flushRun() }
                word.append(scalar)
            } else {
                flushRun()
                flushWord()
            }
        }
        flushRun()
        flushWord()
        return String(decoding: out, as: UTF8.self)
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        default: false
        }
    }
}

/// Helpers for the JSON text columns (arrays of strings, score objects).
enum JSONColumn {
    static func strings(_ text: String?) -> [String] {
        guard let text, let data = text.data(using: .utf8),
            let array = try? JSONDecoder().decode([String].self, from: data)
        else { return [] }
        return array
    }

    static func text(_ strings: [String]) -> String {
        JSONText.array(strings)
    }

    static func scores(_ text: String?) -> [String: Double] {
        guard let text, let data = text.data(using: .utf8),
            let object = try? JSONDecoder().decode([String: Double].self, from: data)
        else { return [:] }
        return object
    }

    static func text(_ scores: [String: Double]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(scores) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
