import Foundation
import Testing
@testable import GazetteCore

/// The parser's hand-written fast paths (byte loops, pointer loops, open-addressing tables)
/// against the plain definitions they replace: each must give exactly the same answer, on
/// the seeds and on inputs chosen to hit their edges.
@Suite struct FastPathEquivalenceTests {
    /// Text reaching every branch of the UTF-8 loops: ASCII, 2-, 3- and 4-byte scalars, the
    /// U+4000…U+4DFF range just below the CJK fast path, a compatibility ideograph, NFD
    /// accents, markdown, full-width letters, controls and invisible characters.
    static let edgeTexts: [String] = [
        "", "a", "甲", "é", "𠀀", "\u{4DC0}\u{4DFF}\u{4E00}\u{9FFF}\u{3400}\u{4DBF}",
        "\u{F900}\u{FA0E}丽", "Cafe\u{301} re\u{301}sume\u{301}", "## 标题 ##\n\n**本报讯**　ＧＤＰ１２３",
        "甲\r\n乙\u{2028}丙\u{2029}丁\u{85}戊\u{0B}己\u{0C}庚", "\u{200B}\u{FEFF}\u{AD}\u{202A}零宽\u{7F}\u{01}",
        "> - 引文\n---\n* 要点\n+ 列表\n###### 六级\n_____\n====", "①②〇ｶﾀｶﾅ한국어",
    ]

    static var seedTexts: [String] {
        SeedCorpus.pages.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    @Test(arguments: edgeTexts)
    func scalarArrayIsUnicodeScalars(_ text: String) {
        #expect(text.scalarArray == Array(text.unicodeScalars))
        #expect(text.scalarArray.string == text)
    }

    @Test func scalarArrayOnSeeds() {
        for text in Self.seedTexts {
            #expect(text.scalarArray == Array(text.unicodeScalars))
            #expect(text.scalarArray.string == text)
        }
    }

    @Test(arguments: edgeTexts)
    func normalizedScalarsAreTheNormalizedString(_ text: String) {
        #expect(TextNormalizer.normalizedScalars(text) == Array(TextNormalizer.normalize(text).unicodeScalars))
    }

    @Test func normalizedScalarsOnSeedsAndTheirNFD() {
        for text in Self.seedTexts {
            for variant in [text, text.decomposedStringWithCanonicalMapping] {
                #expect(TextNormalizer.normalizedScalars(variant) == Array(TextNormalizer.normalize(variant).unicodeScalars))
            }
        }
    }

    /// The hexagram symbols (U+4DC0…) are not in the normalizer's NFC-stable list, so they
    /// must not slip into the ideograph fast path that starts at U+4E00.
    @Test func normalizerKeepsTheRangeBelowTheIdeographs() {
        #expect(TextNormalizer.normalize("\u{4DC0}卦\u{4DFF}") == "\u{4DC0}卦\u{4DFF}")
        #expect(TextNormalizer.normalize("\u{F900}") == "\u{8C48}")  // compatibility ideograph → NFC
    }

    @Test func ngramCountsMatchADictionary() {
        var rng = SplitMix64(seed: 0x5EED)
        var table = NGramCounts()
        var reference: [UInt64: Int] = [:]
        for _ in 0..<20_000 {
            // Few distinct keys, so most adds hit an existing slot, and enough to grow several times.
            let key = rng.next() % 3_000 &* 0x1_0000_0001
            table.add(key)
            reference[key, default: 0] += 1
        }
        for (key, count) in reference { #expect(table.count(key) == count) }
        for probe in 0..<1_000 as Range<UInt64> { #expect(table.count(probe &* 7 + 1) == reference[probe &* 7 + 1] ?? 0) }
    }

    @Test func controlCountsMatchAByteLoop() {
        var rng = SplitMix64(seed: 42)
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1_000] {
            // Mostly text bytes with controls, NUL and DEL sprinkled in at random offsets.
            let bytes: [UInt8] = (0..<length).map { _ in
                let r = rng.next()
                switch r % 16 {
                case 0: return UInt8(truncatingIfNeeded: r >> 8) & 0x1F
                case 1: return 0x7F
                case 2: return 0
                default: return 0x20 + UInt8(truncatingIfNeeded: r >> 8) % 0x5F | (r & 0x100 == 0 ? 0 : 0x80)
                }
            }
            var nul = 0, control = 0
            for byte in bytes where byte < 0x20 || byte == 0x7F {
                switch byte {
                case 0x00: nul += 1
                case 0x09...0x0D, 0x1B: break
                default: control += 1
                }
            }
            let counted = bytes.withUnsafeBufferPointer { BinarySniffer.controlCounts(of: $0) }
            #expect(counted.nul == nul && counted.control == control, "length \(length)")
            #expect(bytes.withUnsafeBufferPointer { BinarySniffer.containsNUL($0) } == bytes.contains(0))
        }
    }

    @Test func dedupeLettersAreTheContentFilter() {
        for text in Self.seedTexts + Self.edgeTexts {
            let scalars = Array(text.unicodeScalars)
            #expect(Deduplicator.letters(of: scalars) == scalars.filter(Glyph.isContent))
        }
    }

    @Test func doubledClauseIsDroppedOnce() {
        let clause = "对新情况新问题要有新办法，"
        let text = Array(("会议指出，" + clause + clause + "必须抓好落实。").unicodeScalars)
        let (cleaned, removed) = BodyCleaner.removingDoubledClauses(text)
        #expect(removed == 1)
        #expect(cleaned.string == "会议指出，" + clause + "必须抓好落实。")
    }
}
