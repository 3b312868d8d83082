/// Normalized page text → articles: reflow, segment, extract, dedupe.
/// (Skeleton; the layout stages replace it.)
public enum PageLayout {
    public static func articles(fromNormalized text: String) -> [Article] {
        let paragraphs = text.split(separator: "\n").map(String.init)
        return [Article(seq: 1, paragraphs: paragraphs)]
    }
}
