/// What a page's geometry says about one line of the text the layout reader hands to the
/// text pipeline: the evidence plain text cannot carry. Thresholds are ratios to the page's
/// own body size, so they hold for any unit, resolution or paper.
struct LineHint: Sendable, Equatable {
    /// Printed size over the page's body size (1 for running text).
    var size: Double
    /// Printed under a picture.
    var caption = false

    /// From this size on a line is printed larger than the body: a kicker, a subtitle, a
    /// headline. Body lines measured from OCR boxes vary by up to 15% (columns set in
    /// different sizes, a tall glyph, a tilt), kickers stand at 1.25 and more: the margin is
    /// wide.
    static let raised = 1.2
    /// From this size on a line is a headline: newspapers print them at 1.5–3 times the body.
    static let display = 1.3
}
