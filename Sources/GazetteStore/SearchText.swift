import GazetteCore
import Foundation
import GRDB

/// The searchable text of one article, as the full-text index `search_text` receives it:
/// each field turned into search tokens by `SearchTokens` (the index keeps no text of its
/// own; `articles` has it).
struct SearchText {
    var headline: String?
    var subtitle: String?
    var kicker: String?
    var paragraphs: [String]
    var names: [String]

    init(headline: String?, subtitle: String?, kicker: String?, paragraphs: [String], names: [String]) {
        self.headline = headline
        self.subtitle = subtitle
        self.kicker = kicker
        self.paragraphs = paragraphs
        self.names = names
    }

    static let insertSQL = "INSERT INTO search_text(rowid, headline, subtitle, kicker, body, names) VALUES (?, ?, ?, ?, ?, ?)"

    /// Writes the index row under the article's id (same rowid as `articles.id`).
    func insert(_ db: Database, articleID: Int64) throws {
        try db.cachedStatement(sql: Self.insertSQL).execute(arguments: [
            articleID, SearchTokens.text(headline), SearchTokens.text(subtitle), SearchTokens.text(kicker),
            SearchTokens.text(paragraphs), SearchTokens.text(names),
        ])
    }
}

/// The tokens of the full-text index, computed here so that FTS5's `ascii` tokenizer only
/// has to split on spaces: one index serves queries of every length.
///
/// - Each run of CJK characters becomes its bigrams in order, then the run's last character
///   alone: `医保基金` → `医保 保基 基金 金`, `医` → `医`. Any 2+ character substring of a run
///   is then a phrase of consecutive bigrams; a single character is a prefix query (it
///   starts a bigram, or is a run's last character); and the closing unigram stands between
///   two runs, so a phrase never matches across punctuation (`医保，基金` has no `保基`).
/// - Other letters and digits make words, lowercased here (the `ascii` tokenizer folds only
///   ASCII), with fullwidth ASCII (`５Ｇ`, common in OCR) folded to ASCII. Words match whole.
/// - Everything else separates.
///
/// About 1 token per CJK character (the trigram + unigram/bigram indexes of schema v2 made
/// 3), which is what makes ingest cheap.
package enum SearchTokens {
    /// Han, kana, hangul, CJK compatibility and 々〆〇: characters written without spaces.
    @inline(__always)
    static func isCJK(_ value: UInt32) -> Bool {
        switch value {
        case 0x3005...0x3007, 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF,
             0xF900...0xFAFF, 0x20000...0x3134F:
            true
        default:
            false
        }
    }

    /// The index text of one field (nil is empty).
    package static func text(_ field: String?) -> String {
        guard var field, !field.isEmpty else { return "" }
        var out: [UInt8] = []
        out.reserveCapacity(field.utf8.count * 5 / 2 + 8)
        field.withUTF8 { append($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The index text of a field made of several parts (paragraphs, names): each part ends
    /// its runs and words, and no joined copy of the parts is made.
    package static func text(_ parts: [String]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(parts.reduce(0) { $0 + $1.utf8.count } * 5 / 2 + 8)
        for var part in parts where !part.isEmpty {
            part.withUTF8 { append($0, to: &out) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the tokens of `bytes` (valid UTF-8: it comes from a String), each followed by
    /// a space. One pass, no per-character allocation: a bigram is the two characters'
    /// bytes, which lie side by side in the input.
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let count = bytes.count
        var index = 0
        // The current CJK character of an open run (start, length); -1 when no run is open.
        var runStart = -1
        var runLength = 0
        var inWord = false
        @inline(__always) func closeRun() {
            if runStart >= 0 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<(runStart + runLength)]))
                out.append(0x20)
                runStart = -1
            }
        }
        @inline(__always) func closeWord() {
            if inWord {
                out.append(0x20)
                inWord = false
            }
        }
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                switch lead {
                case 0x30...0x39, 0x61...0x7A:
                    closeRun()
                    out.append(lead)
                    inWord = true
                case 0x41...0x5A:
                    closeRun()
                    out.append(lead | 0x20)
                    inWord = true
                default:
                    closeRun()
                    closeWord()
                }
                index += 1
                continue
            }
            let length: Int
            let value: UInt32
            if lead < 0xE0 {
                length = 2
                value = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
            } else if lead < 0xF0 {
                length = 3
                value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
            } else {
                length = 4
                value = UInt32(lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                    | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
            }
            if isCJK(value) {
                closeWord()
                if runStart >= 0 {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<(index + length)]))
                    out.append(0x20)
                }
                runStart = index
                runLength = length
            } else {
                closeRun()
                appendWordCharacter(value, bytes: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]),
                                    to: &out, inWord: &inWord)
            }
            index += length
        }
        closeRun()
        closeWord()
    }

    /// A non-ASCII, non-CJK character: part of a word when it is a letter or digit
    /// (fullwidth ASCII folded, others lowercased), else a separator.
    private static func appendWordCharacter(
        _ value: UInt32, bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], inWord: inout Bool
    ) {
        switch value {
        case 0xFF10...0xFF19, 0xFF41...0xFF5A:  // ０-９ ａ-ｚ
            out.append(UInt8(value - 0xFEE0))
            inWord = true
            return
        case 0xFF21...0xFF3A:  // Ａ-Ｚ
            out.append(UInt8(value - 0xFEE0) | 0x20)
            inWord = true
            return
        default:
            if isPunctuation(value) {  // ，。“”、（） on every line: no property lookup for them
                if inWord {
                    out.append(0x20)
                    inWord = false
                }
                return
            }
        }
        guard let scalar = Unicode.Scalar(value),
            scalar.properties.isAlphabetic || scalar.properties.numericType != nil
        else {
            if inWord {
                out.append(0x20)
                inWord = false
            }
            return
        }
        if scalar.properties.changesWhenLowercased {
            out.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
        } else {
            out.append(contentsOf: bytes)
        }
        inWord = true
    }

    /// General punctuation (“” — …), CJK punctuation (、。《》「」【】〔〕) and fullwidth
    /// punctuation (，：；！？（）): separators, known without Unicode's property tables,
    /// whose lookups were ~1 % of an import's CPU (Chinese text has one of these every few
    /// characters). Every scalar listed is neither alphabetic nor numeric (tested), so the
    /// answer is the one the tables would give.
    @inline(__always)
    static func isPunctuation(_ value: UInt32) -> Bool {
        switch value {
        case 0x2000...0x206F, 0x3000...0x3004, 0x3008...0x3020, 0x3030, 0x303D...0x303F,
             0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65:
            true
        default:
            false
        }
    }

    /// The FTS5 phrase for one query term, or nil when it has nothing to search for.
    ///
    /// The term is tokenized as the index text is, except for a run of CJK characters that
    /// ends the term: the text may continue it (`医保` inside `医保基金`), so its closing
    /// unigram is dropped; and when that run is a single character, it becomes a prefix
    /// (`"医" *` matches the bigrams starting with 医 and a run ending in 医). The term's
    /// first run needs nothing special (its bigrams are consecutive in any longer run);
    /// runs in the middle are whole runs in the text too, closing unigram included. Latin
    /// words and numbers match whole words (`5g`, not `5`).
    ///
    /// Built from tokens only, quoted: user text never becomes FTS5 syntax.
    static func phrase(_ term: String) -> String? {
        phraseTokens(term).map(fts5)
    }

    /// A phrase in FTS5's syntax: its tokens quoted, `*` after when the last is a prefix.
    static func fts5(_ phrase: (tokens: [Substring], prefix: Bool)) -> String {
        "\"" + phrase.tokens.joined(separator: " ") + "\"" + (phrase.prefix ? " *" : "")
    }

    /// The tokens of a term's phrase, in order, and whether the last one is a prefix: what
    /// `phrase` writes in FTS5's syntax, for a store that writes it in another (PostgreSQL's
    /// `tsquery`), so both match the same articles.
    package static func phraseTokens(_ term: String) -> (tokens: [Substring], prefix: Bool)? {
        let term = trimmed(term)
        var tokens = text(term).split(separator: " ")
        guard let final = tokens.last else { return nil }
        var prefix = false
        if let last = term.unicodeScalars.last, isCJK(last.value) {
            if tokens.count >= 2, isBigram(tokens[tokens.count - 2], endingWith: final) {
                tokens.removeLast()
            } else {
                prefix = true
            }
        }
        return (tokens, prefix)
    }

    /// The term without the punctuation around it: `"医保基金"`, `医保基金，` and `“医保”` are
    /// the bare terms. Punctuation separates tokens, so inside a term it already matches as
    /// the text's does; at the end it would keep a CJK run's closing unigram (the run would
    /// have to end there), which finds far fewer articles than the term itself.
    package static func trimmed(_ term: String) -> String {
        let scalars = term.unicodeScalars
        guard let first = scalars.firstIndex(where: isTokenScalar), let last = scalars.lastIndex(where: isTokenScalar) else {
            return ""
        }
        return String(scalars[first...last])
    }

    /// A scalar the index keeps: CJK, or a letter or digit of a word.
    private static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
        isCJK(scalar.value) || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Whether `token` is a CJK bigram whose second character is `final` (a closing unigram
    /// right after it then belongs to the same run).
    private static func isBigram(_ token: Substring, endingWith final: Substring) -> Bool {
        let scalars = Array(token.unicodeScalars)
        return scalars.count == 2 && scalars.allSatisfy { isCJK($0.value) } && final.unicodeScalars.elementsEqual([scalars[1]])
    }
}

