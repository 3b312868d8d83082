import Foundation
import GazetteStore

/// `/articles/{id}`: the article in full, with its classification, its places as links to
/// the filtered search, and the page it came from with that page's other articles.
enum ArticlePage {
    static func render(_ stored: StoredArticle, pageArticles: [StoredArticle], topics: TopicNames) -> HTML {
        let a = stored.article
        let title = a.headline ?? a.subtitle ?? "文章 \(stored.id)"
        var fields: [HTML] = []
        func field(_ name: String, _ value: HTML?, _ key: String) {
            if let value, value != .empty { fields.append("<dt>\(name)</dt><dd class=\"\(key)\">\(value)</dd>") }
        }
        func text(_ value: String?) -> HTML? { value.flatMap { $0.isEmpty ? nil : HTML(text: $0) } }
        func names(_ values: [String]) -> HTML? { values.isEmpty ? nil : HTML(text: values.joined(separator: "、")) }

        field("报纸", text(stored.paper), "paper")
        field("记者", names(a.reporters), "reporters")
        field("通讯员", names(a.correspondents), "correspondents")
        field("摄影", names(a.photographers), "photographers")
        field("电头", text(a.dateline), "dateline")
        field("接续", text(a.continuedFrom.map { "上接\($0)" }), "continued")
        field("主题", topic(stored, topics: topics), "topic")
        field("省份", links(a.provinces) { SearchParameters.link(province: $0) }, "provinces")
        field("地点", links(a.places) { SearchParameters.link(text: $0) }, "places")
        field("收稿", text(Day.minute(stored.receivedAt)), "received")
        field("版面文件", "\(stored.fileName) · 第 \(a.seq) 篇", "file")

        let paragraphs = a.paragraphs.map { paragraph -> HTML in "<p>\(paragraph)</p>" }
        let subheads: HTML = a.subheads.isEmpty ? "" : """
            <h2>小标题</h2><ul class="subheads">\(a.subheads.map { s -> HTML in "<li>\(s)</li>" })</ul>
            """
        return Layout.page(title: title, section: .none, body: """
            <p><a href="/search">‹ 返回搜索</a></p>
            <article class="full" data-id="\(stored.id)">
            \(a.kicker.map { k -> HTML in "<p class=\"kicker\">\(k)</p>" } ?? "")
            <h1 class="headline">\(a.headline ?? "（无标题）")</h1>
            \(a.subtitle.map { s -> HTML in "<p class=\"subtitle\">\(s)</p>" } ?? "")
            <dl class="fields">\(fields)</dl>
            <div class="body">\(paragraphs)</div>
            \(subheads)
            </article>
            \(fromPage(stored, pageArticles: pageArticles))
            """)
    }

    /// The topic shown (the analyst's label wins), with the classifier's confidence and
    /// its runners-up.
    static func topic(_ stored: StoredArticle, topics: TopicNames) -> HTML {
        var out: HTML = "<a class=\"tag\" href=\"\(SearchParameters.link(topic: stored.topic))\">\(topics.name(stored.topic))</a>"
        if stored.label != nil { out = out + " （分析员标注）" }
        guard let c = stored.article.classification else { return out }
        out = out + " 置信度 <span class=\"confidence\">\(percent(c.confidence))</span>"
        if stored.label != nil, stored.label != c.category {
            out = out + "；分类器：\(topics.name(c.category))"
        }
        let runners = c.scores.filter { $0.key != stored.topic }.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .prefix(3).map { "\(topics.name($0.key)) \(percent($0.value))" }
        if !runners.isEmpty { out = out + "<br><span class=\"runners\">其次：\(runners.joined(separator: "，"))</span>" }
        return out
    }

    /// `87%`; a share that would round to 0 shows as `<1%`, not as none.
    static func percent(_ value: Double) -> String {
        value > 0 && value < 0.005 ? "<1%" : String(format: "%.0f%%", value * 100)
    }

    static func links(_ values: [String], href: (String) -> String) -> HTML? {
        guard !values.isEmpty else { return nil }
        return "<span class=\"links\">\(values.map { v -> HTML in "<a href=\"\(href(v))\">\(v)</a>" })</span>"
    }

    static func fromPage(_ stored: StoredArticle, pageArticles: [StoredArticle]) -> HTML {
        let items = pageArticles.map { other -> HTML in
            let name = other.article.headline ?? other.article.subtitle ?? "（无标题）"
            return other.id == stored.id
                ? "<li aria-current=\"true\"><b>\(name)</b>（本文）</li>"
                : "<li><a href=\"/articles/\(other.id)\">\(name)</a></li>"
        }
        return """
            <section class="page-of">
            <h2>来源版面</h2>
            <p class="meta"><span>\(stored.fileName)</span><span>\(stored.paper ?? "未知报纸")</span><span>\(Day.minute(stored.receivedAt))</span><span>共 \(pageArticles.count) 篇</span></p>
            <ol>\(items)</ol>
            </section>
            """
    }
}
