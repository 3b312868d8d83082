/// A piece of HTML that is safe to send: escaping by construction.
///
/// The only way text gets in is through `HTML.escape`: a string interpolated into an `HTML`
/// literal is escaped, an `HTML` value is inserted as it is, and the literal parts are the
/// markup written here in code. So article text, file names and queries (`<script>`,
/// `"><img onerror=…>`, `{{x}}`) always arrive in the browser as text; nothing in this module
/// builds markup by concatenating plain strings.
///
/// ```swift
/// let page: HTML = "<h1>\(article.headline ?? "")</h1>"   // the headline is escaped
/// ```
public struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup, ready to send.
    public private(set) var rendered: String

    /// Markup as written in this module's code (a literal): trusted as it is.
    public init(stringLiteral value: String) { rendered = value }

    public init(stringInterpolation: StringInterpolation) { rendered = stringInterpolation.output }

    private init(trusted: String) { rendered = trusted }

    /// Text shown as text.
    public init(text: String) { rendered = Self.escape(text) }

    public static let empty: HTML = ""

    public var description: String { rendered }

    /// Joins pieces of markup.
    public static func join(_ parts: some Sequence<HTML>, separator: HTML = "") -> HTML {
        HTML(trusted: parts.map(\.rendered).joined(separator: separator.rendered))
    }

    public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(trusted: lhs.rendered + rhs.rendered) }

    /// The one escape function: `&`, `<`, `>`, `"` and `'` become entities, which makes text
    /// safe both between tags and inside double- or single-quoted attribute values. NUL,
    /// which browsers turn into U+FFFD anyway, is dropped.
    public static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { appendEscaped(scalar, to: &out) }
        return String(out)
    }

    /// One scalar of text, escaped as `escape` does, appended to `out`.
    @inline(__always)
    private static func appendEscaped(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        switch scalar {
        case "&": out.append(contentsOf: "&amp;".unicodeScalars)
        case "<": out.append(contentsOf: "&lt;".unicodeScalars)
        case ">": out.append(contentsOf: "&gt;".unicodeScalars)
        case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
        case "'": out.append(contentsOf: "&#39;".unicodeScalars)
        case "\u{0}": break
        default: out.append(scalar)
        }
    }

    /// Marks the matches of a search snippet: `text` with each run between `open` and
    /// `close` wrapped in `<mark>`, after escaping. The marks are private-use characters the
    /// store wrapped around the matches (not 【】, which papers print themselves); an
    /// unpaired mark is dropped, so the result is always balanced.
    ///
    /// Walks the text's scalars (each mark is one) and escapes in place: by `Character`, with
    /// a `String` made and escaped per character, the snippets were a twentieth of a fresh
    /// search page's CPU at 100,000 pages (perf, `gazette web` under wrk).
    public static func marked(_ text: String, open: Unicode.Scalar, close: Unicode.Scalar) -> HTML {
        var out = String.UnicodeScalarView()
        var inside = false
        for scalar in text.unicodeScalars {
            if scalar == open {
                if !inside { out.append(contentsOf: "<mark>".unicodeScalars); inside = true }
            } else if scalar == close {
                if inside { out.append(contentsOf: "</mark>".unicodeScalars); inside = false }
            } else {
                appendEscaped(scalar, to: &out)
            }
        }
        if inside { out.append(contentsOf: "</mark>".unicodeScalars) }
        return HTML(trusted: String(out))
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var output = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            output.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        /// The literal parts: markup written in code.
        public mutating func appendLiteral(_ literal: String) { output += literal }

        /// Text: escaped.
        public mutating func appendInterpolation(_ text: String) { output += HTML.escape(text) }

        /// Optional text: escaped, nothing when nil.
        public mutating func appendInterpolation(_ text: String?) { if let text { output += HTML.escape(text) } }

        /// Markup already made safe.
        public mutating func appendInterpolation(_ html: HTML) { output += html.rendered }

        /// A list of markup, concatenated.
        public mutating func appendInterpolation(_ list: [HTML]) { for html in list { output += html.rendered } }

        public mutating func appendInterpolation(_ number: Int) { output += String(number) }

        public mutating func appendInterpolation(_ number: Int64) { output += String(number) }

        /// A number with the given digits after the point (for SVG coordinates).
        public mutating func appendInterpolation(_ number: Double, digits: Int = 1) {
            output += HTML.format(number, digits: digits)
        }
    }

    static func format(_ number: Double, digits: Int) -> String {
        guard number.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (number * scale).rounded() / scale
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }
}
