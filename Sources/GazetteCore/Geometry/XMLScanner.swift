/// One thing the scanner found in the document, in document order.
enum XMLEvent: Equatable, Sendable {
    /// An element opens. `name` and attribute names are local (`alto:String` → `String`).
    case start(name: String, attributes: [String: String])
    /// An element closes; every `start` gets exactly one, also for `<a/>`, HTML's void
    /// elements and elements a later end tag closes implicitly.
    case end(name: String)
    /// Character data, entities decoded, CDATA included.
    case text(String)
}

/// A small, tolerant pull scanner for the XML that layout files are made of: ALTO (strict
/// XML, namespaced) and hOCR (XHTML, sometimes HTML with void elements and unquoted
/// attributes). GazetteCore has no dependencies and the release binary is static, so this
/// stands in for an XML library; it reads only what the readers need.
///
/// Tolerant where producers are sloppy: unknown entities stay as written, an end tag closes
/// the open elements above its match, a stray end tag is ignored, anything after the root's
/// end is ignored. Strict where input could be hostile: the size and the nesting depth are
/// bounded, entity declarations are refused (nothing ever expands beyond what is written),
/// and a file cut short is an error, not a silently shorter page. Work is linear in the size.
struct XMLScanner {
    /// Far above any page: a dense broadsheet page's ALTO is a few megabytes.
    static let maxBytes = 64 << 20
    /// ALTO nests about eight deep, hOCR about ten.
    static let maxDepth = 256

    private let bytes: [UInt8]
    private var pos = 0
    private var stack: [String] = []
    private var pending: [XMLEvent] = []
    private var pendingIndex = 0
    private var rootClosed = false
    private(set) var rootName: String?

    init(_ input: [UInt8]) throws(LayoutFileError) {
        guard input.count <= Self.maxBytes else { throw .tooLarge(bytes: input.count, limit: Self.maxBytes) }
        bytes = try Self.utf8(input)
    }

    /// The next event, or nil at the end of the document (after its root element closes).
    mutating func next() throws(LayoutFileError) -> XMLEvent? {
        while true {
            if pendingIndex < pending.count {
                let e = pending[pendingIndex]
                pendingIndex += 1
                if pendingIndex == pending.count { pending.removeAll(keepingCapacity: true); pendingIndex = 0 }
                return e
            }
            if rootClosed { return nil }
            guard pos < bytes.count else {
                if let open = stack.last { throw .truncated(detail: "the element <\(open)> is never closed") }
                return nil
            }
            if bytes[pos] == UInt8(ascii: "<") {
                try markup()
            } else {
                let start = pos
                while pos < bytes.count, bytes[pos] != UInt8(ascii: "<") { pos += 1 }
                // Text outside the root (whitespace between the prolog's parts) says nothing.
                if !stack.isEmpty { pending.append(.text(Self.decodeEntities(bytes[start..<pos]))) }
            }
        }
    }

    // MARK: - Markup

    private mutating func markup() throws(LayoutFileError) {
        if has("<!--") {
            guard let end = find("-->", from: pos + 4) else { throw .truncated(detail: "a comment is never closed") }
            pos = end + 3
        } else if has("<![CDATA[") {
            guard let end = find("]]>", from: pos + 9) else { throw .truncated(detail: "a CDATA section is never closed") }
            if !stack.isEmpty { pending.append(.text(String(decoding: bytes[(pos + 9)..<end], as: UTF8.self))) }
            pos = end + 3
        } else if has("<!") {
            try declaration()
        } else if has("<?") {
            guard let end = find("?>", from: pos + 2) else { throw .truncated(detail: "a processing instruction is never closed") }
            let body = String(decoding: bytes[(pos + 2)..<end], as: UTF8.self)
            if body.hasPrefix("xml "), let enc = Self.attributeValue("encoding", in: body) {
                let e = enc.lowercased()
                guard ["utf-8", "utf8", "us-ascii", "ascii", "utf-16", "utf16"].contains(e) else {
                    throw .unsupportedEncoding(enc)
                }
            }
            pos = end + 2
        } else if has("</") {
            try endTag()
        } else if pos + 1 < bytes.count, Self.isNameStart(bytes[pos + 1]) {
            try startTag()
        } else if pos + 1 >= bytes.count {
            throw .truncated(detail: "the file ends inside a tag")
        } else {
            // A lone `<` in text (HTML producers write it): keep it as text.
            if !stack.isEmpty { pending.append(.text("<")) }
            pos += 1
        }
    }

