import Foundation
import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteClassifier

/// The shipped defaults: embedded copies, the seed articles' topics, and `other` for non-news.
@Suite struct ClassifierLoaderTests {
    static let root = Seeds.repoRoot
    static let classifier = try! ClassifierLoader.load(taxonomyPath: nil, modelPath: nil)

    @Test func embeddedCopiesEqualTheFilesInConfig() throws {
        let toml = try String(contentsOf: Self.root.appendingPathComponent("config/taxonomy.toml"), encoding: .utf8)
        #expect(EmbeddedDefaults.taxonomyTOML + "\n" == toml, "config/taxonomy.toml changed: run scripts/embed-defaults.sh")
        let model = try Data(contentsOf: Self.root.appendingPathComponent("config/model/default.gznb"))
        #expect(Data(base64Encoded: EmbeddedDefaults.modelBase64) == model, "config/model/default.gznb changed: run scripts/embed-defaults.sh")
        let dir = Self.root.appendingPathComponent("config/training")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".jsonl") }.sorted()
        #expect(EmbeddedDefaults.trainingJSONL.map(\.0) == files, "config/training changed: run scripts/embed-defaults.sh")
        for (name, text) in EmbeddedDefaults.trainingJSONL {
            let file = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            #expect(text + "\n" == file, "config/training/\(name) changed: run scripts/embed-defaults.sh")
        }
    }

    /// The shipped model was fitted on the shipped corpus: it lists every article of it, and
    /// so `gazette eval` on that corpus without --folds has nothing honest left to score.
    @Test func shippedModelListsItsTrainingArticles() throws {
        let corpus = try LabelledCorpus.shipped()
        #expect(corpus.count >= 95)
        let trained = try #require(Self.classifier.model?.trainedOn)
        #expect(Set(corpus.map(\.fingerprint)).isSubset(of: trained))
        #expect(Self.classifier.model?.calibration != nil, "train stores the fitted calibration")
    }

    @Test func defaultTaxonomyHasEveryStableTopicWithManyTerms() throws {
        let taxonomy = try ClassifierLoader.loadTaxonomy(path: nil)
        #expect(taxonomy.topicIDs == Taxonomy.stableIDs)
        for topic in taxonomy.topics where topic.id != Taxonomy.otherID {
            #expect(topic.terms.count >= 40, "\(topic.id) has only \(topic.terms.count) terms")
        }
    }

    @Test func loadsFromFilesToo() throws {
        let fromFiles = try ClassifierLoader.load(
            taxonomyPath: Self.root.appendingPathComponent("config/taxonomy.toml").path,
            modelPath: Self.root.appendingPathComponent("config/model/default.gznb").path)
        #expect(fromFiles.taxonomy == Self.classifier.taxonomy)
        #expect(fromFiles.model == Self.classifier.model)
    }

    @Test func aMissingFileIsAClearError() {
        #expect(throws: ClassifierError.self) { try ClassifierLoader.load(taxonomyPath: "/nonexistent/taxonomy.toml", modelPath: nil) }
        do {
            _ = try ClassifierLoader.loadModel(path: "/nonexistent/model.gznb")
        } catch {
            #expect(error.description.contains("/nonexistent/model.gznb"))
        }
    }

    /// Seed article spans (real text, copied from `seeds/`) with the topic an editor files them under.
    static let seedCases: [(String, String)] = [
        ("资源共享 守护医保基金安全", "healthcare-security"),
        ("李沧区助力对口帮扶地区率先\"摘帽\"", "rural-revitalization"),
        ("市委审计委员会举行第四次会议", "audit-finance"),
        ("以更加精准化精细化的举措 慎终如始抓好常态化疫情防控", "public-health"),
        ("我市外经合作 成绩不俗", "commerce-trade"),
        ("中秋国庆假期全市安全形势总体平稳", "safety-emergency"),
        ("汉滨推进国家组织药品及医用耗材集中带量采购", "healthcare-security"),
        ("汉阴凝聚新乡贤力量促振兴", "rural-revitalization"),
        ("紫阳精准服务保障企业用工稳产", "employment-social"),
        ("镇坪财政局“双监控”强化预算绩效管理", "audit-finance"),
        ("我市启动化妆品安全 科普宣传周活动 让安全用妆知识深入人心", "market-regulation"),
    ]

    @Test(arguments: seedCases)
    func seedArticlesGetTheEditorsTopic(headlinePrefix: String, topic: String) throws {
        let example = try #require(try Self.seedExamples().first { ($0.headline ?? "").hasPrefix(String(headlinePrefix.prefix(8))) })
        let result = Self.classifier.classify(text: example.text, headline: example.headline)
        #expect(result.category == topic)
        // The lexicon alone must carry it: the shipped model has seen these articles.
        #expect(Self.classifier.classify(text: example.text, headline: example.headline, signals: .lexicon).category == topic)
    }

    @Test func headlinelessSeedArticlesToo() throws {
        let examples = try Self.seedExamples().filter { $0.headline == nil }
        #expect(examples.count >= 4)
        for e in examples {
            #expect(Self.classifier.classify(text: e.text, headline: nil, signals: .lexicon).category == e.category, "\(e.text.prefix(30))")
        }
    }

    @Test func allSeedArticlesWithTheLexiconAlone() throws {
        let examples = try Self.seedExamples()
        let right = examples.filter { Self.classifier.classify(text: $0.text, headline: $0.headline, signals: .lexicon).category == $0.category }
        #expect(right.count == examples.count)
    }

    @Test func withTheShippedTaxonomyARepeatedWordDoesNotBeatAHeadlineTerm() {
        let body = Array(repeating: "水产养殖", count: 50).joined(separator: "，")
        let result = Self.classifier.classify(text: body, headline: "打击欺诈骗保")
        #expect(result.category == "healthcare-security")
    }

    /// A real non-news text: the MIT licence (as shipped by TOMLKit and many others).
    @Test func licenceTextIsOther() {
        let licence = """
            Permission is hereby granted, free of charge, to any person obtaining a copy of this software and \
            associated documentation files (the "Software"), to deal in the Software without restriction, including \
            without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell \
            copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the \
            following conditions:
            """
        let result = Self.classifier.classify(text: licence, headline: "MIT License")
        #expect(result.category == "other")
        #expect(abs(result.scores.values.reduce(0, +) - 1) < 1e-9)
        #expect(result.scores.count == 16)
    }

    static func seedExamples() throws -> [LabelledExample] {
        try LabelledCorpus.load(path: root.appendingPathComponent("config/training/seeds.jsonl").path)
    }
}
