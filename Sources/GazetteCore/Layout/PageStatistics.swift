/// Character n-gram counts of one page, the evidence for re-joining a word cut by a column
/// break: if `战` + `略` occurs elsewhere on the page, `…推进战` / `略合作…` is one word.
///
/// Only n-grams that a join decision can ask about are counted: those starting with a
/// character that ends some line (and, for pairs across a break, continuing with a character
/// that starts some line). Two bitmaps make that filter one load per position, so building
/// the table is a single cheap pass and the hash table stays small.
struct PageStatistics: Sendable {
    private var bigrams: [UInt64: Int32] = [:]
    private var trigrams: [UInt64: Int32] = [:]
    /// Two-character endings seen right before a clause break or a line end.
    private var clauseEndings: [UInt64: Int32] = [:]

    init(lines: [[Unicode.Scalar]]) {
        var ends = ScalarSet()
        var starts = ScalarSet()
        for line in lines {
            if let l = line.last { ends.insert(l) }
            if let f = line.first { starts.insert(f) }
        }
        for line in lines {
            let n = line.count
            guard n >= 2 else { continue }
            for i in 0..<(n - 1) {
                let a = line[i], b = line[i + 1]
                let aEnds = ends.contains(a)
                let bEnds = ends.contains(b)
                guard aEnds || bEnds, Glyph.isHan(a), Glyph.isHan(b) else { continue }
                let next: Unicode.Scalar? = i + 2 < n ? line[i + 2] : nil
                if bEnds, next.map({ Glyph.isClauseBreak($0) || Glyph.isSpace($0) }) ?? true {
                    clauseEndings[Self.key(a, b), default: 0] += 1
                }
                guard aEnds, starts.contains(b) else { continue }
                bigrams[Self.key(a, b), default: 0] += 1
                if let c = next, Glyph.isHan(c) { trigrams[Self.key(a, b, c), default: 0] += 1 }
            }
        }
    }

    private static func key(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> UInt64 {
        UInt64(a.value) << 21 | UInt64(b.value)
    }

    private static func key(_ a: Unicode.Scalar, _ b: Unicode.Scalar, _ c: Unicode.Scalar) -> UInt64 {
        UInt64(a.value) << 42 | UInt64(b.value) << 21 | UInt64(c.value)
    }

    /// How often `a b` occurs inside lines, for `a` ending and `b` starting some line.
    func bigram(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Int { Int(bigrams[Self.key(a, b)] ?? 0) }

    func trigram(_ a: Unicode.Scalar, _ b: Unicode.Scalar, _ c: Unicode.Scalar) -> Int {
        Int(trigrams[Self.key(a, b, c)] ?? 0)
    }

    /// How often `a b` closes a clause or a line on the page, for `b` ending some line.
    func clauseEnding(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Int { Int(clauseEndings[Self.key(a, b)] ?? 0) }
}

/// A set of scalars: a bitmap for the Basic Multilingual Plane, a hash set beyond it.
struct ScalarSet: Sendable {
    private var bits = [UInt64](repeating: 0, count: 1024)
    private var astral: Set<UInt32> = []

    mutating func insert(_ s: Unicode.Scalar) {
        let v = s.value
        if v < 0x10000 { bits[Int(v >> 6)] |= 1 << UInt64(v & 63) } else { astral.insert(v) }
    }

    func contains(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x10000 { return bits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 }
        return astral.contains(v)
    }
}
