/// One labelled article: the unit of `gazette train` and `gazette eval` (a JSONL line
/// `{"text": …, "headline": …, "category": …}`).
public struct LabelledExample: Sendable, Equatable {
    public var text: String
    public var headline: String?
    public var category: String

    public init(text: String, headline: String? = nil, category: String) {
        self.text = text
        self.headline = headline
        self.category = category
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
            documentCounts: documents, counts: counts)
    }
}
