/// UTF-16 in either byte order; unpaired surrogates and an odd trailing byte are replaced
/// by U+FFFD and counted.
enum UTF16Decoding {
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool) -> (text: String, replaced: Int) {
        let unitCount = bytes.count / 2
        var units = [UInt16](repeating: 0, count: unitCount)
        for index in 0..<unitCount {
            let first = UInt16(bytes[2 * index]), second = UInt16(bytes[2 * index + 1])
            units[index] = bigEndian ? (first << 8 | second) : (second << 8 | first)
        }
        var replaced = bytes.count % 2
        var index = 0
        while index < unitCount {
            let unit = units[index]
            if UTF16.isLeadSurrogate(unit) {
                if index + 1 < unitCount, UTF16.isTrailSurrogate(units[index + 1]) { index += 2; continue }
                replaced += 2
            } else if UTF16.isTrailSurrogate(unit) {
                replaced += 2
            }
            index += 1
        }
        var text = String(decoding: units, as: UTF16.self)
        if bytes.count % 2 == 1 { text.unicodeScalars.append("\u{FFFD}") }
        return (text, replaced)
    }
}
