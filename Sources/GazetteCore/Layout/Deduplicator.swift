/// Keeps one copy of text the page printed twice: clauses doubled inside a paragraph,
/// paragraphs repeated (the page-000 report six times over) and truncated copies of a
/// paragraph (a prefix of a longer one). Every dropped copy is counted in the
/// `droppedDuplicates` of the article it was removed from.
///
/// Paragraphs are compared by their letters only (Han, digits, Latin), so a copy differing in
/// a quotation mark or a space is still a copy. Exact copies are found by hashing; prefix
/// copies by bucketing on the first twelve letters (buckets are capped, so the work stays
/// linear on adversarial input). Which copy survives: within one article the first; across
/// articles the one that is not part of a trailing run of copies (a stray copy glued to the
/// end of another article), else the first.
enum Deduplicator {
    private struct Ref {
        var article: Int
        var paragraph: Int
        var key: [Unicode.Scalar]
    }

    /// `text.filter(Glyph.isContent)`, written into storage reserved once (the filter's
    /// per-element append was most of this stage's time).
    static func letters(of text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        text.withUnsafeBufferPointer { source in
            [Unicode.Scalar](unsafeUninitializedCapacity: source.count) { out, initialized in
                var n = 0
                for scalar in source where Glyph.isContent(scalar) {
                    out[n] = scalar
                    n += 1
                }
                initialized = n
            }
        }
    }

    static func dedupe(_ works: inout [ArticleWork]) {
        for a in works.indices {
            for p in works[a].body.indices {
                let (text, removed) = BodyCleaner.removingDoubledClauses(works[a].body[p])
                if removed > 0 {
                    works[a].body[p] = text
                    works[a].article.quality.droppedDuplicates += removed
                }
            }
        }
        var refs: [Ref] = []
        for a in works.indices where works[a].article.kind != .photo {
            for (p, text) in works[a].body.enumerated() {
                let key = Self.letters(of: text)
                if key.count >= 4 { refs.append(Ref(article: a, paragraph: p, key: key)) }
            }
        }
        guard refs.count >= 2 else { return }
        // Exact copies: grouped by a 64-bit hash of the key, split by real equality.
        var byHash: [UInt64: [Int]] = [:]
        for (r, ref) in refs.enumerated() {
            byHash[BodyCleaner.hash(ref.key, 0, ref.key.count), default: []].append(r)
        }
        var groups: [[Int]] = []
        for members in byHash.values where members.count > 1 {
            var rest = members
            while let first = rest.first {
                let same = rest.filter { refs[$0].key == refs[first].key }
                if same.count > 1 { groups.append(same) }
                rest.removeAll { refs[$0].key == refs[first].key }
            }
        }
        var duplicated = [Bool](repeating: false, count: refs.count)
        var drop = [Bool](repeating: false, count: refs.count)
        for members in groups {
            for r in members { duplicated[r] = true }
        }
        // Truncated copies: a key that is a proper prefix of another key.
        var buckets: [UInt64: [Int]] = [:]
        for (r, ref) in refs.enumerated() where ref.key.count >= 12 {
            let b = BodyCleaner.hash(ref.key, 0, 12)
            if buckets[b, default: []].count < 64 { buckets[b, default: []].append(r) }
        }
        for members in buckets.values where members.count > 1 {
            for x in members {
                for y in members where refs[x].key.count < refs[y].key.count {
                    if refs[y].key.starts(with: refs[x].key) {
                        drop[x] = true
                        duplicated[x] = true
                        duplicated[y] = true
                    }
                }
            }
        }
        // Which paragraphs sit in a trailing run of copies of their article.
        var tail = [Bool](repeating: false, count: refs.count)
        var r = refs.count - 1
        var runArticle = -1
        var inRun = false
        while r >= 0 {
            if refs[r].article != runArticle {
                runArticle = refs[r].article
                inRun = true
            }
            inRun = inRun && duplicated[r]
            tail[r] = inRun
            r -= 1
        }
        for members in groups {
            let alive = members.filter { !drop[$0] }
            guard let keeper = alive.first(where: { !tail[$0] }) ?? alive.first else { continue }
            for m in members where m != keeper { drop[m] = true }
        }
        var removeByArticle: [Int: Set<Int>] = [:]
        for (i, ref) in refs.enumerated() where drop[i] {
            removeByArticle[ref.article, default: []].insert(ref.paragraph)
        }
        for (a, gone) in removeByArticle {
            let old = works[a]
            var paragraphs: [[Unicode.Scalar]] = []
            var garbled: [Bool] = []
            for (p, text) in old.body.enumerated() where !gone.contains(p) {
                paragraphs.append(text)
                garbled.append(p < old.garbled.count ? old.garbled[p] : false)
            }
            works[a].body = paragraphs
            works[a].garbled = garbled
            works[a].article.quality.droppedDuplicates += gone.count
        }
    }
}
