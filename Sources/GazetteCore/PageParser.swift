/// The whole text pipeline, bytes in, articles out: decode → normalize → reflow → segment →
/// extract → dedupe → places. Pure: no I/O, no clock, no globals, so it can be fuzzed and
/// run on any thread.
public enum PageParser {
    /// Parses one page. Throws only for input that is not a text page at all (empty, binary,
    /// nothing but whitespace and marks); OCR noise is repaired, counted in `Quality`, and
    /// never an error. `sha256` is the bytes' SHA-256 when the caller has computed it already
    /// (`gazette import` hashes every file before parsing, to skip stored pages): hashing a
    /// page again was ~2 % of an import's CPU.
    public static func parse(
        _ bytes: [UInt8], sha256: String? = nil, places: PlaceFinder = PlaceFinder()
    ) throws(PageError) -> ParsedPage {
        let (text, encoding, replacedBytes) = try normalized(bytes)
        guard hasText(text) else {
            // Nothing but replacement characters is undecodable bytes, not an empty OCR result.
            throw replacedBytes > 0
                ? .binary(detail: "none of it decodes as UTF-8, UTF-16 or GB18030") : .noText
        }
        let articles = located(PageLayout.articles(fromNormalized: text), places: places)
        return ParsedPage(
            sha256: sha256 ?? SHA256.hex(of: bytes), encoding: encoding, replacedBytes: replacedBytes, articles: articles)
    }

    /// The articles with the provinces and places their headline and text name.
    static func located(_ articles: [Article], places: PlaceFinder) -> [Article] {
        var articles = articles
        for index in articles.indices {
            let found = places.locate(headline: articles[index].headline, paragraphs: articles[index].paragraphs)
            articles[index].provinces = found.provinces
            articles[index].places = found.places
        }
        return articles
    }

    /// Decode and normalize in a scope of their own, so that the decoded text (a copy of the
    /// page) is freed before the layout stages make theirs: ~16 MB less at the peak of a
    /// 16 MB page, whose parse holds about eight copies of its text at once.
    private static func normalized(_ bytes: [UInt8]) throws(PageError)
        -> (text: [Unicode.Scalar], encoding: TextEncoding, replacedBytes: Int)
    {
        let decoded = try TextDecoder.decode(bytes)
        return (TextNormalizer.normalizedScalars(decoded.text), decoded.encoding, decoded.replacedBytes)
    }

    /// The boundary model's candidates on a page: for each title block with no byline or
    /// lead after it, the 0-based line where it starts and its features, in the order of
    /// `boundaryFeatureNames`. For training the model (`gazette parse --boundary-features`).
    public static func boundaryFeatures(_ bytes: [UInt8]) throws(PageError) -> [(line: Int, features: [Double])] {
        let decoded = try TextDecoder.decode(bytes)
        let text = TextNormalizer.normalizedScalars(decoded.text)
        return PageLayout.boundaryCandidates(fromNormalized: text).map { ($0.line, $0.features) }
    }

    public static var boundaryFeatureNames: [String] { BoundaryModel.featureNames }

    /// True when the normalized text holds at least one letter, digit or ideograph: a page of
    /// only punctuation, rules, □/■ marks or replacement characters has nothing to store.
    static func hasText(_ normalized: [Unicode.Scalar]) -> Bool {
        normalized.contains { scalar in
            switch scalar.value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x4E00...0x9FFF: true
            case 0..<0x80, 0xFFFD: false
            default: scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            }
        }
    }
}
