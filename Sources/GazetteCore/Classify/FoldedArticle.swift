/// An article folded once into the scalar streams both signals read.
///
/// Paragraphs are joined with a 0 separator, which no term contains and which breaks n-gram
/// context, so nothing matches across a paragraph boundary. Folding is done on Unicode scalars
/// (not `Character`s): grapheme breaking is the slowest thing one can do to a string.
struct FoldedArticle {
    var headline: [UInt32] = []
    var body: [UInt32] = []
    /// Body positions before this index belong to the lead (first non-empty paragraph).
    var leadEnd = 0
    /// The original text, kept only when regex patterns need it.
    var raw: String?

    init(headline: String?, paragraphs: [String], keepRaw: Bool) {
        if let headline { self.headline = TextFolding.fold(headline) }
        body.reserveCapacity(paragraphs.reduce(0) { $0 + $1.utf8.count / 3 + 1 })
        for paragraph in paragraphs { append(paragraph) }
        if keepRaw { raw = ([headline ?? ""] + paragraphs).joined(separator: "\n") }
    }

    init(headline: String?, text: String, keepRaw: Bool) {
        if let headline { self.headline = TextFolding.fold(headline) }
        body.reserveCapacity(text.utf8.count / 3 + 1)
        append(text)
        if keepRaw { raw = (headline ?? "") + "\n" + text }
    }

    /// Appends text, turning each line break into a paragraph separator.
    private mutating func append(_ text: String) {
        var paragraphHasContent = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0x0A || v == 0x0D || v == 0x2028 || v == 0x2029 {
                if paragraphHasContent { endParagraph() }
                paragraphHasContent = false
                continue
            }
            if let folded = TextFolding.fold(v), folded != 0 {
                body.append(folded)
                paragraphHasContent = true
            }
        }
        if paragraphHasContent { endParagraph() }
    }

    private mutating func endParagraph() {
        body.append(0)
        if leadEnd == 0 { leadEnd = body.count }
    }
}
