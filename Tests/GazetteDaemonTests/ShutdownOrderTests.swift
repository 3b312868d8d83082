import Foundation
@testable import GazetteDaemon
import GazetteTestSupport
import Logging
import ServiceLifecycle
import Synchronization
import Testing

extension DaemonTests {
    /// The daemon is a service group of its parts; these pin down the two ways its stop once
    /// hung for ever (one full test run in three, never alone): a part that ended on its own
    /// during a shutdown, and a pipeline that ignored cancellation.
    @Suite("Daemon: its parts stop in order, and a cancelled daemon still returns", .serialized)
    struct ShutdownOrderTests {
        /// A service group counts a part that returns before it is asked to as a failure (and
        /// cancels the others instead of stopping them in order): with no service manager to
        /// talk to, the notifier must still wait for its turn.
        @Test("with no service manager, the notifier part runs until it is asked to stop", .timeLimit(.minutes(1)))
        func notifierWaitsForItsTurn() async throws {
            let harness = DaemonHarness()
            let status = DaemonStatus()
            let notifier = Notifier(target: nil, status: status, queue: IntakeQueue(maxInFlight: 4),
                                    settings: RuntimeSettings(config: harness.config, classifier: nil,
                                                              logger: harness.logs.logger))
            // The default success behaviour cancels the group: a notifier that returned at
            // once would make `run()` throw `serviceFinishedUnexpectedly`.
            let group = ServiceGroup(configuration: .init(services: [.init(service: notifier)],
                                                          logger: harness.logs.logger))
            let running = Task { try await group.run() }
            try await Task.sleep(for: .milliseconds(300))
            await group.triggerGracefulShutdown()
            try await running.value
        }

        /// Cancelled rather than stopped (a service group giving up on an orderly stop does
        /// that), the pipeline's workers, waiting on the queue, must still be released.
        @Test("a running daemon whose task is cancelled returns, with the file it was given stored",
              .timeLimit(.minutes(1)))
        func cancelledDaemonReturns() async throws {
            let harness = DaemonHarness()
            let daemon = try harness.makeDaemon()
            let returned = Atomic<Bool>(false)
            let running = Task {
                try? await daemon.run()
                returned.store(true, ordering: .releasing)
            }
            #expect(await eventually(timeout: .seconds(20)) { harness.logs.count(of: GazetteEvent.ready.messageID) == 1 })
            try Seeds.bytes(Seeds.names[0]).write(to: URL(fileURLWithPath: harness.inbox + "/a.txt"))
            #expect(await eventually(timeout: .seconds(20)) { daemon.status.figures.storedPages == 1 && harness.inboxFiles.isEmpty })
            running.cancel()
            #expect(await eventually(timeout: .seconds(20)) { returned.load(ordering: .acquiring) },
                    "the daemon did not return within 20 s of its task being cancelled")
            #expect(try harness.stats().pages == 1)
        }
    }
}

extension DaemonTests.ShutdownOrderTests {
    /// A notifier that looks, when READY is sent, at what SIGHUP would do to the process.
    final class ReadyProbe: StatusNotifier {
        let hangupTrappedAtReady = Mutex<Bool?>(nil)
        var watchdogInterval: Duration? { nil }

        func send(_ assignments: [String]) -> Bool {
            if assignments.contains("READY=1") {
                var current = sigaction()
                sigaction(SIGHUP, nil, &current)
                // Trapped means anything but the default (Dispatch's signal source installs its own
                // handler on Linux; SIG_IGN elsewhere).
                let trapped = unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) != unsafeBitCast(SIG_DFL, to: Int.self)
                hangupTrappedAtReady.withLock { if $0 == nil { $0 = trapped } }
            }
            return true
        }
    }

    /// `systemctl reload` may come the moment READY is heard: SIGHUP's default action ends
    /// the process, so the trap must be in place before READY is sent.
    @Test("READY is sent only once SIGHUP is trapped (a reload right after READY cannot kill the daemon)",
          .timeLimit(.minutes(1)))
    func hangupTrappedBeforeReady() async throws {
        // The disposition a fresh `gazette serve` starts with (an earlier trap in this test
        // process would otherwise hide the order).
        signal(SIGHUP, SIG_DFL)
        let harness = DaemonHarness()
        let probe = ReadyProbe()
        let daemon = try Daemon(config: harness.config, logger: harness.logs.logger, notifier: probe,
                                listensForSIGHUP: true)
        try await daemon.withRunning { _ in
            #expect(await eventually(timeout: .seconds(20)) { probe.hangupTrappedAtReady.withLock { $0 } != nil })
        }
        #expect(probe.hangupTrappedAtReady.withLock { $0 } == true, "SIGHUP still had its default action at READY")
    }
}
