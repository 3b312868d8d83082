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
        out.raw("{\"seq\":"); out.integer(article.seq)
        out.raw(",\"kind\":"); out.string(article.kind.rawValue)
        out.raw(",\"kicker\":"); out.optionalString(article.kicker)
        out.raw(",\"headline\":"); out.optionalString(article.headline)
        out.raw(",\"subtitle\":"); out.optionalString(article.subtitle)
        out.raw(",\"reporters\":"); out.strings(article.reporters)
        out.raw(",\"correspondents\":"); out.strings(article.correspondents)
        out.raw(",\"photographers\":"); out.strings(article.photographers)
        out.raw(",\"source\":"); out.optionalString(article.source)
        out.raw(",\"dateline\":"); out.optionalString(article.dateline)
        out.raw(",\"continued_from\":"); out.optionalString(article.continuedFrom)
        out.raw(",\"subheads\":"); out.strings(article.subheads)
        out.raw(",\"paragraphs\":"); out.strings(article.paragraphs)
        if let classification = article.classification {
            out.raw(",\"category\":"); out.string(classification.category)
            out.raw(",\"confidence\":"); out.number(classification.confidence)
            out.raw(",\"scores\":{")
            for (index, score) in topScores(classification.scores).enumerated() {
                if index > 0 { out.raw(",") }
                out.string(score.key); out.raw(":"); out.number(score.value)
            }
            out.raw("}")
        }
        out.raw(",\"provinces\":"); out.strings(article.provinces)
        out.raw(",\"places\":"); out.strings(article.places)
        out.raw(",\"quality\":{\"joined_breaks\":"); out.integer(article.quality.joinedBreaks)
        out.raw(",\"dropped_duplicates\":"); out.integer(article.quality.droppedDuplicates)
        out.raw(",\"garbled_ratio\":"); out.number(article.quality.garbledRatio)
        out.raw(",\"dropped_furniture\":"); out.integer(article.quality.droppedFurniture)
        if let confidence = article.quality.ocrConfidence {
            out.raw(",\"ocr_confidence\":"); out.number(confidence)
        }
        out.raw("}}")
    }

    private static func optionalNumber(_ value: Double?, to out: inout JSONBuffer) {
        if let value { out.number(value) } else { out.raw("null") }
    }

    /// The best `topScoreCount` scores, highest first; equal scores in key order so the
    /// output is deterministic.
    static func topScores(_ scores: [String: Double]) -> [(key: String, value: Double)] {
        scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(topScoreCount).map { ($0.key, $0.value) }
    }
}
