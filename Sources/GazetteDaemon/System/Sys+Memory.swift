#if canImport(Glibc)
import Glibc
#endif

extension Sys {
    /// glibc's `malloc_trim(0)`: returns the free memory at the top of every malloc arena
    /// (and whole free pages inside them) to the kernel.
    ///
    /// Why: glibc keeps what a large page's parse freed for reuse, so without a trim the
    /// daemon's RSS stays at its peak after one big page (168 MB after a 16 MB page) until
    /// it exits. Called after a large page is committed (see `LargePageGate`). Looked up at
    /// run time because Swift's Glibc module does not export `<malloc.h>`; a no-op where the
    /// C library has no such function (musl).
    static func trimMalloc() {
        guard trimAddress != 0, let symbol = UnsafeRawPointer(bitPattern: trimAddress) else { return }
        _ = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)(0)
    }

    /// The address of `malloc_trim`, 0 when the C library has none (kept as an integer: a
    /// pointer is not `Sendable`).
    private static let trimAddress: UInt = {
        #if canImport(Glibc)
        return UInt(bitPattern: dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim"))
        #else
        return 0
        #endif
    }()
}
