import GRDB

/// The two full-text indexes of schema v2 (`search_trigram`, `search_grams`), kept only so
/// that migration v2 fills them as it always did; migration v4 replaces both with
/// `search_text`. Nothing else writes or reads them.
enum LegacySearchV2 {
    static func insert(
        _ db: Database, articleID: Int64, headline: String?, subtitle: String?, kicker: String?,
        paragraphs: [String], names: [String]
    ) throws {
        let body = paragraphs.joined(separator: "\n")
        let names = names.joined(separator: " ")
        try db.execute(
            sql: "INSERT INTO search_trigram(rowid, headline, subtitle, kicker, body, names) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [articleID, headline ?? "", subtitle ?? "", kicker ?? "", body, names])
        try db.execute(
            sql: "INSERT INTO search_grams(rowid, headline, subtitle, kicker, body, names) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                articleID, grams(headline ?? ""), grams(subtitle ?? ""), grams(kicker ?? ""), grams(body), grams(names),
            ])
    }

    /// v2's grams text: for each CJK run its unigrams then its bigrams; other letters and
    /// digits as words; everything else a separator.
    static func grams(_ string: String) -> String {
        var out: [Unicode.Scalar] = []
        var run: [Unicode.Scalar] = []
        var word: [Unicode.Scalar] = []
        func flushRun() {
            guard !run.isEmpty else { return }
            for scalar in run { out += [scalar, " "] }
            if run.count > 1 {
                for index in 0..<(run.count - 1) { out += [run[index], run[index + 1], " "] }
            }
            run.removeAll(keepingCapacity: true)
        }
        func flushWord() {
            guard !word.isEmpty else { return }
            out += word + [" "]
            word.removeAll(keepingCapacity: true)
        }
        for scalar in string.unicodeScalars {
            if isCJK(scalar) {
                flushWord()
                run.append(scalar)
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                flushRun()
                word.append(scalar)
            } else {
                flushRun()
                flushWord()
            }
        }
        flushRun()
        flushWord()
        var result = ""
        result.unicodeScalars.append(contentsOf: out)
        return result
    }

    private static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x3134F:
            true
        default:
            false
        }
    }
}
