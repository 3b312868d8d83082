/// Normalized page text → articles: reflow, segment, extract, dedupe.
///
/// The stages, each in its own file:
/// 1. `PageLine` splits the page into lines and classifies each alone (byline, caption,
///    notice mark, continuation mark, text);
/// 2. `Reflow` re-joins paragraphs cut by column breaks, using `PageStatistics` (the page's
///    own character n-grams) as evidence where punctuation gives none;
/// 3. `Segmenter` cuts the page into articles at bylines, leads, continuation marks, notices
///    and headline blocks, keeping subheads inside their article;
/// 4. `ArticleBuilder` extracts titles, credits, dateline, continuation, subheads and kind;
/// 5. `Deduplicator` drops repeated paragraphs and doubled clauses, `GarbleEstimator` flags
///    OCR garbage.
///
/// Total work is linear in the page length, and no input can trap: every index is bounded.
public enum PageLayout {
    public static func articles(fromNormalized text: String) -> [Article] {
        articles(fromNormalized: text.scalarArray)
    }

    /// The same from the normalized text's scalars (what `PageParser` has in hand).
    ///
    /// `hints`, one per line of `text`, come from a page read with its geometry
    /// (`LayoutReader`); nil for a text page.
    static func articles(fromNormalized text: [Unicode.Scalar], hints: [LineHint]? = nil) -> [Article] {
        let (lines, furniture, wrapped) = PageLine.lines(of: text, hints: hints)
        guard !lines.isEmpty else { return [] }
        let stats = PageStatistics(lines: lines.map(\.text))
        let blocks = Reflow.reflow(lines, stats: stats)
        let drafts = Segmenter.segment(blocks)
        var works = drafts.map { ArticleBuilder.build($0, stats: stats, wrapped: wrapped) }
        Deduplicator.dedupe(&works)
        var headlineCounts: [String: Int] = [:]
        for w in works { if let h = w.article.headline { headlineCounts[h, default: 0] += 1 } }
        var articles: [Article] = []
        for work in works {
            var article = work.article
            article.paragraphs = work.body.map(\.string)
            // A piece left with no text is dropped when nothing else identifies it: no
            // headline, or a headline printed again elsewhere (a repeated article).
            let empty = article.paragraphs.isEmpty && article.subheads.isEmpty
            if empty, article.kind != .notice, (article.headline.map { headlineCounts[$0, default: 0] > 1 } ?? true) {
                continue
            }
            article.quality.garbledRatio = garbledRatio(work.body, work.garbled)
            article.seq = articles.count + 1
            articles.append(article)
        }
        // The folio belongs to the page; its count goes with the first article, which it heads.
        if !articles.isEmpty { articles[0].quality.droppedFurniture = furniture }
        return articles
    }

    /// Every title block the boundary model weighs on this page, with its features: the
    /// training data of `scripts/pagegen/train_boundaries.py`.
    static func boundaryCandidates(fromNormalized text: [Unicode.Scalar]) -> [Segmenter.Candidate] {
        let (lines, _, _) = PageLine.lines(of: text)
        guard !lines.isEmpty else { return [] }
        var found: [Segmenter.Candidate] = []
        let blocks = Reflow.reflow(lines, stats: PageStatistics(lines: lines.map(\.text)), candidates: &found)
        _ = Segmenter.segment(blocks, candidates: &found)
        var seen: Set<Int> = []
        return found.filter { seen.insert($0.line).inserted }
    }

    /// Share of the body's letters that sit in paragraphs judged garbled.
    private static func garbledRatio(_ paragraphs: [[Unicode.Scalar]], _ flags: [Bool]) -> Double {
        var total = 0
        var bad = 0
        for (i, p) in paragraphs.enumerated() {
            let n = p.contentCount
            total += n
            if i < flags.count, flags[i] { bad += n }
        }
        guard total > 0 else { return 0 }
        return (Double(bad) / Double(total) * 1000).rounded() / 1000
    }
}
