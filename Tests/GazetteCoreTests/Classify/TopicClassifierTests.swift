import Foundation
import Testing
@testable import GazetteCore

/// Behaviour of the scoring itself, on a small hand-built taxonomy so each rule is visible.
@Suite struct TopicClassifierTests {
    static let taxonomy = Taxonomy(topics: [
        Topic(id: "healthcare-security", nameZh: "医疗保障", nameEn: "Healthcare security", scope: "",
              terms: [WeightedTerm("医保基金", weight: 3), WeightedTerm("医保", weight: 2), WeightedTerm("欺诈骗保", weight: 3)]),
        Topic(id: "agriculture", nameZh: "农业农村", nameEn: "Agriculture", scope: "",
              terms: [WeightedTerm("水稻", weight: 3), WeightedTerm("养殖", weight: 3)]),
        Topic(id: "environment", nameZh: "生态环境", nameEn: "Environment", scope: "",
              terms: [WeightedTerm("垃圾分类", weight: 3)], patterns: [WeightedPattern("环评[^。]{0,6}改革", weight: 2)]),
        Topic(id: "other", nameZh: "其他", nameEn: "Other", scope: ""),
    ])
    let classifier = TopicClassifier(taxonomy: Self.taxonomy, model: nil)

    @Test func scoresArePropabilitiesOverAllTopicsAndOther() {
        let result = classifier.classify(text: "青岛上半年追回违规医保基金3577万元。", headline: nil)
        #expect(Set(result.scores.keys) == ["healthcare-security", "agriculture", "environment", "other"])
        #expect(abs(result.scores.values.reduce(0, +) - 1) < 1e-9)
        #expect(result.scores.values.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(result.category == "healthcare-security")
        #expect(result.confidence == result.scores["healthcare-security"])
    }

    @Test func aRepeatedBodyWordDoesNotBeatAHeadlineTermOfAnotherTopic() {
        let body = Array(repeating: "养殖", count: 50).joined(separator: "，")
        let result = classifier.classify(text: "会议指出。\n" + body, headline: "打击欺诈骗保")
        #expect(result.category == "healthcare-security")
        let once = classifier.lexiconEvidence(headline: nil, paragraphs: ["会议指出", "养殖"])[1]
        let fifty = classifier.lexiconEvidence(headline: nil, paragraphs: ["会议指出", body])[1]
        #expect(fifty > once)
        #expect(fifty <= 3 * Self.taxonomy.scoring.termCap + 1e-9)
    }

    @Test func textWithoutAnyTopicVocabularyIsOther() {
        let result = classifier.classify(text: "今天天气很好，我们去公园散步。", headline: nil)
        #expect(result.category == "other")
    }

    @Test func termsMatchAcrossOCRSpacesAndFullWidthForms() {
        let spaced = classifier.classify(text: "持续加强医保 基金监管。", headline: nil)
        #expect(spaced.category == "healthcare-security")
        let evidence = classifier.lexiconEvidence(headline: nil, paragraphs: ["深化环评“放管服”改革"])
        #expect(evidence[2] > 0, "the regex pattern of environment matches")
    }

    @Test func headlineCountsMoreThanBody() {
        let inHeadline = classifier.lexiconEvidence(headline: "水稻", paragraphs: ["会议指出"])[1]
        let inBody = classifier.lexiconEvidence(headline: nil, paragraphs: ["会议指出", "水稻"])[1]
        #expect(inHeadline > inBody)
    }

    @Test func classifiesEveryArticleOfAPageWhateverItsKind() {
        let page = ParsedPage(sha256: "x", encoding: .utf8, articles: [
            Article(seq: 1, headline: "积极参与垃圾分类 共同呵护绿色家园", paragraphs: []),
            Article(seq: 2, kind: .notice, headline: "讲文明 树新风", paragraphs: ["垃圾分类"]),
            Article(seq: 3, kind: .photo, paragraphs: ["水稻 丰收"]),
        ])
        let classified = classifier.classify(page)
        #expect(classified.articles.map { $0.classification?.category } == ["environment", "environment", "agriculture"])
    }

    @Test func articleTextTakesAShortFirstLineAsHeadline() {
        let (headline, paragraphs) = ArticleText.split("资源共享 守护医保基金安全\n\n为深入践行党中央国务院关于成渝地区双城经济圈建设重大决策部署。\n会议梳理总结了成果。")
        #expect(headline == "资源共享 守护医保基金安全")
        #expect(paragraphs.count == 2)
        let none = ArticleText.split("9月25日，家住四川省华蓥市的唐少云因家里办宴席。\n第二段。")
        #expect(none.headline == nil)
        #expect(none.paragraphs.count == 2)
    }

    @Test func othersOwnTermsPullAPieceTowardsOther() throws {
        let text = "春节前夕，志愿者看望慰问孤寡老人，顺带讲解医保基金政策。"
        let before = classifier.classify(text: text, headline: nil)
        var taxonomy = Self.taxonomy
        let other = try #require(taxonomy.topics.firstIndex { $0.id == "other" })
        taxonomy.topics[other].terms = [WeightedTerm("看望慰问", weight: 3), WeightedTerm("孤寡老人", weight: 2)]
        let after = TopicClassifier(taxonomy: taxonomy, model: nil).classify(text: text, headline: nil)
        #expect(before.category == "healthcare-security")
        #expect(after.category == "other")
        #expect(after.scores["other"]! > before.scores["other"]!)
    }

    @Test func temperatureChangesConfidenceNotTheVerdict() {
        let parts = classifier.parts(text: "青岛追回违规医保基金。\n水稻丰收。", headline: nil, signals: .lexicon)
        let cold = TopicClassifier.softmax(TopicClassifier.logits(parts, blend: 0, modelScale: 10, otherThreshold: 2, temperature: 1))
        let warm = TopicClassifier.softmax(TopicClassifier.logits(parts, blend: 0, modelScale: 10, otherThreshold: 2, temperature: 3))
        #expect(cold.best == warm.best)
        #expect(warm.confidence < cold.confidence)
    }

    @Test func foldsAreStratifiedAndDeterministic() {
        let labels = ["a", "b", "a", "c", "a", "b", "a", "c", "b", "a"]
        let folds = ClassifierFit.assignFolds(labels, folds: 3)
        #expect(folds == ClassifierFit.assignFolds(labels, folds: 3))
        for label in Set(labels) {
            let used = labels.indices.filter { labels[$0] == label }.map { folds[$0] }
            #expect(Set(used).count == min(3, used.count), "\(label) spread over the folds")
        }
    }
}
