/// Character n-gram counts of one page, the evidence for re-joining a word cut by a column
/// break: if `战` + `略` occurs elsewhere on the page, `…推进战` / `略合作…` is one word.
///
/// Built once per page in one linear pass over Han scalars; lookups are O(1).
struct PageStatistics: Sendable {
    private var bigrams: [UInt64: Int32] = [:]
    private var trigrams: [UInt64: Int32] = [:]
    /// Two-character endings seen right before a clause break or a line end.
    private var clauseEndings: [UInt64: Int32] = [:]

    init(lines: [[Unicode.Scalar]]) {
        var budget = 4_000_000
        for line in lines {
            let n = line.count
            guard n >= 2 else { continue }
            for i in 0..<(n - 1) {
                budget -= 1
                if budget < 0 { return }
                let a = line[i], b = line[i + 1]
                guard Glyph.isHan(a), Glyph.isHan(b) else { continue }
                bigrams[Self.key(a, b), default: 0] += 1
                if i + 2 < n {
                    let c = line[i + 2]
                    if Glyph.isHan(c) { trigrams[Self.key(a, b, c), default: 0] += 1 }
                    if Glyph.isClauseBreak(c) || Glyph.isSpace(c) { clauseEndings[Self.key(a, b), default: 0] += 1 }
                } else {
                    clauseEndings[Self.key(a, b), default: 0] += 1
                }
            }
        }
    }

    private static func key(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> UInt64 {
        UInt64(a.value) << 21 | UInt64(b.value)
    }

    private static func key(_ a: Unicode.Scalar, _ b: Unicode.Scalar, _ c: Unicode.Scalar) -> UInt64 {
        UInt64(a.value) << 42 | UInt64(b.value) << 21 | UInt64(c.value)
    }

    func bigram(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Int { Int(bigrams[Self.key(a, b)] ?? 0) }

    func trigram(_ a: Unicode.Scalar, _ b: Unicode.Scalar, _ c: Unicode.Scalar) -> Int {
        Int(trigrams[Self.key(a, b, c)] ?? 0)
    }

    /// How often `a b` closes a clause or a line on the page.
    func clauseEnding(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Int { Int(clauseEndings[Self.key(a, b)] ?? 0) }
}
