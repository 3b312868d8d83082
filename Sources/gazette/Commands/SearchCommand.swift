import ArgumentParser
import Foundation
import GazetteCore
import GazetteStore

/// Full-text search over stored articles (1-character words included), ranked by a
/// column-weighted bm25 among the newest matches (see `SearchQuery.rankWindow`).
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search stored articles; every word must match.",
        discussion: "Each word matches where it appears as written (医保 finds 医保基金; 医 finds every 医); "
            + "Latin words and numbers match whole words. Hits are ranked by relevance among the newest 2,000 "
            + "matches of the query, which keeps a common word fast in a large store; --rank-all ranks every "
            + "match (slower: about 1 µs per match). Punctuation around a word is ignored (\"医保\" and 医保， are 医保). "
            + "A query takes at most \(SearchQuery.maxTerms) words and \(SearchQuery.maxCharacters) characters.")

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "Words to search for (all must match).")
    var query: [String]

    @Option(help: "Only this topic id (an analyst label wins over the classifier): \(Taxonomy.allIDs.joined(separator: ", ")).")
    var topic: String?

    @Option(help: "Only articles about this province (四川 or 四川省).")
    var province: String?

    @Option(help: "Only this paper (inbox subfolder or byline paper).")
    var source: String?

    @Option(help: ArgumentHelp("Pages received on or after this day: \(DayArgument.format).", valueName: "day"),
            transform: DayArgument.parse)
    var since: DayArgument?

    @Option(help: ArgumentHelp("Pages received on or before this day (the whole day): \(DayArgument.format).",
                               valueName: "day"),
            transform: DayArgument.parse)
    var until: DayArgument?

    @Option(help: "At most this many results (1 or more).")
    var limit = 20

    @Flag(help: "Rank every match instead of the newest 2,000 (slower for common words in a large store).")
    var rankAll = false

    @Flag(help: "A JSON array of hits.")
    var json = false

    struct Hit: Encodable {
        var id: Int64
        var headline: String?
        var source: String?
        var received: String
        var topic: String?
        var file: String
        var seq: Int
        var snippet: String
        var rank: Double
    }

    /// A `search` command line with more words than a query may have even after every
    /// option is counted (at most 20 arguments): refused without parsing it (see
    /// `Gazette.main`). The exact limits are checked by the store.
    static func refusalBeforeParsing(_ arguments: [String]) -> StoreError? {
        guard arguments.first == "search", arguments.count > SearchQuery.maxTerms + 20 else { return nil }
        let valued: Set<String> = ["--store", "--topic", "--province", "--source", "--since", "--until", "--limit"]
        var words: [String] = []
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            index += valued.contains(argument) ? 2 : 1
            if !argument.hasPrefix("-") { words.append(argument) }
        }
        return .queryTooLarge(terms: words.count, characters: words.reduce(0) { $0 + $1.unicodeScalars.count } + words.count - 1)
    }

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit \(limit): give 1 or more results to show") }
        if let topic, !Taxonomy.allIDs.contains(topic) {
            throw ValidationError("unknown topic \"\(topic)\": use one of \(Taxonomy.allIDs.joined(separator: ", "))")
        }
    }

    func run() throws {
        let store = try storeOptions.openStore(readOnly: true)
        var search = SearchQuery(
            text: query.joined(separator: " "), topic: topic, province: province, source: source,
            since: since?.date, until: until?.untilBound, limit: limit)
        if rankAll { search.rankWindow = nil }
        let marks = json ? ("【", "】") : Output.marks
        let hits = try store.search(search, marks: marks)
        if json {
            Output.line(try Output.json(hits.map {
                Hit(
                    id: $0.article.id, headline: $0.article.article.headline, source: $0.article.paper,
                    received: Output.day($0.article.receivedAt), topic: $0.article.topic, file: $0.article.fileName,
                    seq: $0.article.article.seq, snippet: $0.snippet, rank: $0.rank)
            }))
            return
        }
        if hits.isEmpty {
            Output.line("no matches")
            return
        }
        for hit in hits {
            let stored = hit.article
            let headline = stored.article.headline ?? stored.article.subtitle ?? "(no headline)"
            let meta = [stored.paper, Output.day(stored.receivedAt), stored.topic, "\(stored.fileName)#\(stored.article.seq)"]
                .compactMap { $0 }.joined(separator: " · ")
            Output.line("[\(stored.id)] \(headline)")
            Output.line("     \(meta)")
            Output.line("     \(hit.snippet)")
        }
    }
}
