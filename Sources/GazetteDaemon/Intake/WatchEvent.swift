import SystemPackage

/// What the inotify watcher reports to the intake.
enum WatchEvent: Sendable, Equatable {
    /// Written in place and closed (`IN_CLOSE_WRITE`) or renamed in (`IN_MOVED_TO`):
    /// complete, take it at once.
    case arrived(InboxEntry)
    /// Appeared without a close-write (`IN_CREATE`: a link, a FIFO, a file still open):
    /// take it only once it has been stable for the quiet period.
    case appeared(InboxEntry)
    /// A new subfolder (already watched when this is delivered): scan it, since files may
    /// have landed in it before the watch was set.
    case folderAppeared(FilePath.Component)
    /// The kernel dropped events (`IN_Q_OVERFLOW`): only a full rescan is trustworthy.
    case overflow
    /// The inbox itself was deleted or moved away.
    case inboxGone
}
