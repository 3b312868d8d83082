import GazetteOCR
import Logging

/// Everything `gazette serve` can be told, with the defaults `config/gazette.toml`
/// documents. A value, so a reload builds a new one and swaps it in whole, or keeps the
/// old one when the new file is invalid.
public struct DaemonConfig: Sendable, Equatable {
    /// How new files are noticed.
    public enum WatchMode: String, Sendable, CaseIterable {
        /// Kernel events: instant, and no CPU while idle. Local filesystems only.
        case inotify
        /// Listing the inbox every `pollInterval`: for network shares, where inotify sees
        /// nothing written by other machines.
        case poll
    }

    /// What happens to a file once its articles are committed.
    public enum AfterSuccess: String, Sendable, CaseIterable {
        /// Into `processed/YYYY/MM/DD/`, keeping the name (a suffix when taken).
        case move
        /// Unlinked: the store keeps the text, the SHA-256 and the name.
        case delete
    }

    public var inbox: String
    /// Defaults to `processed/` beside the inbox.
    public var processed: String
    /// Defaults to `failed/` beside the inbox.
    public var failed: String
    /// A SQLite file, or a PostgreSQL URL (`postgresql://gazette@db/gazette?sslmode=require`).
    public var store: String
    /// The file holding the PostgreSQL password (its first line); empty means none, or
    /// PGPASSFILE's. Never in the URL: a URL shows in process lists and logs.
    public var passwordFile: String
    /// The topic taxonomy; empty means the classifier's built-in one.
    public var taxonomy: String
    /// The classifier model; empty means keywords only.
    public var model: String
    /// Files per store transaction at most.
    ///
    /// Also the daemon's memory under load: up to `2 × batchSize + 4` parsed pages are in
    /// flight (one batch committing, the next forming; see `IntakeQueue`), and when the
    /// writer is slower than the parsers (a large store, a slow disk) all of them wait —
    /// about 55 KB each for 17 KB pages. 32 (was 64) keeps a burst over a 580,000-page
    /// store under 64 MB RSS (peak 62.1 · 62.6 MB instead of 66.6 · 66.8 MB); the rate into
    /// that store moved within the machine's noise (168 · 165 against 164 · 202 pages/s,
    /// alternated; 208 · 212 against 230 · 231 in an earlier pair).
    public var batchSize: Int
    /// How long the first file of a batch may wait for company while other files are on
    /// their way (a batch with nothing else coming commits at once: group commit).
    public var batchDelay: Duration
    /// How long a file that did not arrive by close-write must stay unchanged.
    public var quietPeriod: Duration
    /// The safety rescan that catches what a watcher can miss.
    public var rescanInterval: Duration
    public var watch: WatchMode
    public var pollInterval: Duration
    public var afterSuccess: AfterSuccess
    /// Larger files are quarantined unread (bytes).
    public var maxFileSize: Int
    /// Whether a file with more than one hard link is read. Off by default: a producer who
    /// may only write the inbox can hard-link any file on its filesystem into it
    /// (`ln /etc/shadow inbox/x`), and the daemon would read it with its own rights.
    public var acceptHardLinks: Bool
    public var logLevel: Logger.Level
    /// The level of the one-entry-per-article journal lines.
    public var logArticles: Logger.Level
    /// How scans are read: `ocr_languages`, `ocr_dpi_default`, `max_image_pixels`,
    /// `max_pdf_pages` (see `OCROptions` for why each exists).
    public var ocr: OCROptions

    /// The defaults, for an inbox and store given on the command line.
    public init(inbox: String = "/var/lib/gazette/inbox", store: String = "/var/lib/gazette/gazette.sqlite") {
        self.inbox = inbox
        self.processed = DaemonConfig.beside(inbox, "processed")
        self.failed = DaemonConfig.beside(inbox, "failed")
        self.store = store
        self.passwordFile = ""
        self.taxonomy = ""
        self.model = ""
        self.batchSize = 32
        self.batchDelay = .milliseconds(100)
        self.quietPeriod = .milliseconds(2000)
        self.rescanInterval = .seconds(300)
        self.watch = .inotify
        self.pollInterval = .milliseconds(1000)
        self.afterSuccess = .move
        self.maxFileSize = 16 * 1024 * 1024
        self.acceptHardLinks = false
        self.logLevel = .info
        self.logArticles = .info
        self.ocr = OCROptions()
    }

    /// `name` in the directory that holds `folder` (`/a/inbox` → `/a/processed`).
    public static func beside(_ folder: String, _ name: String) -> String {
        var trimmed = folder
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return name }
        let parent = trimmed[..<slash]
        return parent.isEmpty ? "/\(name)" : "\(parent)/\(name)"
    }

    /// Settings that need a restart to change: a reload that changes them keeps the old
    /// value and says so, rather than moving the daemon under its own feet.
    public func restartOnlyChanges(to new: DaemonConfig) -> [String] {
        var keys: [String] = []
        if inbox != new.inbox { keys.append("inbox") }
        if processed != new.processed { keys.append("processed") }
        if failed != new.failed { keys.append("failed") }
        if store != new.store { keys.append("store") }
        if passwordFile != new.passwordFile { keys.append("password_file") }
        if watch != new.watch { keys.append("watch") }
        return keys
    }
}
