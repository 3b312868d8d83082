/// Clean-up of body paragraphs: layout spaces and doubled clauses. Headlines keep their spaces
/// (they separate parallel phrases); in running Chinese text a space is only layout noise.
enum BodyCleaner {
    /// Removes whitespace runs except between two Latin letters or digits (`DIP 支付` →
    /// `DIP支付`, `授人以 渔` → `授人以渔`, `COVID 19` stays).
    static func removingLayoutSpaces(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard s.contains(where: Glyph.isSpace) else { return s }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            if Glyph.isSpace(s[i]) {
                var k = i
                while k < s.count, Glyph.isSpace(s[k]) { k += 1 }
                if let prev = out.last, k < s.count, isAlnum(prev), isAlnum(s[k]) { out.append(" ") }
                i = k
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }

    private static func isAlnum(_ s: Unicode.Scalar) -> Bool { Glyph.isLatin(s) || Glyph.isDigit(s) }

    /// Drops a clause printed twice in a row (`对…新问题，对…新问题，`): a run of at least eight
    /// scalars (six of them Han) immediately repeated, within 400 scalars. Returns the text
    /// and how many copies were dropped.
    ///
    /// Linear: eight-scalar windows are hashed into a small direct-mapped table of their
    /// last position (a collision only loses a candidate; every candidate is verified), and
    /// verification work is capped by a budget proportional to the length. It runs over
    /// every body paragraph, so the window loop reads through pointers (no bounds checks)
    /// and the table lives on the stack.
    static func removingDoubledClauses(_ s: [Unicode.Scalar]) -> ([Unicode.Scalar], Int) {
        let k = 8
        guard s.count >= 2 * k else { return (s, 0) }
        var cuts: [(from: Int, to: Int)] = []
        s.withUnsafeBufferPointer { text in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2048) { table in
                table.initialize(repeating: -1)
                let count = text.count
                var budget = 8 * count + 4096
                var i = 0
                while i + k <= count {
                    let slot = Int(hash(text, i, k) & 2047)
                    let p = Int(table[slot])
                    if p >= 0 {
                        let d = i - p
                        if d >= k, d <= 400, i + d <= count, budget > 0 {
                            let same = commonPrefix(text, p, i, d)
                            budget -= same + 1
                            if same == d, hanCount(text, i, d) >= 6 {
                                cuts.append((i, i + d))
                                i += d
                                continue
                            }
                        }
                    }
                    table[slot] = Int32(truncatingIfNeeded: i)
                    i += 1
                }
            }
        }
        guard !cuts.isEmpty else { return (s, 0) }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var emitted = 0
        for cut in cuts {
            out += s[emitted..<cut.from]
            emitted = cut.to
        }
        if emitted < s.count { out += s[emitted...] }
        return (out, cuts.count)
    }

    /// How many of the `n` scalars from `a` and from `b` agree before the first difference.
    static func commonPrefix(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ a: Int, _ b: Int, _ n: Int) -> Int {
        var j = 0
        while j < n, s[a + j] == s[b + j] { j += 1 }
        return j
    }

    private static func hanCount(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ a: Int, _ n: Int) -> Int {
        var c = 0
        var j = a
        while j < a + n {
            if Glyph.isHan(s[j]) { c += 1 }
            j += 1
        }
        return c
    }

    /// FNV-1a over `k` scalars from `at`, folded; callers keep the exact function, since
    /// which candidates a collision loses depends on it.
    static func hash(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ at: Int, _ k: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var j = at
        while j < at + k {
            h = (h ^ UInt64(s[j].value)) &* 0x100_0000_01b3
            j += 1
        }
        return h ^ (h >> 29)
    }

    static func equal(_ s: [Unicode.Scalar], _ a: Int, _ b: Int, _ n: Int) -> Bool {
        s.withUnsafeBufferPointer { commonPrefix($0, a, b, n) == n }
    }

    static func hash(_ s: [Unicode.Scalar], _ at: Int, _ k: Int) -> UInt64 {
        s.withUnsafeBufferPointer { hash($0, at, k) }
    }
}
