import Foundation
import GazetteCore
import GazetteStore
import Logging
import SystemPackage

/// Files from the intake queue → read, parse and classify on `workers` parallel tasks →
/// committed in batches (up to `batch_size` files or `batch_delay_ms`, whichever comes
/// first) → only then moved out of the inbox.
///
/// `run()` returns when the queue is closed and every file taken has been finished:
/// that is the graceful stop (nothing taken is abandoned half-way).
public final class Pipeline: Sendable {
    let queue: IntakeQueue
    let store: GazetteStore
    let settings: RuntimeSettings
    let status: DaemonStatus
    let disposition: Disposition
    let workers: Int

    public init(queue: IntakeQueue, store: GazetteStore, settings: RuntimeSettings, status: DaemonStatus,
                disposition: Disposition, workers: Int = 2) {
        self.queue = queue
        self.store = store
        self.settings = settings
        self.status = status
        self.disposition = disposition
        self.workers = max(1, workers)
    }

    public func run() async {
        let (inputs, sink) = AsyncStream.makeStream(of: CommitInput.self)
        await withDiscardingTaskGroup { group in
            group.addTask {
                await withTaskGroup(of: Void.self) { pool in
                    for _ in 0..<self.workers {
                        pool.addTask { await self.work(into: sink) }
                    }
                }
                sink.finish()
            }
            var batch: [WorkResult] = []
            var generation = 0
            for await input in inputs {
                switch input {
                case .result(let result):
                    batch.append(result)
                    let config = settings.config
                    if batch.count == 1 {
                        generation += 1
                        let current = generation
                        let delay = config.batchDelay
                        group.addTask {
                            try? await Task.sleep(for: delay)
                            sink.yield(.deadline(current))
                        }
                    }
                    if batch.count >= config.batchSize {
                        await commit(batch, retries: &group)
                        batch = []
                    }
                case .deadline(let expired):
                    if expired == generation, !batch.isEmpty {
                        await commit(batch, retries: &group)
                        batch = []
                    }
                }
            }
            if !batch.isEmpty { await commit(batch, retries: &group) }
            group.cancelAll()
        }
    }

    /// One worker: take a file, read, parse, classify, hand it to the committer.
    private func work(into sink: AsyncStream<CommitInput>.Continuation) async {
        while let entry = await queue.next() {
            status.heartbeat()
            status.update { $0.queue = queue.depth }
            let started = ContinuousClock.now
            let result = process(entry)
            settings.logger.trace("read and parsed \(entry) in \(ContinuousClock.now - started)")
            sink.yield(.result(result))
        }
    }

    /// Reads and parses one file; pure apart from the read.
    func process(_ entry: InboxEntry) -> WorkResult {
        let snapshot = settings.current
        let now = Date()
        let bytes: [UInt8]
        do {
            bytes = try FileReader(maxFileSize: snapshot.config.maxFileSize).read(entry.path(in: disposition.inbox))
        } catch {
            let outcome: WorkResult.Outcome
            switch error {
            case .vanished: outcome = .vanished
            case .refused(let refusal): outcome = .refused(refusal, sha256: nil)
            case .transient(let systemError): outcome = .transient(systemError)
            }
            return WorkResult(entry: entry, size: 0, receivedAt: now, outcome: outcome)
        }
        do {
            var page = try PageParser.parse(bytes)
            if let classify = snapshot.classifier { page = classify(page) }
            return WorkResult(entry: entry, size: bytes.count, receivedAt: now, outcome: .page(page))
        } catch {
            let refusal = Refusal(code: error.code, message: error.description,
                                  advice: "fix the file at its source and drop it into the inbox again")
            return WorkResult(entry: entry, size: bytes.count, receivedAt: now,
                              outcome: .refused(refusal, sha256: GazetteCore.SHA256.hex(of: bytes)))
        }
    }
}
