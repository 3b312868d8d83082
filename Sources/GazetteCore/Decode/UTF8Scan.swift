/// UTF-8 validation that counts, rather than stops at, invalid bytes: the count decides
/// between "UTF-8 with a few damaged bytes" and "not UTF-8 at all".
enum UTF8Scan {
    /// Bytes that are not part of a well-formed UTF-8 sequence (Unicode Table 3-7), and the
    /// number of bytes ≥ 0x80 (the denominator for "what share of the non-ASCII text is broken").
    static func invalidBytes(in bytes: UnsafeBufferPointer<UInt8>) -> (invalid: Int, nonASCII: Int) {
        var invalid = 0, nonASCII = 0
        var index = 0
        let count = bytes.count
        while index < count {
            // Eight ASCII bytes at a time.
            if index + 8 <= count,
               UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length = sequenceLength(bytes, at: index)
            if length == 0 {
                invalid += 1
                nonASCII += 1
                index += 1
            } else {
                nonASCII += length
                index += length
            }
        }
        return (invalid, nonASCII)
    }

    /// Length of the well-formed sequence starting at `index`, or 0 when the byte there does
    /// not start one.
    @inline(__always)
    static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let remaining = bytes.count - index
        @inline(__always) func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            offset < remaining && (low...high).contains(bytes[index + offset])
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1, 0xA0) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE, 0xEF:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }
}
