import Foundation

/// A multinomial Naive Bayes model over hashed character 1–3-grams.
///
/// Character n-grams need no word segmenter and survive OCR errors: a wrong character spoils
/// the three n-grams that contain it, not the article. Features are hashed into `2^bucketBits`
/// buckets (collisions are the accepted price of a fixed, small model); only buckets seen in
/// training are stored, and a flat `bucket → row` index makes scoring one array read per n-gram.
public struct NGramModel: Sendable, Equatable {
    /// The labels the model was trained on, in row order of `logProb`.
    public let categories: [String]
    public let bucketBits: Int
    /// How much the classifier trusts this model against the lexicon (0…1); grows with the
    /// amount of training data, so a model trained on a handful of articles barely moves a verdict.
    public let blendWeight: Double
    /// Number of training documents per category (for reports and for re-deriving priors).
    public let documentCounts: [Int]
    /// Sparse training counts: bucket → per-category n-gram counts. Kept so the model file is
    /// exactly what training saw (save → load → save is identical).
    public let counts: [UInt32: [UInt32]]
    /// Softmax temperature and `other` threshold fitted with this model by cross-validation
    /// (`ClassifierFit`); when present they replace the taxonomy's `[scoring]` values, because
    /// calibration belongs to the lexicon *and* model that were fitted together. Nil: use the taxonomy's.
    public let calibration: Calibration?
    /// Fingerprints (`LabelledExample.fingerprint`) of the articles the model was trained on,
    /// so that `gazette eval` can score it only on articles it has not seen.
    public let trainedOn: Set<UInt64>

    public struct Calibration: Sendable, Equatable {
        public var temperature: Double
        public var otherThreshold: Double

        public init(temperature: Double, otherThreshold: Double) {
            self.temperature = temperature
            self.otherThreshold = otherThreshold
        }
    }

    // Derived at init, not stored in the file.
    /// Open-addressing table `bucket + 1 → row` (0 = empty), sized to twice the stored
    /// buckets so it stays in cache whatever `bucketBits` is.
    let slotKey: [UInt32]
    let slotRow: [Int32]
    let slotShift: UInt32
    /// Row-major, one row per stored bucket, `lanes` SIMD16 vectors wide: log P(bucket | c)
    /// for category `c` at lane `c`. Float, so that a row of 16 categories is one cache line
    /// and one vector add.
    let logProb: [SIMD16<Float>]
    let lanes: Int
    /// log P(unseen bucket | c): the smoothing mass.
    let unseenLogProb: [Double]
    let logPrior: [Double]

    /// Additive smoothing of the multinomial.
    static let alpha = 0.1

    public init(
        categories: [String], bucketBits: Int, blendWeight: Double, documentCounts: [Int], counts: [UInt32: [UInt32]],
        calibration: Calibration? = nil, trainedOn: Set<UInt64> = []
    ) {
        self.calibration = calibration
        self.trainedOn = trainedOn
        self.categories = categories
        self.bucketBits = bucketBits
        self.blendWeight = blendWeight
        self.documentCounts = documentCounts
        self.counts = counts
        let k = categories.count
        var slotBits = 4
        while (1 << slotBits) < 2 * counts.count { slotBits += 1 }
        var slotKey = [UInt32](repeating: 0, count: 1 << slotBits)
        var slotRow = [Int32](repeating: -1, count: 1 << slotBits)
        let slotShift = UInt32(32 - slotBits)
        var totals = [Double](repeating: 0, count: k)
        for (_, row) in counts { for c in 0..<k { totals[c] += Double(row[c]) } }
        let vocabulary = Double(counts.count) + 1
        let denominators = totals.map { $0 + Self.alpha * vocabulary }
        let lanes = max(1, (k + 15) / 16)
        var logProb = [SIMD16<Float>](repeating: .zero, count: counts.count * lanes)
        for (r, bucket) in counts.keys.sorted().enumerated() {
            var slot = Self.slot(bucket, shift: slotShift)
            while slotKey[slot] != 0 { slot = (slot + 1) & (slotKey.count - 1) }
            slotKey[slot] = bucket + 1
            slotRow[slot] = Int32(r)
            let row = counts[bucket]!
            for c in 0..<k { logProb[r * lanes + c / 16][c % 16] = Float(log((Double(row[c]) + Self.alpha) / denominators[c])) }
        }
        let documents = Double(documentCounts.reduce(0, +))
        self.slotKey = slotKey
        self.slotRow = slotRow
        self.slotShift = slotShift
        self.logProb = logProb
        self.lanes = lanes
        self.unseenLogProb = denominators.map { log(Self.alpha / $0) }
        self.logPrior = documentCounts.map { log((Double($0) + 1) / (documents + Double(k))) }
    }

