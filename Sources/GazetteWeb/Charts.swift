import Foundation

/// Server-made SVG charts: no script, no library; they scale with the page (`viewBox`),
/// and every label passes through `HTML`'s escaping like any other text.
enum Charts {
    /// One bar per day, stacked by topic in the taxonomy's order; each segment's tooltip
    /// says its day, topic and count.
    static func stackedDays(days: [String], counts: [String: [String: Int]], topics: TopicNames) -> HTML {
        let width = 960.0, height = 300.0, left = 44.0, right = 8.0, top = 12.0, bottom = 28.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let order = topics.ids + [TopicNames.unclassified]
        let totals = days.map { day in counts[day, default: [:]].values.reduce(0, +) }
        let maxTotal = niceCeiling(totals.max() ?? 0)
        let slot = plotWidth / Double(max(1, days.count))
        let barWidth = max(1, slot * 0.8)
        var parts: [HTML] = []
        // Grid lines and the y axis' labels: 0, half, top.
        for fraction in [0.0, 0.5, 1.0] {
            let y = top + plotHeight * (1 - fraction)
            let value = Int((Double(maxTotal) * fraction).rounded())
            parts.append("""
                <line x1="\(left, digits: 1)" y1="\(y, digits: 1)" x2="\(width - right, digits: 1)" y2="\(y, digits: 1)" stroke="#e0e0e0"/>\
                <text x="\(left - 6, digits: 1)" y="\(y + 4, digits: 1)" text-anchor="end">\(value)</text>
                """)
        }
        let labelEvery = max(1, Int((Double(days.count) / 10).rounded(.up)))
        for (index, day) in days.enumerated() {
            let x = left + Double(index) * slot + (slot - barWidth) / 2
            var y = top + plotHeight
            for topic in order {
                guard let n = counts[day]?[topic], n > 0 else { continue }
                let h = plotHeight * Double(n) / Double(max(1, maxTotal))
                y -= h
                parts.append("""
                    <rect class="seg" data-topic="\(topic)" x="\(x, digits: 1)" y="\(y, digits: 1)" width="\(barWidth, digits: 1)" height="\(h, digits: 1)" fill="\(topics.colour(topic))"><title>\(day) \(topics.name(topic))：\(n) 篇</title></rect>
                    """)
            }
            if index % labelEvery == 0 || index == days.count - 1 {
                parts.append("""
                    <text x="\(x + barWidth / 2, digits: 1)" y="\(height - 8, digits: 1)" text-anchor="middle">\(String(day.dropFirst(5)))</text>
                    """)
            }
        }
        let present = order.filter { topic in days.contains { (counts[$0]?[topic] ?? 0) > 0 } }
        let legend = present.map { topic -> HTML in
            "<li><svg width=\"10\" height=\"10\" aria-hidden=\"true\"><rect width=\"10\" height=\"10\" fill=\"\(topics.colour(topic))\"/></svg>\(topics.name(topic))</li>"
        }
        return """
            <svg class="chart stacked" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="每日文章数（按主题）">
            \(HTML.join(parts, separator: "\n"))
            </svg>
            <ul class="legend">\(legend)</ul>
            """
    }

    /// Horizontal bars, largest first, each label a link.
    static func bars(_ rows: [(label: String, count: Int, href: String?)], ariaLabel: String) -> HTML {
        guard !rows.isEmpty else { return "<p class=\"meta\">这段时间没有文章。</p>" }
        let width = 460.0, rowHeight = 22.0, labelWidth = 130.0, countWidth = 44.0
        let height = rowHeight * Double(rows.count) + 4
        let maxCount = Double(max(1, rows.map(\.count).max() ?? 1))
        let barSpace = width - labelWidth - countWidth
        let items = rows.enumerated().map { index, row -> HTML in
            let y = Double(index) * rowHeight + 2
            let w = max(1, barSpace * Double(row.count) / maxCount)
            let label: HTML = "<text x=\"\(labelWidth - 6, digits: 1)\" y=\"\(y + 15, digits: 1)\" text-anchor=\"end\">\(clip(row.label))</text>"
            let linked: HTML = row.href.map { "<a href=\"\($0)\">\(label)</a>" } ?? label
            return """
                \(linked)<rect x="\(labelWidth, digits: 1)" y="\(y + 3, digits: 1)" width="\(w, digits: 1)" height="\(rowHeight - 6, digits: 1)" fill="#1a56a8"><title>\(row.label)：\(row.count) 篇</title></rect>\
                <text x="\(labelWidth + w + 4, digits: 1)" y="\(y + 15, digits: 1)">\(row.count)</text>
                """
        }
        return """
            <svg class="chart bars" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(ariaLabel)">
            \(HTML.join(items, separator: "\n"))
            </svg>
            """
    }

    /// A label that fits its column: at most 9 characters, then an ellipsis.
    static func clip(_ label: String) -> String { label.count > 9 ? String(label.prefix(8)) + "…" : label }

    /// 1, 2, 5 × 10ⁿ at or above `value` (at least 1), for the y axis' top.
    static func niceCeiling(_ value: Int) -> Int {
        guard value > 1 else { return 1 }
        var magnitude = 1
        while magnitude * 10 <= value { magnitude *= 10 }
        for step in [1, 2, 5, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }
}
