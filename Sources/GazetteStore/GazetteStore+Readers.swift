import Foundation
import GRDB
import Synchronization

/// How a read-only store's reader connections read the file: memory-mapped, with a page
/// cache of their own.
public struct ReaderTuning: Sendable, Equatable {
    /// Bytes of the file each reader maps (SQLite caps it at its build's limit, 2 GiB in
    /// Debian's); 0 reads every page with `pread`.
    public var mmapBytes: Int64
    /// Each reader's page cache, in KiB (SQLite's default is 2,000).
    public var cacheKiB: Int

    public init(mmapBytes: Int64, cacheKiB: Int) {
        self.mmapBytes = mmapBytes
        self.cacheKiB = cacheKiB
    }

    /// For `gazette web`: a search walks thousands of index pages, and with SQLite's
    /// defaults each reader copied every one of them from the kernel with `pread` into a
    /// 2 MB cache that the next query had already evicted (12 % of a fresh API search's CPU
    /// at 100,000 pages). Mapped pages are read in place; 64 MiB per reader (four of them)
    /// keeps what the mapping does not reach.
    public static let server = ReaderTuning(mmapBytes: 1 << 40, cacheKiB: 64 * 1024)
}

extension GazetteStore {
    /// Applies `tuning` to every reader connection of a read-only store; a writable store
    /// keeps SQLite's defaults (its readers share the file with this process's writer, and
    /// a mapped file that a write shrinks under a reader is a crash, not an error).
    ///
    /// Why here and not in the open: the open path's configuration is shared with the
    /// writable store; this is called once by the process that serves reads (`gazette web`),
    /// before it takes requests.
    public func tuneReaders(_ tuning: ReaderTuning = .server) throws(StoreError) {
        guard readOnly else { return }
        _ = try onEveryReader { db in
            try db.execute(sql: "PRAGMA mmap_size = \(tuning.mmapBytes)")
            try db.execute(sql: "PRAGMA cache_size = \(-tuning.cacheKiB)")
        }
    }

    /// Each reader connection's `mmap_size` and `cache_size` (negative: KiB), for tests.
    func readerSettings() throws(StoreError) -> [(connection: Int, mmap: Int64, cache: Int)] {
        try onEveryReader { db in
            (Int(bitPattern: db.sqliteConnection), try Int64.fetchOne(db, sql: "PRAGMA mmap_size") ?? -1,
             try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? 0)
        }
    }

    /// Runs `body` once on each of the pool's reader connections (opening them all).
    ///
    /// The pool opens readers lazily and hands out a free one if it has it, so it takes as
    /// many reads at once as it has readers: each holds its connection until all are in.
    /// Only for a moment when nothing else reads (a read from elsewhere meanwhile just
    /// makes one of these wait for its connection).
    private func onEveryReader<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) throws(StoreError) -> [T] {
        let count = max(1, pool.configuration.maximumReaderCount)
        let barrier = ReaderBarrier(count: count)
        let results = Mutex<[Result<T, any Error>]>([])
        let pool = self.pool
        let done = DispatchGroup()
        for _ in 0..<count {
            done.enter()
            Thread.detachNewThread {
                let result = Result {
                    try pool.unsafeRead { db in
                        defer { barrier.arriveAndWait() }
                        return try body(db)
                    }
                }
                // A read that failed before reaching its connection must not hold the others.
                if case .failure = result { barrier.arriveIfNotYet() }
                results.withLock { $0.append(result) }
                done.leave()
            }
        }
        done.wait()
        do {
            return try results.withLock { $0 }.map { try $0.get() }
        } catch {
            throw StoreError(error, path: path)
        }
    }
}

/// The meeting point of `onEveryReader`'s reads; each thread arrives once.
private final class ReaderBarrier: @unchecked Sendable {
    private let condition = NSCondition()
    private let count: Int
    // Guarded by `condition`.
    private var arrived = 0
    private var arrivedThreads = Set<ObjectIdentifier>()

    init(count: Int) { self.count = count }

    func arriveAndWait() {
        condition.lock()
        defer { condition.unlock() }
        arrive()
        while arrived < count { condition.wait() }
    }

    func arriveIfNotYet() {
        condition.lock()
        defer { condition.unlock() }
        arrive()
    }

    private func arrive() {
        guard arrivedThreads.insert(ObjectIdentifier(Thread.current)).inserted else { return }
        arrived += 1
        condition.broadcast()
    }
}
