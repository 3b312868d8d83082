import ArgumentParser
import Foundation
import GazetteStore

/// Totals and breakdowns of the store.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Count pages, articles, duplicates and failures; articles by topic, province, source, kind and day.")

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "One JSON object (keys pages, articles, duplicates, failed, by_topic, by_province, by_source, by_kind, by_day, recent_failures).")
    var json = false

    func run() throws {
        let store = try storeOptions.openStore(readOnly: true)
        let stats = try store.stats(recentFailures: 20)
        if json {
            Output.line(try Output.json(stats))
            return
        }
        var lines = [
            "pages      \(stats.pages)",
            "articles   \(stats.articles)",
            "duplicates \(stats.duplicates)",
            "failed     \(stats.failed)",
            "labelled   \(stats.labelled)",
        ]
        func table(_ title: String, _ counts: [String: Int]) {
            guard !counts.isEmpty else { return }
            lines.append("")
            lines.append(title)
            for (key, count) in counts.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                lines.append("  \(String(count).leftPadded(6))  \(key)")
            }
        }
        table("by topic", stats.byTopic)
        table("by province", stats.byProvince)
        table("by source", stats.bySource)
        table("by kind", stats.byKind)
        if !stats.byDay.isEmpty {
            lines.append("")
            lines.append("by day (UTC)    pages  articles")
            for (day, counts) in stats.byDay.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(day)  \(String(counts.pages).leftPadded(6))  \(String(counts.articles).leftPadded(8))")
            }
        }
        if !stats.recentFailures.isEmpty {
            lines.append("")
            lines.append("recent failures")
            for failure in stats.recentFailures {
                lines.append("  \(failure.at.formatted(.iso8601))  \(failure.name)  \(failure.code): \(failure.message)")
            }
        }
        Output.line(lines.joined(separator: "\n"))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