    /// `<!DOCTYPE …>` with or without an internal subset; any other `<!…>` is skipped.
    private mutating func declaration() throws(LayoutFileError) {
        var i = pos + 2
        var inSubset = false
        var quote: UInt8?
        while i < bytes.count {
            let b = bytes[i]
            if let q = quote {
                if b == q { quote = nil }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if b == UInt8(ascii: "[") {
                inSubset = true
            } else if b == UInt8(ascii: "]") {
                inSubset = false
            } else if inSubset, b == UInt8(ascii: "<"), matches("<!ENTITY", at: i) {
                throw .entityDeclaration
            } else if b == UInt8(ascii: ">"), !inSubset {
                pos = i + 1
                return
            }
            i += 1
        }
        throw .truncated(detail: "a declaration is never closed")
    }

    private mutating func endTag() throws(LayoutFileError) {
        var i = pos + 2
        let nameStart = i
        while i < bytes.count, !Self.isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">") { i += 1 }
        let name = Self.localName(bytes[nameStart..<i])
        while i < bytes.count, bytes[i] != UInt8(ascii: ">") { i += 1 }
        guard i < bytes.count else { throw .truncated(detail: "the file ends inside the end tag </\(name)>") }
        pos = i + 1
        // Close everything opened since the match; an end tag with no match is ignored.
        guard let match = stack.lastIndex(of: name) else { return }
        while stack.count > match {
            pending.append(.end(name: stack.removeLast()))
        }
        if stack.isEmpty { rootClosed = true }
    }

