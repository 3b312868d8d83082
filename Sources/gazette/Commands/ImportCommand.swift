import ArgumentParser
import Foundation
import GazetteCore
import GazetteDaemon
import GazetteOCR
import GazetteStore
import SystemPackage

/// `gazette import PATH...`: an archive backfill. Files stay where they are; each is read
/// and hashed, skipped when its SHA-256 is stored, else parsed and classified exactly as
/// the daemon would (same reader, same parser, same refusals), on all cores, and committed
/// in large batches, each fsynced. Interrupted, it stops at a batch boundary; run again, it
/// resumes: what was committed is skipped by its hash.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Backfill an archive: store every page under the paths (exactly once, by SHA-256), fast and resumable.",
        discussion: """
            Folders are read recursively; the first folder level below a folder given names \
            the paper, as in the inbox (ARCHIVE/江门日报/2020/p1.txt is from 江门日报). Hidden \
            files, *.part, *.tmp, *~ and *.reason.json are skipped (counted). Refused files are \
            listed with their reasons at the end (and in --report), never moved. Ctrl-C stops \
            after the batch being committed; running the same command again resumes.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var classifierOptions: ClassifierOptions

    @Option(help: "Pages per transaction (each commit is fsynced).")
    var batchSize = 1_000

    @Option(help: "Files larger than this many bytes are refused (the daemon's max_file_size).")
    var maxFileSize = DaemonConfig().maxFileSize

    @Option(help: "Parsing workers (default: one per core).")
    var workers: Int?

    @Option(help: "Write the refused files as JSON lines here: {file, name, source, code, message, advice, sha256, size}.")
    var report: String?

    @Option(help: "Seconds between progress lines when stderr is not a terminal.")
    var progressInterval: Double = 5

    @Flag(help: "Print a JSON summary object on stdout at the end.")
    var json = false

    @Argument(help: "Page files and folders to import.")
    var paths: [String]

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard maxFileSize >= 1 else { throw ValidationError("--max-file-size must be at least 1") }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
    }

    func run() async throws {
        let interrupt = ImportInterrupt()
        let classifier = try classifierOptions.classifier()
        // A lane per worker: an import is a batch, with no text page waiting behind the scans.
        let lanes = workers ?? ProcessInfo.processInfo.activeProcessorCount
        let processor = PageProcessor(maxFileSize: maxFileSize, classifier: { classifier.classify($0) },
                                      pages: PageReader(pool: OCRPool(lanes: lanes)))
        let store = try storeOptions.open(readOnly: false)
        var reportFile: ImportReportFile?
        if let report { reportFile = try ImportReportFile(path: report) }

        let sources = ImportSources(arguments: paths)
        var run = ImportRun(store: store, processor: processor, workers: workers ?? ProcessInfo.processInfo.activeProcessorCount,
                            batchSize: batchSize, report: reportFile)
        run.summary.skipped = sources.skipped
        run.summary.filesSeen = sources.items.count + sources.missing.count
        for missing in sources.missing {
            run.refuse(ImportItem(path: missing, name: (missing as NSString).lastPathComponent, source: nil),
                       Refusal(code: "not-found", message: "no such file or folder", advice: "check the path"),
                       sha256: nil, size: 0, record: false)
        }
        let progress = ImportProgress(total: sources.items.count, interval: progressInterval)
        progress.begin()
        try await run.importAll(sources.items, progress: progress, interrupt: interrupt)
        progress.finish()
        run.summary.elapsedSeconds = progress.elapsed
        run.summary.interrupted = interrupt.received != nil
        try reportFile?.close()

        let summary = run.summary
        for refused in summary.refusedFiles {
            FileHandle.standardError.write(Data("refused: \(refused.file): \(refused.message) (\(refused.code)): \(refused.advice)\n".utf8))
        }
        if json {
            Output.line(try Output.json(summary))
        } else {
            Output.line(summary.text)
        }
        if let signal = interrupt.received { throw ExitCode(128 + signal) }
        if !summary.refusedFiles.isEmpty { throw ExitCode(1) }
    }
}

/// What one import did, printed at the end (`--json`: this object).
struct ImportSummary: Encodable {
    struct Refused: Encodable {
        var file: String
        var name: String
        var source: String?
        var code: String
        var message: String
        var advice: String
        var sha256: String?
        var size: Int
    }

    var filesSeen = 0
    var stored = 0
    var alreadyStored = 0
    var duplicates = 0
    var articles = 0
    var skipped = 0
    var refusedFiles: [Refused] = []
    var interrupted = false
    var elapsedSeconds = 0.0

    var pagesPerSecond: Double { Double(stored) / max(elapsedSeconds, 1e-9) }

    enum CodingKeys: String, CodingKey {
        case filesSeen = "files_seen", stored, alreadyStored = "already_stored", duplicates, articles, skipped
        case refused, refusedFiles = "refused_files", interrupted, elapsedSeconds = "elapsed_seconds", pagesPerSecond = "pages_per_second"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(filesSeen, forKey: .filesSeen)
        try container.encode(stored, forKey: .stored)
        try container.encode(alreadyStored, forKey: .alreadyStored)
        try container.encode(duplicates, forKey: .duplicates)
        try container.encode(articles, forKey: .articles)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(refusedFiles.count, forKey: .refused)
        try container.encode(refusedFiles, forKey: .refusedFiles)
        try container.encode(interrupted, forKey: .interrupted)
        try container.encode((elapsedSeconds * 1000).rounded() / 1000, forKey: .elapsedSeconds)
        try container.encode(pagesPerSecond.rounded(), forKey: .pagesPerSecond)
    }

    var text: String {
        var lines = [
            "import\(interrupted ? " (interrupted: run the same command again to resume)" : ""): \(filesSeen) files seen, "
                + "\(stored) stored (\(articles) articles), \(alreadyStored) already stored, \(duplicates) duplicates, "
                + "\(refusedFiles.count) refused, \(skipped) skipped (hidden, temporary or reason files)",
            String(format: "%.1f s, %.0f pages/s stored", elapsedSeconds, pagesPerSecond),
        ]
        if !refusedFiles.isEmpty { lines.append("refused files are listed on stderr") }
        return lines.joined(separator: "\n")
    }
}

/// `--report FILE`: one JSON line per refused file, written as each batch is committed.
final class ImportReportFile {
    private let handle: FileHandle

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw ValidationError("cannot write the report file \(path): check the folder exists and is writable")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    func write(_ refused: ImportSummary.Refused) throws {
        try handle.write(contentsOf: Data((try Output.json(refused) + "\n").utf8))
    }

    func close() throws { try handle.close() }
}
