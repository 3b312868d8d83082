import Testing
@testable import GazetteCore

/// The general rules on small synthetic pages, so that unseen pages work, not just the seeds.
@Suite struct PageLayoutTests {
    /// Blocks separated by blank lines, as the normalizer delivers them.
    private func layout(_ blocks: String...) -> [Article] { layout(blocks) }

    private func layout(_ blocks: [String]) -> [Article] {
        PageLayout.articles(fromNormalized: blocks.joined(separator: "\n\n"))
    }

    // MARK: Reflow

    @Test func wordCutByAColumnBreakIsRejoined() throws {
        let a = layout(
            "城市推进垃圾分类工作", "□本报记者 张三",
            "近日，本市召开垃圾分类工作会议，部署下一阶段垃圾分类任务。",
            "会议指出，这是一项长期任务，各区要持续推进垃圾分",
            "类工作，做到全覆盖。")
        let article = try #require(a.first)
        #expect(a.count == 1)
        #expect(article.paragraphs.count == 2)
        #expect(article.paragraphs.last == "会议指出，这是一项长期任务，各区要持续推进垃圾分类工作，做到全覆盖。")
        #expect(article.quality.joinedBreaks == 1)
    }

    @Test func blockEndingInACommaIsRejoined() throws {
        let a = layout(
            "标题新闻", "□本报记者 张三", "今年以来，全区累计筹集资金，", "用于改善民生。")
        #expect(a.first?.paragraphs == ["今年以来，全区累计筹集资金，用于改善民生。"])
    }

    @Test func paragraphThatLostItsFullStopStaysApart() throws {
        let a = layout(
            "项目落地提速", "□本报记者 张三", "今年以来，全市推动项目落地。",
            "全市加快审批改革，优化营商环境，助推重大项目及时落地",
            "环境影响评价是项目建设的必备环节，程序复杂。")
        #expect(a.first?.paragraphs.count == 3)
        #expect(a.first?.quality.joinedBreaks == 0)
    }

