/// The parse contract's fields of one article (DESIGN.md), written in one place for every
/// line that carries an article: `gazette parse --json` (`PageJSON`), and `gazette export`,
/// `gazette show` and the reading room's `/api/articles/{id}` (`ExportedArticle`, which puts
/// its own fields — id, file, arrival, label — around these). One writer, so the outputs
/// cannot drift apart: a field added to the contract reaches all of them.
///
/// Keys in the contract's order and spelling; doubles rounded to `JSONBuffer.fractionDigits`.
public enum ArticleJSON {
    /// Which of the classifier's scores a line carries.
    public enum Scores: Sendable {
        /// The best `n`, highest first (the parse contract: three).
        case best(Int)
        /// Every topic's score, highest first (export: the whole distribution, for analysts
        /// who re-weigh or audit the classifier).
        case all
    }

    /// Writes `"seq":…` through `"quality":{…}`, comma-separated, without the enclosing
    /// braces: the caller opens the object, may write its own fields before (ending with a
    /// comma) or after (starting with one), and closes it.
    ///
    /// - Parameter droppedFurniture: whether `quality` carries `dropped_furniture`, a fact of
    ///   the page's parse that the store does not keep (so a stored article omits it rather
    ///   than claim zero).
    public static func writeFields(
        of article: Article, scores: Scores, droppedFurniture: Bool, to out: inout JSONBuffer
    ) {
        out.raw("\"seq\":"); out.integer(article.seq)
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
            for (index, score) in ranked(classification.scores, scores).enumerated() {
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
        if droppedFurniture {
            out.raw(",\"dropped_furniture\":"); out.integer(article.quality.droppedFurniture)
        }
        if let confidence = article.quality.ocrConfidence {
            out.raw(",\"ocr_confidence\":"); out.number(confidence)
        }
        out.raw("}")
    }

    /// Scores highest first; equal scores in key order so the output is deterministic.
    static func ranked(_ scores: [String: Double], _ which: Scores) -> [(key: String, value: Double)] {
        let sorted = scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        switch which {
        case .best(let count): return sorted.prefix(count).map { ($0.key, $0.value) }
        case .all: return sorted.map { ($0.key, $0.value) }
        }
    }
}
