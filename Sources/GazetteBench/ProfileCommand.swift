// gazette-profile: the daemon's per-page work, one stage after another on one thread, for
// callgrind (`make profile`, scripts/profile-ingest.sh). Instruction counts do not move with
// the machine's load, so a change to a hot path is judged by them; `gazette bench` gives the
// seconds.
//
// Why not a `gazette` subcommand: `gazette` has an async main, which parks the main thread
// in libdispatch's signal loop, and valgrind 3.19 crashes as soon as another thread starts
// beside it. This program is plain top-level code.
//
// Usage: gazette-profile SEEDS_DIR STORE_PATH PAGES [BATCH]
// Prints one line of totals (pages, articles, bytes) for the script to divide by.
import Foundation
import GazetteBenchKit
import GazetteCore
import GazetteClassifier
import GazetteStore

/// Each stage is a function of its own, never inlined, so that callgrind's inclusive cost
/// of the function is the stage's cost (the script finds them by these names).
enum ProfileStage {
    /// The floor: SHA-256 of the page bytes.
    @inline(never)
    static func stageHash(_ pages: [[UInt8]]) -> Int {
        pages.reduce(0) { $0 &+ SHA256.hex(of: $1).utf8.count }
    }

    /// Each parsed page with the size of its bytes (a page that fails to parse is dropped).
    @inline(never)
    static func stageParse(_ pages: [[UInt8]]) -> [(size: Int, page: ParsedPage)] {
        pages.compactMap { bytes in (try? PageParser.parse(bytes)).map { (bytes.count, $0) } }
    }

    @inline(never)
    static func stageClassify(_ pages: [(size: Int, page: ParsedPage)], _ classifier: TopicClassifier)
        -> [(size: Int, page: ParsedPage)]
    {
        pages.map { ($0.size, classifier.classify($0.page)) }
    }

    /// Ingest in batches, as the daemon commits them: rows, index, fsynced commit.
    @inline(never)
    static func stageStore(_ records: [PageRecord], _ store: GazetteStore, batch: Int) throws -> Int {
        var stored = 0
        var start = 0
        while start < records.count {
            let end = min(records.count, start + batch)
            stored += try store.ingest(Array(records[start..<end])).count
            start = end
        }
        return stored
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 4, let pageCount = Int(arguments[3]), pageCount > 0 else {
    FileHandle.standardError.write(Data("usage: gazette-profile SEEDS_DIR STORE_PATH PAGES [BATCH]\n".utf8))
    exit(2)
}
let batch = arguments.count > 4 ? max(1, Int(arguments[4]) ?? 32) : 32
do {
    var corpus = try CorpusGenerator(seedDirectory: arguments[1])
    let pages = corpus.pages(pageCount)
    let classifier = try ClassifierLoader.load(taxonomyPath: nil, modelPath: nil)
    let store = try GazetteStore(path: arguments[2])
    // Warm-up outside the stages: the gazetteer and the classifier's tables are built on
    // first use, once per process, which a daemon pays at start and not per page.
    if let seed = corpus.seedPages.first {
        _ = try? PageAnalyzer(classifier).page(from: seed)
    }

    let hashed = ProfileStage.stageHash(pages)
    let parsed = ProfileStage.stageParse(pages)
    let classified = ProfileStage.stageClassify(parsed, classifier)
    let now = Date()
    let records = classified.enumerated().map { index, parsed in
        PageRecord(fileName: "p\(index).txt", source: nil, size: parsed.size, receivedAt: now, page: parsed.page)
    }
    let stored = try ProfileStage.stageStore(records, store, batch: batch)

    let articles = classified.reduce(0) { $0 + $1.page.articles.count }
    let bytes = records.reduce(0) { $0 + $1.size }
    print("pages=\(stored) articles=\(articles) bytes=\(bytes) batch=\(batch) hashed=\(hashed > 0)")
} catch {
    FileHandle.standardError.write(Data("gazette-profile: \(error)\n".utf8))
    exit(1)
}