    @Test func captionBetweenTwoHalvesIsMovedOut() throws {
        let a = layout(
            "医保宣传进社区", "□本报记者 张三",
            "分局的培训围绕政策法规、支付方式改革、药品耗材集中带量采",
            "工作人员在广场举办宣传活动,解答群众问题。",
            "购、飞行检查等方面开展,效果良好。")
        let article = try #require(a.first)
        #expect(article.paragraphs == [
            "分局的培训围绕政策法规、支付方式改革、药品耗材集中带量采购、飞行检查等方面开展,效果良好。",
            "工作人员在广场举办宣传活动,解答群众问题。",
        ])
        #expect(article.quality.joinedBreaks == 1)
    }

    @Test func creditedCaptionBetweenHalvesBecomesAPhoto() throws {
        let a = layout(
            "乡村振兴见闻", "□本报记者 张三",
            "村里建起了合作社，带动",
            "村民在合作社分拣蔬菜。 李四 摄",
            "周边农户增收致富。")
        #expect(a.count == 2)
        #expect(a.first?.paragraphs == ["村里建起了合作社，带动周边农户增收致富。"])
        #expect(a.last?.kind == .photo)
        #expect(a.last?.photographers == ["李四"])
    }

    @Test func characterPrintedTwiceAcrossTheBreakIsDropped() throws {
        let a = layout(
            "疫情防控会议", "□本报记者 张三", "坚守在核酸检测等疫情防控", "防控前线的力量，要做好轮岗轮休。")
        #expect(a.first?.paragraphs == ["坚守在核酸检测等疫情防控前线的力量，要做好轮岗轮休。"])
    }

    @Test func layoutSpacesInsideProseAreRemoved() {
        let a = layout("标题新闻", "□本报记者 张三", "从授人以鱼到授人以 渔。多层次选派 人才,2021 年选派DIP 专家。")
        #expect(a.first?.paragraphs == ["从授人以鱼到授人以渔。多层次选派人才,2021年选派DIP专家。"])
    }

    // MARK: Segmentation

    @Test func subheadIsNotANewArticle() throws {
        let a = layout(
            "全市推进垃圾分类", "□本报记者 张三", "近日，全市召开垃圾分类推进会。",
            "强化宣传引导", "各区要通过多种形式开展宣传，营造良好氛围。",
            "完善设施建设", "各区要加快建设分类收集设施，补齐短板。")
        let article = try #require(a.first)
        #expect(a.count == 1)
        #expect(article.subheads == ["强化宣传引导", "完善设施建设"])
        #expect(article.paragraphs.count == 3)
    }

    @Test func headlineFollowedByBylineIsANewArticle() {
        let a = layout(
            "全市推进垃圾分类", "□本报记者 张三", "近日，全市召开垃圾分类推进会。",
            "城区新建三座公园", "□本报记者 李四", "今年以来，城区新建公园三座。")
        #expect(a.count == 2)
        #expect(a.map(\.headline) == ["全市推进垃圾分类", "城区新建三座公园"])
        #expect(a.map(\.reporters) == [["张三"], ["李四"]])
    }

    @Test func lostHeadlineStartsAtBylineOrLead() {
        let a = layout(
            "全市推进垃圾分类", "□本报记者 张三", "近日，全市召开垃圾分类推进会。",
            "本报讯（通讯员 王五）10月8日，全县举办农民丰收节。", "活动吸引群众上万人。",
            "□本报记者 李四", "近日，城区新建公园三座。")
        #expect(a.count == 3)
        #expect(a[1].headline == nil)
        #expect(a[1].correspondents == ["王五"])
        #expect(a[1].dateline == "10月8日")
        #expect(a[1].paragraphs.first == "10月8日，全县举办农民丰收节。")
        #expect(a[1].kind == .news)
        #expect(a[2].headline == nil)
        #expect(a[2].reporters == ["李四"])
    }

    @Test func strayBylineAboveAHeadlineIsNotAnArticle() {
        let a = layout(
            "全市推进垃圾分类", "□本报记者 张三", "近日，全市召开垃圾分类推进会。",
            "□本报记者 王五",
            "城区新建三座公园", "□本报记者 李四", "今年以来，城区新建公园三座。")
        #expect(a.count == 2)
        #expect(a.map(\.reporters) == [["张三"], ["李四"]])
    }

    @Test func twoLineBylineAndTextAndPhotos() {
        let a = layout("乡村新貌", "□文/图 本报记者/张三", "通讯员/李四", "近日，记者走进乡村。")
        #expect(a.first?.reporters == ["张三"])
        #expect(a.first?.correspondents == ["李四"])
        #expect(a.first?.photographers == ["张三", "李四"])
    }

    @Test func noticeAndContinuationPieces() {
        let a = layout(
            "上接A01版", "据了解，全市共开展培训二十场。", "讲文明 树新风 公益广告", "节约粮食 从我做起", "中共某某市委宣传部")
        #expect(a.count == 2)
        #expect(a.first?.kind == .fragment)
        #expect(a.first?.continuedFrom == "A01版")
        #expect(a.last?.kind == .notice)
        #expect(a.last?.paragraphs == ["节约粮食 从我做起", "中共某某市委宣传部"])
    }

    @Test func continuationWithHeadlineIsNews() {
        let a = layout("竭力跑出发展加速度", "(上接一版)高新区聚焦主导产业，着力培育龙头。")
        #expect(a.first?.kind == .news)
        #expect(a.first?.headline == "竭力跑出发展加速度")
        #expect(a.first?.continuedFrom == "一版")
        #expect(a.first?.paragraphs == ["高新区聚焦主导产业，着力培育龙头。"])
    }

    @Test func interviewFromQuestionsAndAnswers() {
        let a = layout(
            "审计助力发展", "□本报记者 张三", "问：如何加强审计？", "答：我们坚持问题导向。", "问：下一步有何谋划？", "答：继续深化改革。")
        #expect(a.first?.kind == .interview)
    }

    // MARK: De-duplication and garble

    @Test func repeatedBlocksKeepOneCopy() throws {
        let report = ["会议要求，各部门要紧紧围绕质量月活动主题开展工作。", "会议强调，质量是经济发展的永恒主题。"]
        let a = layout(["质量月活动举行", "□本报记者 张三"] + report + report + report + [report[0]])
        let article = try #require(a.first)
        #expect(article.paragraphs == report)
        #expect(article.quality.droppedDuplicates == 5)
    }

    @Test func truncatedCopyElsewhereIsDropped() {
        let full = "纵观东片区项目，一方面项目进展取得新成效，企业效益好。"
        let a = layout(
            "第一条新闻", "□本报记者 张三", "今年以来，全县财政运行平稳。", "纵观东片区项目，一方面项目进展",
            "第二条新闻", "(上接一版)高新区聚焦主导产业。", full)
        #expect(a.count == 2)
        #expect(a[0].paragraphs == ["今年以来，全县财政运行平稳。"])
        #expect(a[0].quality.droppedDuplicates == 1)
        #expect(a[1].paragraphs.last == full)
    }

    @Test func doubledClauseInsideAParagraph() {
        let a = layout("标题新闻", "□本报记者 张三", "对改革中出现的新情况新问题，对改革中出现的新情况新问题，综合评判。")
        #expect(a.first?.paragraphs == ["对改革中出现的新情况新问题，综合评判。"])
        #expect(a.first?.quality.droppedDuplicates == 1)
    }

    @Test func garbledParagraphIsKeptAndMeasured() throws {
        let garbage = "召开\"乡村振兴在 行动——看区市\"第三场李沧区东游区东\"第三本治区东 大作、开展情况。据了解,李沧泽 大作、开展情况。据了解,李泽泽 大时,对位军,对位军,对位军 大型。"
        let a = layout("标题新闻", "□本报记者 张三", garbage, "李沧区委、区政府始终把助力脱贫攻坚作为一项重大政治任务来抓。")
        let article = try #require(a.first)
        #expect(article.paragraphs.count == 2)
        #expect(article.quality.garbledRatio > 0.2)
        #expect(article.quality.garbledRatio < 1)
    }

    @Test func emptyAndOddInput() {
        #expect(PageLayout.articles(fromNormalized: "").isEmpty)
        #expect(PageLayout.articles(fromNormalized: "\n\n\n").isEmpty)
        _ = PageLayout.articles(fromNormalized: "摄")
        _ = PageLayout.articles(fromNormalized: "□")
        _ = PageLayout.articles(fromNormalized: "本报讯（")
        _ = PageLayout.articles(fromNormalized: "(上接")
        _ = PageLayout.articles(fromNormalized: "——")
    }
}
