import Foundation

/// Command-line settings that win over the configuration file, applied again on every
/// reload so a SIGHUP never undoes a flag.
public struct ConfigOverrides: Sendable, Equatable {
    public var inbox: String?
    public var processed: String?
    public var failed: String?
    public var store: String?
    public var watch: DaemonConfig.WatchMode?

    public init(inbox: String? = nil, processed: String? = nil, failed: String? = nil,
                store: String? = nil, watch: DaemonConfig.WatchMode? = nil) {
        self.inbox = inbox
        self.processed = processed
        self.failed = failed
        self.store = store
        self.watch = watch
    }

    /// Relative flag paths are relative to the working directory. `processed/` and
    /// `failed/` follow a new inbox unless the file or a flag placed them elsewhere.
    public func apply(to base: DaemonConfig) -> DaemonConfig {
        var config = base
        if let inbox {
            let absolute = Self.absolute(inbox)
            if config.processed == DaemonConfig.beside(config.inbox, "processed") {
                config.processed = DaemonConfig.beside(absolute, "processed")
            }
            if config.failed == DaemonConfig.beside(config.inbox, "failed") {
                config.failed = DaemonConfig.beside(absolute, "failed")
            }
            config.inbox = absolute
        }
        if let processed { config.processed = Self.absolute(processed) }
        if let failed { config.failed = Self.absolute(failed) }
        if let store { config.store = store.contains("://") ? store : Self.absolute(store) }
        if let watch { config.watch = watch }
        return config
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
