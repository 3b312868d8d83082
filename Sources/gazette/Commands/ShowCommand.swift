import ArgumentParser
import Foundation
import GazetteStore

/// One stored article in full.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print one stored article in full.")

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The article id (from `gazette search`).")
    var id: Int64

    @Flag(help: "The article as one JSON object (the export format).")
    var json = false

    func run() throws {
        let store = try storeOptions.openStore(readOnly: true)
        guard let stored = try store.article(id: id) else { throw StoreError.noSuchArticle(id: id) }
        if json {
            Output.line(ExportedArticle(article: stored).jsonLine())
            return
        }
        let a = stored.article
        var lines: [String] = []
        func field(_ name: String, _ value: String?) {
            if let value, !value.isEmpty { lines.append("\(name): \(value)") }
        }
        func list(_ name: String, _ values: [String]) {
            if !values.isEmpty { lines.append("\(name): \(values.joined(separator: "、"))") }
        }
        lines.append("article \(stored.id) · \(stored.fileName) #\(a.seq) · \(a.kind.rawValue)")
        field("kicker", a.kicker)
        field("headline", a.headline)
        field("subtitle", a.subtitle)
        list("reporters", a.reporters)
        list("correspondents", a.correspondents)
        list("photographers", a.photographers)
        field("source", a.source)
        field("paper folder", stored.fileSource)
        field("dateline", a.dateline)
        field("continued from", a.continuedFrom)
        field("received", stored.receivedAt.formatted(.iso8601))
        if let label = stored.label { field("topic", "\(label) (analyst label)") }
        if let c = a.classification {
            let top = c.scores.sorted { $0.value > $1.value }.prefix(3)
                .map { "\($0.key) \(String(format: "%.2f", $0.value))" }.joined(separator: ", ")
            field("classifier", "\(c.category) (\(String(format: "%.2f", c.confidence))) — \(top)")
        }
        list("provinces", a.provinces)
        list("places", a.places)
        field("quality", "joined breaks \(a.quality.joinedBreaks), dropped duplicates \(a.quality.droppedDuplicates), garbled \(String(format: "%.1f%%", a.quality.garbledRatio * 100))")
        if stored.pageSource != .text {
            let source = stored.pageSource
            var read = "\(source.kind.rawValue)"
            if let engine = source.engine { read += " via \(engine) \(source.engineVersion ?? "")" }
            if let confidence = source.meanConfidence { read += ", page confidence \(String(format: "%.0f%%", confidence * 100))" }
            if let confidence = a.quality.ocrConfidence { read += ", article \(String(format: "%.0f%%", confidence * 100))" }
            field("read from", read)
        }
        field("page sha256", stored.fileSHA256)
        lines.append("")
        lines.append(contentsOf: a.paragraphs)
        if !a.subheads.isEmpty {
            lines.append("")
            list("subheads", a.subheads)
        }
        Output.line(lines.joined(separator: "\n"))
    }
}
