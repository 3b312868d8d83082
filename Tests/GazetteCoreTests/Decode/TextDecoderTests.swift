import Foundation
import Testing
@testable import GazetteCore

@Suite struct TextDecoderTests {
    private let sample = "资源共享 守护医保基金安全\n本报讯（记者 赵蝶）9月30日，GDP增长𠀀。"

    private func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        text.utf16.flatMap { unit in
            bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
    }

    private func gb18030(_ text: String) throws -> [UInt8] {
        try #require(text.data(using: GB18030Decoding.encoding).map { [UInt8]($0) })
    }

    @Test func plainUTF8() throws {
        let decoded = try TextDecoder.decode(Array(sample.utf8))
        #expect(decoded == DecodedText(text: sample, encoding: .utf8, replacedBytes: 0))
    }

    @Test func utf8ByteOrderMarkIsStripped() throws {
        let decoded = try TextDecoder.decode([0xEF, 0xBB, 0xBF] + Array(sample.utf8))
        #expect(decoded == DecodedText(text: sample, encoding: .utf8BOM, replacedBytes: 0))
    }

    @Test func utf16WithByteOrderMarks() throws {
        let little = try TextDecoder.decode([0xFF, 0xFE] + utf16(sample, bigEndian: false))
        #expect(little == DecodedText(text: sample, encoding: .utf16LE, replacedBytes: 0))
        let big = try TextDecoder.decode([0xFE, 0xFF] + utf16(sample, bigEndian: true))
        #expect(big == DecodedText(text: sample, encoding: .utf16BE, replacedBytes: 0))
    }

    @Test func utf16WithLoneSurrogateAndOddByteCountsReplacements() throws {
        var bytes: [UInt8] = [0xFF, 0xFE] + utf16("甲乙", bigEndian: false)
        bytes += [0x00, 0xD8]  // lone lead surrogate
        bytes += utf16("丙", bigEndian: false) + [0x41]  // odd trailing byte
        let decoded = try TextDecoder.decode(bytes)
        #expect(decoded.encoding == .utf16LE)
        #expect(decoded.text == "甲乙\u{FFFD}丙\u{FFFD}")
        #expect(decoded.replacedBytes == 3)
    }

    @Test func utf16WithoutBOMIsRecognisedByItsNulBytes() throws {
        let text = "Page 1: 本报讯 GDP report, 2021"
        #expect(try TextDecoder.decode(utf16(text, bigEndian: false)) == DecodedText(text: text, encoding: .utf16LE, replacedBytes: 0))
        #expect(try TextDecoder.decode(utf16(text, bigEndian: true)) == DecodedText(text: text, encoding: .utf16BE, replacedBytes: 0))
    }

    @Test func gb18030KnownBytes() throws {
        // "中文测试，ＡＢＣ" in GB18030, as Python's codec writes it.
        let bytes: [UInt8] = [214, 208, 206, 196, 178, 226, 202, 212, 163, 172, 163, 193, 163, 194, 163, 195]
        #expect(try TextDecoder.decode(bytes) == DecodedText(text: "中文测试，ＡＢＣ", encoding: .gb18030, replacedBytes: 0))
    }

    @Test(arguments: SeedCorpus.pages)
    func gb18030SeedPagesDecodeToTheSameText(seed: SeedCorpusPage) throws {
        let text = try #require(String(bytes: seed.bytes, encoding: .utf8))
        let decoded = try TextDecoder.decode(try gb18030(text))
        #expect(decoded.encoding == .gb18030)
        #expect(decoded.replacedBytes == 0)
        #expect(decoded.text == text)
    }

