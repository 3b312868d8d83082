/// Bytes → text, detecting the encoding.
///
/// The order of the tests is the order of likelihood for OCR'd Chinese pages:
/// 1. a BOM decides: UTF-8 (`utf-8-bom`, the BOM is stripped), UTF-16 LE or BE;
/// 2. known binary formats (ELF, PNG, PDF, ZIP, gzip …) and NUL/control-heavy bytes are
///    rejected; a few stray NUL bytes inside text are dropped;
/// 3. UTF-16 without a BOM is recognised by its NUL bytes all on even or all on odd offsets;
/// 4. valid UTF-8 is `utf-8`;
/// 5. bytes that are mostly not UTF-8 (at least 10% of the non-ASCII bytes broken) and fit
///    GB18030 better are `gb18030` (`replacedBytes` counts bytes that fit neither); a page
///    pasted together from a GB18030 part and a UTF-8 part is decoded line by line, each
///    line in the encoding it is valid in (GB18030 reads nearly any byte pair, so decoding
///    the whole page as GB18030 turned its UTF-8 half into fluent-looking mojibake);
/// 6. anything else is `utf-8-lossy`: UTF-8 with each broken byte replaced by U+FFFD and counted.
///
/// Whitespace-only pages decode fine; `PageParser` rejects them after normalization (`noText`).
public enum TextDecoder {
    public static func decode(_ bytes: [UInt8]) throws(PageError) -> DecodedText {
        guard !bytes.isEmpty else { throw .empty }
        let result: Result<DecodedText, PageError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(PageError) -> DecodedText in try decode(buffer) }
        }
        return try result.get()
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(PageError) -> DecodedText {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            var decoded = try decodeEightBit(UnsafeBufferPointer(rebasing: bytes.dropFirst(3)))
            if decoded.encoding == .utf8 { decoded.encoding = .utf8BOM }
            return decoded
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return try decodeUTF16(UnsafeBufferPointer(rebasing: bytes.dropFirst(2)), bigEndian: false)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return try decodeUTF16(UnsafeBufferPointer(rebasing: bytes.dropFirst(2)), bigEndian: true)
        }
        if let format = BinarySniffer.magic(of: bytes) { throw .binary(detail: "it starts like \(format)") }
        if let bigEndian = UTF16Sniffer.byteOrderWithoutBOM(bytes) {
            return try decodeUTF16(bytes, bigEndian: bigEndian)
        }
        return try decodeEightBit(bytes)
    }

    /// UTF-8, GB18030 or lossy UTF-8, after the binary check and with stray NULs removed.
    private static func decodeEightBit(_ bytes: UnsafeBufferPointer<UInt8>) throws(PageError) -> DecodedText {
        let (nul, control) = BinarySniffer.controlCounts(of: bytes)
        if let reason = BinarySniffer.verdict(count: bytes.count, nul: nul, control: control) {
            throw .binary(detail: reason)
        }
        if nul > 0 {
            let cleaned = bytes.filter { $0 != 0 }
            return cleaned.withUnsafeBufferPointer { decodeCleanEightBit($0) }
        }
        return decodeCleanEightBit(bytes)
    }

    private static func decodeCleanEightBit(_ bytes: UnsafeBufferPointer<UInt8>) -> DecodedText {
        if let text = String(validating: bytes, as: UTF8.self) {
            return DecodedText(text: text, encoding: .utf8, replacedBytes: 0)
        }
        let (utf8Invalid, nonASCII) = UTF8Scan.invalidBytes(in: bytes)
        if utf8Invalid * 10 >= nonASCII {
            let gbInvalid = GB18030Decoding.invalidBytes(in: bytes)
            if gbInvalid < utf8Invalid {
                if let mixed = decodeMixedLines(bytes) { return mixed }
                let (text, replaced) = GB18030Decoding.decode(bytes)
                return DecodedText(text: text, encoding: .gb18030, replacedBytes: replaced)
            }
        }
        return DecodedText(text: String(decoding: bytes, as: UTF8.self), encoding: .utf8Lossy, replacedBytes: utf8Invalid)
    }

    /// A GB18030 page with some lines in UTF-8: each line with non-ASCII bytes that is valid
    /// UTF-8 is read as UTF-8, the others as GB18030; nil when no line is UTF-8 (a plain
    /// GB18030 page). A GB18030 line is almost never valid UTF-8 (its lead bytes would need
    /// UTF-8's continuation bytes after them, character after character), so the split is
    /// safe; the page's encoding is `gb18030`, the one that needed detecting.
    static func decodeMixedLines(_ bytes: UnsafeBufferPointer<UInt8>) -> DecodedText? {
        var lines: [(range: Range<Int>, isUTF8: Bool)] = []
        var start = 0
        var sawUTF8 = false
        while start < bytes.count {
            var end = start
            var nonASCII = false
            while end < bytes.count, bytes[end] != 0x0A {
                if bytes[end] >= 0x80 { nonASCII = true }
                end += 1
            }
            if end < bytes.count { end += 1 }  // the newline belongs to its line
            let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
            let isUTF8 = nonASCII && UTF8Scan.invalidBytes(in: line).invalid == 0
            sawUTF8 = sawUTF8 || isUTF8
            lines.append((start..<end, isUTF8))
            start = end
        }
        guard sawUTF8 else { return nil }
        var text = ""
        text.reserveCapacity(bytes.count * 3 / 2)
        var replaced = 0
        var index = 0
        while index < lines.count {
            // Consecutive lines of one kind are decoded together.
            let isUTF8 = lines[index].isUTF8
            var last = index
            while last + 1 < lines.count, lines[last + 1].isUTF8 == isUTF8 { last += 1 }
            let run = UnsafeBufferPointer(rebasing: bytes[lines[index].range.lowerBound..<lines[last].range.upperBound])
            if isUTF8 {
                text += String(decoding: run, as: UTF8.self)
            } else {
                let (part, bad) = GB18030Decoding.decode(run)
                text += part
                replaced += bad
            }
            index = last + 1
        }
        return DecodedText(text: text, encoding: .gb18030, replacedBytes: replaced)
    }

    private static func decodeUTF16(_ bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool) throws(PageError) -> DecodedText {
        let (text, replaced) = UTF16Decoding.decode(bytes, bigEndian: bigEndian)
        let (implausible, total) = BinarySniffer.implausibleScalars(in: text)
        if implausible > 8, implausible * 20 > total {
            throw .binary(detail: "decoded as UTF-16, \(implausible) of \(total) characters are controls or unassigned")
        }
        return DecodedText(text: text, encoding: bigEndian ? .utf16BE : .utf16LE, replacedBytes: replaced)
    }
}

