import Testing
@testable import GazetteCore

/// The kinds of evidence real pages carry that the sample pages do not (issue 22): column-
/// wrapped OCR text, page furniture, headlines with no byline or lead, leads and bylines in
/// other papers' forms. Each test builds its page from generic sentences, so it asserts the
/// behaviour, not the text of any one page.
@Suite struct RealPageTests {
    private func layout(_ blocks: [String]) -> [Article] {
        PageLayout.articles(fromNormalized: blocks.joined(separator: "\n\n"))
    }

    /// Wraps a paragraph the way an OCR engine prints a column: `width` characters a line,
    /// the first line two short (its indent).
    private func wrapped(_ paragraph: String, width: Int = 13) -> [String] {
        var lines: [String] = []
        var rest = Substring(paragraph)
        var room = width - 2
        while !rest.isEmpty {
            lines.append(String(rest.prefix(room)))
            rest = rest.dropFirst(room)
            room = width
        }
        return lines
    }

    private let storyA = [
        "近日，市医疗保障局召开全市医保基金监管工作会议，部署下一阶段重点任务。",
        "会议要求，各地要压实监管责任，严厉打击欺诈骗保行为，确保基金安全运行。",
    ]
    private let storyB = [
        "3月2日，县农业农村局组织技术人员深入田间地头，指导农户做好春耕备耕工作。",
        "技术人员现场讲解了种子选购、科学施肥等知识，受到群众普遍欢迎。",
    ]

    private let storyC = [
        "今年以来，区市场监管局围绕食品安全开展专项检查，共检查经营主体三百余家。",
        "检查中发现的问题已全部责令整改到位，有效保障了群众饮食安全。",
        "下一步，该局将持续加大监管力度，推动食品安全工作常态长效。",
    ]

    @Test func aHeadlineWithoutBylineOrLeadStartsAnArticle() throws {
        let a = layout(["市医保局部署基金监管工作", "本报讯（记者 王明）" + storyA[0], storyA[1],
                        "春耕备耕技术服务送到田间"] + storyB)
        #expect(a.count == 2)
        #expect(a.last?.headline == "春耕备耕技术服务送到田间")
        #expect(a.last?.paragraphs == storyB)
        #expect(a.first?.paragraphs.count == 2)
    }

    @Test func aHeadlineWithADashSubtitleStartsAnArticle() throws {
        // The interview's words recur in the story before it: only the shape can tell.
        let a = layout(["市医保局部署基金监管工作", "本报讯（记者 王明）" + storyA[0], storyA[1],
                        "守护医保基金安全", "——访市医疗保障局局长", "问：医保基金监管有哪些新举措？", "答：我们压实监管责任，严厉打击欺诈骗保行为。"])
        #expect(a.count == 2)
        #expect(a.last?.headline == "守护医保基金安全")
        #expect(a.last?.subtitle == "——访市医疗保障局局长")
    }

    @Test func aNumberedSectionHeadStaysInsideItsArticle() throws {
        let a = layout(["市医保局部署基金监管工作", "本报讯（记者 王明）" + storyA[0],
                        "一、压实医保基金监管责任", storyA[1]])
        #expect(a.count == 1)
        #expect(a.first?.subheads == ["一、压实医保基金监管责任"])
    }

    @Test func aLeadBrokenInsideItsCreditsYieldsItsNames() throws {
        let a = layout(["市医保局部署基金监管工作", "本报讯（记者 王明 通讯员", "李华）" + storyA[0], storyA[1]])
        let article = try #require(a.first)
        #expect(article.reporters == ["王明"])
        #expect(article.correspondents == ["李华"])
        #expect(article.paragraphs.first == storyA[0])
    }

    @Test func folioLinesAreNeverHeadlines() throws {
        let a = layout(["江城日报", "2025年4月7日 星期五", "第6版 综合新闻", "市医保局部署基金监管工作",
                        "本报讯（记者 王明）" + storyA[0], storyA[1]])
        #expect(a.count == 1)
        #expect(a.first?.headline == "市医保局部署基金监管工作")
        #expect(a.first?.quality.droppedFurniture == 3)
        // The folio in one row, and a page line with a letter.
        #expect(Furniture.isFolio(Array("江城日报 2020年8月15日星期六 要闻 第14版".unicodeScalars)))
        #expect(Furniture.isFolio(Array("B5 视点".unicodeScalars)))
        #expect(!Furniture.isFolio(Array("2025年全市经济运行情况分析".unicodeScalars)))
    }