/// Helpers for the JSON text columns (arrays of strings, score objects).
package enum JSONColumn {
    package static func strings(_ text: String?) -> [String] {
        // Most list columns of most articles are empty (correspondents, photographers, places…):
        // a decoder per empty column was most of the JSON cost of a page of search results.
        if text == nil || text == "[]" { return [] }
        if let text, let strings = plainStrings(text) { return strings }
        guard let text, let data = text.data(using: .utf8),
            let array = try? JSONDecoder().decode([String].self, from: data)
        else { return [] }
        return array
    }

    package static func text(_ strings: [String]) -> String {
        JSONText.array(strings)
    }

    package static func scores(_ text: String?) -> [String: Double] {
        if let text, let scores = plainScores(text) { return scores }
        guard let text, let data = text.data(using: .utf8),
            let object = try? JSONDecoder().decode([String: Double].self, from: data)
        else { return [:] }
        return object
    }

    /// The scores object, keys sorted, each number in Swift's shortest round-trip form so
    /// that it reads back bit for bit. Written by hand: a `JSONEncoder` per article was a
    /// quarter of the store's time per page (measured with `perf`, `gazette-bench store`).
    package static func text(_ scores: [String: Double]) -> String {
        var out = "{"
        for (index, key) in scores.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            let value = scores[key] ?? 0
            out += JSONText.string(key) + ":" + (value.isFinite ? "\(value)" : "null")
        }
        return out + "}"
    }
}
