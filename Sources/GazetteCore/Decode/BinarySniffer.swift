/// Tells binary files from text pages before any decoding, from magic numbers and byte
/// statistics. Text written by OCR tools may carry a stray NUL or control byte; binaries are
/// full of them.
enum BinarySniffer {
    /// Formats that end up in a drop folder by mistake, by their leading bytes.
    static let magicNumbers: [(name: String, bytes: [UInt8])] = [
        ("an ELF executable", [0x7F, 0x45, 0x4C, 0x46]),
        ("a PNG image", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("a JPEG image", [0xFF, 0xD8, 0xFF]),
        ("a GIF image", Array("GIF8".utf8)),
        ("a TIFF image", [0x49, 0x49, 0x2A, 0x00]),
        ("a TIFF image", [0x4D, 0x4D, 0x00, 0x2A]),
        ("a PDF document", Array("%PDF-".utf8)),
        ("a ZIP archive (or a DOCX/XLSX/ODT document)", [0x50, 0x4B, 0x03, 0x04]),
        ("an empty ZIP archive", [0x50, 0x4B, 0x05, 0x06]),
        ("a gzip archive", [0x1F, 0x8B]),
        ("an xz archive", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]),
        ("a zstd archive", [0x28, 0xB5, 0x2F, 0xFD]),
        ("a 7-Zip archive", [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]),
        ("a RAR archive", Array("Rar!".utf8) + [0x1A, 0x07]),
        ("an old Office (OLE) document", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        ("an SQLite database", Array("SQLite format 3".utf8) + [0x00]),
        ("a RIFF media file (WebP, WAV, AVI)", Array("RIFF".utf8)),
    ]

    /// The format the leading bytes announce, or nil.
    static func magic(of bytes: UnsafeBufferPointer<UInt8>) -> String? {
        for (name, magic) in magicNumbers where bytes.count >= magic.count {
            if zip(magic, bytes).allSatisfy({ $0 == $1 }) { return name }
        }
        // bzip2: "BZh", the block size digit, then the block magic "1AY&SY".
        if bytes.count >= 10, bytes[0] == 0x42, bytes[1] == 0x5A, bytes[2] == 0x68,
           (0x31...0x39).contains(bytes[3]), bytes[4] == 0x31, bytes[5] == 0x41, bytes[6] == 0x59 {
            return "a bzip2 archive"
        }
        return nil
    }

    /// NUL bytes and other C0 control bytes (not tab, LF, VT, FF, CR or ESC).
    ///
    /// Eight bytes at a time: a word with no byte below 0x20 and none equal to 0x7F (nearly
    /// every word of a text page) is skipped with a few arithmetic operations, and only the
    /// others are looked at byte by byte. This runs over every page, so it matters.
    static func controlCounts(of bytes: UnsafeBufferPointer<UInt8>) -> (nul: Int, control: Int) {
        var nul = 0, control = 0
        let count = bytes.count
        var index = 0
        @inline(__always) func tally(_ byte: UInt8) {
            guard byte < 0x20 || byte == 0x7F else { return }
            switch byte {
            case 0x00: nul += 1
            case 0x09...0x0D, 0x1B: break
            default: control += 1
            }
        }
        if let base = bytes.baseAddress {
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if !Self.hasByteBelow0x20(word), !Self.hasZeroByte(word ^ 0x7F7F_7F7F_7F7F_7F7F) {
                    index += 8
                    continue
                }
                for offset in 0..<8 { tally(base[index + offset]) }
                index += 8
            }
        }
        while index < count {
            tally(bytes[index])
            index += 1
        }
        return (nul, control)
    }

    /// Whether the bytes hold a NUL anywhere (eight at a time): UTF-16 without a BOM needs
    /// many, and most pages have none, so the sniffer's per-byte count can be skipped.
    static func containsNUL(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        var index = 0
        while index + 8 <= count {
            if hasZeroByte(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) { return true }
            index += 8
        }
        while index < count {
            if base[index] == 0 { return true }
            index += 1
        }
        return false
    }

    /// Exact test for a zero byte in a word (the classic `(x - 0x01…) & ~x & 0x80…` trick).
    @inline(__always)
    static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
    }

    /// Exact test for a byte below 0x20 in a word (the same trick, valid for bounds ≤ 0x80).
    @inline(__always)
    static func hasByteBelow0x20(_ word: UInt64) -> Bool {
        (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080 != 0
    }

    /// Why these byte statistics mean "binary", or nil for text. A handful of stray bytes
    /// is always tolerated; beyond that, more than 2% NUL or control bytes is not text.
    static func verdict(count: Int, nul: Int, control: Int) -> String? {
        let suspicious = nul + control
        guard suspicious > 8 else { return nil }
        if nul * 50 > count { return "\(nul) of \(count) bytes are NUL" }
        if suspicious * 50 > count { return "\(suspicious) of \(count) bytes are control characters" }
        return nil
    }

    /// For UTF-16: share of decoded scalars that no page contains (controls, private use,
    /// noncharacters, replaced surrogates). Random bytes behind a BOM score about 15%.
    static func implausibleScalars(in text: String) -> (implausible: Int, total: Int) {
        var implausible = 0, total = 0
        for scalar in text.unicodeScalars {
            total += 1
            switch scalar.value {
            case 0x09...0x0D, 0x20...0x7E: continue
            case 0x00...0x1F, 0x7F...0x9F, 0xE000...0xF8FF, 0xFDD0...0xFDEF, 0xFFFD...0xFFFF,
                 0xF0000...0x10FFFF:
                implausible += 1
            default:
                continue
            }
        }
        return (implausible, total)
    }
}
