extension PageParser {
    /// Parses a page read with its geometry (a scan's OCR, an ALTO or hOCR file).
    ///
    /// `sha256` is the original file's (the image's, the XML's), which stays the page's
    /// identity. For now the geometry is flattened to text — a block's lines one per line,
    /// blocks apart by a blank line — and read by the text pipeline; the layout reader
    /// replaces this with evidence text cannot give (line size, columns, boxes).
    public static func parse(
        layout: LayoutPage, sha256: String, places: PlaceFinder = PlaceFinder()
    ) throws(PageError) -> ParsedPage {
        let text = layout.blocks
            .filter { !$0.lines.isEmpty }
            .map { block in block.lines.map(\.text).joined(separator: "\n") }
            .joined(separator: "\n\n")
        var page = try parse(Array(text.utf8), places: places)
        page.sha256 = sha256
        page.encoding = .utf8
        return page
    }
}
