import Foundation
import GazetteCore
import GazetteOCR
import GazetteStore
import Logging
import ServiceLifecycle
import SystemPackage

/// Files from the intake queue → read, parse and classify on `workers` parallel tasks →
/// committed in batches → only then moved out of the inbox. The flow is one way: the
/// store writer gives each page of a batch its ``Fate``, the disposer acts on each fate
/// (moves, reason files, `IntakeQueue.retry(_:after:)` for what must wait) and the
/// reporter turns it into journal events and STATUS figures.
///
/// Batching is group commit: a batch commits as soon as nothing else is on its way (no
/// file queued, none being parsed), so a page dropped into a quiet inbox is durable within
/// milliseconds; under load the files that finish while a commit runs form the next batch,
/// up to `batch_size` files or `batch_delay_ms` after its first, whichever comes first.
/// One fsync thus serves many files exactly when there are many files.
///
/// `flow()` returns when the queue is closed and every file taken has been finished:
/// that is the graceful stop (nothing taken is abandoned half-way). As a part of the
/// daemon's service group (`run()`), its graceful shutdown closes the queue.
final class Pipeline: Sendable {
    let queue: IntakeQueue
    let settings: RuntimeSettings
    let status: DaemonStatus
    let disposition: Disposition
    let workers: Int
    let writer: StoreWriter
    let disposer: Disposer
    let reporter: Reporter
    let writerWaits = WriterWaits()

    /// One large page at a time from read to commit (see `LargePageGate`).
    let largePages = LargePageGate()
    /// The OCR lanes, fewer than the workers so that one always serves text (see `OCRPool`).
    let ocrLanes: OCRPool

    init(queue: IntakeQueue, store: StoreHandle, settings: RuntimeSettings, status: DaemonStatus,
         disposition: Disposition, workers: Int = 2) {
        self.queue = queue
        reporter = Reporter(status: status)
        writer = StoreWriter(handle: store, status: status, reporter: reporter)
        disposer = Disposer(disposition: disposition, queue: queue, status: status, writerWaits: writerWaits)
        self.settings = settings
        self.status = status
        self.disposition = disposition
        self.workers = max(1, workers)
        self.ocrLanes = OCRPool(lanes: OCRPool.lanes(workers: self.workers))
    }

    func flow() async {
        // Unbounded, yet bounded in fact: a worker yields only files taken from the queue,
        // and the queue hands out at most `maxInFlight` until the committer finishes them.
        let (inputs, sink) = AsyncStream.makeStream(of: CommitInput.self)
        await withDiscardingTaskGroup { group in
            if !writer.handle.isOpen {
                group.addTask { await self.writer.connect(logger: self.settings.logger) }
            }
            group.addTask {
                await withTaskGroup(of: Void.self) { pool in
                    for number in 0..<self.workers {
                        pool.addTask { await self.work(on: WorkerLane(number), into: sink) }
                    }
                }
                sink.finish()
            }
            var batch: [WorkResult] = []
            var generation = 0
            var idle = IdleMerge()
            idle.schedule(after: IdleMerge.quiet, in: &group, sink: sink)
            for await input in inputs {
                switch input {
                case .result(let result):
                    idle.interrupt(logger: settings.logger)
                    batch.append(result)
                    let config = settings.config
                    // Nothing else coming: every file taken from the queue is in this batch.
                    // A large page goes at once: the next large page waits for its commit.
                    if batch.count >= config.batchSize || queue.isDrained(holding: batch.count)
                        || result.holdsLargePageGate {
                        await flush(&batch)
                    } else if batch.count == 1 {
                        generation += 1
                        let current = generation
                        let delay = config.batchDelay
                        group.addTask {
                            try? await Task.sleep(for: delay)
                            sink.yield(.deadline(current))
                        }
                    }
                case .deadline(let expired):
                    if expired == generation, !batch.isEmpty {
                        await flush(&batch)
                    }
                case .idle(let since):
                    guard idle.isCurrent(since), batch.isEmpty, queue.isDrained(holding: 0), !status.isStopping else { continue }
                    if await idle.step(writer.handle, status: status, logger: settings.logger) {
                        sink.yield(.idle(since))
                    }
                }
                if batch.isEmpty, idle.needsTimer, queue.isDrained(holding: 0) {
                    idle.schedule(after: IdleMerge.quiet, in: &group, sink: sink)
                }
            }
            if !batch.isEmpty { await flush(&batch) }
            group.cancelAll()
        }
    }

