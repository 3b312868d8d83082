import Systemd

/// Where the daemon reports its state: the service manager (`sd_notify`) in production.
/// A protocol so the daemon can be run in-process by a test that collects the messages.
public protocol StatusNotifier: Sendable {
    /// Sends `NAME=value` assignments as one message; best effort.
    @discardableResult
    func send(_ assignments: [String]) -> Bool
    /// How often `WATCHDOG=1` is expected at the latest, or nil when no watchdog is armed.
    var watchdogInterval: Duration? { get }
}

extension SystemdNotifier: StatusNotifier {}
