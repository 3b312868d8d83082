import Foundation
import GazetteStore

/// `/overview?days=30`: what the papers wrote about over the period, where and in which
/// papers, the newest pages, and (for the operator) the files that failed.
enum OverviewPage {
    struct Data: Sendable {
        var days: Int
        /// The period's UTC days, oldest first, ending today.
        var dayList: [String]
        var totals: StoreTotals
        var overview: StoreOverview
        var pages: [StoredPage]
        var failed: [FailedFile]
        /// Where `failed` came from, for the heading.
        var failedFromFolder: Bool
    }

    static let defaultDays = 30
    static let maxDays = 366
    static let periods = [7, 30, 90, 365]

    static func days(_ query: QueryString) throws(WebError) -> Int {
        guard let value = query.text("days") else { return defaultDays }
        guard value.utf8.count <= 4, let days = Int(value), (1...maxDays).contains(days) else {
            throw .badRequest("天数“\(value)”无效：应为 1 到 \(maxDays) 之间的整数。")
        }
        return days
    }

    /// The period's first instant (midnight UTC, `days - 1` days before today) and its days.
    static func period(days: Int, now: Date) -> (since: Date, days: [String]) {
        let today = Day.calendar.startOfDay(for: now)
        let since = today.addingTimeInterval(-86_400 * Double(days - 1))
        return (since, (0..<days).map { Day.string(since.addingTimeInterval(86_400 * Double($0))) })
    }

    static func render(_ d: Data, topics: TopicNames) -> HTML {
        let periods = HTML.join(periods.map { n -> HTML in
            n == d.days ? "<a href=\"/overview?days=\(n)\" aria-current=\"page\">\(n) 天</a>" : "<a href=\"/overview?days=\(n)\">\(n) 天</a>"
        })
        let inPeriod = d.overview.articlesByDayAndTopic.values.reduce(0) { $0 + $1.values.reduce(0, +) }
        let provinces = top(d.overview.articlesByProvince).map { name, n in
            (label: name == "(none)" ? "（未识别）" : name, count: n,
             href: name == "(none)" ? nil : SearchParameters.link(province: name))
        }
        let papers = top(d.overview.articlesBySource).map { name, n in
            (label: name == "(unknown)" ? "（未知）" : name, count: n,
             href: name == "(unknown)" ? nil : SearchParameters.link(source: name))
        }
        return Layout.page(title: "概览", section: .overview, body: """
            <h1>概览</h1>
            <p class="periods">时段：\(periods)</p>
            <div class="cards">
            <div class="card">版面<b class="pages">\(d.totals.pages)</b></div>
            <div class="card">文章<b class="articles">\(d.totals.articles)</b></div>
            <div class="card">重复版面<b>\(d.totals.duplicates)</b></div>
            <div class="card">失败文件<b>\(d.totals.failed)</b></div>
            </div>
            <h2>每日文章（按主题）· 最近 \(d.days) 天共 \(inPeriod) 篇</h2>
            \(Charts.stackedDays(days: d.dayList, counts: d.overview.articlesByDayAndTopic, topics: topics))
            <div class="two">
            <section><h2>按省份</h2>\(Charts.bars(provinces, ariaLabel: "按省份的文章数"))</section>
            <section><h2>按报纸</h2>\(Charts.bars(papers, ariaLabel: "按报纸的文章数"))</section>
            </div>
            <h2>最新版面</h2>
            \(pagesTable(d.pages))
            <h2>失败文件\(d.failedFromFolder ? "（failed 目录）" : "（文章库记录）")</h2>
            \(failedTable(d.failed))
            """)
    }

    /// The 15 largest, ties by name.
    static func top(_ tally: [String: Int]) -> [(String, Int)] {
        tally.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(15).map { ($0.key, $0.value) }
    }

    static func pagesTable(_ pages: [StoredPage]) -> HTML {
        guard !pages.isEmpty else { return "<p class=\"meta\">还没有版面。</p>" }
        let rows = pages.map { p -> HTML in
            let name: HTML = p.firstArticleID.map { "<a href=\"/articles/\($0)\">\(p.name)</a>" } ?? HTML(text: p.name)
            return "<tr><td>\(Day.minute(p.receivedAt))</td><td>\(name)</td><td>\(p.source ?? "—")</td><td class=\"n\">\(p.articleCount)</td><td class=\"n\">\(p.duplicateCount)</td></tr>"
        }
        return """
            <div class="table-wrap"><table class="pages">
            <thead><tr><th>收稿</th><th>文件</th><th>报纸</th><th class="n">文章</th><th class="n">重复</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
    }

    static func failedTable(_ failed: [FailedFile]) -> HTML {
        guard !failed.isEmpty else { return "<p class=\"meta\">没有失败的文件。</p>" }
        let rows = failed.map { f -> HTML in
            let advice: HTML = f.advice.map { "<br><span class=\"meta\">\($0)</span>" } ?? ""
            return "<tr><td>\(f.at)</td><td>\(f.file)</td><td><code>\(f.code)</code></td><td>\(f.message)\(advice)</td></tr>"
        }
        return """
            <div class="table-wrap"><table class="failed">
            <thead><tr><th>时间</th><th>文件</th><th>代码</th><th>原因</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
    }
}