    /// Commits the batch and empties it, gives the memory it freed back to the system, and
    /// when it held a large page opens the gate for the next one.
    ///
    /// The trim after every commit, not only after a large page: glibc keeps what a batch's
    /// pages and its index terms freed, so after a burst the daemon stayed at its peak
    /// (65 MB after 1,000 pages; 59.7 MB with the trim). Its cost did not show: none of
    /// 2,700 perf samples of the daemon storing 1,000 pages fell in `malloc_trim`.
    private func flush(_ batch: inout [WorkResult]) async {
        let large = batch.count(where: \.holdsLargePageGate)
        await commit(batch)
        batch = []
        Sys.trimMalloc()
        guard large > 0 else { return }
        for _ in 0..<large { largePages.release() }
    }

    /// One worker: take a file, read, parse, classify, hand it to the committer.
    private func work(on lane: WorkerLane, into sink: AsyncStream<CommitInput>.Continuation) async {
        while let entry = await queue.next() {
            status.heartbeat()
            let started = ContinuousClock.now
            let large = isLarge(entry)
            if large { await largePages.acquire() }
            var result = await lane.run { self.process(entry) }
            result.holdsLargePageGate = large
            settings.logger.trace("read and parsed \(entry) in \(ContinuousClock.now - started)")
            sink.yield(.result(result))
        }
    }

    /// Whether the file is above the `LargePageGate` threshold now. Only a sizing hint: the
    /// read itself checks the file again (kind, links, size limit); a file that grows past
    /// the threshold after this look passes ungated once, as it would have before the gate.
    private func isLarge(_ entry: InboxEntry) -> Bool {
        guard let info = try? Sys.lstat(entry.path(in: disposition.inbox)) else { return false }
        return (info.st_mode & S_IFMT) == S_IFREG && Int(info.st_size) > LargePageGate.threshold
    }

    /// Reads, parses and classifies one file with the settings of the moment.
    func process(_ entry: InboxEntry) -> WorkResult {
        let now = Date()
        if let file = disposer.parkedFile(entry) {
            return WorkResult(entry: entry, size: 0, receivedAt: now, outcome: .awaitingMove(file), identity: file.identity)
        }
        let snapshot = settings.current
        let processor = PageProcessor(maxFileSize: snapshot.config.maxFileSize, classifier: snapshot.classifier,
                                      acceptHardLinks: snapshot.config.acceptHardLinks,
                                      pages: PageReader(options: snapshot.config.ocr, pool: ocrLanes,
                                                        progress: { [status] in status.heartbeat() }))
        let (outcome, identity) = processor.process(entry, beneath: disposition.inbox)
        if writerWaits.isStillBeingWritten(entry, outcome) {
            return WorkResult(entry: entry, size: 0, receivedAt: now, outcome: .stillWriting, identity: identity)
        }
        var result = result(entry, outcome, now: now)
        result.identity = identity
        return result
    }

    private func result(_ entry: InboxEntry, _ outcome: PageProcessor.Outcome, now: Date) -> WorkResult {
        switch outcome {
        case .page(let page, let size):
            return WorkResult(entry: entry, size: size, receivedAt: now, outcome: .page(page))
        case .refused(let refusal, let sha256, let size):
            return WorkResult(entry: entry, size: size, receivedAt: now, outcome: .refused(refusal, sha256: sha256))
        case .vanished:
            return WorkResult(entry: entry, size: 0, receivedAt: now, outcome: .vanished)
        case .transient(let error):
            return WorkResult(entry: entry, size: 0, receivedAt: now, outcome: .transient(error))
        }
    }
}

extension Pipeline: Service {
    /// Runs until the daemon's graceful shutdown reaches the pipeline (after the intake has
    /// stopped): then retries give up, the queue closes, and the files taken are finished.
    ///
    /// Cancelled instead (the group gave up on an orderly stop), it closes the queue all the
    /// same: its workers wait on the queue, which knows nothing of cancellation, so without
    /// the close they would wait for ever and the daemon would never return.
    func run() async throws {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await flow()
            } onGracefulShutdown: {
                self.status.markStopping()
                self.queue.close()
            }
        } onCancel: {
            self.status.markStopping()
            self.queue.close()
        }
    }
}

/// A worker's own thread for the blocking part of a file: the read, the parse, the
/// classification, and a scan's OCR, which takes seconds. Off Swift's cooperative pool
/// (one thread per core), so the committer, the intake and the watchdog's ping always
/// have a thread however long a page takes.
struct WorkerLane: Sendable {
    let queue: DispatchQueue

    init(_ number: Int) {
        queue = DispatchQueue(label: "gazette-worker-\(number)")
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}
