import GazetteCore

/// A short passage around the first match of any term, with every match marked.
///
/// Computed in Swift rather than with FTS5 `snippet()`: the index is contentless (it keeps
/// no text to cut from) and its tokens are bigrams, not the words the analyst typed.
///
/// Works on Unicode scalars, as the index does: positions and the context are counted in
/// scalars (one per Chinese character). On `[Character]` arrays the snippets of one page of
/// results were a fifth of a fresh search's instructions at 100,000 pages (callgrind,
/// `gazette web`): every paragraph was split into grapheme clusters and each comparison
/// went through String comparison. Matching scalars is also what the index does, so a
/// snippet marks what the search found.
package enum Snippet {
    static let context = 30

    package static func make(for article: Article, terms: [String], marks: (open: String, close: String)) -> String {
        let needles = terms.map { fold(SearchTokens.trimmed($0).unicodeScalars) }.filter { !$0.isEmpty }
        var found: String?
        func look(_ field: String) -> Bool {
            found = passage(field, needles: needles, marks: marks)
            return found != nil
        }
        let names = (article.reporters + article.correspondents + article.photographers).joined(separator: " ")
        if article.paragraphs.contains(where: look) || [article.headline, article.subtitle, article.kicker].contains(where: {
            $0.map(look) ?? false
        }) || look(names) {
            return found ?? ""
        }
        let fallback = Array((article.paragraphs.first ?? article.headline ?? "").unicodeScalars)
        return String(String.UnicodeScalarView(fallback.prefix(context * 2))) + (fallback.count > context * 2 ? "…" : "")
    }

    /// The marked passage of `field` around its first match, or nil when no needle occurs in it.
    private static func passage(_ field: String, needles: [[UInt32]], marks: (open: String, close: String)) -> String? {
        let scalars = Array(field.unicodeScalars)
        let folded = scalars.map { fold($0) }
        guard let first = firstMatch(in: folded, needles: needles, from: 0) else { return nil }
        let start = max(0, first.at - context)
        let end = min(scalars.count, first.at + first.length + context)
        var out = String.UnicodeScalarView()
        if start > 0 { out.append("…") }
        var index = start
        // No match starts before the first one: the passage's marks start there.
        var next: (at: Int, length: Int)? = first
        while index < end {
            if let match = next, match.at < end {
                out.append(contentsOf: scalars[index..<match.at])
                let stop = min(scalars.count, match.at + match.length)
                out.append(contentsOf: marks.open.unicodeScalars)
                out.append(contentsOf: scalars[match.at..<stop])
                out.append(contentsOf: marks.close.unicodeScalars)
                index = stop
                next = firstMatch(in: folded, needles: needles, from: index)
            } else {
                out.append(contentsOf: scalars[index..<end])
                index = end
            }
        }
        if end < scalars.count { out.append("…") }
        return String(out)
    }

    /// ASCII case folding, and fullwidth ASCII letters and digits to lowercase ASCII (as the
    /// index does): one value per scalar, so positions line up.
    @inline(__always)
    private static func fold(_ scalar: Unicode.Scalar) -> UInt32 {
        let value = scalar.value
        switch value {
        case 0x41...0x5A: return value | 0x20
        case 0xFF10...0xFF19, 0xFF41...0xFF5A: return value - 0xFEE0
        case 0xFF21...0xFF3A: return (value - 0xFEE0) | 0x20
        default: return value
        }
    }

    private static func fold(_ scalars: String.UnicodeScalarView) -> [UInt32] {
        scalars.map { fold($0) }
    }

    /// The earliest position at or after `from` where a needle starts (the longest needle there).
    private static func firstMatch(in text: [UInt32], needles: [[UInt32]], from: Int) -> (at: Int, length: Int)? {
        var best: (at: Int, length: Int)?
        for needle in needles {
            guard let head = needle.first, text.count >= needle.count else { continue }
            // Only a match before the best one so far (or as early and longer) can win.
            let last = min(text.count - needle.count, best?.at ?? Int.max)
            var position = from
            while position <= last {
                if text[position] == head, text[position..<(position + needle.count)].elementsEqual(needle) {
                    if best == nil || position < best!.at || needle.count > best!.length {
                        best = (position, needle.count)
                    }
                    break
                }
                position += 1
            }
        }
        return best
    }
}
