import ArgumentParser
import Foundation
import GazetteCore
import GazetteDaemon
import GazetteStore

/// One-shot ingest: the daemon's path (parse, then one transaction per batch) from the
/// command line.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Parse page files and store them (exactly once, by SHA-256).")

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var classifierOptions: ClassifierOptions

    @Option(help: "The paper these pages come from (as the inbox subfolder would say).")
    var source: String?

    @Option(help: "Pages per transaction.")
    var batchSize = 32

    @Flag(help: "One JSON object per file: {file, outcome, articles, file_id, reason}.")
    var json = false

    @Argument(help: "Page files to ingest.")
    var files: [String]

    struct Line: Encodable {
        var file: String
        var outcome: String
        var articles: Int?
        var file_id: Int64?
        var reason: String?
    }

    func run() throws {
        let classifier = try classifierOptions.classifier()
        let processor = PageProcessor(maxFileSize: DaemonConfig().maxFileSize, classifier: { classifier.classify($0) })
        let store = try storeOptions.openStore(readOnly: false)
        var failed = 0
        var pending: [(file: String, record: PageRecord)] = []

        func emit(_ line: Line) {
            if json {
                Output.line((try? Output.json(line)) ?? "{}")
            } else {
                switch line.outcome {
                case "stored": Output.line("\(line.file): stored (\(line.articles ?? 0) articles)")
                case "duplicate": Output.line("\(line.file): duplicate")
                case "already-stored": Output.line("\(line.file): already stored")
                default: Output.line("\(line.file): failed (\(line.reason ?? "unknown"))")
                }
            }
        }
        func flush() throws {
            guard !pending.isEmpty else { return }
            let outcomes = try store.ingest(pending.map(\.record))
            for (item, outcome) in zip(pending, outcomes) {
                switch outcome {
                case .stored(let fileID, let articleIDs):
                    emit(Line(file: item.file, outcome: "stored", articles: articleIDs.count, file_id: fileID))
                case .duplicate(let fileID):
                    emit(Line(file: item.file, outcome: "duplicate", file_id: fileID))
                case .alreadyStored(let fileID):
                    emit(Line(file: item.file, outcome: "already-stored", file_id: fileID))
                }
            }
            pending.removeAll()
        }
        func fail(_ file: String, sha: String?, size: Int, code: String, message: String) throws {
            failed += 1
            try store.recordFailure(FailureRecord(fileName: file, sha256: sha, size: size, code: code, message: message, at: Date()))
            emit(Line(file: file, outcome: "failed", reason: message))
        }

        for file in files {
            // The daemon's reading and parsing: regular files only, links never followed.
            switch processor.process(path: file) {
            case .page(let page, let size):
                let record = PageRecord(
                    fileName: (file as NSString).lastPathComponent, source: source, size: size,
                    receivedAt: Date(), page: page)
                pending.append((file, record))
            case .refused(let refusal, let sha256, let size):
                try fail(file, sha: sha256, size: size, code: refusal.code, message: refusal.message)
                continue
            case .vanished:
                try fail(file, sha: nil, size: 0, code: "not-found", message: "no such file: check the path")
                continue
            case .transient(let error):
                try fail(file, sha: nil, size: 0, code: "unreadable", message: error.description)
                continue
            }
            if pending.count >= max(1, batchSize) { try flush() }
        }
        try flush()
        if failed > 0 { throw ExitCode(1) }
    }
}