    @Test func aPapersOwnBoxIsANoticeNotAHeadline() throws {
        let a = layout(["欢迎订阅江城日报", "订阅热线:0000-1234567", "市医保局部署基金监管工作",
                        "本报讯（记者 王明）" + storyA[0], storyA[1]])
        #expect(a.first?.kind == .notice)
        #expect(a.first?.headline == nil)
        #expect(a.last?.headline == "市医保局部署基金监管工作")
    }

    @Test func columnWrappedTextIsReadAsParagraphs() throws {
        var blocks = ["江城日报", "2025年4月7日 星期五", "市医保局部署基金监管工作",
                      (wrapped("本报讯（记者 王明）" + storyA[0])).joined(separator: "\n")]
        blocks.append(wrapped(storyA[1]).joined(separator: "\n"))
        blocks.append("春耕备耕技术服务送到田间")
        // An OCR block boundary in the middle of a sentence.
        let b0 = wrapped(storyB[0])
        blocks.append(b0.prefix(3).joined(separator: "\n"))
        blocks.append(b0.dropFirst(3).joined(separator: "\n"))
        blocks.append(wrapped(storyB[1]).joined(separator: "\n"))
        let a = layout(blocks)
        #expect(a.count == 2)
        #expect(a.first?.reporters == ["王明"])
        #expect(a.first?.paragraphs == storyA)
        #expect(a.last?.headline == "春耕备耕技术服务送到田间")
        #expect(a.last?.paragraphs == storyB)
    }

    @Test func aWrappedHeadlineIsOneHeadline() throws {
        var blocks = ["江城日报", "2025年4月7日 星期五", "全市医保基金监管工作会议\n召开"]
        blocks.append(wrapped("本报讯（记者 王明）" + storyA[0]).joined(separator: "\n"))
        for p in [storyA[1]] + storyC { blocks.append(wrapped(p).joined(separator: "\n")) }
        let a = layout(blocks)
        #expect(a.first?.headline == "全市医保基金监管工作会议召开")
        #expect(a.first?.paragraphs == storyA + storyC)
    }

    @Test(arguments: [
        ("县融媒体中心讯(记者/张三 通讯员/李四)", ["张三"], ["李四"], nil as String?),
        ("新华社北京3月2日电（记者王五）", ["王五"], [], "3月2日"),
        ("江城新闻网3月2日讯（记者 赵六）", ["赵六"], [], "3月2日"),
        ("本报讯 记者 王明 通讯员 李华 ", ["王明"], ["李华"], nil),
    ])
    func leadsInOtherPapersForms(lead: String, reporters: [String], correspondents: [String], dateline: String?) throws {
        let parsed = try #require(LeadParser.lead(Array((lead + storyA[0]).unicodeScalars)))
        #expect(parsed.credits.reporters == reporters)
        #expect(parsed.credits.correspondents == correspondents)
        if let dateline { #expect(parsed.dateline == dateline) }
    }

    @Test func aBylineMarkReadAsAnIdeographIsStillAMark() throws {
        let credits = try #require(CreditParser.byline(Array("国本报记者 王明 通讯员 李华".unicodeScalars)))
        #expect(credits.reporters == ["王明"])
        #expect(credits.correspondents == ["李华"])
        // A line that merely starts with the same character is not a byline.
        #expect(CreditParser.byline(Array("国务院办公厅印发通知".unicodeScalars)) == nil)
    }

    @Test func aClosingCreditStaysWithTheTextItCloses() throws {
        let a = layout(["市医保局部署基金监管工作", "本报讯 " + storyA[0], storyA[1], "(王明)",
                        "春耕备耕技术服务送到田间"] + storyB)
        #expect(a.count == 2)
        #expect(a.first?.paragraphs.last?.hasSuffix("(王明)") == true)
        #expect(a.last?.headline == "春耕备耕技术服务送到田间")
    }

    /// The generated weights name the features they were fitted on: a feature added, dropped
    /// or reordered in `BoundaryModel` without re-running `scripts/pagegen/retrain.sh` fails here.
    @Test func theShippedWeightsMatchTheFeatures() {
        #expect(BoundaryWeights.features.map(\.name) == BoundaryModel.featureNames)
        let x = [Double](repeating: 0, count: BoundaryModel.featureNames.count)
        #expect((0...1).contains(BoundaryModel.probability(x)))
    }
}
