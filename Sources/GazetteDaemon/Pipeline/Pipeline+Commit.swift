import Foundation
import GazetteCore
import GazetteStore
import Logging
import SystemPackage

extension Pipeline {
    /// Commits a batch, then — only then — moves each file out of the inbox.
    func commit(_ batch: [WorkResult], retries: inout DiscardingTaskGroup) async {
        let snapshot = settings.current
        let logger = snapshot.logger
        let pages = batch.compactMap { result -> PageRecord? in
            guard case .page(let page) = result.outcome else { return nil }
            return PageRecord(fileName: result.entry.description, source: result.entry.source,
                              size: result.size, receivedAt: result.receivedAt, page: page)
        }
        var outcomes: [Result<IngestOutcome, StoreError>] = []
        if !pages.isEmpty {
            let started = ContinuousClock.now
            defer {
                logger.debug("committed \(pages.count) pages in \(ContinuousClock.now - started)")
            }
            guard let committed = await ingest(pages, logger: logger) else {
                // Stopping while the store refuses: every page stays in the inbox for the next start.
                for result in batch { queue.finished(result.entry) }
                return
            }
            outcomes = committed
        }

        var touched = Set<FilePath>()
        var next = outcomes.makeIterator()
        let now = Date()
        for result in batch {
            status.heartbeat()
            if case .stillWriting = result.outcome {} else { writerWaits.withLock { $0[result.entry] = nil } }
            switch result.outcome {
            case .page(let page):
                guard let outcome = next.next() else { continue }
                switch outcome {
                case .success(let stored):
                    dispose(result, page: page, outcome: stored, config: snapshot.config, logger: logger,
                            now: now, touched: &touched, retries: &retries)
                case .failure(let error) where error.blamesTheInput:
                    quarantine(result, refusal: Refusal.storeRefused(error), sha256: page.sha256, logger: logger,
                               now: now, touched: &touched, retries: &retries)
                case .failure(let error):
                    retryLater(result.entry, problem: "the store rejected \(result.entry): \(error)",
                               logger: logger, retries: &retries)
                }
            case .refused(let refusal, let sha256):
                quarantine(result, refusal: refusal, sha256: sha256, logger: logger, now: now,
                           touched: &touched, retries: &retries)
            case .vanished:
                logger.debug("file vanished before it could be read", metadata: ["file": "\(result.entry)"])
                queue.finished(result.entry)
            case .transient(let error):
                retryLater(result.entry, problem: error.description, logger: logger, retries: &retries)
            case .stillWriting:
                waitForWriter(result.entry, logger: logger, retries: &retries)
            }
        }
        do {
            try Disposition.sync(touched)
        } catch {
            logger.event(.dispositionFailed, .warning, "could not make the moves durable: \(error)")
        }
        status.update { $0.queue = queue.depth }
    }

    /// `store.ingest`, retried with back-off while the store reports a transient problem
    /// (busy, disk full). A batch the store rejects for good is retried page by page, so
    /// one bad page cannot hold the others back. Nil when shutdown came first.
    ///
    /// On a full disk the WAL is checkpointed and truncated (see `reclaimJournal`) and the
    /// batch is split in halves: a batch bigger than the free space would otherwise fail
    /// for ever even after space returns, while its parts fit one by one. Each part is
    /// still one transaction, so nothing is half-written. `outermost` marks the call whose
    /// success ends the episode: parts that go in while others still wait do not, so the
    /// problem is logged (and recovered from) once per episode.
    private func ingest(_ pages: [PageRecord], logger: Logger,
                        outermost: Bool = true) async -> [Result<IngestOutcome, StoreError>]? {
        while true {
            status.heartbeat()
            do {
                let outcomes = try await storeHandle.store.ingest(pages)
                if outermost { recovered(logger: logger) }
                return outcomes.map { .success($0) }
            } catch where error.isTransient {
                if status.beginTransient("store: \(error)") {
                    logger.event(.transientError, .error,
                                 "the store cannot take pages now; files stay in the inbox and are retried: \(error)",
                                 ["reason": "\(error)"])
                } else {
                    logger.debug("store still failing: \(error)")
                }
                if case .diskFull = error {
                    storeHandle.reclaim(logger: logger)
                    if pages.count > 1 {
                        let half = pages.count / 2
                        guard let first = await ingest(Array(pages[..<half]), logger: logger, outermost: false),
                              let second = await ingest(Array(pages[half...]), logger: logger, outermost: false)
                        else { return nil }
                        if outermost { recovered(logger: logger) }
                        return first + second
                    }
                }
                if status.isStopping { return nil }
                await pause(status.backoff)
                if status.isStopping { return nil }
                storeHandle.reopen()
            } catch {
                if pages.count == 1 { return [.failure(error)] }
                var results: [Result<IngestOutcome, StoreError>] = []
                for page in pages {
                    guard let one = await ingest([page], logger: logger, outermost: false) else { return nil }
                    results += one
                }
                if outermost { recovered(logger: logger) }
                return results
            }
        }
    }

