import Foundation

/// The taxonomy's terms compiled for one pass over an article.
///
/// Terms are bucketed by their first two scalars into a flat offset table, so each text
/// position costs one array read plus the few candidates of its bucket: linear in the text,
/// independent of the number of terms. Nested terms (医保 inside 医保基金) both count; their
/// weights are written knowing that.
struct LexiconMatcher: Sendable {
    static let bucketBits = 16
    /// Folded scalars of all terms, back to back: term `t` is `scalars[start[t] ..< start[t + 1]]`.
    let scalars: [UInt32]
    let start: [Int32]
    /// Index into the classifier's topic list for each term.
    let termTopic: [Int]
    let termWeight: [Double]
    /// `bucketStart[b] ..< bucketStart[b + 1]` are the candidate term indices of bucket `b`.
    let bucketStart: [Int32]
    let bucketTerms: [Int32]
    let patterns: [CompiledPattern]

    init(topics: [Topic], topicIndex: [String: Int]) {
        var terms: [[UInt32]] = [], termTopic: [Int] = [], termWeight: [Double] = []
        var patterns: [CompiledPattern] = []
        for topic in topics {
            guard let index = topicIndex[topic.id] else { continue }
            for term in topic.terms {
                let folded = TextFolding.fold(term.text)
                guard folded.count >= 2 else { continue }
                terms.append(folded)
                termTopic.append(index)
                termWeight.append(term.weight)
            }
            for pattern in topic.patterns {
                if let regex = try? NSRegularExpression(pattern: pattern.pattern) {
                    patterns.append(CompiledPattern(regex: regex, topic: index, weight: pattern.weight))
                }
            }
        }
        let bucketCount = 1 << Self.bucketBits
        var counts = [Int32](repeating: 0, count: bucketCount + 1)
        for term in terms { counts[Self.bucket(term[0], term[1]) + 1] += 1 }
        for b in 0..<bucketCount { counts[b + 1] += counts[b] }
        var fill = counts
        var bucketTerms = [Int32](repeating: 0, count: terms.count)
        for (i, term) in terms.enumerated() {
            let b = Self.bucket(term[0], term[1])
            bucketTerms[Int(fill[b])] = Int32(i)
            fill[b] += 1
        }
        self.scalars = terms.flatMap { $0 }
        var start: [Int32] = [0]
        for term in terms { start.append(start.last! + Int32(term.count)) }
        self.start = start
        self.termTopic = termTopic
        self.termWeight = termWeight
        self.bucketStart = counts
        self.bucketTerms = bucketTerms
        self.patterns = patterns
    }

    @inline(__always)
    static func bucket(_ a: UInt32, _ b: UInt32) -> Int {
        Int((a &* 0x9E37_79B1 ^ b &* 0x85EB_CA77) >> UInt32(32 - bucketBits))
    }

    /// Calls `hit(termIndex, position)` once per occurrence of each term in `text` (folded scalars).
    @inline(__always)
    func forEachHit(in text: [UInt32], _ hit: (Int, Int) -> Void) {
        let n = text.count
        guard n >= 2 else { return }
        text.withUnsafeBufferPointer { s in
            bucketStart.withUnsafeBufferPointer { starts in
                bucketTerms.withUnsafeBufferPointer { candidates in
                    scalars.withUnsafeBufferPointer { termScalars in
                        start.withUnsafeBufferPointer { termStart in
                            for i in 0..<(n - 1) {
                                let b = Self.bucket(s[i], s[i + 1])
                                var c = Int(starts[b])
                                let end = Int(starts[b + 1])
                                while c < end {
                                    let t = Int(candidates[c])
                                    let from = Int(termStart[t]), length = Int(termStart[t + 1]) - from
                                    if length <= n - i {
                                        var k = 2
                                        while k < length && termScalars[from + k] == s[i + k] { k += 1 }
                                        if k >= length && termScalars[from] == s[i] && termScalars[from + 1] == s[i + 1] { hit(t, i) }
                                    }
                                    c += 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A compiled taxonomy regex. `NSRegularExpression` is immutable and documented thread-safe.
struct CompiledPattern: @unchecked Sendable {
    let regex: NSRegularExpression
    let topic: Int
    let weight: Double

    func count(in text: String) -> Int {
        regex.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
    }
}
