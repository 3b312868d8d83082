import Testing
@testable import GazetteCore

@Suite("The XML scanner under layout files")
struct XMLScannerTests {
    private func events(_ xml: String) throws(LayoutFileError) -> [XMLEvent] {
        var scanner = try XMLScanner(Array(xml.utf8))
        var out: [XMLEvent] = []
        while let e = try scanner.next() { out.append(e) }
        return out
    }

    private func texts(_ xml: String) throws -> String {
        try events(xml).compactMap { if case .text(let t) = $0 { t } else { nil } }.joined()
    }

    @Test("entities, character references, CDATA and comments")
    func characterData() throws {
        #expect(try texts("<a>x &amp; y &lt;&gt; &#x4E2D;&#25991; &quot;&apos;</a>") == "x & y <> 中文 \"'")
        #expect(try texts("<a><![CDATA[<b>&amp;</b>]]><!-- a <comment> --></a>") == "<b>&amp;</b>")
        // Unknown entities stay as written; a reference to NUL is no character.
        #expect(try texts("<a>&unknown; &#0; & alone</a>") == "&unknown; \u{FFFD} & alone")
    }

    @Test("namespace prefixes are dropped from element and attribute names")
    func namespaces() throws {
        let e = try events(#"<alto:alto xmlns:alto="urn:x"><alto:String alto:CONTENT="字"/></alto:alto>"#)
        #expect(e.contains(.start(name: "String", attributes: ["CONTENT": "字"])))
        #expect(e.first == .start(name: "alto", attributes: ["alto": "urn:x"]))
    }

    @Test("HTML-style hOCR: void elements, unquoted and bare attributes, implicit closes")
    func tolerantHTML() throws {
        let e = try events("<html><head><meta name=ocr-system content='x'><title>t</title></head><body><div class=ocr_page nowrap><p>a</div></body></html>")
        let starts = e.filter { if case .start = $0 { true } else { false } }.count
        let ends = e.filter { if case .end = $0 { true } else { false } }.count
        #expect(starts == ends)
        #expect(e.contains(.start(name: "div", attributes: ["class": "ocr_page", "nowrap": ""])))
    }

    @Test("nesting deeper than the bound is refused")
    func deepNesting() {
        let deep = String(repeating: "<a>", count: XMLScanner.maxDepth + 1) + String(repeating: "</a>", count: XMLScanner.maxDepth + 1)
        #expect(throws: LayoutFileError.tooDeep(limit: XMLScanner.maxDepth)) { try events(deep) }
        let fine = String(repeating: "<a>", count: 50) + String(repeating: "</a>", count: 50)
        #expect(throws: Never.self) { try events(fine) }
    }

    @Test("a DOCTYPE declaring entities is refused before anything expands")
    func entityTricks() {
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <alto>&lol2;</alto>
            """
        #expect(throws: LayoutFileError.entityDeclaration) { try events(laughs) }
        // A DOCTYPE without an internal subset (XHTML's) is fine.
        #expect(throws: Never.self) {
            try events(#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "x.dtd"><html></html>"#)
        }
    }

    @Test("a file cut short is an error, wherever it is cut")
    func truncated() {
        let whole = #"<?xml version="1.0"?><alto><Layout><Page WIDTH="10" HEIGHT="10"><!-- c --></Page></Layout></alto>"#
        let bytes = Array(whole.utf8)
        for cut in [10, 30, 40, 55, 62, bytes.count - 3] {
            #expect(throws: LayoutFileError.self) {
                var s = try XMLScanner(Array(bytes[..<cut]))
                while try s.next() != nil {}
            }
        }
        do {
            var s = try XMLScanner(Array(bytes[..<55]))
            while try s.next() != nil {}
        } catch {
            #expect(error.description.contains("cut short"))
        }
    }

    @Test("encodings: UTF-16 with a BOM is read, a legacy encoding is refused with its name")
    func encodings() throws {
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "<a>中</a>".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        var s = try XMLScanner(utf16)
        var got: [XMLEvent] = []
        while let e = try s.next() { got.append(e) }
        #expect(got.contains(.text("中")))
        #expect(throws: LayoutFileError.unsupportedEncoding("GB2312")) {
            try events(#"<?xml version="1.0" encoding="GB2312"?><a/>"#)
        }
    }

    @Test("a file over the size bound is refused before it is scanned")
    func tooLarge() {
        let big = [UInt8](repeating: 0x20, count: XMLScanner.maxBytes + 1)
        #expect(throws: LayoutFileError.tooLarge(bytes: big.count, limit: XMLScanner.maxBytes)) { try XMLScanner(big) }
    }

    @Test("every error tells the operator what to do")
    func descriptions() {
        let all: [LayoutFileError] = [
            .tooLarge(bytes: 2, limit: 1), .tooDeep(limit: 1), .truncated(detail: "x"),
            .entityDeclaration, .unsupportedEncoding("x"), .notLayout(root: "svg"), .noPage,
        ]
        for e in all {
            #expect(e.description.contains(":"))
            #expect(!e.code.isEmpty)
        }
        #expect(Set(all.map(\.code)).count == all.count)
    }
}
