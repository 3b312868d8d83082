extension PageParser {
    /// Parses a page read with its geometry (a scan's OCR, an ALTO or hOCR file).
    ///
    /// `sha256` is the original file's (the image's, the XML's), which stays the page's
    /// identity. The layout reader (`LayoutReader`) turns the geometry into paragraphs and
    /// title lines with a hint each — how large the line is printed against the body, whether
    /// it is a caption — drops the folio band, and hands them to the text pipeline's stages,
    /// which weigh the hints where text alone would guess.
    public static func parse(
        layout: LayoutPage, sha256: String, places: PlaceFinder = PlaceFinder()
    ) throws(PageError) -> ParsedPage {
        let reading = LayoutReader.read(layout)
        guard hasText(reading.text) else { throw .noText }
        var articles = located(PageLayout.articles(fromNormalized: reading.text, hints: reading.hints), places: places)
        if !articles.isEmpty { articles[0].quality.droppedFurniture += reading.furniture }
        return ParsedPage(sha256: sha256, encoding: .utf8, replacedBytes: 0, articles: articles)
    }
}
