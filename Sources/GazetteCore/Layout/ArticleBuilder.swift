/// An article being assembled, with per-paragraph facts the later stages need.
struct ArticleWork: Sendable {
    /// The article; its `paragraphs` are filled from `body` when the page is done.
    var article: Article
    /// The paragraphs as scalars, the form the later stages work on.
    var body: [[Unicode.Scalar]]
    /// One flag per paragraph: judged OCR garbage.
    var garbled: [Bool]
}

/// Extracts an article's fields from its draft: title parts, credits, source, dateline,
/// continuation, subheads, paragraphs and kind.
enum ArticleBuilder {
    static func build(_ draft: ArticleDraft, stats: PageStatistics, wrapped: Bool = false) -> ArticleWork {
        var article = Article(seq: 0)
        var credits = Credits()
        var garbled: [Bool] = []
        var joins = 0
        var overlaps = 0

        switch draft.opening {
        case .photo:
            if let b = draft.blocks.first, case .caption(let text, let names) = b.kind {
                article.kind = .photo
                article.photographers = names
                return ArticleWork(article: article, body: [BodyCleaner.removingLayoutSpaces(text)], garbled: [false])
            }
            return ArticleWork(article: article, body: [], garbled: [])
        case .headline, .anchor, .notice, .pageStart:
            break
        }

        let title = TitleParser.split(draft.titleLines, stats: stats, wrapped: wrapped, sizes: draft.titleSizes)
        article.kicker = title.kicker
        article.headline = title.headline
        article.subtitle = title.subtitle

        var sawLead = false
        var paragraphsRaw: [[Unicode.Scalar]] = []
        let blocks = draft.blocks
        for (n, block) in blocks.enumerated() {
            joins += block.joins
            overlaps += block.overlaps
            switch block.kind {
            case .byline(let c):
                credits.merge(c)
                continue
            case .continuation(let from):
                if article.continuedFrom == nil { article.continuedFrom = from }
                continue
            case .notice:
                // A label (`讲文明 树新风 公益广告`) heads its notice; a box's own lines
                // (`欢迎订阅…`, `遗失声明`) are its text.
                if draft.opening == .notice, article.headline == nil, paragraphsRaw.isEmpty, LeadParser.isNoticeLabel(block.text) {
                    article.headline = block.text.string
                } else {
                    paragraphsRaw.append(block.text)
                }
                continue
            case .caption:
                continue
            case .text:
                break
            }
            var text = block.text
            if !sawLead, paragraphsRaw.isEmpty, let lead = LeadParser.lead(text) {
                sawLead = true
                credits.merge(lead.credits)
                if article.dateline == nil { article.dateline = lead.dateline }
                if lead.isHouseLead { text = Array(text[lead.bodyStart...]) }
            }
            if let c = LeadParser.continuation(text) {
                if article.continuedFrom == nil { article.continuedFrom = c.from }
                text = Array(text[c.rest...])
            }
            text = text.trimmed
            guard !text.isEmpty else { continue }
            // `原标题：…` under the headline repeats it as first published.
            if paragraphsRaw.isEmpty, text.hasPrefix("原标题") { continue }
            if draft.opening != .notice, block.isSubheadShaped, isFollowedByBody(n, blocks) {
                article.subheads.append(text.string)
                continue
            }
            paragraphsRaw.append(text)
        }
        var body: [[Unicode.Scalar]] = []
        for raw in paragraphsRaw {
            garbled.append(GarbleEstimator.isGarbled(raw))
            // Notices are slogans whose spaces separate phrases; prose spaces are layout noise.
            let spaced = draft.opening == .notice ? raw : BodyCleaner.removingLayoutSpaces(raw)
            let clean = LeadParser.strippingForwardMark(spaced)
            body.append(clean)
        }
        article.reporters = credits.reporters
        article.correspondents = credits.correspondents
        article.photographers = credits.photographers
        if credits.textAndPhotos {
            for n in credits.printedOrder where !article.photographers.contains(n) {
                article.photographers.append(n)
            }
        }
        article.source = credits.source
        article.quality.joinedBreaks = joins
        article.quality.droppedDuplicates = overlaps
        article.kind = kind(of: article, body: body, opening: draft.opening, hasCredits: !credits.isEmpty || sawLead)
        return ArticleWork(article: article, body: body, garbled: garbled)
    }

    /// A subhead needs body text after it inside the same article.
    private static func isFollowedByBody(_ n: Int, _ blocks: [PageLine]) -> Bool {
        var k = n + 1
        while k < blocks.count {
            let b = blocks[k]
            if case .caption = b.kind {
                k += 1
                continue
            }
            return b.isText && !b.isSubheadShaped
        }
        return false
    }

    private static func kind(
        of a: Article, body: [[Unicode.Scalar]], opening: ArticleDraft.Opening, hasCredits: Bool
    ) -> ArticleKind {
        if opening == .notice { return .notice }
        if let s = a.subtitle, let d = TitleParser.dashStart(Array(s.unicodeScalars)), d == 0, s.contains("访") {
            return .interview
        }
        var questions = 0, answers = 0
        for p in body {
            if p.hasPrefix("问：") || p.hasPrefix("问:") { questions += 1 }
            if p.hasPrefix("答：") || p.hasPrefix("答:") { answers += 1 }
        }
        if questions >= 1, answers >= 1, questions + answers >= 3 { return .interview }
        if a.headline == nil, !hasCredits { return .fragment }
        return .news
    }
}
