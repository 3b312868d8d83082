/// The parse contract of DESIGN.md: one JSON object per page, on one line.
///
/// Keys come in the contract's order and spelling (snake_case); absent values are `null`,
/// empty lists `[]`. `category`, `confidence` and `scores` appear only once the classifier has
/// run (`Article.classification != nil`), and `scores` then holds the three best topics, best
/// first. Written by hand rather than with `JSONEncoder`: the key order is part of the
/// contract, and this runs once per page at pipeline speed.
///
/// ```swift
/// PageJSON.line(file: "seeds/000.txt", page: page)
/// // {"file":"seeds/000.txt","sha256":"7f08…","encoding":"utf-8","articles":[{"seq":1,"kind":"news",…}]}
/// ```
public enum PageJSON {
    /// How many topics `scores` lists.
    public static let topScoreCount = 3

    /// The page as one line of JSON, without the trailing newline.
    public static func line(file: String, page: ParsedPage) -> String {
        String(decoding: bytes(file: file, page: page), as: UTF8.self)
    }

    /// The same line as UTF-8 bytes, for writers that do not need a `String`.
    public static func bytes(file: String, page: ParsedPage) -> [UInt8] {
        var out = JSONBuffer()
        out.reserve(page.articles.reduce(256) { $0 + $1.paragraphs.reduce(512) { $0 + $1.utf8.count + 8 } })
        out.raw("{\"file\":"); out.string(file)
        out.raw(",\"sha256\":"); out.string(page.sha256)
        out.raw(",\"encoding\":"); out.string(page.encoding.rawValue)
        if page.source != .text {
            // Additive (issue #21): present for pages read from a scan or a PDF only.
            out.raw(",\"source_kind\":"); out.string(page.source.kind.rawValue)
            out.raw(",\"ocr_engine\":"); out.optionalString(page.source.engine)
            out.raw(",\"ocr_engine_version\":"); out.optionalString(page.source.engineVersion)
            out.raw(",\"ocr_confidence\":"); optionalNumber(page.source.meanConfidence, to: &out)
        }
        out.raw(",\"articles\":[")
        for (index, article) in page.articles.enumerated() {
            if index > 0 { out.raw(",") }
            write(article, to: &out)
        }
        out.raw("]}")
        return out.bytes
    }

    private static func write(_ article: Article, to out: inout JSONBuffer) {
        out.raw("{")
        ArticleJSON.writeFields(of: article, scores: .best(topScoreCount), droppedFurniture: true, to: &out)
        out.raw("}")
    }

    private static func optionalNumber(_ value: Double?, to out: inout JSONBuffer) {
        if let value { out.number(value) } else { out.raw("null") }
    }
}
