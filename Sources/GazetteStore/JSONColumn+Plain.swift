/// The JSON columns as the store writes them, read on their UTF-8 bytes without a decoder.
///
/// Every article of a page of search results has a scores object and seven list columns;
/// reading them with `JSONDecoder` (lists) and with `Character`-wise string splitting
/// (scores) was ~28 % of the instructions of a fresh search at 100,000 pages (callgrind,
/// `gazette web`). These readers accept exactly the shapes `JSONText` writes — no
/// whitespace, the usual escapes — and return nil for anything else, which the decoder
/// then reads as before, so what a column means never depends on which reader read it.
extension JSONColumn {
    /// `{"key":number,…}`: keys without escapes, numbers as Swift writes them. nil for
    /// anything else (an escaped key, a `null`, whitespace, a trailing comma).
    static func plainScores(_ text: String) -> [String: Double]? {
        var text = text
        return text.withUTF8 { bytes -> [String: Double]? in
            let end = bytes.count - 1
            guard end >= 1, bytes[0] == .openBrace, bytes[end] == .closeBrace else { return nil }
            var scores: [String: Double] = [:]
            guard end > 1 else { return scores }
            var index = 1
            while true {
                guard bytes[index] == .quote else { return nil }
                let keyStart = index + 1
                var keyEnd = keyStart
                while keyEnd < end, bytes[keyEnd] != .quote {
                    if bytes[keyEnd] == .backslash { return nil }
                    keyEnd += 1
                }
                guard keyEnd + 1 < end, bytes[keyEnd + 1] == .colon else { return nil }
                let valueStart = keyEnd + 2
                var valueEnd = valueStart
                while valueEnd < end, bytes[valueEnd] != .comma { valueEnd += 1 }
                guard valueEnd > valueStart, let value = number(bytes[valueStart..<valueEnd]) else { return nil }
                scores[String(decoding: UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd]), as: UTF8.self)] = value
                if valueEnd == end { return scores }
                index = valueEnd + 1
                guard index < end else { return nil }
            }
        }
    }

    /// A JSON number: digits, sign, point and exponent only (`Double` alone would also take
    /// `nan`, `inf` and hexadecimal, which JSON has not).
    private static func number(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Double? {
        guard bytes.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x2B || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 })
        else { return nil }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes), as: UTF8.self))
    }

    /// `["…","…"]`: strings with JSON's escapes (`\"` `\\` `\/` `\b` `\f` `\n` `\r` `\t`
    /// `\uXXXX`, surrogate pairs joined). nil for anything else (whitespace between the
    /// elements, a lone surrogate, a raw control character), left to the decoder.
    static func plainStrings(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            let end = bytes.count - 1
            guard end >= 1, bytes[0] == .openBracket, bytes[end] == .closeBracket else { return nil }
            var strings: [String] = []
            guard end > 1 else { return strings }
            var index = 1
            var scratch: [UInt8] = []
            while true {
                guard bytes[index] == .quote else { return nil }
                let start = index + 1
                var cursor = start
                var escaped = false
                while cursor < end, bytes[cursor] != .quote {
                    if bytes[cursor] == .backslash {
                        escaped = true
                        cursor += 2
                    } else {
                        if bytes[cursor] < 0x20 { return nil }
                        cursor += 1
                    }
                }
                guard cursor < end else { return nil }
                let body = UnsafeBufferPointer(rebasing: bytes[start..<cursor])
                if escaped {
                    scratch.removeAll(keepingCapacity: true)
                    guard unescape(body, into: &scratch) else { return nil }
                    strings.append(String(decoding: scratch, as: UTF8.self))
                } else {
                    strings.append(String(decoding: body, as: UTF8.self))
                }
                index = cursor + 1
                if index == end { return strings }
                guard bytes[index] == .comma, index + 1 < end else { return nil }
                index += 1
            }
        }
    }

    /// The bytes of a JSON string's body with its escapes resolved; false when one is not JSON's.
    private static func unescape(_ body: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        var index = 0
        while index < body.count {
            let byte = body[index]
            guard byte == .backslash else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 1 < body.count else { return false }
            let code = body[index + 1]
            index += 2
            switch code {
            case .quote, .backslash, .slash: out.append(code)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var value = hex4(body, at: index) else { return false }
                index += 4
                if (0xD800...0xDBFF).contains(value) {
                    // A high surrogate must be followed by `\u` and a low one.
                    guard index + 1 < body.count, body[index] == .backslash, body[index + 1] == UInt8(ascii: "u"),
                        let low = hex4(body, at: index + 2), (0xDC00...0xDFFF).contains(low)
                    else { return false }
                    index += 6
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(value) else { return false }
                out.append(contentsOf: UTF8.encode(scalar)!)
            default:
                return false
            }
        }
        return true
    }

    private static func hex4(_ body: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32? {
        guard index + 4 <= body.count else { return nil }
        var value: UInt32 = 0
        for byte in body[index..<(index + 4)] {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}

extension UInt8 {
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let slash = UInt8(ascii: "/")
    fileprivate static let colon = UInt8(ascii: ":")
    fileprivate static let comma = UInt8(ascii: ",")
    fileprivate static let openBrace = UInt8(ascii: "{")
    fileprivate static let closeBrace = UInt8(ascii: "}")
    fileprivate static let openBracket = UInt8(ascii: "[")
    fileprivate static let closeBracket = UInt8(ascii: "]")
}
