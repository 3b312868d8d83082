import Foundation
import GazetteStore

/// The full-text index's values in PostgreSQL's own text forms, from the tokens the SQLite
/// index receives (`SearchTokens`): the same tokens, so both stores match the same articles.
///
/// The vector is written as a `tsvector` literal (`'医保':1A,7D 'covid':3A`) rather than
/// parsed by `to_tsvector`: PostgreSQL's parser would split or drop CJK text by the
/// server's locale; a literal keeps each token as it is, with its position and weight.
enum SearchVector {
    /// The weight of each field, in `PreparedArticle.tokens`' order (headline, subtitle,
    /// kicker, body, names): the headline weighs most, as on SQLite (10, 5, 3, 1, 5).
    static let weights: [UInt8] = Array("ABCDB".utf8)
    /// `ts_rank`'s weights for D, C, B, A: SQLite's column weights over 10.
    static let rankWeights = "'{0.1, 0.3, 0.5, 1.0}'"
    /// PostgreSQL keeps positions up to 16383 (later ones count as 16383), 256 per lexeme
    /// (its input keeps the first), and lexemes shorter than 2 KB: a phrase past 16,000
    /// tokens of one article is not found by its position, only by its tokens' presence (no
    /// real article is that long).
    static let maxPosition = 16_383
    static let maxLexemeBytes = 2_046

    /// The `tsvector` literal of one article's fields: every token with its position and
    /// weight, in text order (`'医保':1A '保基':2A '医保':7D`). PostgreSQL's input merges a
    /// lexeme's occurrences into one entry with all its positions, so the literal is made
    /// in one pass over the bytes, without grouping the tokens here: grouping them in a
    /// dictionary of strings was a third of `gazette ingest`'s CPU time. One position is
    /// left empty between fields, so a phrase never runs from the end of one field into the
    /// next (FTS5 matches a phrase within one column).
    static func literal(_ fields: [String]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(fields.reduce(0) { $0 + $1.utf8.count } * 2)
        var position = 0
        for (field, weight) in zip(fields, weights) {
            var field = field
            field.withUTF8 { bytes in
                guard let base = bytes.baseAddress else { return }
                let count = bytes.count
                // Quoting looks at each byte only in a field that holds a ' or a \.
                let plain = memchr(base, 0x27, count) == nil && memchr(base, 0x5C, count) == nil
                var start = 0
                while start < count {
                    let end = memchr(base + start, 0x20, count - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? count
                    defer { start = end + 1 }
                    guard end > start else { continue }
                    position += 1
                    guard end - start <= maxLexemeBytes else { continue }
                    if !out.isEmpty { out.append(0x20) }
                    let token = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    out.append(0x27)
                    if plain { out.append(contentsOf: token) } else { appendEscaped(token, to: &out) }
                    out.append(0x27)
                    out.append(0x3A)
                    appendDecimal(min(position, maxPosition), to: &out)
                    out.append(weight)
                }
            }
            position += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A lexeme's bytes inside quotes: `'` doubled, `\` escaped.
    private static func appendEscaped(_ token: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        for byte in token {
            if byte == 0x27 || byte == 0x5C { out.append(byte) }
            out.append(byte)
        }
    }

    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        var divisor = 1
        while divisor * 10 <= value { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(0x30 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// The `tsquery` of a query's phrases: each a phrase of consecutive tokens (`<->`), its
    /// last a prefix when `SearchTokens` says so (`'医':*`), all of them required (`&`).
    static func query(_ phrases: [(tokens: [Substring], prefix: Bool)]) -> String {
        phrases.map { phrase in
            let last = phrase.tokens.count - 1
            let tokens = phrase.tokens.enumerated().map { index, token in
                quoted(token) + (phrase.prefix && index == last ? ":*" : "")
            }
            return "(" + tokens.joined(separator: " <-> ") + ")"
        }.joined(separator: " & ")
    }

    /// A lexeme quoted for tsvector and tsquery input: `'` doubled, `\` escaped.
    static func quoted(_ lexeme: Substring) -> String {
        var out = "'"
        for character in lexeme {
            switch character {
            case "'": out += "''"
            case "\\": out += "\\\\"
            default: out.append(character)
            }
        }
        return out + "'"
    }
}
