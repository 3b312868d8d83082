/// One labelled article: the unit of `gazette train` and `gazette eval` (a JSONL line
/// `{"text": …, "headline": …, "category": …}`).
public struct LabelledExample: Sendable, Equatable {
    public var text: String
    public var headline: String?
    public var category: String
    /// A second topic an editor would also accept (mixed pieces); scored, never trained on.
    public var alternative: String?

    public init(text: String, headline: String? = nil, category: String, alternative: String? = nil) {
        self.text = text
        self.headline = headline
        self.category = category
        self.alternative = alternative
    }

    /// A stored article as training data: its headline zone and paragraphs read the way
    /// `TopicClassifier.classify(_: Article)` reads them.
    public init(article: Article, category: String) {
        let headline = [article.kicker, article.headline, article.subtitle].compactMap { $0 }.joined(separator: "|")
        var body = article.paragraphs
        if !article.subheads.isEmpty, !body.isEmpty { body.append(article.subheads.joined(separator: "|")) }
        self.init(text: body.joined(separator: "\n"), headline: headline.isEmpty ? nil : headline, category: category)
    }

    /// A 64-bit FNV-1a hash of the folded headline and text: the same article gives the same
    /// value whatever its spacing or full-width forms, so a model can list what it trained on
    /// and `gazette eval` can leave those articles out.
    public var fingerprint: UInt64 {
        let folded = FoldedArticle(headline: headline, text: text, keepRaw: false)
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for v in folded.headline + [0xFFFF_FFFF] + folded.body where v != 0 {
            h = (h ^ UInt64(v)) &* 0x0000_0100_0000_01B3
        }
        return h
    }
}

/// Trains `NGramModel`s. Pure: examples in, model out. The model sees the headline twice
/// (it is the densest signal) and the text, exactly as `NGramModel.scores` reads them.
public enum NGramTrainer {
    /// - Parameters:
    ///   - categories: the label set, in score order; examples with other labels are ignored.
    ///   - minCount: buckets seen fewer times in all training text are dropped (they are mostly
    ///     OCR noise and names, and dropping them keeps the model small).
    ///   - blendWeight: trust against the lexicon; nil derives it from the data size
    ///     (`min(1, documents / 2000)`): a few dozen articles cannot overrule a curated lexicon.
    public static func train(
        _ examples: [LabelledExample], categories: [String], bucketBits: Int = 18,
        minCount: UInt32 = 2, blendWeight: Double? = nil
    ) -> NGramModel {
        let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        let k = categories.count
        var counts: [UInt32: [UInt32]] = [:]
        var documents = [Int](repeating: 0, count: k)
        for example in examples {
            guard let c = index[example.category] else { continue }
            documents[c] += 1
            let folded = FoldedArticle(headline: example.headline, text: example.text, keepRaw: false)
            for text in [folded.headline, folded.headline, folded.body] {
                NGramFeatures.forEachBucket(in: text, bits: bucketBits) { bucket in
                    counts[UInt32(bucket), default: [UInt32](repeating: 0, count: k)][c] += 1
                }
            }
        }
        counts = counts.filter { $0.value.reduce(0, +) >= minCount }
        let total = documents.reduce(0, +)
        return NGramModel(
            categories: categories, bucketBits: bucketBits,
            blendWeight: blendWeight ?? min(1, Double(total) / 2000),
            documentCounts: documents, counts: counts,
            trainedOn: Set(examples.filter { index[$0.category] != nil }.map(\.fingerprint)))
    }
}
