import Foundation
import GazetteStore

/// `/` and `/search`: the form, the count, one page of hits, links to the other pages.
enum SearchPage {
    static func render(_ results: SearchResults, topics: TopicNames) -> HTML {
        let p = results.parameters
        let title = p.isEmptyQuery ? "搜索" : "搜索：\(p.text)"
        return Layout.page(title: title, section: .search, query: p.text, body: """
            \(form(p, topics: topics))
            <p class="count">\(count(results))</p>
            \(results.items.isEmpty ? "<p>没有找到文章。换个词或放宽筛选条件试试。</p>" : hits(results.items, topics: topics))
            \(pager(results))
            """)
    }

    static func form(_ p: SearchParameters, topics: TopicNames) -> HTML {
        let options = HTML.join(topics.ids.map { id -> HTML in
            id == p.topic
                ? "<option value=\"\(id)\" selected>\(topics.name(id))</option>"
                : "<option value=\"\(id)\">\(topics.name(id))</option>"
        })
        return """
            <form class="search" action="/search" method="get" role="search">
            <div class="main">
            <input type="search" name="q" value="\(p.text)" maxlength="\(SearchQuery.maxCharacters)" placeholder="输入词语，如 医保 基金（空格分隔的词须同时出现）" aria-label="查询" autofocus>
            <button type="submit">搜索</button>
            </div>
            <div class="filters">
            <label>主题<select name="topic"><option value="">全部主题</option>\(options)</select></label>
            <label>省份<input name="province" value="\(p.province)" maxlength="\(SearchParameters.maxFilterLength)" placeholder="如 四川"></label>
            <label>报纸<input name="source" value="\(p.source)" maxlength="\(SearchParameters.maxFilterLength)" placeholder="报纸名称"></label>
            <label>起始日期<input type="date" name="since" value="\(p.since)"></label>
            <label>截止日期<input type="date" name="until" value="\(p.until)"></label>
            </div>
            </form>
            """
    }

    static func count(_ results: SearchResults) -> HTML {
        let p = results.parameters
        let shown = results.items.isEmpty ? "" : "，第 \(p.offset + 1)–\(p.offset + results.items.count) 篇"
        let more = results.totalIsLowerBound ? " 多" : ""
        if p.isEmptyQuery { return "最新文章 · 共 <b>\(results.total)</b>\(more) 篇\(shown)" }
        return "“\(p.text)”：找到 <b class=\"total\">\(results.total)</b>\(more) 篇文章\(shown)"
    }

    static func hits(_ items: [SearchResults.Item], topics: TopicNames) -> HTML {
        let list = items.map { item -> HTML in
            let stored = item.article
            let a = stored.article
            let headline = a.headline ?? a.subtitle ?? a.kicker ?? "（无标题）"
            let snippet: HTML = item.snippet.map {
                "<p class=\"snippet\">\(HTML.marked($0, open: SearchResults.Marks.open, close: SearchResults.Marks.close))</p>"
            } ?? (a.paragraphs.first.map { "<p class=\"snippet\">\(String($0.prefix(80)) + ($0.count > 80 ? "…" : ""))</p>" } ?? "")
            return """
                <li class="hit">
                <h2><a href="/articles/\(stored.id)">\(headline)</a></h2>
                <div class="meta"><span class="paper">\(stored.paper ?? "未知报纸")</span><span class="date">\(Day.string(stored.receivedAt))</span><span><a class="tag" href="\(SearchParameters.link(topic: stored.topic))">\(topics.name(stored.topic))</a></span></div>
                \(snippet)
                </li>
                """
        }
        return "<ol class=\"hits\">\(list)</ol>"
    }

    static func pager(_ results: SearchResults) -> HTML {
        let p = results.parameters
        guard results.pageCount > 1 else { return "" }
        func link(_ page: Int) -> String { "/search?" + p.queryString(page: page) }
        let previous: HTML = p.page > 1 ? "<a rel=\"prev\" href=\"\(link(p.page - 1))\">‹ 上一页</a>" : "<span></span>"
        let next: HTML = p.page < results.pageCount ? "<a rel=\"next\" href=\"\(link(p.page + 1))\">下一页 ›</a>" : "<span></span>"
        return "<nav class=\"pages\" aria-label=\"分页\">\(previous)<span>第 \(p.page) / \(results.pageCount) 页</span>\(next)</nav>"
    }
}