    private func dispose(_ result: WorkResult, page: ParsedPage, outcome: IngestOutcome, config: DaemonConfig,
                         logger: Logger, now: Date, touched: inout Set<FilePath>, retries: inout DiscardingTaskGroup) {
        do {
            _ = try disposition.finish(result.entry, mode: config.afterSuccess, now: now, touched: &touched)
        } catch {
            if error.errno == ENOENT {
                queue.finished(result.entry)  // moved away by someone else after the commit: stored all the same
            } else {
                logger.event(.dispositionFailed, error.isTransient ? .warning : .error,
                             "\(result.entry) is stored but could not be moved out of the inbox: \(error)",
                             ["file": "\(result.entry)", "sha256": "\(page.sha256)", "reason": "\(error)"])
                retryLater(result.entry, problem: error.description, logger: logger, retries: &retries, logged: true)
                return
            }
        }
        recovered(logger: logger)
        var fields: Logger.Metadata = [
            "file": "\(result.entry)", "sha256": "\(page.sha256)", "articles": "\(page.articles.count)",
            "size": "\(result.size)",
        ]
        if let source = result.entry.source { fields["source"] = "\(source)" }
        switch outcome {
        case .stored(let fileID, let articleIDs):
            fields["file_id"] = "\(fileID)"
            logger.event(.fileStored, .info, "stored \(result.entry): \(page.articles.count) articles", fields)
            for (article, id) in zip(page.articles, articleIDs) {
                logger.event(.articleStored, config.logArticles,
                             "article \(id): \(article.headline ?? "(no headline)")",
                             ["file": "\(result.entry)", "article_id": "\(id)", "topic": "\(article.classification?.category ?? "")",
                              "kind": "\(article.kind.rawValue)"])
            }
            status.update {
                $0.storedPages += 1
                $0.storedArticles += articleIDs.count
            }
        case .duplicate(let fileID):
            fields["duplicate_of"] = "\(fileID)"
            logger.event(.duplicate, .info, "\(result.entry) was stored before (file \(fileID)): moved, nothing new written", fields)
            status.update { $0.duplicates += 1 }
        }
        queue.finished(result.entry)
    }

    private func quarantine(_ result: WorkResult, refusal: Refusal, sha256: String?, logger: Logger, now: Date,
                            touched: inout Set<FilePath>, retries: inout DiscardingTaskGroup) {
        let reason = ReasonFile(file: result.entry.description, refusal: refusal, sha256: sha256,
                                size: result.size, at: now)
        let target: FilePath
        do {
            target = try disposition.quarantine(result.entry, reason: reason, touched: &touched)
        } catch {
            if error.errno == ENOENT {
                queue.finished(result.entry)
                return
            }
            logger.event(.dispositionFailed, .error, "\(result.entry) could not be moved to failed/: \(error)",
                         ["file": "\(result.entry)", "reason": "\(error)", "code": "\(refusal.code)"])
            retryLater(result.entry, problem: error.description, logger: logger, retries: &retries, logged: true)
            return
        }
        do {
            try storeHandle.store.recordFailure(FailureRecord(fileName: result.entry.description, sha256: sha256,
                                                  size: result.size, code: refusal.code,
                                                  message: refusal.message, at: now))
        } catch {
            logger.warning("could not record the failure of \(result.entry) in the store: \(error)")
        }
        var fields: Logger.Metadata = ["file": "\(result.entry)", "code": "\(refusal.code)",
                                       "reason": "\(refusal.message)", "size": "\(result.size)",
                                       "moved_to": "\(target.string)"]
        if let sha256 { fields["sha256"] = "\(sha256)" }
        logger.event(.quarantined, .warning, "\(result.entry) quarantined in failed/: \(refusal)", fields)
        status.update { $0.failed += 1 }
        queue.finished(result.entry)
    }

    /// Leaves a file in the inbox and queues it again after the episode's back-off.
    private func retryLater(_ entry: InboxEntry, problem: String, logger: Logger,
                            retries: inout DiscardingTaskGroup, logged: Bool = false) {
        if status.beginTransient(problem), !logged {
            logger.event(.transientError, .error,
                         "cannot process \(entry) now, it stays in the inbox and is retried: \(problem)",
                         ["file": "\(entry)", "reason": "\(problem)"])
        }
        queue.hold(entry)
        let delay = status.backoff
        retries.addTask { [queue] in
            try? await Task.sleep(for: delay)
            queue.resume(entry)
        }
    }

    /// Leaves a file its producer is still writing in the inbox and looks again after the
    /// quiet period, then after twice as long each time (up to 5 s, or the quiet period if
    /// longer). Not a problem: no error, no STATUS change, never quarantined for it.
    private func waitForWriter(_ entry: InboxEntry, logger: Logger, retries: inout DiscardingTaskGroup) {
        let quiet = max(settings.config.quietPeriod, .milliseconds(50))
        let delay = writerWaits.withLock { waits -> Duration in
            let next = waits[entry].map { min($0 * 2, max(quiet, .seconds(5))) } ?? quiet
            waits[entry] = next
            return next
        }
        logger.debug("\(entry) is still being written; looking again in \(delay)", metadata: ["file": "\(entry)"])
        queue.hold(entry)
        retries.addTask { [queue] in
            try? await Task.sleep(for: delay)
            queue.resume(entry)
        }
    }

    private func recovered(logger: Logger) {
        if let problem = status.endTransient() {
            logger.event(.transientRecovered, .notice, "recovered; processing resumes (was: \(problem))",
                         ["reason": "\(problem)"])
        }
    }

    /// Sleeps for `duration`, cut short by shutdown or cancellation.
    func pause(_ duration: Duration) async {
        let end = ContinuousClock.now + duration
        while ContinuousClock.now < end, !status.isStopping {
            do {
                try await Task.sleep(for: min(.milliseconds(100), end - ContinuousClock.now))
            } catch {
                return
            }
        }
    }
}
