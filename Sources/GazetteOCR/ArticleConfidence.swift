import GazetteCore

/// Gives each article of an OCR'd page the engine's confidence over the lines it was read
/// from: the mean of the confidences of the layout lines found in the article's text, each
/// weighted by its length. A line the parser rewrote beyond recognition (normalised
/// punctuation, a re-joined break) is simply not counted; an article with no line found
/// gets the page's mean.
enum ArticleConfidence {
    static func assign(to page: inout ParsedPage, from layout: LayoutPage, fallback: Double?) {
        let lines = layout.blocks.flatMap(\.lines).compactMap { line -> (String, Double)? in
            guard let confidence = line.confidence else { return nil }
            let key = compact(line.text)
            return key.count >= 2 ? (key, confidence) : nil
        }
        for index in page.articles.indices {
            let article = page.articles[index]
            let text = compact(([article.kicker, article.headline, article.subtitle].compactMap { $0 }
                + article.subheads + article.paragraphs).joined())
            var sum = 0.0, weight = 0.0
            for (key, confidence) in lines where text.contains(key) {
                sum += confidence * Double(key.count)
                weight += Double(key.count)
            }
            page.articles[index].quality.ocrConfidence = weight > 0 ? sum / weight : fallback
        }
    }

    /// Text without white space, the form in which a line is looked for in its article.
    private static func compact(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.isWhitespace }))
    }
}
