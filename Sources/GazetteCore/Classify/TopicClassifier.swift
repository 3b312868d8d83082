import Foundation

/// Assigns each article one topic of the taxonomy, with calibrated probabilities.
///
/// Two signals are blended in log space and turned into probabilities by one softmax:
/// 1. the lexicon — taxonomy terms found in the headline zone (kicker, headline, subtitle;
///    counted once, weighted most), the lead and the body, each term saturating so that a
///    repeated word cannot dominate; the topic's evidence is then compressed logarithmically;
/// 2. the learned n-gram model, weighted by its `blendWeight` (how much data it has seen).
/// `other` competes with a threshold logit (plus evidence from its own terms, if any), so it
/// wins when no topic has enough evidence.
///
/// Pure and allocation-light: build once, share across threads.
public struct TopicClassifier: Sendable {
    public let taxonomy: Taxonomy
    public let model: NGramModel?
    /// Scored ids: the taxonomy's topics, then `other` last.
    public let categories: [String]
    let matcher: LexiconMatcher
    /// For each category, its column in the model's scores (nil when the model never saw it).
    let modelColumn: [Int?]

    /// Which signals to use; `eval --folds` compares them.
    public enum Signals: Sendable { case lexicon, model, both }

    public init(taxonomy: Taxonomy, model: NGramModel?) {
        self.taxonomy = taxonomy
        self.model = model
        let ids = taxonomy.topicIDs
        self.categories = ids + [Taxonomy.otherID]
        var index = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        // `other` may list terms of its own (weather, holiday visits …): evidence *against* every topic.
        index[Taxonomy.otherID] = ids.count
        self.matcher = LexiconMatcher(topics: taxonomy.topics, topicIndex: index)
        let modelIndex = Dictionary((model?.categories ?? []).enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        // A category the model has no documents for would look uniform over the vocabulary,
        // which beats every trained category on rare n-grams: leave it out of the model's say.
        self.modelColumn = categories.map { id in
            modelIndex[id].flatMap { (model?.documentCounts[$0] ?? 0) > 0 ? $0 : nil }
        }
    }

    /// Classifies an article from its headline zone (kicker, headline, subtitle), subheads and paragraphs.
    public func classify(_ article: Article) -> Classification {
        let headline = [article.kicker, article.headline, article.subtitle].compactMap { $0 }.joined(separator: "|")
        var body = article.paragraphs
        if !article.subheads.isEmpty, !body.isEmpty { body.append(article.subheads.joined(separator: "|")) }
        let folded = FoldedArticle(headline: headline.isEmpty ? nil : headline, paragraphs: body, keepRaw: !matcher.patterns.isEmpty)
        return classify(folded, signals: .both)
    }

    /// Classifies free text: paragraphs are its lines; the first non-empty one is the lead.
    public func classify(text: String, headline: String?) -> Classification {
        classify(text: text, headline: headline, signals: .both)
    }

    public func classify(text: String, headline: String?, signals: Signals) -> Classification {
        classify(FoldedArticle(headline: headline, text: text, keepRaw: !matcher.patterns.isEmpty), signals: signals)
    }

    /// Fills every article's classification. All kinds are classified, notices and photos
    /// included: a 公益广告 about 垃圾分类 is still about the environment, and a photo caption
    /// about a cadre training class is still party-building; the kind says what the piece is,
    /// the topic what it is about.
    public func classify(_ page: ParsedPage) -> ParsedPage {
        var page = page
        for i in page.articles.indices { page.articles[i].classification = classify(page.articles[i]) }
        return page
    }

    func classify(_ article: FoldedArticle, signals: Signals) -> Classification {
        let (best, confidence, probabilities) = Self.softmax(logits(article, signals: signals))
        var scores: [String: Double] = [:]
        scores.reserveCapacity(categories.count)
        for (i, id) in categories.enumerated() { scores[id] = probabilities[i] }
        return Classification(category: categories[best], confidence: confidence, scores: scores)
    }

    /// The temperature and `other` threshold in force: the model's fitted calibration, else the taxonomy's.
    public var calibration: NGramModel.Calibration {
        model?.calibration ?? .init(temperature: taxonomy.scoring.temperature, otherThreshold: taxonomy.scoring.otherThreshold)
    }

    /// One logit per category (`other` last), before the softmax.
    func logits(_ article: FoldedArticle, signals: Signals) -> [Double] {
        // A model fitted to have no say (blend 0) is not even scored: half the work per article.
        let parts = self.parts(article, signals: signals == .both && (model?.blendWeight ?? 0) == 0 ? .lexicon : signals)
        // The lexicon alone is judged with the taxonomy's own calibration: the model's was fitted for the blend.
        let c = signals == .lexicon ? NGramModel.Calibration(temperature: taxonomy.scoring.temperature, otherThreshold: taxonomy.scoring.otherThreshold) : calibration
        return Self.logits(
            parts, blend: signals == .model ? 1 : (model?.blendWeight ?? 0), modelScale: taxonomy.scoring.modelScale,
            otherThreshold: c.otherThreshold, temperature: c.temperature,
            otherAvailable: signals != .model || modelColumn[categories.count - 1] != nil)
    }

    /// The two signals before they are combined: compressed lexicon evidence per category
    /// (`other`'s from its own terms, if the taxonomy lists any) and the model's centred
    /// per-n-gram log-likelihoods (0 where the model has no say). `ClassifierFit` fits the
    /// blend weight, threshold and temperature on these without re-reading the articles.
    public struct Parts: Sendable {
        public var lexicon: [Double]
        public var model: [Double]
    }

    public func parts(text: String, headline: String?, signals: Signals = .both) -> Parts {
        parts(FoldedArticle(headline: headline, text: text, keepRaw: !matcher.patterns.isEmpty), signals: signals)
    }

    func parts(_ article: FoldedArticle, signals: Signals) -> Parts {
        let p = taxonomy.scoring
        let k = categories.count
        var lexicon = [Double](repeating: 0, count: k)
        var modelPart = [Double](repeating: 0, count: k)
        if signals != .model {
            let evidence = lexiconEvidence(article)
            for t in 0..<k { lexicon[t] = p.evidenceScale * log1p(evidence[t] / p.evidenceScale) }
        }
        if signals != .lexicon, let model, let scores = model.scores(headline: article.headline, body: article.body) {
            let known = modelColumn.compactMap { $0 }.map { scores[$0] }
            let mean = known.isEmpty ? 0 : known.reduce(0, +) / Double(known.count)
            for (i, column) in modelColumn.enumerated() {
                guard let column else { continue }
                modelPart[i] = scores[column] - mean
            }
        }
        return Parts(lexicon: lexicon, model: modelPart)
    }

    /// `(lexicon + blend·modelScale·model [+ threshold for other]) / temperature`. Every
    /// term is divided by the temperature, so it changes confidences and never the verdict.
    public static func logits(
        _ parts: Parts, blend: Double, modelScale: Double, otherThreshold: Double, temperature: Double,
        otherAvailable: Bool = true
    ) -> [Double] {
        let k = parts.lexicon.count
        var logits = [Double](repeating: 0, count: k)
        for t in 0..<k { logits[t] = (parts.lexicon[t] + blend * modelScale * parts.model[t]) / temperature }
        logits[k - 1] = otherAvailable ? logits[k - 1] + otherThreshold / temperature : -.infinity
        return logits
    }

    /// Softmax of logits: (index of the best, its probability, all probabilities).
    public static func softmax(_ logits: [Double]) -> (best: Int, confidence: Double, probabilities: [Double]) {
        let top = logits.filter(\.isFinite).max() ?? 0
        let exps = logits.map { exp($0 - top) }
        let total = exps.reduce(0, +)
        var best = logits.count - 1
        for i in exps.indices where exps[i] > exps[best] { best = i }
        return (best, exps[best] / total, exps.map { $0 / total })
    }

    /// Lexicon evidence for text given as headline and paragraphs (tests and tools).
    func lexiconEvidence(headline: String?, paragraphs: [String]) -> [Double] {
        lexiconEvidence(FoldedArticle(headline: headline, paragraphs: paragraphs, keepRaw: !matcher.patterns.isEmpty))
    }

    /// Summed, saturated term evidence per category (index order of `categories`, `other` last).
    func lexiconEvidence(_ article: FoldedArticle) -> [Double] {
        let p = taxonomy.scoring
        let termCount = matcher.termWeight.count
        var inHeadline = [Bool](repeating: false, count: termCount)
        var bodyHits = [Double](repeating: 0, count: termCount)
        var touched: [Int32] = []
        inHeadline.withUnsafeMutableBufferPointer { heads in
            bodyHits.withUnsafeMutableBufferPointer { hits in
                matcher.forEachHit(in: article.headline) { t, _ in
                    if !heads[t] && hits[t] == 0 { touched.append(Int32(t)) }
                    heads[t] = true
                }
                let leadEnd = article.leadEnd
                let lead = p.leadWeight, body = p.bodyWeight
                matcher.forEachHit(in: article.body) { t, position in
                    if !heads[t] && hits[t] == 0 { touched.append(Int32(t)) }
                    hits[t] += position < leadEnd ? lead : body
                }
            }
        }
        var evidence = [Double](repeating: 0, count: categories.count)
        for t32 in touched {
            let t = Int(t32)
            let body = p.termCap * (1 - exp(-bodyHits[t] / p.termCap))
            evidence[matcher.termTopic[t]] += matcher.termWeight[t] * ((inHeadline[t] ? p.headlineWeight : 0) + body)
        }
        if let raw = article.raw {
            for pattern in matcher.patterns {
                let hits = Double(pattern.count(in: raw))
                if hits > 0 { evidence[pattern.topic] += pattern.weight * p.termCap * (1 - exp(-hits / p.termCap)) }
            }
        }
        return evidence
    }
}
