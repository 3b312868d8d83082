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
    static let weights: [Character] = ["A", "B", "C", "D", "B"]
    /// `ts_rank`'s weights for D, C, B, A: SQLite's column weights over 10.
    static let rankWeights = "'{0.1, 0.3, 0.5, 1.0}'"
    /// PostgreSQL keeps positions up to 16383 (later ones count as 16383), 256 per lexeme,
    /// and lexemes shorter than 2 KB: a phrase past 16,000 tokens of one article is not
    /// found by its position, only by its tokens' presence (no real article is that long).
    static let maxPosition = 16_383
    static let maxPositionsPerLexeme = 256
    static let maxLexemeBytes = 2_046

    /// The `tsvector` literal of one article's fields. One position is left empty between
    /// fields, so a phrase never runs from the end of one field into the next (FTS5 matches
    /// a phrase within one column).
    static func literal(_ fields: [String]) -> String {
        var positions: [Substring: [String]] = [:]
        var position = 0
        for (field, weight) in zip(fields, weights) {
            for token in field.split(separator: " ") {
                position += 1
                guard token.utf8.count <= maxLexemeBytes else { continue }
                let clamped = min(position, maxPosition)
                if positions[token, default: []].count < maxPositionsPerLexeme {
                    positions[token, default: []].append("\(clamped)\(weight)")
                }
            }
            position += 1
        }
        var out = ""
        out.reserveCapacity(positions.count * 12)
        for (lexeme, at) in positions {
            if !out.isEmpty { out += " " }
            out += quoted(lexeme) + ":" + at.joined(separator: ",")
        }
        return out
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
