/// An append-only UTF-8 buffer with the few JSON value writers the page contract needs.
///
/// Public so that the writers of other article lines (`gazette export`, the reading room's
/// API) put their own fields around the contract's fields (`ArticleJSON`) in the same buffer.
public struct JSONBuffer: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// Decimal places kept for doubles: enough for a probability, short enough to read (`0.91`).
    public static let fractionDigits = 4

    public mutating func reserve(_ count: Int) { bytes.reserveCapacity(count) }

    /// Appends ASCII punctuation and keys, unescaped.
    @inline(__always)
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func integer(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A finite double rounded to `fractionDigits` places, at least one fraction digit
    /// (`0.0`, `0.91`, `1.0`); `null` for NaN and infinities, which JSON cannot carry.
    public mutating func number(_ value: Double) {
        guard value.isFinite else { raw("null"); return }
        var scale = 1.0
        for _ in 0..<Self.fractionDigits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9.0e15 else { bytes.append(contentsOf: "\(value)".utf8); return }
        var units = UInt64(scaled)
        if value < 0, units > 0 { bytes.append(UInt8(ascii: "-")) }
        let divisor = UInt64(scale)
        bytes.append(contentsOf: String(units / divisor).utf8)
        bytes.append(UInt8(ascii: "."))
        units %= divisor
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: Self.fractionDigits)
        for position in stride(from: Self.fractionDigits - 1, through: 0, by: -1) {
            digits[position] = UInt8(ascii: "0") + UInt8(units % 10)
            units /= 10
        }
        var length = Self.fractionDigits
        while length > 1, digits[length - 1] == UInt8(ascii: "0") { length -= 1 }
        bytes.append(contentsOf: digits[0..<length])
    }

    public mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { raw("null") }
    }

    public mutating func strings(_ values: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A quoted string. Escapes `"`, `\`, every control character, and U+2028/U+2029 (valid
    /// JSON, but line breaks to JavaScript and to some line-oriented tools). Everything else
    /// is written as UTF-8, so Chinese text stays readable.
    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var copy = value
        copy.withUTF8 { source in
            var index = 0
            var runStart = 0
            let count = source.count
            while index < count {
                let byte = source[index]
                let escape: StaticString?
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x08: escape = "\\b"
                case 0x0C: escape = "\\f"
                case 0x00..<0x20, 0x7F: escape = nil
                case 0xE2 where index + 2 < count && source[index + 1] == 0x80
                    && (source[index + 2] == 0xA8 || source[index + 2] == 0xA9):
                    escape = source[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                default:
                    index += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index]))
                if let escape {
                    raw(escape)
                } else {
                    raw("\\u00")
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0F)])
                }
                index += byte == 0xE2 ? 3 : 1
                runStart = index
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
