#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Talks to the service manager over the `sd_notify` protocol: a datagram of
/// newline-separated `NAME=value` assignments sent to the `AF_UNIX` socket named in
/// `$NOTIFY_SOCKET`.
///
/// The protocol is spoken directly (rather than through `sd_notify(3)`) so that a test can
/// point a notifier at a socket it bound itself, without mutating the process
/// environment that other tests share. The bytes on the wire are the same as libsystemd's;
/// the kernel attaches our credentials, which is what `NotifyAccess=main` checks.
///
/// ```swift
/// let notifier = SystemdNotifier.fromEnvironment()   // nil outside systemd
/// notifier?.send("READY=1", "STATUS=watching /var/lib/gazette/inbox")
/// ```
public struct SystemdNotifier: Sendable {
    /// The socket address as systemd writes it: a path, or `@name` for an abstract socket.
    public let socketPath: String

    /// How often systemd expects `WATCHDOG=1` at the latest, or `nil` when no watchdog is
    /// armed for this process. Ping at half this interval.
    public let watchdogInterval: Duration?

    /// A notifier for an explicit socket; `watchdogInterval` is whatever the caller says.
    public init(socketPath: String, watchdogInterval: Duration? = nil) {
        self.socketPath = socketPath
        self.watchdogInterval = watchdogInterval
    }

    /// The notifier systemd set up for this process, or `nil` when `NOTIFY_SOCKET` is
    /// unset (run by hand, or by a unit that is not `Type=notify`): then there is nobody
    /// to tell, and the daemon simply skips notifications.
    public static func fromEnvironment() -> SystemdNotifier? {
        var environment: [String: String] = [:]
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return fromEnvironment(environment, pid: getpid())
    }

    /// The pure part of `fromEnvironment()`, testable without touching the real environment.
    static func fromEnvironment(_ environment: [String: String], pid: pid_t) -> SystemdNotifier? {
        guard let socket = environment["NOTIFY_SOCKET"], !socket.isEmpty else { return nil }
        return SystemdNotifier(
            socketPath: socket,
            watchdogInterval: watchdogInterval(environment, pid: pid))
    }

    /// `WATCHDOG_USEC` applies to us only if `WATCHDOG_PID` is unset or names our PID:
    /// a child that inherited the environment must not ping on its parent's behalf.
    static func watchdogInterval(_ environment: [String: String], pid: pid_t) -> Duration? {
        if let owner = environment["WATCHDOG_PID"], pid_t(owner) != pid { return nil }
        guard let text = environment["WATCHDOG_USEC"], let usec = UInt64(text), usec > 0 else {
            return nil
        }
        return .microseconds(Int64(clamping: usec))
    }

    /// Sends the assignments as one datagram ("READY=1", "STATUS=…", "WATCHDOG=1",
    /// "RELOADING=1", "STOPPING=1"). With `RELOADING=1` it adds `MONOTONIC_USEC=`, which
    /// systemd 253+ requires for `Type=notify-reload` and older versions ignore.
    ///
    /// Notification is best effort, as with `sd_notify(3)`: a service manager that has
    /// gone away must not take the daemon down. Returns whether the datagram was sent.
    @discardableResult
    public func send(_ assignments: String...) -> Bool {
        send(assignments)
    }

    /// The array form of ``send(_:)-(String...)``.
    @discardableResult
    public func send(_ assignments: [String]) -> Bool {
        let payload = Self.payload(assignments, monotonicMicroseconds: Self.monotonicMicroseconds())
        return (try? Self.sendDatagram(Array(payload.utf8), to: socketPath)) != nil
    }

    /// The datagram text: one assignment per line, plus `MONOTONIC_USEC` for a reload.
    static func payload(_ assignments: [String], monotonicMicroseconds: UInt64) -> String {
        var lines = assignments
        if lines.contains("RELOADING=1"), !lines.contains(where: { $0.hasPrefix("MONOTONIC_USEC=") }) {
            lines.append("MONOTONIC_USEC=\(monotonicMicroseconds)")
        }
        return lines.joined(separator: "\n")
    }

    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