    /// The daemon decodes pages on several threads at once; the converter must not share state.
    @Test func gb18030DecodesConcurrently() async throws {
        let pages = try SeedCorpus.pages.map { seed in
            let text = try #require(String(bytes: seed.bytes, encoding: .utf8))
            return (text, try gb18030(text))
        }
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for round in 0..<32 {
                let (text, bytes) = pages[round % pages.count]
                group.addTask { (try? TextDecoder.decode(bytes).text) == text ? 0 : 1 }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test func gb18030CutInsideACharacterKeepsTheRest() throws {
        let bytes = try gb18030(sample)
        let decoded = try TextDecoder.decode(Array(bytes.dropLast()))
        #expect(decoded.encoding == .gb18030)
        #expect(decoded.replacedBytes == 1)
        #expect(decoded.text.hasPrefix("资源共享 守护医保基金安全\n本报讯"))
    }

    @Test func fourByteGB18030Sequences() throws {
        // U+20000 𠀀 is 95 32 82 36 in GB18030; U+0080 is 81 30 81 30.
        let decoded = try TextDecoder.decode([0xD6, 0xD0, 0x95, 0x32, 0x82, 0x36, 0xB9, 0xFA])
        #expect(decoded == DecodedText(text: "中𠀀国", encoding: .gb18030, replacedBytes: 0))
    }

    @Test func utf8WithAFewBrokenBytesIsLossyNotGB18030() throws {
        var bytes = Array(sample.utf8)
        bytes.insert(0xFF, at: 6)
        bytes.append(contentsOf: [0xE4, 0xB8])  // cut inside 中
        let decoded = try TextDecoder.decode(bytes)
        #expect(decoded.encoding == .utf8Lossy)
        #expect(decoded.replacedBytes == 3)
        #expect(decoded.text.hasPrefix("资源\u{FFFD}共享"))
    }

    @Test(arguments: SeedCorpus.pages)
    func seedPagesCutAtEveryOffsetOfTheLastCharacterStayUTF8(seed: SeedCorpusPage) throws {
        let bytes = seed.bytes
        for cut in 1...3 {
            let decoded = try TextDecoder.decode(Array(bytes.dropLast(cut)))
            #expect(decoded.encoding == .utf8 || decoded.encoding == .utf8Lossy)
        }
    }

    @Test func aFewNulBytesInsideTextAreDropped() throws {
        var bytes = Array(sample.utf8)
        bytes.insert(0, at: 3)
        bytes.append(0)
        #expect(try TextDecoder.decode(bytes) == DecodedText(text: sample, encoding: .utf8, replacedBytes: 0))
    }

    @Test func emptyIsAnError() {
        #expect(throws: PageError.empty) { try TextDecoder.decode([]) }
    }

    @Test(arguments: [
        ("ELF", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] as [UInt8]),
        ("PNG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]),
        ("PDF", Array("%PDF-1.7\n本报讯".utf8)),
        ("ZIP", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]),
        ("gzip", [0x1F, 0x8B, 0x08, 0x00]),
        ("JPEG", [0xFF, 0xD8, 0xFF, 0xE0]),
        ("bzip2", Array("BZh91AY&SY".utf8)),
    ])
    func knownBinaryFormatsAreRejected(name: String, bytes: [UInt8]) {
        #expect(throws: PageError.self) { try TextDecoder.decode(bytes + Array(repeating: 0x20, count: 100)) }
        do {
            _ = try TextDecoder.decode(bytes)
            Issue.record("\(name) accepted as text")
        } catch {
            #expect(error.code == "binary")
            #expect(error.description.contains("not text"))
        }
    }

    @Test func nulHeavyAndControlHeavyBytesAreBinary() {
        let nulHeavy = Array(repeating: Array("本报讯".utf8) + [0, 0, 0, 1], count: 50).flatMap { $0 }
        #expect { try TextDecoder.decode(nulHeavy) } throws: { ($0 as? PageError)?.code == "binary" }
        let controlHeavy = Array(repeating: Array("abc".utf8) + [0x01, 0x02, 0x03], count: 50).flatMap { $0 }
        #expect { try TextDecoder.decode(controlHeavy) } throws: { ($0 as? PageError)?.code == "binary" }
    }

    @Test func randomBytesAreBinary() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<20 {
            let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect { try TextDecoder.decode(bytes) } throws: { ($0 as? PageError)?.code == "binary" }
        }
    }

    @Test func randomBytesBehindAUTF16BOMAreBinary() {
        var rng = SplitMix64(seed: 8)
        for _ in 0..<20 {
            let bytes = [0xFF, 0xFE] + (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect { try TextDecoder.decode(bytes) } throws: { ($0 as? PageError)?.code == "binary" }
        }
    }

    @Test func whitespaceOnlyDecodesAndIsLeftToTheParser() throws {
        #expect(try TextDecoder.decode(Array(" \n\t\r\n".utf8)).text == " \n\t\r\n")
    }
}
