import Foundation
import Testing
@testable import GazetteCore

@Suite struct TextNormalizerTests {
    private func normalize(_ text: String) -> String { TextNormalizer.normalize(text) }

    @Test func lineEndingsBecomeLineFeeds() {
        #expect(normalize("甲\r\n乙\r丙\n丁") == "甲\n乙\n丙\n丁")
        #expect(normalize("甲\r\n\r\n乙") == "甲\n\n乙")
        #expect(normalize("甲\u{2028}乙\u{0085}丙\u{000C}丁") == "甲\n乙\n丙\n丁")
        #expect(normalize("甲\u{2029}乙") == "甲\n\n乙")
    }

    @Test func blankLineRunsCollapseAndEdgesAreTrimmed() {
        #expect(normalize("\n\n\n标题\n\n\n\n正文\n \n　\n\n结尾\n\n") == "标题\n\n正文\n\n结尾")
        #expect(normalize("") == "")
        #expect(normalize(" \n\t\n　\n") == "")
    }

    @Test func fullWidthLettersAndDigitsBecomeHalfWidth() {
        #expect(normalize("ＡＢＣ１２３ａｂｃ") == "ABC123abc")
        #expect(normalize("ＧＤＰ增长５．２％") == "GDP增长5．2％")
        #expect(normalize("Ｚｚ０９") == "Zz09")
    }

    @Test func chinesePunctuationIsKeptAsPrinted() {
        let text = "会议指出，“两个维护”：（一）坚持；【二】落实！？……——访"
        #expect(normalize(text) == text)
    }

    @Test func markdownHeadingsLoseTheirPrefix() {
        #expect(normalize("## 市委审计委员会举行第四次会议\n\n# 以强有力的审计监督") == "市委审计委员会举行第四次会议\n\n以强有力的审计监督")
        #expect(normalize("###### 六级") == "六级")
        #expect(normalize("## 标题 ##") == "标题")
        #expect(normalize("#1号文件") == "#1号文件")
        #expect(normalize("####### 七个") == "####### 七个")
        #expect(normalize("话题 #两会# 讨论") == "话题 #两会# 讨论")
    }

    @Test func boldMarksAreRemoved() {
        #expect(normalize("**本报讯** 8月16日,市委审计委员会") == "本报讯 8月16日,市委审计委员会")
        #expect(normalize("** 本报讯 ** 消息") == "本报讯 消息")
        #expect(normalize("***重点***") == "重点")
    }

    @Test func bulletsAndRulesAreRemovedOnlyWhenClearlyMarkdown() {
        #expect(normalize("- 第一条\n* 第二条\n+ 第三条") == "第一条\n第二条\n第三条")
        #expect(normalize("-5℃\n*注：数据来源") == "-5℃\n*注：数据来源")
        #expect(normalize("甲\n\n---\n\n乙") == "甲\n\n乙")
        #expect(normalize("甲\n* * *\n乙") == "甲\n\n乙")
        #expect(normalize("甲\n___\n===\n乙") == "甲\n\n乙")
        #expect(normalize("甲\n--\n乙") == "甲\n--\n乙")
        #expect(normalize("——访市审计局局长") == "——访市审计局局长")
        #expect(normalize("> 引文") == "引文")
    }

    @Test func zeroWidthAndFormatCharactersAreRemoved() {
        #expect(normalize("本\u{200B}报\u{200C}讯\u{200D}消\u{2060}息\u{FEFF}") == "本报讯消息")
        #expect(normalize("\u{FEFF}标题") == "标题")
        #expect(normalize("自\u{00AD}动\u{200E}化\u{202E}") == "自动化")
    }

    @Test func wideSpacesAreTrimmedAtLineEndsAndFoldedInside() {
        #expect(normalize("　　本报讯　消息\u{00A0}\u{00A0}") == "本报讯 消息")
        #expect(normalize("\u{00A0}唱好“双城记”\u{3000}\u{3000}建好“经济圈”\u{00A0}") == "唱好“双城记” 建好“经济圈”")
        #expect(normalize("陈  \t 润") == "陈 润")
        #expect(normalize("a\u{2003}b\u{202F}c") == "a b c")
    }

    @Test func controlCharactersAreDropped() {
        #expect(normalize("本\u{0001}报\u{0007}讯\u{007F}\u{0085}消\u{009B}息") == "本报讯\n消息")
        #expect(normalize("甲\u{0000}乙") == "甲乙")
    }

    @Test func decomposedInputIsComposed() {
        let composed = "Café 北京 é"
        let decomposed = composed.decomposedStringWithCanonicalMapping
        #expect(Array(decomposed.unicodeScalars) != Array(composed.unicodeScalars))
        #expect(Array(normalize(decomposed).unicodeScalars) == Array(composed.unicodeScalars))
        // Singleton decompositions (CJK compatibility ideographs, Ω sign) also go to NFC.
        #expect(Array(normalize("\u{F900}\u{2126}").unicodeScalars) == Array("\u{8C48}\u{03A9}".unicodeScalars))
        // Kana voicing marks compose.
        #expect(Array(normalize("か\u{3099}").unicodeScalars) == ["が"])
    }

    @Test func normalizingTwiceChangesNothing() throws {
        let samples = [
            "## 标题\r\n\r\n**本报讯**　ＧＤＰ\u{200B}增长\r\n- 列表\r\n---\r\n结尾　",
            "\u{FEFF}  ＡＢＣ \t\u{3000} 甲\n\n\n\n乙",
        ]
        for sample in samples {
            let once = normalize(sample)
            #expect(normalize(once) == once)
        }
    }

    @Test(arguments: SeedCorpus.pages)
    func seedPagesKeepEveryCharacterOfText(seed: SeedCorpusPage) throws {
        let text = try String(contentsOf: seed.url, encoding: .utf8)
        let normalized = normalize(text)
        #expect(!normalized.contains("\r"))
        #expect(!normalized.contains("\n\n\n"))
        #expect(!normalized.contains("**"))
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.first != " " && line.last != " ")
            #expect(!line.hasPrefix("#"))
        }
        // Only layout is removed: the CJK characters of the page survive in order.
        let cjk: (String) -> String = { String($0.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }.map(Character.init)) }
        #expect(cjk(normalized) == cjk(text))
        #expect(normalize(normalized) == normalized)
    }
}

@Suite struct SeedCorpusTests {
    @Test func theSeedPagesAreFound() {
        #expect(SeedCorpus.pages.count >= 5)
        #expect(SeedCorpus.pages.allSatisfy { !$0.bytes.isEmpty })
    }
}

@Suite struct TextNormalizerScaleTests {
    /// A megabyte-long line full of bold marks and spaces: the mark stripping must stay linear.
    @Test func aLongLineOfMarksIsHandledInOnePass() {
        let line = String(repeating: "** 甲 ** ", count: 100_000)
        let normalized = TextNormalizer.normalize(line)
        #expect(normalized == String(repeating: "甲 ", count: 100_000).dropLast())
    }
}
