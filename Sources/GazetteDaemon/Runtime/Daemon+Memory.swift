extension Daemon {
    /// Malloc arenas the daemon's process keeps, glibc's main one included: as many as
    /// parse workers (see `Sys.limitMallocArenas`).
    public static let mallocArenas = 2

    /// Bounds the process's malloc arenas for a daemon: `gazette serve` calls it first
    /// thing, before any thread of the daemon's starts. Process-wide, so it is the
    /// executable's call, not `init`'s: a process that embeds a daemon (the tests) keeps
    /// its own allocator settings.
    public static func boundProcessMemory() {
        Sys.limitMallocArenas(mallocArenas)
    }
}
