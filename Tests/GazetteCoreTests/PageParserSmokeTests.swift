import Foundation
import Testing
@testable import GazetteCore

@Suite struct PageParserSmokeTests {
    @Test func emptyInputIsAnError() {
        #expect(throws: PageError.empty) { try PageParser.parse([]) }
    }

    @Test(arguments: ["   \n\n\t", "\u{3000}\u{3000}\r\n\u{FEFF}", "## \n**\n---\n□ ■ ●", "……——，。", "\u{0}\u{0}\n"])
    func whitespaceAndMarksOnlyIsNoText(text: String) {
        #expect(throws: PageError.noText) { try PageParser.parse(Array(text.utf8)) }
    }

    @Test func binaryInputIsAnError() {
        #expect { try PageParser.parse([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]) } throws: { ($0 as? PageError)?.code == "binary" }
    }

    @Test func undecodableBytesAreBinaryNotNoText() {
        #expect { try PageParser.parse(Array(repeating: 0xFF, count: 1000)) } throws: {
            ($0 as? PageError)?.code == "binary"
        }
    }

    @Test func aSingleCharacterIsText() throws {
        #expect(try PageParser.parse(Array("甲".utf8)).articles.isEmpty == false)
    }

    @Test(arguments: SeedCorpus.pages)
    func seedPagesParseWithTheirDigestAndEncoding(seed: SeedCorpusPage) throws {
        let page = try PageParser.parse(seed.bytes)
        #expect(page.sha256 == SHA256.hex(of: seed.bytes))
        #expect(page.encoding == .utf8)
        #expect(page.replacedBytes == 0)
        #expect(!page.articles.isEmpty)
        // The layout stage receives normalized text: no markdown marks survive into articles.
        for article in page.articles {
            for paragraph in article.paragraphs { #expect(!paragraph.hasPrefix("#") && !paragraph.contains("**")) }
        }
    }

    @Test func theSameTextInAnyEncodingGivesTheSameArticles() throws {
        let seed = try #require(SeedCorpus.pages.last)
        let text = try #require(String(bytes: seed.bytes, encoding: .utf8))
        let reference = try PageParser.parse(seed.bytes)
        var little: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { little += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let variants: [(TextEncoding, [UInt8])] = [
            (.utf8BOM, [0xEF, 0xBB, 0xBF] + seed.bytes),
            (.utf16LE, little),
            (.gb18030, [UInt8](try #require(text.data(using: GB18030Decoding.encoding)))),
            (.utf8, Array(text.replacingOccurrences(of: "\n", with: "\r\n").decomposedStringWithCanonicalMapping.utf8)),
        ]
        for (encoding, bytes) in variants {
            let page = try PageParser.parse(bytes)
            #expect(page.encoding == encoding)
            #expect(page.articles == reference.articles)
            #expect(page.sha256 != reference.sha256)
        }
    }
}
