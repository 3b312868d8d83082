import GazetteWeb
import Testing

@Suite("HTML builder")
struct HTMLTests {
    @Test("interpolated text is escaped, markup and literals are not")
    func escaping() {
        let text = "<b>\"x\" & 'y'</b>"
        let html: HTML = "<p title=\"\(text)\">\(text)</p>"
        #expect(html.rendered == "<p title=\"&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;\">&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;</p>")
        let inner: HTML = "<i>\("<")</i>"
        let outer: HTML = "<div>\(inner)</div>"
        #expect(outer.rendered == "<div><i>&lt;</i></div>")
        let none: String? = nil
        #expect(HTML("a\(none)b").rendered == "ab")
    }

    @Test("snippet marks become <mark> after escaping, always balanced")
    func marks() {
        let open: Unicode.Scalar = "\u{E000}", close: Unicode.Scalar = "\u{E001}"
        #expect(HTML.marked("a\u{E000}<医保>\u{E001}b", open: open, close: close).rendered == "a<mark>&lt;医保&gt;</mark>b")
        #expect(HTML.marked("\u{E001}x\u{E000}y", open: open, close: close).rendered == "x<mark>y</mark>")
        #expect(HTML.marked("【编者按】", open: open, close: close).rendered == "【编者按】")
    }
}
