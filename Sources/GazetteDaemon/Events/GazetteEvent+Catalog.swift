/// What `journalctl -x` says about each event: a subject line, what happened, and what
/// the operator can do. `systemd/gazette.catalog` is exactly ``GazetteEvent/catalogText``
/// (`gazette catalog > systemd/gazette.catalog`; a test keeps the two in step).
///
/// `@GAZETTE_FILE@` in a body is replaced by journalctl with the entry's field (or with
/// the bare name when the entry lacks it), so only events that always carry `file`
/// metadata use it: fileStored, duplicate, quarantined.
extension GazetteEvent {
    /// The catalog's `Subject:` line.
    public var title: String {
        switch self {
        case .started: "Gazette is starting"
        case .ready: "Gazette is ready and watching its inbox"
        case .fileStored: "Gazette stored a page"
        case .articleStored: "Gazette stored an article"
        case .duplicate: "Gazette received a page it had already stored"
        case .quarantined: "Gazette rejected a file and moved it to failed/"
        case .transientError: "Gazette hit a temporary problem and will retry"
        case .transientRecovered: "Gazette recovered from a temporary problem"
        case .reloaded: "Gazette reloaded its configuration"
        case .reloadFailed: "Gazette rejected a new configuration and kept the old one"
        case .overflowRescan: "Gazette's inbox watch overflowed; rescanning the inbox"
        case .inboxMissing: "Gazette's inbox is missing"
        case .inboxRestored: "Gazette's inbox is back"
        case .dispositionFailed: "Gazette stored a page but could not move it out of the inbox"
        case .stopping: "Gazette is stopping"
        case .stopped: "Gazette stopped cleanly"
        }
    }

    /// What happened, in the operator's terms.
    public var explanation: String {
        switch self {
        case .started:
            "The gazette daemon started. It reads its configuration, opens the article store and sets the inbox watch before it reports itself ready."
        case .ready:
            "The store is open, the inbox is watched and the files already waiting in it are queued. systemd considers the unit active from now on."
        case .fileStored:
            "The page @GAZETTE_FILE@ was split into articles, classified and committed to the store. Only after the commit was it moved out of the inbox (to processed/, or deleted, as configured)."
        case .articleStored:
            "One article of a page was committed to the store; the entry names its id and topic. These entries are logged at debug or info, as the configuration says."
        case .duplicate:
            "The file @GAZETTE_FILE@ has the same SHA-256 as a page already in the store. Nothing was stored twice: the duplicate was recorded and the file moved out of the inbox."
        case .quarantined:
            "The file @GAZETTE_FILE@ could not be processed (for example empty, binary, too large, not a regular file, or without any article). It was moved to failed/ with a NAME.reason.json beside it that gives the error code and message."
        case .transientError:
            "A temporary problem (the store busy, the disk full, a file still being written) kept a file from being processed. The file stays in the inbox and is retried with back-off; a good file is never quarantined for a temporary reason."
        case .transientRecovered:
            "The temporary problem reported earlier has cleared and processing has resumed. The files that waited are processed once."
        case .reloaded:
            "On SIGHUP (systemctl reload gazette) the daemon re-read its configuration, taxonomy and model. They apply to the files processed from now on; queued files are neither lost nor processed twice."
        case .reloadFailed:
            "A reload was requested but the new configuration, taxonomy or model is invalid. The daemon keeps running with the configuration it had."
        case .overflowRescan:
            "More files arrived at once than the kernel's inotify queue holds (IN_Q_OVERFLOW), so some events were dropped. The daemon rescans the whole inbox, so no file is missed."
        case .inboxMissing:
            "The inbox directory was deleted, renamed or unmounted. The daemon processes nothing until it comes back, and then picks up where it left off."
        case .inboxRestored:
            "The inbox directory exists again. The watch is set again and the inbox rescanned."
        case .dispositionFailed:
            "A page was committed to the store, but moving it to processed/ or failed/ (or deleting it, or making the move durable) failed; the entry's GAZETTE_FILE and GAZETTE_REASON say which file and why. The page is stored exactly once: if it is picked up again it is recognised by its SHA-256 and not stored twice."
        case .stopping:
            "The daemon was asked to stop (SIGTERM or SIGINT, as systemctl stop sends). It takes no new files, finishes and commits the pages in flight, then exits."
        case .stopped:
            "Every page in flight was committed and the store closed. Files still in the inbox are processed at the next start."
        }
    }

    /// What the operator can do about it.
    public var whatToDo: String {
        switch self {
        case .started, .transientRecovered, .inboxRestored, .stopped:
            "Nothing."
        case .ready:
            "Drop pages into the inbox (/var/lib/gazette/inbox for the service; users in the gazette group may write there). Follow the work with journalctl -u gazette -f."
        case .fileStored, .articleStored:
            "Nothing. Query the store with gazette search, gazette show and gazette stats."
        case .duplicate:
            "Nothing, unless you expected new content: then check that the producer is not sending the same file again."
        case .quarantined:
            "Read the reason file in failed/ (also in this entry's GAZETTE_REASON field). Fix the file and drop it into the inbox again, or delete it."
        case .transientError:
            "If it repeats, look at this entry's GAZETTE_REASON: free space on the store's file system (df /var/lib/gazette), another process holding the store, or permissions of the gazette user."
        case .reloaded:
            "Nothing. gazette config print shows the configuration now in effect."
        case .reloadFailed:
            "Run gazette config check /etc/gazette/gazette.toml, fix the key and line it names, then systemctl reload gazette again."
        case .overflowRescan:
            "Nothing is lost. If this happens often, raise the queue: sysctl fs.inotify.max_queued_events=65536."
        case .inboxMissing:
            "Recreate the inbox with the right owner and mode (systemd-tmpfiles --create gazette.conf) or remount its file system."
        case .dispositionFailed:
            "Check that processed/ beside the inbox exists and is writable by the gazette user (systemd-tmpfiles --create gazette.conf), then remove the file from the inbox."
        case .stopping:
            "Nothing. If the stop takes longer than the unit's stop timeout, systemd kills the daemon; uncommitted files stay in the inbox and are processed at the next start."
        }
    }

    /// The journal message catalog for every event, in the format of `journalctl
    /// --update-catalog`: one `-- MESSAGE_ID` section each, with its headers and body.
    public static var catalogText: String {
        var text = """
            # Journal message catalog for gazette, the newspaper page ingestion daemon.
            # Generated by `gazette catalog` from Sources/GazetteDaemon/Events: do not
            # edit by hand. make install puts it in $PREFIX/lib/systemd/catalog/, and
            # then `journalctl -x -u gazette` explains each event and what to do.

            """
        for event in allCases {
            text += "\n-- \(event.messageID)\n"
            text += "Subject: \(event.title)\n"
            text += "Defined-By: gazette\n"
            text += "\n"
            text += wrapped(event.explanation) + "\n"
            text += "\n"
            text += wrapped("What to do: " + event.whatToDo) + "\n"
        }
        return text
    }

    /// Greedy word wrap at 78 columns, so the catalog reads well in a terminal.
    static func wrapped(_ paragraph: String, width: Int = 78) -> String {
        var lines: [String] = []
        var line = ""
        for word in paragraph.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
