/// The whole text pipeline, bytes in, articles out: decode → normalize → reflow → segment →
/// extract → dedupe → places. Pure: no I/O, no clock, no globals, so it can be fuzzed and
/// run on any thread.
public enum PageParser {
    /// Parses one page. Throws only for input that is not a text page at all (empty,
    /// binary); OCR noise is repaired, counted in `Quality`, and never an error.
    public static func parse(_ bytes: [UInt8], places: PlaceFinder = PlaceFinder()) throws(PageError) -> ParsedPage {
        let decoded = try TextDecoder.decode(bytes)
        let text = TextNormalizer.normalize(decoded.text)
        var articles = PageLayout.articles(fromNormalized: text)
        for index in articles.indices {
            let found = places.locate(headline: articles[index].headline, paragraphs: articles[index].paragraphs)
            articles[index].provinces = found.provinces
            articles[index].places = found.places
        }
        return ParsedPage(
            sha256: SHA256.hex(of: bytes), encoding: decoded.encoding,
            replacedBytes: decoded.replacedBytes, articles: articles)
    }
}
