import Testing
@testable import GazetteCore

@Suite struct TitleParserTests {
    private func split(_ lines: String..., page: String = "") -> TitleParser.Title {
        let scalars = lines.map { Array($0.unicodeScalars) }
        let stats = PageStatistics(lines: scalars + [Array(page.unicodeScalars)])
        return TitleParser.split(scalars, stats: stats)
    }

    @Test func threeLinesAreKickerHeadlineSubtitle() {
        let t = split("唱好“双城记” 建好“经济圈”", "资源共享 守护医保基金安全", "川渝签署合作事项 正式启动联合检查")
        #expect(t.kicker == "唱好“双城记” 建好“经济圈”")
        #expect(t.headline == "资源共享 守护医保基金安全")
        #expect(t.subtitle == "川渝签署合作事项 正式启动联合检查")
    }

    @Test func exclamationAboveIsAKicker() {
        let t = split("顶格推动!", "李沧区助力对口帮扶地区率先摘帽并取得显著成效")
        #expect(t.kicker == "顶格推动!")
        #expect(t.headline == "李沧区助力对口帮扶地区率先摘帽并取得显著成效")
        #expect(t.subtitle == nil)
    }

    @Test func twoLinesKickerOrSubtitle() {
        let a = split("全力干好“三个年” 奋力开创新局面", "紫阳精准服务保障企业用工稳产")
        #expect(a.kicker == "全力干好“三个年” 奋力开创新局面")
        #expect(a.headline == "紫阳精准服务保障企业用工稳产")
        let b = split("我市外经合作 成绩不俗", "今年已完成对外承包工程营业额821万美元,完成投资额800万美元")
        #expect(b.kicker == nil)
        #expect(b.headline == "我市外经合作 成绩不俗")
        #expect(b.subtitle == "今年已完成对外承包工程营业额821万美元,完成投资额800万美元")
        let c = split("以更加精准的举措 抓好常态化疫情防控", "市长主持召开全市疫情防控工作视频会议")
        #expect(c.headline == "以更加精准的举措 抓好常态化疫情防控")
        #expect(c.subtitle == "市长主持召开全市疫情防控工作视频会议")
    }

    @Test func dashSubtitleInsideTheLine() {
        let t = split("发挥审计监督作用 助力五年行动 ——访市审计局副局长陈刚")
        #expect(t.headline == "发挥审计监督作用 助力五年行动")
        #expect(t.subtitle == "——访市审计局副局长陈刚")
    }

    @Test func brokenHeadlineIsRejoinedUnderATwoLineKicker() {
        let t = split(
            "强化统筹协调", "积极回应消费者关切", "市场监管系统全面提升", "消费者满意度工作调度会举行",
            page: "全面提升消费者满意度工作。切实提升消费者满意度。")
        #expect(t.kicker == "强化统筹协调 积极回应消费者关切")
        #expect(t.headline == "市场监管系统全面提升消费者满意度工作调度会举行")
        #expect(t.subtitle == nil)
    }
}
