/// The whole text pipeline, bytes in, articles out: decode → normalize → reflow → segment →
/// extract → dedupe → places. Pure: no I/O, no clock, no globals, so it can be fuzzed and
/// run on any thread.
public enum PageParser {
    /// Parses one page. Throws only for input that is not a text page at all (empty,
    /// binary); OCR noise is repaired, counted in `Quality`, and never an error.
    public static func parse(_ bytes: [UInt8]) throws(PageError) -> ParsedPage {
        // Skeleton: replaced stage by stage by the real pipeline.
        guard !bytes.isEmpty else { throw .empty }
        let text = String(decoding: bytes, as: UTF8.self)
        let paragraphs = text.split(separator: "\n").map(String.init)
        return ParsedPage(
            sha256: "", encoding: .utf8,
            articles: [Article(seq: 1, paragraphs: paragraphs)])
    }
}
