import GazetteCore

/// A short passage around the first match of any term, with every match marked.
///
/// Computed in Swift rather than with FTS5 `snippet()`: the index is contentless (it keeps
/// no text to cut from) and its tokens are bigrams, not the words the analyst typed.
package enum Snippet {
    static let context = 30

    package static func make(for article: Article, terms: [String], marks: (open: String, close: String)) -> String {
        let fields = article.paragraphs + [article.headline, article.subtitle, article.kicker].compactMap { $0 }
            + [(article.reporters + article.correspondents + article.photographers).joined(separator: " ")]
        let needles = terms.map { fold(Array(SearchTokens.trimmed($0))) }.filter { !$0.isEmpty }
        for field in fields {
            let characters = Array(field)
            let lowered = fold(characters)
            guard let first = firstMatch(in: lowered, needles: needles, from: 0) else { continue }
            let start = max(0, first.at - context)
            let end = min(characters.count, first.at + first.length + context)
            var out = start > 0 ? "…" : ""
            var index = start
            while index < end {
                if let match = firstMatch(in: lowered, needles: needles, from: index), match.at == index {
                    let stop = min(characters.count, index + match.length)
                    out += marks.open + String(characters[index..<stop]) + marks.close
                    index = stop
                } else {
                    out.append(characters[index])
                    index += 1
                }
            }
            return out + (end < characters.count ? "…" : "")
        }
        let fallback = Array(article.paragraphs.first ?? article.headline ?? "")
        return String(fallback.prefix(context * 2)) + (fallback.count > context * 2 ? "…" : "")
    }

    /// ASCII case folding, and fullwidth ASCII letters and digits to ASCII (as the index
    /// does): keeps one Character per Character, so positions line up.
    private static func fold(_ characters: [Character]) -> [Character] {
        characters.map { character in
            // ASCII by arithmetic: `lowercased()` made a String per character (a tenth of a
            // search page's CPU went to snippets). "\r\n" is ASCII too and stays as it is.
            if let ascii = character.asciiValue {
                return 0x41...0x5A ~= ascii ? Character(Unicode.Scalar(ascii | 0x20)) : character
            }
            let scalars = character.unicodeScalars
            guard scalars.count == 1, let value = scalars.first?.value,
                0xFF10...0xFF19 ~= value || 0xFF21...0xFF3A ~= value || 0xFF41...0xFF5A ~= value,
                let ascii = Unicode.Scalar(value - 0xFEE0)
            else { return character }
            return Character(Character(ascii).lowercased())
        }
    }

    /// The earliest position at or after `from` where a needle starts (the longest needle there).
    private static func firstMatch(in text: [Character], needles: [[Character]], from: Int) -> (at: Int, length: Int)? {
        var best: (at: Int, length: Int)?
        for chars in needles {
            guard !chars.isEmpty, text.count >= chars.count, from <= text.count - chars.count else { continue }
            var position = from
            while position <= text.count - chars.count {
                if text[position] == chars[0], text[position..<(position + chars.count)].elementsEqual(chars) {
                    if best == nil || position < best!.at || (position == best!.at && chars.count > best!.length) {
                        best = (position, chars.count)
                    }
                    break
                }
                position += 1
                if let best, position > best.at { break }
            }
        }
        return best
    }
}
