#if canImport(Glibc)
import Glibc
#endif

extension Sys {
    /// glibc's `malloc_trim(0)`: returns the free memory at the top of every malloc arena
    /// (and whole free pages inside them) to the kernel.
    ///
    /// Why: glibc keeps what a large page's parse freed for reuse, so without a trim the
    /// daemon's RSS stays at its peak after one big page (168 MB after a 16 MB page) until
    /// it exits. Called after every commit (see `Pipeline.flush`). Looked up at
    /// run time because Swift's Glibc module does not export `<malloc.h>`; a no-op where the
    /// C library has no such function (musl).
    static func trimMalloc() {
        guard trimAddress != 0, let symbol = UnsafeRawPointer(bitPattern: trimAddress) else { return }
        _ = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)(0)
    }

    /// glibc's `mallopt(M_ARENA_MAX, count)`: at most `count` malloc arenas from now on.
    ///
    /// Why: glibc gives a thread that finds the arenas busy an arena of its own, up to
    /// eight per core, and each keeps the memory its thread freed for that thread's next
    /// allocations. The daemon's threads (two parse workers, the store's writer, the
    /// cooperative pool, GRDB's queues) made 8 arenas on 2 cores, holding 13.6 MB free
    /// beside 9.9 MB in use after 1,000 pages (`malloc_stats`). Only the two parse workers
    /// allocate much, so two arenas in all (glibc counts its main one) serve them. Call
    /// before the threads start: arenas already made stay (called in `serve`'s `run`, the
    /// process had 3 thread arenas by then). A no-op without glibc.
    static func limitMallocArenas(_ count: Int) {
        guard optionAddress != 0, let symbol = UnsafeRawPointer(bitPattern: optionAddress) else { return }
        let arenaMax: Int32 = -8  // M_ARENA_MAX in <malloc.h>
        _ = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)(arenaMax, Int32(max(1, count)))
    }

    /// The addresses of `mallopt` and `malloc_trim`, 0 when the C library has none.
    private static let optionAddress = cFunction("mallopt")
    private static let trimAddress = cFunction("malloc_trim")

    /// A C library function's address by name, 0 when there is none (kept as an integer:
    /// a pointer is not `Sendable`).
    private static func cFunction(_ name: String) -> UInt {
        #if canImport(Glibc)
        return UInt(bitPattern: dlsym(UnsafeMutableRawPointer(bitPattern: 0), name))
        #else
        return 0
        #endif
    }
}
