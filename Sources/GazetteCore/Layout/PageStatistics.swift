/// Character n-gram counts of one page, the evidence for re-joining a word cut by a column
/// break: if `战` + `略` occurs elsewhere on the page, `…推进战` / `略合作…` is one word.
///
/// Only n-grams that a join decision can ask about are counted: those starting with a
/// character that ends some line (and, for pairs across a break, continuing with a character
/// that starts some line). Two bitmaps make that filter one load per position, so building
/// the table is a single cheap pass and the hash table stays small.
struct PageStatistics: Sendable {
    private var bigrams = NGramCounts()
    private var trigrams = NGramCounts()
    /// Two-character endings seen right before a clause break or a line end.
    private var clauseEndings = NGramCounts()

    init(lines: [[Unicode.Scalar]]) {
        var ends = ScalarSet()
        var starts = ScalarSet()
        for line in lines {
            if let l = line.last { ends.insert(l) }
            if let f = line.first { starts.insert(f) }
        }
        // Through pointers, with each scalar's "ends a line" bit looked up once: this loop
        // visits every character of the page.
        for line in lines {
            let n = line.count
            guard n >= 2 else { continue }
            line.withUnsafeBufferPointer { line in
                var aEnds = ends.contains(line[0])
                for i in 0..<(n - 1) {
                    let a = line[i], b = line[i + 1]
                    let bEnds = ends.contains(b)
                    defer { aEnds = bEnds }
                    guard aEnds || bEnds, Glyph.isHan(a), Glyph.isHan(b) else { continue }
                    let next: Unicode.Scalar? = i + 2 < n ? line[i + 2] : nil
                    if bEnds, next.map({ Glyph.isClauseBreak($0) || Glyph.isSpace($0) }) ?? true {
                        clauseEndings.add(Self.key(a, b))
                    }
                    guard aEnds, starts.contains(b) else { continue }
                    bigrams.add(Self.key(a, b))
                    if let c = next, Glyph.isHan(c) { trigrams.add(Self.key(a, b, c)) }
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

    /// How often `a b` occurs inside lines, for `a` ending and `b` starting some line.
    func bigram(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Int { bigrams.count(Self.key(a, b)) }

    func trigram(_ a: Unicode.Scalar, _ b: Unicode.Scalar, _ c: Unicode.Scalar) -> Int {
        trigrams.count(Self.key(a, b, c))
    }

    /// How often `a b` closes a clause or a line on the page, for `b` ending some line.
    func clauseEnding(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Int { clauseEndings.count(Self.key(a, b)) }
}

/// Counts per n-gram key: open addressing with a multiplicative hash. A `Dictionary` paid
/// for SipHash on every one of the page's thousands of insertions; these keys are packed
/// scalars that nobody chooses adversarially against a per-page table, and the table is
/// only ever asked for counts, so no order can leak out of it.
struct NGramCounts: Sendable {
    /// `empty` marks a free slot: keys are at most 63 bits (three 21-bit scalars).
    private static let empty = UInt64.max
    private var keys = [UInt64](repeating: NGramCounts.empty, count: 64)
    private var counts = [Int32](repeating: 0, count: 64)
    private var used = 0

    @inline(__always)
    private static func slot(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    mutating func add(_ key: UInt64) {
        if (used + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var slot = Self.slot(key, mask: mask)
        while true {
            let k = keys[slot]
            if k == key { counts[slot] += 1; return }
            if k == Self.empty {
                keys[slot] = key
                counts[slot] = 1
                used += 1
                return
            }
            slot = (slot + 1) & mask
        }
    }

    func count(_ key: UInt64) -> Int {
        let mask = keys.count - 1
        var slot = Self.slot(key, mask: mask)
        while true {
            let k = keys[slot]
            if k == key { return Int(counts[slot]) }
            if k == Self.empty { return 0 }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldCounts = counts
        keys = [UInt64](repeating: Self.empty, count: oldKeys.count * 2)
        counts = [Int32](repeating: 0, count: oldKeys.count * 2)
        let mask = keys.count - 1
        for (index, key) in oldKeys.enumerated() where key != Self.empty {
            var slot = Self.slot(key, mask: mask)
            while keys[slot] != Self.empty { slot = (slot + 1) & mask }
            keys[slot] = key
            counts[slot] = oldCounts[index]
        }
    }
}

/// A set of scalars: a bitmap for the Basic Multilingual Plane, a hash set beyond it.
struct ScalarSet: Sendable {
    private var bits = [UInt64](repeating: 0, count: 1024)
    private var astral: Set<UInt32> = []

    mutating func insert(_ s: Unicode.Scalar) {
        let v = s.value
        if v < 0x10000 { bits[Int(v >> 6)] |= 1 << UInt64(v & 63) } else { astral.insert(v) }
    }

    @inline(__always)
    func contains(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x10000 { return bits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 }
        return astral.contains(v)
    }
}