    private mutating func startTag() throws(LayoutFileError) {
        var i = pos + 1
        let nameStart = i
        while i < bytes.count, !Self.isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">"), bytes[i] != UInt8(ascii: "/") { i += 1 }
        let name = Self.localName(bytes[nameStart..<i])
        var attributes: [String: String] = [:]
        var selfClosing = false
        while true {
            while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
            guard i < bytes.count else { throw .truncated(detail: "the file ends inside the tag <\(name)>") }
            if bytes[i] == UInt8(ascii: ">") { i += 1; break }
            if bytes[i] == UInt8(ascii: "/") {
                selfClosing = true
                i += 1
                continue
            }
            let attrStart = i
            while i < bytes.count, !Self.isSpace(bytes[i]), bytes[i] != UInt8(ascii: "="), bytes[i] != UInt8(ascii: ">"),
                bytes[i] != UInt8(ascii: "/")
            {
                i += 1
            }
            let attrName = Self.localName(bytes[attrStart..<i])
            while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
            guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else {
                // HTML's bare attribute (`<td nowrap>`).
                if !attrName.isEmpty { attributes[attrName] = "" }
                continue
            }
            i += 1
            while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
            guard i < bytes.count else { throw .truncated(detail: "the file ends inside the tag <\(name)>") }
            let valueStart: Int
            let valueEnd: Int
            if bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") {
                let q = bytes[i]
                valueStart = i + 1
                var j = valueStart
                while j < bytes.count, bytes[j] != q { j += 1 }
                guard j < bytes.count else { throw .truncated(detail: "the file ends inside an attribute of <\(name)>") }
                valueEnd = j
                i = j + 1
            } else {
                valueStart = i
                while i < bytes.count, !Self.isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">") { i += 1 }
                valueEnd = i
            }
            attributes[attrName] = Self.decodeEntities(bytes[valueStart..<valueEnd])
        }
        pos = i
        if stack.isEmpty {
            guard rootName == nil else { rootClosed = true; return }
            rootName = name
        }
        let void = selfClosing || Self.htmlVoid.contains(name)
        if !void, stack.count >= Self.maxDepth { throw .tooDeep(limit: Self.maxDepth) }
        pending.append(.start(name: name, attributes: attributes))
        if void {
            pending.append(.end(name: name))
            if stack.isEmpty { rootClosed = true }
        } else {
            stack.append(name)
        }
    }

    /// HTML elements that never have an end tag (hOCR written as HTML has `<meta …>`).
    private static let htmlVoid: Set<String> = ["meta", "link", "br", "hr", "img", "input", "area", "base", "col", "wbr"]

    // MARK: - Bytes

    private func has(_ s: StaticString) -> Bool { matches(s, at: pos) }

    private func matches(_ s: StaticString, at i: Int) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        let p = s.utf8Start
        for k in 0..<n where bytes[i + k] != p[k] {
            // Declarations are case-insensitive in HTML (`<!doctype html>`).
            guard p[k] >= UInt8(ascii: "A"), p[k] <= UInt8(ascii: "Z"), bytes[i + k] == p[k] | 0x20 else { return false }
        }
        return true
    }

    private func find(_ s: StaticString, from start: Int) -> Int? {
        var i = start
        let first = s.utf8Start[0]
        while i < bytes.count {
            if bytes[i] == first, matches(s, at: i) { return i }
            i += 1
        }
        return nil
    }

    private static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
    }

    private static func isNameStart(_ b: UInt8) -> Bool {
        (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || b == UInt8(ascii: "_") || b >= 0x80
    }

    /// The name without its namespace prefix: ALTO files use a default namespace or `alto:`.
    private static func localName(_ s: ArraySlice<UInt8>) -> String {
        if let colon = s.lastIndex(of: UInt8(ascii: ":")) { return String(decoding: s[(colon + 1)...], as: UTF8.self) }
        return String(decoding: s, as: UTF8.self)
    }

    /// `name="value"` inside a processing instruction's body.
    private static func attributeValue(_ name: String, in body: String) -> String? {
        guard let r = body.range(of: name + "=") else { return nil }
        let rest = body[r.upperBound...]
        guard let q = rest.first, q == "\"" || q == "'" else { return nil }
        let inner = rest.dropFirst()
        guard let end = inner.firstIndex(of: q) else { return nil }
        return String(inner[..<end])
    }

    /// The input as UTF-8: a UTF-8 BOM is dropped, UTF-16 (with a BOM, or detected by the
    /// zero bytes of `<?` / `<a`) is transcoded.
    private static func utf8(_ input: [UInt8]) throws(LayoutFileError) -> [UInt8] {
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(input.dropFirst(3)) }
        let bigEndian: Bool
        var body = input[...]
        if input.starts(with: [0xFE, 0xFF]) {
            bigEndian = true
            body = input.dropFirst(2)
        } else if input.starts(with: [0xFF, 0xFE]) {
            bigEndian = false
            body = input.dropFirst(2)
        } else if input.count >= 2, input[0] == 0, input[1] == UInt8(ascii: "<") {
            bigEndian = true
        } else if input.count >= 2, input[0] == UInt8(ascii: "<"), input[1] == 0 {
            bigEndian = false
        } else {
            return input
        }
        var units: [UInt16] = []
        units.reserveCapacity(body.count / 2)
        var i = body.startIndex
        while i + 1 < body.endIndex {
            let a = UInt16(body[i])
            let b = UInt16(body[i + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    // MARK: - Entities

    /// Decodes the predefined and numeric entities and the few HTML ones OCR tools write.
    /// An unknown entity stays as written: nothing here can expand beyond its own length
    /// (a character reference's scalar is at most four bytes, its reference at least four).
    static func decodeEntities(_ s: ArraySlice<UInt8>) -> String {
        guard s.contains(UInt8(ascii: "&")) else { return String(decoding: s, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = s.startIndex
        while i < s.endIndex {
            let b = s[i]
            guard b == UInt8(ascii: "&") else {
                out.append(b)
                i += 1
                continue
            }
            var j = i + 1
            while j < s.endIndex, j - i <= 12, s[j] != UInt8(ascii: ";"), s[j] != UInt8(ascii: "&") { j += 1 }
            guard j < s.endIndex, s[j] == UInt8(ascii: ";"), let scalar = entity(s[(i + 1)..<j]) else {
                out.append(b)
                i += 1
                continue
            }
            out += Array(String(Character(scalar)).utf8)
            i = j + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func entity(_ name: ArraySlice<UInt8>) -> Unicode.Scalar? {
        guard let first = name.first else { return nil }
        if first == UInt8(ascii: "#") {
            var digits = name.dropFirst()
            var radix = 10
            if let x = digits.first, x | 0x20 == UInt8(ascii: "x") {
                radix = 16
                digits = digits.dropFirst()
            }
            guard !digits.isEmpty, digits.count <= 8, let v = UInt32(String(decoding: digits, as: UTF8.self), radix: radix)
            else { return nil }
            // NUL and unpaired surrogates are no characters: what OCR writes for them is noise.
            guard v != 0, let scalar = Unicode.Scalar(v) else { return "\u{FFFD}" }
            return scalar
        }
        return namedEntities[String(decoding: name, as: UTF8.self)]
    }

    private static let namedEntities: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
        "nbsp": "\u{A0}", "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}", "shy": "\u{AD}",
        "mdash": "—", "ndash": "–", "hellip": "…", "middot": "·", "bull": "•",
        "ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’", "laquo": "«", "raquo": "»",
        "copy": "©", "reg": "®", "deg": "°", "times": "×",
    ]
}
