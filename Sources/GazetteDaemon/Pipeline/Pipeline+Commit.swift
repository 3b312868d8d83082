import Foundation
import GazetteCore
import GazetteOCR
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
            return PageRecord(fileName: result.entry.recordedName, source: result.entry.source,
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

        var touched = Disposition.Touched()
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
            case .awaitingMove(let file):
                retryMove(result, file: file, config: snapshot.config, logger: logger, now: now,
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
            try touched.sync()
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

    /// After the commit: moves the file out, then says what was stored. A file that cannot
    /// be moved is parked (see `park`), never committed again.
    private func dispose(_ result: WorkResult, page: ParsedPage, outcome: IngestOutcome, config: DaemonConfig,
                         logger: Logger, now: Date, touched: inout Disposition.Touched,
                         retries: inout DiscardingTaskGroup) {
        let departure: Disposition.Departure
        do {
            departure = try disposition.finish(result.entry, identity: result.identity, mode: config.afterSuccess,
                                               now: now, touched: &touched)
        } catch {
            announce(result, page: page, outcome: outcome, config: config, logger: logger)
            park(result.entry, file: ParkedFile(identity: result.identity, sha256: page.sha256, delay: ParkedFile.first,
                                                attempts: 1),
                 error: error, logger: logger, retries: &retries)
            return
        }
        recovered(logger: logger)
        announce(result, page: page, outcome: outcome, config: config, logger: logger)
        depart(result.entry, departure, logger: logger)
    }

    /// The journal lines and figures of a committed page (logged once, at its commit).
    private func announce(_ result: WorkResult, page: ParsedPage, outcome: IngestOutcome, config: DaemonConfig,
                          logger: Logger) {
        var fields = Self.fields(result.entry)
        fields["sha256"] = "\(page.sha256)"
        fields["articles"] = "\(page.articles.count)"
        fields["size"] = "\(result.size)"
        if let source = result.entry.source { fields["source"] = "\(source)" }
        switch outcome {
        case .stored(let fileID, let articleIDs):
            fields["file_id"] = "\(fileID)"
            if page.source != .text {
                fields["source_kind"] = "\(page.source.kind.rawValue)"
                if let confidence = page.source.meanConfidence { fields["ocr_confidence"] = "\(confidence)" }
            }
            if let warning = page.source.lowConfidenceWarning {
                logger.event(.fileStored, .warning, "stored \(result.entry): \(page.articles.count) articles; \(warning)", fields)
            } else {
                logger.event(.fileStored, .info, "stored \(result.entry): \(page.articles.count) articles", fields)
            }
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
        case .alreadyStored(let fileID):
            // Its own stored copy (committed just before a crash, say): not a duplicate.
            fields["file_id"] = "\(fileID)"
            logger.info("\(result.entry) is already stored under this name (file \(fileID)): moved, nothing new written",
                        metadata: fields)
        }
    }

    /// The journal fields naming a file: its name, and its exact bytes when not UTF-8.
    static func fields(_ entry: InboxEntry) -> Logger.Metadata {
        var fields: Logger.Metadata = ["file": "\(entry)"]
        if let escaped = entry.escapedName { fields["file_escaped"] = "\(escaped)" }
        return fields
    }

    /// Finishes with a file that left (or had left) the inbox, or that was replaced by
    /// another file after it was read: that one is queued again, as the new arrival it is
    /// (its own event came while the name was still taken, and was not queued).
    private func depart(_ entry: InboxEntry, _ departure: Disposition.Departure, logger: Logger) {
        switch departure {
        case .replaced:
            logger.info("\(entry) was replaced after it was read (a file was renamed over it): the new file stays in the inbox and is read as a new arrival",
                        metadata: Self.fields(entry))
            queue.finished(entry, again: true)
        case .gone:
            logger.debug("\(entry) left the inbox by other means after it was read", metadata: Self.fields(entry))
            queue.finished(entry)
        case .moved, .deleted:
            queue.finished(entry)
        }
    }

    /// A stored file that cannot leave the inbox waits outside the queue and only its move
    /// is tried again, after 0.5 s, then twice as long each time up to 30 s. The first such
    /// file of an episode is logged (error), the others and the retries at debug; STATUS
    /// shows how many wait; one line says when the last has gone (`retryMove`).
    private func park(_ entry: InboxEntry, file: ParkedFile, error: SystemError, logger: Logger,
                      retries: inout DiscardingTaskGroup) {
        let (count, first) = parked.withLock { parked -> (Int, Bool) in
            let first = parked.isEmpty
            parked[entry] = file
            return (parked.count, first)
        }
        status.update {
            $0.unmovable = count
            $0.unmovableProblem = error.description
        }
        var fields = Self.fields(entry)
        fields["sha256"] = "\(file.sha256)"
        fields["reason"] = "\(error)"
        if first {
            logger.event(.dispositionFailed, .error,
                         "\(entry) is stored but cannot be moved out of the inbox: \(error); it stays there and only the move is retried (every 30 s at most), it is not stored again. Other files held back by the same problem are logged at debug",
                         fields)
        } else {
            logger.debug("\(entry) is stored but still cannot be moved out of the inbox (attempt \(file.attempts)): \(error); next try in \(file.delay)",
                         metadata: fields)
        }
        queue.hold(entry)
        let delay = file.delay
        retries.addTask { [queue] in
            try? await Task.sleep(for: delay)
            queue.resume(entry)
        }
    }

    /// Tries the move of a parked file again.
    private func retryMove(_ result: WorkResult, file: ParkedFile, config: DaemonConfig, logger: Logger, now: Date,
                           touched: inout Disposition.Touched, retries: inout DiscardingTaskGroup) {
        let departure: Disposition.Departure
        do {
            departure = try disposition.finish(result.entry, identity: file.identity, mode: config.afterSuccess,
                                               now: now, touched: &touched)
        } catch {
            park(result.entry, file: file.next, error: error, logger: logger, retries: &retries)
            return
        }
        let remaining = parked.withLock { parked -> Int in
            parked[result.entry] = nil
            return parked.count
        }
        let was = status.figures.unmovableProblem ?? "unknown"
        status.update {
            $0.unmovable = remaining
            if remaining == 0 { $0.unmovableProblem = nil }
        }
        if remaining == 0 {
            logger.event(.transientRecovered, .notice,
                         "recovered: stored files leave the inbox again (was: \(was))", ["reason": "\(was)"])
        } else {
            logger.debug("\(result.entry) left the inbox after \(file.attempts) failed attempts", metadata: Self.fields(result.entry))
        }
        depart(result.entry, departure, logger: logger)
    }

    private func quarantine(_ result: WorkResult, refusal: Refusal, sha256: String?, logger: Logger, now: Date,
                            touched: inout Disposition.Touched, retries: inout DiscardingTaskGroup) {
        let reason = ReasonFile(file: result.entry.description, fileEscaped: result.entry.escapedName,
                                refusal: refusal, sha256: sha256, size: result.size, at: now)
        let target: FilePath
        do {
            switch try disposition.quarantine(result.entry, identity: result.identity, reason: reason, touched: &touched) {
            case .moved(let path):
                target = path
            case let departure:
                depart(result.entry, departure, logger: logger)
                return
            }
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
            try storeHandle.store.recordFailure(FailureRecord(fileName: result.entry.recordedName, sha256: sha256,
                                                  size: result.size, code: refusal.code,
                                                  message: refusal.message, at: now))
        } catch {
            logger.warning("could not record the failure of \(result.entry) in the store: \(error)")
        }
        var fields = Self.fields(result.entry)
        fields["code"] = "\(refusal.code)"
        fields["reason"] = "\(refusal.message)"
        fields["size"] = "\(result.size)"
        fields["moved_to"] = "\(target.string)"
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
