#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

extension Sys {
    /// `F_SETLEASE` and the lease types (Linux, `fcntl.h` under `_GNU_SOURCE`; spelled out
    /// because the C module does not always export them to Swift).
    static let setLease: Int32 = 1024
    static let readLease: Int32 = 0   // F_RDLCK
    static let noLease: Int32 = 2     // F_UNLCK

    /// Takes a read lease on `fd` (open read-only). The kernel refuses it with `EAGAIN`
    /// while any process has the file open for writing: the one way to ask "is a producer
    /// still writing this?" without guessing from sizes and clocks (`man 2 fcntl`, Leases).
    ///
    /// While a lease is held, a process that opens the file for writing is held back until
    /// it is released (we hold it only for one read) and the holder gets `SIGIO`, whose
    /// default action kills the process: so the first lease ignores `SIGIO`, unless someone
    /// already handles it.
    static func takeReadLease(_ fd: Int32, path: FilePath) throws(SystemError) {
        _ = sigioIgnored
        _ = try retrying("fcntl(F_SETLEASE)", path.string) { fcntl(fd, setLease, readLease) }
    }

    /// Gives a lease back (closing the descriptor does too).
    static func releaseLease(_ fd: Int32) {
        _ = fcntl(fd, setLease, noLease)
    }

    private static let sigioIgnored: Bool = {
        var current = sigaction()
        guard sigaction(SIGIO, nil, &current) == 0 else { return false }
        // Leave an installed handler alone; replace only the default (terminate).
        guard current.__sigaction_handler.sa_handler == nil else { return false }  // nil: SIG_DFL
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        sigemptyset(&ignore.sa_mask)
        return sigaction(SIGIO, &ignore, nil) == 0
    }()
}
