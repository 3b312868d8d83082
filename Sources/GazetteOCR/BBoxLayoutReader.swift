import GazetteCore

/// Reads the XHTML of `pdftotext -bbox-layout`: `<page width height>` holding `<block>`s of
/// `<line>`s of `<word xMin yMin xMax yMax>text</word>`, in poppler's reading order. The
/// format is poppler's own and flat, so a small scanner does, not an XML parser.
///
/// The pages of a PDF are stacked into one `LayoutPage`, each below the one before, since
/// a Gazette page is one newspaper page however many PDF pages it was printed on.
enum BBoxLayoutReader {
    static func read(_ bytes: [UInt8]) -> LayoutPage {
        let text = String(decoding: bytes, as: UTF8.self)
        var page = LayoutPage(width: 0, height: 0, blocks: [])
        var offset = 0.0
        var line: LayoutLine?
        var words: [(String, LayoutBox)] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            let closing = tag.hasPrefix("/")
            let name = (closing ? "/" : "") + tag.dropFirst(closing ? 1 : 0).prefix { $0 != " " && $0 != "/" }
            switch name {
            case "page":
                offset = page.height
                let attributes = Self.attributes(tag)
                page.width = max(page.width, attributes["width"] ?? 0)
                page.height += attributes["height"] ?? 0
            case "block":
                page.blocks.append(LayoutBlock(box: box(tag, offset), lines: []))
            case "line":
                line = LayoutLine(box: box(tag, offset), text: "")
                words = []
            case "word":
                guard let end = rest.range(of: "</word>") else { break }
                words.append((unescape(String(rest[..<end.lowerBound])), box(tag, offset)))
                rest = rest[end.upperBound...]
            case "/line":
                guard var finished = line, !page.blocks.isEmpty else { break }
                finished.text = OCRWords.join(words.map(\.0))
                // A PDF's text is set, not guessed: the tallest word box is the line's size.
                finished.fontSize = words.map(\.1.height).max()
                if !finished.text.isEmpty { page.blocks[page.blocks.count - 1].lines.append(finished) }
                line = nil
            default:
                break
            }
        }
        page.blocks.removeAll { $0.lines.isEmpty }
        return page
    }

    /// The characters of the page's text other than white space: a PDF with a few per page
    /// at most (a page number, a stamp) has no text layer worth reading.
    static func printedCharacters(_ page: LayoutPage) -> Int {
        page.blocks.reduce(0) { sum, block in
            sum + block.lines.reduce(0) { $0 + $1.text.unicodeScalars.count { !$0.properties.isWhitespace } }
        }
    }

    private static func box(_ tag: Substring, _ offset: Double) -> LayoutBox {
        let a = attributes(tag)
        let x = a["xMin"] ?? 0, y = (a["yMin"] ?? 0) + offset
        return LayoutBox(x: x, y: y, width: (a["xMax"] ?? x) - x, height: (a["yMax"] ?? 0) + offset - y)
    }

    /// `name="number"` pairs of a tag.
    private static func attributes(_ tag: Substring) -> [String: Double] {
        var result: [String: Double] = [:]
        for part in tag.split(separator: " ") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let value = part[part.index(after: equals)...].trimmingQuotes
            result[String(part[..<equals])] = Double(value)
        }
        return result
    }

    private static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingEntities()
    }
}

extension Substring {
    fileprivate var trimmingQuotes: Substring {
        var value = self
        while value.last == "/" || value.last == "\"" { value = value.dropLast() }
        while value.first == "\"" { value = value.dropFirst() }
        return value
    }
}

extension String {
    /// The five XML entities and numeric references, which is all pdftotext writes.
    fileprivate func replacingEntities() -> String {
        var out = ""
        var rest = self[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) { out.unicodeScalars.append(scalar) } else { out += "&\(entity);" }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}
