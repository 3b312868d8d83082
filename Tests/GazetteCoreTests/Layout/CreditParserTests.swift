import Testing
@testable import GazetteCore

@Suite struct CreditParserTests {
    private func byline(_ s: String) -> Credits? { CreditParser.byline(Array(s.unicodeScalars)) }

    @Test func markedBylineWithPaper() throws {
        let c = try #require(byline("□本报记者 赵蝶"))
        #expect(c.reporters == ["赵蝶"])
        #expect(c.source == "本报")
    }

    @Test func unlabelledNameBeforeReporterIsCorrespondent() throws {
        let c = try #require(byline("□康建林 本报记者 沈仁平 实习记者 童杰 文/图"))
        #expect(c.correspondents == ["康建林"])
        #expect(c.reporters == ["沈仁平", "童杰"])
        #expect(c.textAndPhotos)
        #expect(c.printedOrder == ["康建林", "沈仁平", "童杰"])
    }

    @Test func slashRolesAndPaperWithDepartment() throws {
        let c = try #require(byline("■青岛财经日报/首页新闻记者 黄元晖"))
        #expect(c.reporters == ["黄元晖"])
        #expect(c.source == "青岛财经日报")
        let d = try #require(byline("□文/图 江门日报记者/朱磊磊"))
        #expect(d.reporters == ["朱磊磊"])
        #expect(d.source == "江门日报")
        #expect(d.textAndPhotos)
        let e = try #require(byline("通讯员/林冬梅"))
        #expect(e.correspondents == ["林冬梅"])
    }

    @Test func spacedOutNamesAndRolesAreGlued() throws {
        #expect(byline("■本报记者 陈 润")?.reporters == ["陈润"])
        #expect(byline("通 讯 员 刘海华")?.correspondents == ["刘海华"])
    }

    @Test func unmarkedBylineNeedsARole() {
        #expect(byline("江门日报记者 陈敏锐")?.reporters == ["陈敏锐"])
        #expect(byline("■朱桂林")?.reporters == ["朱桂林"])
        #expect(byline("秦国文主持 朱健出席") == nil)
        #expect(byline("勤俭持家") == nil)
    }

    @Test func sentencesAreNotBylines() {
        #expect(byline("近日，本报记者专访了贵阳市审计局副局长陈刚。") == nil)
        #expect(byline("本报记者在现场看到，工人正在施工") == nil)
    }

    @Test func photoCreditInByline() throws {
        let c = try #require(byline("本报记者 张三 摄"))
        #expect(c.photographers == ["张三"])
        #expect(c.reporters.isEmpty)
    }

    @Test func leadParenthesesNames() throws {
        let c = try #require(CreditParser.names(Array("记者/黎禹君 通讯员/聂继业 钟颖杰".unicodeScalars)[...]))
        #expect(c.reporters == ["黎禹君"])
        #expect(c.correspondents == ["聂继业", "钟颖杰"])
        let d = try #require(CreditParser.names(Array("杨雪柔 记者 高明山 李鹏飞".unicodeScalars)[...]))
        #expect(d.correspondents == ["杨雪柔"])
        #expect(d.reporters == ["高明山", "李鹏飞"])
    }
}
