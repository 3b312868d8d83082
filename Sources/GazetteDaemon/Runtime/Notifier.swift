import Logging
import ServiceLifecycle
import UnixSignals

/// Keeps the service manager informed: `READY=1`, a current `STATUS=` line, `WATCHDOG=1`
/// pings while the pipeline is healthy, `RELOADING=1`/`READY=1` around a reload and
/// `STOPPING=1` at shutdown. Without a notifier (run by hand) it does nothing.
final class Notifier: Sendable {
    let target: (any StatusNotifier)?
    let status: DaemonStatus
    let queue: IntakeQueue
    let settings: RuntimeSettings

    init(target: (any StatusNotifier)?, status: DaemonStatus, queue: IntakeQueue, settings: RuntimeSettings) {
        self.target = target
        self.status = status
        self.queue = queue
        self.settings = settings
    }

    private var statusLine: String { "STATUS=" + status.figures.line }

    func ready() { target?.send(["READY=1", statusLine]) }
    func reloading() { target?.send(["RELOADING=1", "STATUS=reloading configuration"]) }
    func reloaded() { target?.send(["READY=1", statusLine]) }
    func stopping() { target?.send(["STOPPING=1", "STATUS=stopping: finishing the pages in flight"]) }

    /// Runs until cancelled: STATUS on every change (at most five a second) and at least
    /// every second while the queue figure moves, and the watchdog at half its interval.
    func report() async {
        guard let target else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [status] in
                while true {
                    do { try await Task.sleep(for: .seconds(1)) } catch { return }
                    status.refresh()
                }
            }
            group.addTask { [self] in
                var last = ""
                for await _ in status.updates {
                    let line = statusLine
                    // Kept as sent only once the manager took it: a dropped line (its
                    // queue was full) goes again with the next update or refresh.
                    if line != last, target.send([line]) {
                        last = line
                    }
                    do { try await Task.sleep(for: .milliseconds(200)) } catch { return }
                }
            }
            if let interval = target.watchdogInterval {
                group.addTask { [self] in await watchdog(target, interval: interval) }
            }
            await group.waitForAll()
        }
    }

    /// Pings at half the interval while healthy. A pipeline with work waiting that has not
    /// moved for a whole interval is stuck: no ping, so systemd restarts the daemon.
    private func watchdog(_ target: any StatusNotifier, interval: Duration) async {
        var warned = false
        while !Task.isCancelled {
            if status.isHealthy(queue: queue.depth, limit: interval) {
                target.send(["WATCHDOG=1"])
                warned = false
            } else if !warned {
                settings.logger.critical("the pipeline has made no progress for \(interval) with \(queue.depth) files waiting: withholding the watchdog ping")
                warned = true
            }
            do { try await Task.sleep(for: interval / 2) } catch { return }
        }
    }
}

/// The notifier as a part of the daemon's service group: started first, so stopped last,
/// when everything else has finished.
extension Notifier: Service {
    /// Without a service manager there is nothing to report, yet the part still runs until
    /// its turn to stop: a part that ends on its own while the group is stopping another is
    /// taken for a failure, and the group cancels the parts still running instead of
    /// stopping them in order (the pipeline then never closed its queue, and the daemon's
    /// stop hung for ever whenever the notifier's task first ran late, under load).
    func run() async throws {
        guard target != nil else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown { await self.report() }
    }
}

/// SIGHUP reloads the configuration, the taxonomy and the model (see `Daemon.reload`).
struct ReloadListener: Service {
    let daemon: Daemon
    /// Trapped by the daemon before it said READY (see `Daemon.run`).
    let hangups: UnixSignalsSequence

    func run() async throws {
        await cancelWhenGracefulShutdown { [daemon, hangups] in
            for await _ in hangups {
                daemon.reload()
            }
        }
    }
}
