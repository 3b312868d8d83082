import Foundation
import GazetteCore
import GazetteDaemon
import GazetteStore
import SystemPackage

/// The import's engine. Per batch of `batchSize` files:
/// 1. read (the daemon's `FileReader`: no links, regular files, size limit) and hash, on all cores;
/// 2. look the hashes up in the store in a few indexed reads: a stored page is skipped
///    unparsed (or, under a new name or paper, recorded as a duplicate, still unparsed);
/// 3. parse, classify and prepare the rest (`PageProcessor`, then `ImportPage`: JSON
///    columns, hashes, index tokens), on all cores;
/// 4. commit in one fsynced transaction on the store's writer queue — while the next batch
///    is read and parsed, so the writer and the parsers overlap.
/// A stop request (Ctrl-C) is honoured between batches: the batch being committed is
/// finished, the one being parsed is dropped (its files are simply read again next time).
struct ImportRun {
    let store: GazetteStore
    let processor: PageProcessor
    let workers: Int
    let batchSize: Int
    let report: ImportReportFile?
    var summary = ImportSummary()

    /// A file read and hashed, or why not.
    enum Read: Sendable {
        case bytes([UInt8], sha256: String)
        case refused(Refusal, size: Int)
        case vanished
        case transient(SystemError)
    }

    /// A batch ready to commit, with the counts it will add once committed.
    struct Batch: Sendable {
        var pages: [ImportPage] = []
        var duplicates: [DuplicateArrival] = []
        var failures: [FailureRecord] = []
        var refused: [ImportSummary.Refused] = []
        var alreadyStored = 0
        var files = 0
    }

    mutating func importAll(_ items: [ImportItem], progress: ImportProgress, interrupt: ImportInterrupt) async throws {
        var pending: Task<(Batch, [IngestOutcome]), any Error>?
        var start = 0
        while start < items.count, interrupt.received == nil {
            let slice = Array(items[start..<min(start + batchSize, items.count)])
            start += slice.count
            let batch = try await prepare(slice, progress: progress)
            if let previous = pending {
                pending = nil
                try await account(previous.value, progress: progress)
            }
            // Stopped while this batch was parsed: it is not committed; a re-run reads it again.
            guard interrupt.received == nil else { break }
            let store = self.store
            pending = Task { (batch, try await store.importBatch(batch.pages, duplicates: batch.duplicates, failures: batch.failures)) }
        }
        if let pending { try await account(pending.value, progress: progress) }
    }

    /// Counts a committed batch (only now are its pages durable) and reports its refusals.
    private mutating func account(_ committed: (Batch, [IngestOutcome]), progress: ImportProgress) async throws {
        let (batch, outcomes) = committed
        var stored = 0
        var articles = 0
        var alreadyStored = batch.alreadyStored
        var duplicates = batch.duplicates.count
        for outcome in outcomes {
            switch outcome {
            case .stored(_, let ids):
                stored += 1
                articles += ids.count
            case .duplicate: duplicates += 1
            case .alreadyStored: alreadyStored += 1
            }
        }
        summary.stored += stored
        summary.articles += articles
        summary.alreadyStored += alreadyStored
        summary.duplicates += duplicates
        for refused in batch.refused { try record(refused) }
        progress.update {
            $0.committed += batch.files
            $0.failures += batch.refused.count
        }
    }

    /// Steps 1–3 for one batch.
    private func prepare(_ items: [ImportItem], progress: ImportProgress) async throws -> Batch {
        let processor = self.processor
        let reads = await Self.parallelMap(items, workers: workers) { item in Self.read(item.path, processor.maxFileSize) }
        let hashes = reads.compactMap { read -> String? in
            if case .bytes(_, let sha) = read { return sha }
            return nil
        }
        let known = try store.knownArrivals(sha256s: hashes)
        var batch = Batch(files: items.count)
        var toParse: [(item: ImportItem, bytes: [UInt8], sha256: String)] = []
        let now = Date()
        for (item, read) in zip(items, reads) {
            switch read {
            case .bytes(let bytes, let sha):
                if known.fileIDs[sha] != nil {
                    if known.arrivals.contains(.init(sha256: sha, fileName: item.name, source: item.source)) {
                        batch.alreadyStored += 1
                    } else {
                        batch.duplicates.append(DuplicateArrival(sha256: sha, fileName: item.name, source: item.source,
                                                                 size: bytes.count, receivedAt: now))
                    }
                } else {
                    toParse.append((item, bytes, sha))
                }
            case .refused(let refusal, let size):
                batch.add(refused: item, refusal, sha256: nil, size: size, record: true, at: now)
            case .vanished:
                batch.add(refused: item, Refusal(code: "vanished", message: "the file disappeared before it could be read",
                                                 advice: "check the archive; run the import again to pick it up if it comes back"),
                          sha256: nil, size: 0, record: false, at: now)
            case .transient(let error):
                batch.add(refused: item, Refusal(code: "unreadable-now", message: "could not be read now: \(error)",
                                                 advice: "run the import again (nothing is doubled)"),
                          sha256: nil, size: 0, record: false, at: now)
            }
        }
        progress.update { $0.done += items.count - toParse.count }
        let parsed = await Self.parallelMap(toParse, workers: workers) { entry -> (ImportPage?, PageProcessor.Outcome) in
            let outcome = processor.process(bytes: entry.bytes, sha256: entry.sha256)
            progress.update { $0.done += 1 }
            guard case .page(let page, let size) = outcome else { return (nil, outcome) }
            let record = PageRecord(fileName: entry.item.name, source: entry.item.source, size: size, receivedAt: now, page: page)
            return (ImportPage(record), outcome)
        }
        for (entry, (page, outcome)) in zip(toParse, parsed) {
            if let page {
                batch.pages.append(page)
            } else if case .refused(let refusal, let sha, let size) = outcome {
                batch.add(refused: entry.item, refusal, sha256: sha, size: size, record: true, at: now)
            }
        }
        return batch
    }

