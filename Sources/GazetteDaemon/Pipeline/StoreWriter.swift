import GazetteStore
import Logging

/// Writes a batch of parsed pages into the store and says what became of each: the store
/// handle, the back-off while the store cannot take pages, the halving of a batch on a full
/// disk, and the isolation of a page the store refuses. Moves no file and writes no
/// journal line itself (the reporter does, once per episode).
struct StoreWriter: Sendable {
    let handle: StoreHandle
    let status: DaemonStatus
    let reporter: Reporter

    /// One fate per page, in order; nil when shutdown came while the store refused them
    /// (they stay in the inbox for the next start).
    ///
    /// A transient failure (busy, disk full, I/O, a database server unreachable or
    /// restarting, a failed open) keeps the whole batch and retries it with the episode's
    /// capped back-off: a page is never quarantined because the store was down. A batch
    /// the store rejects for good is retried page by page, so one bad page cannot hold the
    /// others back.
    ///
    /// On a full disk the WAL is checkpointed and truncated (see `StoreHandle.reclaim`) and
    /// the batch is split in halves: a batch bigger than the free space would otherwise
    /// fail for ever even after space returns, while its parts fit one by one. Each part is
    /// still one transaction, so nothing is half-written. `outermost` marks the call whose
    /// success ends the episode: parts that go in while others still wait do not.
    func write(_ pages: [PageRecord], logger: Logger) async -> [Fate]? {
        guard let outcomes = await ingest(pages, logger: logger) else { return nil }
        return zip(pages, outcomes).map { Fate(page: $0.page, $1) }
    }

    private func ingest(_ pages: [PageRecord], logger: Logger,
                        outermost: Bool = true) async -> [Result<IngestOutcome, StoreError>]? {
        while true {
            status.heartbeat()
            do {
                let outcomes = try handle.store().ingest(pages)
                if outermost { reporter.recovered(logger: logger) }
                return outcomes.map { .success($0) }
            } catch where error.isTransient {
                reporter.storeFailing(error, logger: logger)
                if case .diskFull = error {
                    handle.reclaim(logger: logger)
                    if pages.count > 1 {
                        let half = pages.count / 2
                        guard let first = await ingest(Array(pages[..<half]), logger: logger, outermost: false),
                              let second = await ingest(Array(pages[half...]), logger: logger, outermost: false)
                        else { return nil }
                        if outermost { reporter.recovered(logger: logger) }
                        return first + second
                    }
                }
                guard await waitBeforeRetry() else { return nil }
                handle.reopen()
            } catch {
                if pages.count == 1 { return [.failure(error)] }
                var results: [Result<IngestOutcome, StoreError>] = []
                for page in pages {
                    guard let one = await ingest([page], logger: logger, outermost: false) else { return nil }
                    results += one
                }
                if outermost { reporter.recovered(logger: logger) }
                return results
            }
        }
    }

    /// Opens a store that could not be opened at start (a database server down): retried
    /// with the episode's back-off until it opens or shutdown comes, so the episode ends
    /// (and STATUS says so) even while no file arrives.
    func connect(logger: Logger) async {
        while !handle.isOpen {
            do {
                _ = try handle.store()
                reporter.recovered(logger: logger)
                return
            } catch {
                reporter.storeFailing(error, logger: logger)
            }
            guard await waitBeforeRetry() else { return }
        }
    }

    /// Sleeps for the episode's back-off, cut short by shutdown; false when stopping.
    private func waitBeforeRetry() async -> Bool {
        if status.isStopping { return false }
        let end = ContinuousClock.now + status.backoff
        while ContinuousClock.now < end, !status.isStopping {
            do {
                try await Task.sleep(for: min(.milliseconds(100), end - ContinuousClock.now))
            } catch {
                return false
            }
        }
        return !status.isStopping
    }
}

extension StoreWriter {
    /// Records a quarantined file in the store (for `gazette stats`). Best effort: the file
    /// is in `failed/` with its reason file whatever happens here, and a store that is down
    /// is already reported by its episode.
    func recordFailure(_ failure: FailureRecord, logger: Logger) {
        do {
            try handle.store().recordFailure(failure)
        } catch where error.isTransient {
            logger.debug("could not record the failure of \(failure.fileName) in the store: \(error)")
        } catch {
            logger.warning("could not record the failure of \(failure.fileName) in the store: \(error)")
        }
    }
}