    public static func == (lhs: NGramModel, rhs: NGramModel) -> Bool {
        lhs.categories == rhs.categories && lhs.bucketBits == rhs.bucketBits
            && lhs.blendWeight == rhs.blendWeight && lhs.documentCounts == rhs.documentCounts
            && lhs.counts == rhs.counts && lhs.calibration == rhs.calibration && lhs.trainedOn == rhs.trainedOn
    }

    /// The same counts with another blend weight and calibration (what `ClassifierFit` fits).
    public func with(blendWeight: Double, calibration: Calibration?) -> NGramModel {
        NGramModel(
            categories: categories, bucketBits: bucketBits, blendWeight: blendWeight, documentCounts: documentCounts,
            counts: counts, calibration: calibration, trainedOn: trainedOn)
    }

    @inline(__always)
    static func slot(_ bucket: UInt32, shift: UInt32) -> Int {
        Int((bucket &* 0x9E37_79B1) >> shift)
    }

    /// Per-category scores: the average per-n-gram log-likelihood plus the prior spread over
    /// the n-grams, so that scores of short and long texts are on one scale. Nil for a text
    /// with no content characters. The headline counts twice, as in training.
    public func scores(folded text: [UInt32]) -> [Double]? {
        scores(headline: [], body: text)
    }

    func scores(headline: [UInt32], body: [UInt32]) -> [Double]? {
        let k = categories.count
        let lanes = self.lanes
        var sums = [SIMD16<Float>](repeating: .zero, count: lanes)
        var n = 0
        var unseen = 0
        sums.withUnsafeMutableBufferPointer { sums in
            slotKey.withUnsafeBufferPointer { keys in
                slotRow.withUnsafeBufferPointer { rows in
                logProb.withUnsafeBufferPointer { logProb in
                    let mask = keys.count - 1
                    for text in [headline, headline, body] {
                        NGramFeatures.forEachBucket(in: text, bits: bucketBits) { bucket in
                            n += 1
                            let key = UInt32(bucket) + 1
                            var slot = Self.slot(UInt32(bucket), shift: slotShift)
                            while keys[slot] != key {
                                if keys[slot] == 0 { unseen += 1; return }
                                slot = (slot + 1) & mask
                            }
                            let base = Int(rows[slot]) * lanes
                            for lane in 0..<lanes { sums[lane] += logProb[base + lane] }
                        }
                    }
                }
                }
            }
        }
        guard n > 0 else { return nil }
        let inv = 1 / Double(n)
        return (0..<k).map { c in (Double(sums[c / 16][c % 16]) + Double(unseen) * unseenLogProb[c]) * inv + logPrior[c] * inv }
    }
}

/// Character 1–3-grams over content scalars, hashed to buckets.
enum NGramFeatures {
    @inline(__always)
    static func forEachBucket(in text: [UInt32], bits: Int, _ body: (Int) -> Void) {
        let shift = UInt64(64 - bits)
        var p1: UInt64 = 0, p2: UInt64 = 0  // previous one and two content scalars (0 = none)
        text.withUnsafeBufferPointer { text in
        for v in text {
            guard TextFolding.isContent(v) else { p1 = 0; p2 = 0; continue }
            let c = UInt64(v)
            body(Int((c &* 0x9E37_79B9_7F4A_7C15) >> shift))
            if p1 != 0 { body(Int(((p1 << 21 | c) &* 0xC2B2_AE3D_27D4_EB4F &+ 1) >> shift)) }
            if p2 != 0 { body(Int(((p2 << 42 | p1 << 21 | c) &* 0x1656_67B1_9E37_79F9 &+ 2) >> shift)) }
            p2 = p1
            p1 = c
        }
        }
    }
}