    /// The daemon's reader, then the page's SHA-256 (the same hash the parser computes).
    private static func read(_ path: String, _ maxFileSize: Int) -> Read {
        do {
            let bytes = try FileReader(maxFileSize: maxFileSize).read(FilePath(path))
            return .bytes(bytes, sha256: GazetteCore.SHA256.hex(of: bytes))
        } catch {
            switch error {
            case .vanished: return .vanished
            case .refused(let refusal, let size, _): return .refused(refusal, size: size)
            case .transient(let error): return .transient(error)
            }
        }
    }

    /// A refusal outside any batch (an argument that names nothing): reported at once.
    mutating func refuse(_ item: ImportItem, _ refusal: Refusal, sha256: String?, size: Int, record: Bool) {
        var batch = Batch()
        batch.add(refused: item, refusal, sha256: sha256, size: size, record: record, at: Date())
        for refused in batch.refused { try? self.record(refused) }
    }

    private mutating func record(_ refused: ImportSummary.Refused) throws {
        summary.refusedFiles.append(refused)
        try report?.write(refused)
    }

    /// The nice value of the threads that read and parse (the writer's stays as it is).
    ///
    /// The import is the writer's pace: one thread commits, in turn with the parsing of
    /// the next batch, and with two parsers and the writer on two cores the scheduler
    /// gave each thread two thirds of a core, the writer too. Niced parsers leave the
    /// writer a whole core and take the rest: the process used 1.65 of the 2 cores before,
    /// 1.85–1.9 after (`ps -L` during a 20,000-page import).
    static let parserNice: Int32 = 10

    /// `transform` over `items` on `workers` concurrent tasks, results in order. The
    /// threads that run them are niced (`parserNice`): only the import's own work shares
    /// Swift's pool, and none of it should hold the writer back.
    static func parallelMap<T: Sendable, R: Sendable>(
        _ items: [T], workers: Int, _ transform: @escaping @Sendable (T) -> R
    ) async -> [R] {
        guard items.count > 1, workers > 1 else { return items.map(transform) }
        let slices = min(workers, items.count)
        return await withTaskGroup(of: (Int, [R]).self) { group in
            for slice in 0..<slices {
                group.addTask {
                    // Linux keeps a nice value per thread; `who` 0 is the calling one.
                    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, parserNice)
                    var out: [R] = []
                    var index = slice
                    while index < items.count {
                        out.append(transform(items[index]))
                        index += slices
                    }
                    return (slice, out)
                }
            }
            var bySlice = [[R]](repeating: [], count: slices)
            for await (slice, out) in group { bySlice[slice] = out }
            var results: [R] = []
            results.reserveCapacity(items.count)
            for index in 0..<items.count { results.append(bySlice[index % slices][index / slices]) }
            return results
        }
    }
}

extension ImportRun.Batch {
    /// A refused file: listed (and in the report), and recorded in the store's failures
    /// when the daemon would quarantine it (not for a file that vanished or is busy now).
    mutating func add(refused item: ImportItem, _ refusal: Refusal, sha256: String?, size: Int, record: Bool, at: Date) {
        refused.append(ImportSummary.Refused(file: item.path, name: item.name, source: item.source, code: refusal.code,
                                             message: refusal.message, advice: refusal.advice, sha256: sha256, size: size))
        if record {
            failures.append(FailureRecord(fileName: item.name, sha256: sha256, size: size, code: refusal.code,
                                          message: refusal.message, at: at))
        }
    }
}
