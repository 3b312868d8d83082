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
    /// Linear: eight-scalar windows are hashed, only a window seen earlier at the right
    /// distance is verified, and verification work is capped by a budget proportional to the
    /// length; the window table is reset every 4096 positions so memory stays bounded.
    static func removingDoubledClauses(_ s: [Unicode.Scalar]) -> ([Unicode.Scalar], Int) {
        let k = 8
        guard s.count >= 2 * k else { return (s, 0) }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var last: [UInt64: Int] = [:]
        var emitted = 0
        var removed = 0
        var budget = 8 * s.count + 4096
        var i = 0
        var sinceReset = 0
        while i + k <= s.count {
            sinceReset += 1
            if sinceReset > 4096 {
                last.removeAll(keepingCapacity: true)
                sinceReset = 0
            }
            let h = hash(s, i, k)
            if let p = last[h] {
                let d = i - p
                if d >= k, d <= 400, i + d <= s.count, budget > 0 {
                    budget -= d
                    if s[p..<(p + d)].elementsEqual(s[i..<(i + d)]), s[i..<(i + d)].count(where: Glyph.isHan) >= 6 {
                        out += s[emitted..<i]
                        emitted = i + d
                        removed += 1
                        i += d
                        continue
                    }
                }
            }
            last[h] = i
            i += 1
        }
        if emitted < s.count { out += s[emitted...] }
        return (out, removed)
    }

    static func hash(_ s: [Unicode.Scalar], _ at: Int, _ k: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var j = at
        while j < at + k {
            h = (h ^ UInt64(s[j].value)) &* 0x100_0000_01b3
            j += 1
        }
        return h
    }
}
