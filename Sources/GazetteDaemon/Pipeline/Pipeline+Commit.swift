import Foundation
import GazetteCore
import GazetteStore
import Logging

extension Pipeline {
    /// Commits a batch, then — only then — moves each file out of the inbox: the store
    /// writer decides each page's fate, the worker's result decides the others', the
    /// disposer acts on them and the reporter tells.
    func commit(_ batch: [WorkResult]) async {
        let snapshot = settings.current
        let logger = snapshot.logger
        let records = batch.compactMap { result -> PageRecord? in
            guard case .page(let page) = result.outcome else { return nil }
            return PageRecord(fileName: result.entry.recordedName, source: result.entry.source,
                              size: result.size, receivedAt: result.receivedAt, page: page)
        }
        var pageFates: [Fate]? = []
        if !records.isEmpty {
            let started = ContinuousClock.now
            pageFates = await writer.write(records, logger: logger)
            logger.debug("committed \(records.count) pages in \(ContinuousClock.now - started)")
        }
        var touched = Disposition.Touched()
        var next = pageFates?.makeIterator()
        let now = Date()
        for result in batch {
            status.heartbeat()
            let fate: Fate
            if case .page = result.outcome {
                // Stopping while the store refuses: every page stays in the inbox for the next start.
                fate = next?.next() ?? .leftForNextStart
            } else {
                fate = self.fate(of: result, config: snapshot.config)
            }
            let act = disposer.act(on: fate, result, config: snapshot.config, now: now, touched: &touched)
            if case .quarantined(let refusal, let sha256) = fate, case .quarantined = act {
                writer.recordFailure(FailureRecord(fileName: result.entry.recordedName, sha256: sha256,
                                                   size: result.size, code: refusal.code,
                                                   message: refusal.message, at: now), logger: logger)
            }
            reporter.report(result, fate, act, config: snapshot.config, logger: logger)
        }
        do {
            try touched.sync()
        } catch {
            logger.event(.dispositionFailed, .warning, "could not make the moves durable: \(error)")
        }
    }

    /// The fate of a file that is not a parsed page, from what its worker made of it.
    private func fate(of result: WorkResult, config: DaemonConfig) -> Fate {
        switch result.outcome {
        case .page:
            preconditionFailure("a parsed page's fate is the store writer's")
        case .refused(let refusal, let sha256):
            return .quarantined(refusal, sha256: sha256)
        case .awaitingMove(let file):
            return .moveAgain(file)
        case .vanished:
            return .vanished
        case .transient(let error):
            return .retry(problem: error.description)
        case .stillWriting:
            return .waitForWriter(after: writerWaits.nextDelay(for: result.entry, quiet: config.quietPeriod))
        }
    }
}
