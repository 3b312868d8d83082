import Foundation

/// Splits one article given as plain text (what `gazette classify` reads) into headline and
/// paragraphs.
public enum ArticleText {
    /// The first non-empty line is the headline when it looks like one: short (≤ 40
    /// characters), not ending like a sentence, and followed by more text. Otherwise the text
    /// has no headline and every line is a paragraph.
    public static func split(_ text: String) -> (headline: String?, paragraphs: [String]) {
        let lines = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard let first = lines.first, lines.count > 1 else { return (nil, lines) }
        let sentenceEnds: Set<Character> = ["。", "！", "？", "；", "…", ".", "!", "?", ";", "，", ","]
        let looksLikeHeadline = first.count <= 40 && !(first.last.map(sentenceEnds.contains) ?? false)
        return looksLikeHeadline ? (first, Array(lines.dropFirst())) : (nil, lines)
    }
}
