import Logging
import Synchronization

/// Chooses where the process logs, once, at start-up.
///
/// swift-log allows one `LoggingSystem.bootstrap` per process and traps on a second;
/// ``bootstrap(mode:level:identifier:)`` guards that, so a command that calls it twice
/// (or a test) keeps the first choice instead of crashing.
public enum GazetteLogging {
    /// `--log journal|stderr|auto`.
    public enum Mode: String, Sendable, CaseIterable {
        /// Native journald entries with structured fields.
        case journal
        /// Readable lines on stderr.
        case stderr
        /// The journal when its socket exists, stderr otherwise.
        case auto
    }

    private static let bootstrapped = Mutex(false)

    /// `journal` or `stderr`: what `auto` means on this machine right now.
    public static func resolve(_ mode: Mode) -> Mode {
        switch mode {
        case .auto: JournalLogHandler.isAvailable ? .journal : .stderr
        case .journal, .stderr: mode
        }
    }

    /// A handler for `label` in `mode` at `level`, without touching the global system.
    public static func makeHandler(
        label: String, mode: Mode, level: Logger.Level, identifier: String = "gazette"
    ) -> any LogHandler {
        switch resolve(mode) {
        case .journal:
            var handler = JournalLogHandler(label: label, identifier: identifier)
            handler.logLevel = level
            return handler
        case .stderr, .auto:
            var handler = StderrLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// Installs the handler for every `Logger` of the process. Only the first call has
    /// an effect; it returns whether this call was that one.
    @discardableResult
    public static func bootstrap(mode: Mode, level: Logger.Level, identifier: String = "gazette") -> Bool {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return false }
        let resolved = resolve(mode)
        LoggingSystem.bootstrap { label in
            makeHandler(label: label, mode: resolved, level: level, identifier: identifier)
        }
        return true
    }
}