/// The decoded page text and how it was obtained.
public struct DecodedText: Sendable, Equatable {
    public var text: String
    public var encoding: TextEncoding
    /// Bytes replaced by U+FFFD in a lossy decode (0 for a clean decode). NUL bytes dropped
    /// from 8-bit text are not counted: they carry no text.
    public var replacedBytes: Int

    public init(text: String, encoding: TextEncoding, replacedBytes: Int) {
        self.text = text
        self.encoding = encoding
        self.replacedBytes = replacedBytes
    }
}

/// UTF-16 written without a BOM (some Windows tools do): a third or more of the bytes are NUL
/// (the high bytes of ASCII) and almost all of them sit on one parity.
enum UTF16Sniffer {
    /// `true` for big-endian, `false` for little-endian, nil when the bytes do not look like UTF-16.
    static func byteOrderWithoutBOM(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.count >= 4, bytes.count % 2 == 0, BinarySniffer.containsNUL(bytes) else { return nil }
        var even = 0, odd = 0
        for index in stride(from: 0, to: bytes.count, by: 2) {
            if bytes[index] == 0 { even += 1 }
            if bytes[index + 1] == 0 { odd += 1 }
        }
        let units = bytes.count / 2
        if even * 3 >= units, odd * 50 <= even { return true }
        if odd * 3 >= units, even * 50 <= odd { return false }
        return nil
    }
}
