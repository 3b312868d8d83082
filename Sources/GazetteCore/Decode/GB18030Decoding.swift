import Foundation

/// GB18030 (the superset of GB2312 and GBK that mainland OCR tools and Windows editors still
/// write) decoded through Foundation's converter, which on Linux handles the encoding.
///
/// Foundation decodes all-or-nothing, so the bytes are first split by the encoding's byte
/// structure (1, 2 or 4 bytes) into well-formed runs and stray bytes: the runs are decoded,
/// the stray bytes become U+FFFD and are counted. A page cut in the middle of a character, or
/// with one damaged byte, is still read as GB18030.
enum GB18030Decoding {
    /// `kCFStringEncodingGB_18030_2000` as an `NSStringEncoding`.
    static let encoding = String.Encoding(rawValue: 0x8000_0632)

    /// Bytes that do not fit GB18030's byte structure.
    static func invalidBytes(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var invalid = 0
        var index = 0
        while index < bytes.count {
            let length = sequenceLength(bytes, at: index)
            if length == 0 { invalid += 1; index += 1 } else { index += length }
        }
        return invalid
    }

    /// Decodes, replacing structurally invalid bytes (and, rarely, a well-formed run the
    /// converter refuses) by U+FFFD; returns the text and the number of bytes replaced.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, replaced: Int) {
        var text = ""
        text.reserveCapacity(bytes.count * 3 / 2)
        var replaced = 0
        var runStart = 0
        var index = 0
        func flushRun(upTo end: Int) {
            guard end > runStart else { return }
            let run = UnsafeBufferPointer(rebasing: bytes[runStart..<end])
            if let decoded = String(bytes: run, encoding: encoding) {
                text += decoded
            } else {
                replaced += end - runStart
                text += String(repeating: "\u{FFFD}", count: end - runStart)
            }
        }
        while index < bytes.count {
            let length = sequenceLength(bytes, at: index)
            if length == 0 {
                flushRun(upTo: index)
                text.unicodeScalars.append("\u{FFFD}")
                replaced += 1
                index += 1
                runStart = index
            } else {
                index += length
            }
        }
        flushRun(upTo: bytes.count)
        return (text, replaced)
    }

    /// 1 for ASCII, 2 for `81–FE 40–7E|80–FE`, 4 for `81–FE 30–39 81–FE 30–39`, else 0.
    @inline(__always)
    static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        guard (0x81...0xFE).contains(lead), index + 1 < bytes.count else { return 0 }
        let second = bytes[index + 1]
        if (0x40...0x7E).contains(second) || (0x80...0xFE).contains(second) { return 2 }
        if (0x30...0x39).contains(second), index + 3 < bytes.count,
           (0x81...0xFE).contains(bytes[index + 2]), (0x30...0x39).contains(bytes[index + 3]) {
            return 4
        }
        return 0
    }
}
