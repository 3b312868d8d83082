/// The frame every page shares: head, navigation, footer.
enum Layout {
    enum Section { case search, overview, none }

    static func page(title: String, section: Section, query: String = "", body: HTML) -> HTML {
        func nav(_ href: String, _ label: String, _ mine: Section) -> HTML {
            section == mine ? "<a href=\"\(href)\" aria-current=\"page\">\(label)</a>" : "<a href=\"\(href)\">\(label)</a>"
        }
        return """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Gazette 阅览室</title>
            <link rel="stylesheet" href="/style.css">
            </head>
            <body>
            <header class="top">
            <a class="brand" href="/">Gazette 阅览室</a>
            <nav>\(nav("/", "搜索", .search))\(nav("/overview", "概览", .overview))</nav>
            \(section == .search ? "" : quickSearch(query))
            </header>
            <main>
            \(body)
            </main>
            <footer>只读视图 · 数据来自 Gazette 文章库 · <a href="/api/stats">API</a> · <a href="/metrics">metrics</a></footer>
            </body>
            </html>

            """
    }

    /// The header's search box, on every page but the search page (which has its own form).
    static func quickSearch(_ query: String) -> HTML {
        """
        <form class="quick" action="/search" method="get" role="search">
        <input type="search" name="q" value="\(query)" maxlength="1000" placeholder="搜索文章" aria-label="搜索文章">
        </form>
        """
    }

    /// A plain error page (400, 404, 500).
    static func error(status: Int, message: String) -> HTML {
        let title = switch status {
        case 400: "请求有误"
        case 404: "未找到"
        default: "服务器错误"
        }
        return page(title: title, section: .none, body: """
            <section class="error">
            <h1>\(status) \(title)</h1>
            <p>\(message)</p>
            <p><a href="/">返回搜索</a></p>
            </section>
            """)
    }
}

/// The one stylesheet: system fonts with CJK fallbacks, one column on a phone, the search
/// form's filters in a row on a laptop.
enum Style {
    static let css = """
        :root { --fg: #1d1d1f; --muted: #5f6368; --line: #dadce0; --accent: #1a56a8; --bg: #fff; --soft: #f5f7fa; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--fg); background: var(--bg); line-height: 1.6;
          font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
            "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
        a { color: var(--accent); text-decoration: none; }
        a:hover { text-decoration: underline; }
        header.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.25rem; padding: .6rem 1rem;
          border-bottom: 1px solid var(--line); background: var(--soft); }
        .brand { font-weight: 700; color: var(--fg); }
        header nav a { margin-right: .9rem; }
        header nav a[aria-current] { font-weight: 700; color: var(--fg); }
        form.quick { margin-left: auto; }
        form.quick input { width: 14rem; max-width: 100%; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
        footer { max-width: 60rem; margin: 2rem auto; padding: 1rem; color: var(--muted); font-size: .85rem;
          border-top: 1px solid var(--line); }
        input, select, button { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 4px;
          background: #fff; color: var(--fg); }
        button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
        form.search .main { display: flex; gap: .5rem; }
        form.search .main input { flex: 1; min-width: 0; font-size: 1.1rem; }
        form.search .filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .5rem;
          margin-top: .6rem; }
        form.search label { display: flex; flex-direction: column; font-size: .8rem; color: var(--muted); }
        .count { color: var(--muted); margin: 1rem 0 .5rem; }
        ol.hits { list-style: none; padding: 0; margin: 0; }
        ol.hits li { padding: .8rem 0; border-bottom: 1px solid var(--line); }
        ol.hits h2 { font-size: 1.1rem; margin: 0 0 .2rem; }
        .meta { color: var(--muted); font-size: .85rem; }
        .meta span + span::before { content: " · "; }
        .snippet { margin: .3rem 0 0; }
        mark { background: #ffe58f; color: inherit; padding: 0 1px; }
        .tag { display: inline-block; padding: 0 .4rem; border-radius: 3px; background: var(--soft);
          border: 1px solid var(--line); font-size: .8rem; }
        nav.pages { display: flex; gap: 1rem; justify-content: center; align-items: center; margin: 1.2rem 0; }
        article.full .kicker { color: var(--muted); margin: 0; }
        article.full h1 { font-size: 1.6rem; line-height: 1.35; margin: .2rem 0; }
        article.full .subtitle { font-size: 1.1rem; color: #3c4043; margin: 0 0 .8rem; }
        article.full .body p { text-indent: 2em; margin: 0 0 .8rem; }
        dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; font-size: .9rem;
          background: var(--soft); padding: .8rem 1rem; border-radius: 6px; }
        dl.fields dt { color: var(--muted); }
        dl.fields dd { margin: 0; }
        .links a { margin-right: .6rem; }
        table { border-collapse: collapse; width: 100%; font-size: .9rem; }
        th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        .table-wrap { overflow-x: auto; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr)); gap: .6rem; }
        .card { background: var(--soft); border-radius: 6px; padding: .6rem .8rem; }
        .card b { display: block; font-size: 1.4rem; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg.chart text { font-size: 11px; fill: var(--muted); }
        .legend { display: flex; flex-wrap: wrap; gap: .2rem .9rem; font-size: .8rem; margin: .4rem 0 1rem; padding: 0;
          list-style: none; }
        .legend svg { vertical-align: -1px; margin-right: .25rem; }
        .two { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
        .periods a { margin-right: .6rem; }
        .periods a[aria-current] { font-weight: 700; color: var(--fg); }
        section.error h1 { font-size: 1.4rem; }
        @media (max-width: 40rem) {
          form.quick { display: none; }
          .two { grid-template-columns: 1fr; }
          dl.fields { grid-template-columns: 1fr; }
          dl.fields dt { margin-top: .3rem; }
          article.full h1 { font-size: 1.35rem; }
        }

        """
}
