import Foundation
import Testing
@testable import GazetteCore

/// A page pasted together from a GB18030 file and a UTF-8 file: GB18030 reads nearly any
/// byte pair, so the whole page decoded as GB18030 turned the UTF-8 half into mojibake
/// that looked like text (garbled 0.0%). Each line is now read in the encoding it is valid in.
@Suite struct MixedEncodingTests {
    private func gb18030(_ text: String) throws -> [UInt8] {
        try #require(text.data(using: GB18030Decoding.encoding).map { [UInt8]($0) })
    }

    @Test("a GB18030 half and a UTF-8 half both decode to their text, nothing replaced")
    func halves() throws {
        let first = "资源共享 守护医保基金安全\n本报讯（记者 赵蝶）9月30日，汉滨区医保局召开会议。\n\n"
        let second = "审计局开展专项审计\n本报讯 近日，市审计局对医疗保障基金开展专项审计，发现问题12个。\n"
        let bytes = try gb18030(first) + Array(second.utf8)
        let decoded = try TextDecoder.decode(bytes)
        #expect(decoded.text == first + second, "\(decoded.text)")
        #expect(decoded.encoding == .gb18030)
        #expect(decoded.replacedBytes == 0)
    }

    @Test("UTF-8 first, then GB18030, on a real seed page: the parsed page has both halves' words")
    func seedHalves() throws {
        let seed = try #require(SeedCorpus.pages.first)
        let text = String(decoding: try Data(contentsOf: seed.url), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let half = lines.count / 2
        let top = lines[..<half].joined(separator: "\n") + "\n"
        let bottom = lines[half...].joined(separator: "\n")
        let bytes = Array(top.utf8) + (try gb18030(bottom))
        let decoded = try TextDecoder.decode(bytes)
        #expect(decoded.text == top + bottom)
        let page = try PageParser.parse(bytes)
        #expect(page.articles.allSatisfy { $0.quality.garbledRatio < 0.2 })
        let whole = try PageParser.parse(Array(text.utf8))
        #expect(page.articles.map(\.headline) == whole.articles.map(\.headline))
    }

    @Test("a plain GB18030 page is still decoded whole as GB18030")
    func plainGB18030() throws {
        let text = "中文测试，ＡＢＣ\n第二行\n"
        #expect(try TextDecoder.decode(try gb18030(text)) == DecodedText(text: text, encoding: .gb18030, replacedBytes: 0))
        let bytes = try gb18030(text)
        #expect(bytes.withUnsafeBufferPointer { TextDecoder.decodeMixedLines($0) } == nil)
    }
}
