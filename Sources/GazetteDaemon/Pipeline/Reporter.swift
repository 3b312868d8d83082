import Foundation
import GazetteCore
import GazetteStore
import Logging

/// Turns what became of each file (its ``Fate`` and the disposer's ``Disposer/Act``) into
/// journal events and STATUS figures, and the store's troubles into one entry when an
/// episode starts and one when it ends: the only part of the pipeline that reports.
struct Reporter: Sendable {
    let status: DaemonStatus

    func report(_ result: WorkResult, _ fate: Fate, _ act: Disposer.Act, config: DaemonConfig, logger: Logger) {
        let entry = result.entry
        let committed: (ParsedPage, IngestOutcome)? = switch fate {
        case .stored(let page, let outcome): (page, outcome)
        case .duplicate(let page, let fileID): (page, .duplicate(ofFileID: fileID))
        default: nil
        }
        if let (page, outcome) = committed {
            if case .departed = act { recovered(logger: logger) }
            announce(result, page: page, outcome: outcome, config: config, logger: logger)
        }
        switch act {
        case .departed(.replaced):
            logger.info("\(entry) was replaced after it was read (a file was renamed over it): the new file stays in the inbox and is read as a new arrival",
                        metadata: Self.fields(entry))
        case .departed(.gone):
            logger.debug("\(entry) left the inbox by other means after it was read", metadata: Self.fields(entry))
        case .departed:
            break
        case .quarantined(let target):
            guard case .quarantined(let refusal, let sha256) = fate else { break }
            var fields = Self.fields(entry)
            fields["code"] = "\(refusal.code)"
            fields["reason"] = "\(refusal.message)"
            fields["size"] = "\(result.size)"
            fields["moved_to"] = "\(target.string)"
            if let sha256 { fields["sha256"] = "\(sha256)" }
            logger.event(.quarantined, .warning, "\(entry) quarantined in failed/: \(refusal)", fields)
            status.update { $0.failed += 1 }
        case .quarantineFailed(let error):
            let code = if case .quarantined(let refusal, _) = fate { refusal.code } else { "" }
            logger.event(.dispositionFailed, .error, "\(entry) could not be moved to failed/: \(error)",
                         ["file": "\(entry)", "reason": "\(error)", "code": "\(code)"])
        case .parked(let file, let error, let first, let count):
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
        case .unparked(let departure, let attempts, let remaining):
            let was = status.figures.unmovableProblem ?? "unknown"
            status.update {
                $0.unmovable = remaining
                if remaining == 0 { $0.unmovableProblem = nil }
            }
            if remaining == 0 {
                logger.event(.transientRecovered, .notice,
                             "recovered: stored files leave the inbox again (was: \(was))", ["reason": "\(was)"])
            } else {
                logger.debug("\(entry) left the inbox after \(attempts) failed attempts", metadata: Self.fields(entry))
            }
            report(result, .vanished, .departed(departure), config: config, logger: logger)
        case .retrying(_, let first):
            guard case .retry(let problem) = fate else { break }
            if first {
                logger.event(.transientError, .error,
                             "cannot process \(entry) now, it stays in the inbox and is retried: \(problem)",
                             ["file": "\(entry)", "reason": "\(problem)"])
            }
        case .waiting(let delay):
            logger.debug("\(entry) is still being written; looking again in \(delay)", metadata: ["file": "\(entry)"])
        case .released:
            if case .vanished = fate {
                logger.debug("file vanished before it could be read", metadata: ["file": "\(entry)"])
            }
        }
    }

    /// The store cannot take pages now: the first failure of an episode is logged (the
    /// others at debug) and STATUS says what is wrong until `recovered`.
    func storeFailing(_ error: StoreError, logger: Logger) {
        let problem = if case .unreachable = error { "the store is unreachable: \(error)" } else { "store: \(error)" }
        if status.beginTransient(problem) {
            logger.event(.transientError, .error,
                         "the store cannot take pages now; files stay in the inbox and are retried: \(error)",
                         ["reason": "\(error)"])
        } else {
            logger.debug("store still failing: \(error)")
        }
    }

    /// Ends the episode, if one lasts, with one line.
    func recovered(logger: Logger) {
        if let problem = status.endTransient() {
            logger.event(.transientRecovered, .notice, "recovered; processing resumes (was: \(problem))",
                         ["reason": "\(problem)"])
        }
    }

    /// The journal lines and figures of a committed page (logged once, at its commit).
    private func announce(_ result: WorkResult, page: ParsedPage, outcome: IngestOutcome,
                          config: DaemonConfig, logger: Logger) {
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
}
