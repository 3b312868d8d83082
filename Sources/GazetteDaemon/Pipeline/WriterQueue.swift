import Dispatch
import GazetteStore

/// Where the pipeline's store writes run: one serial dispatch queue, off Swift's
/// cooperative pool.
///
/// A commit blocks in SQLite (indexing the batch) and in fsync. The cooperative pool has
/// one thread per core, so on a two-core machine a commit run there takes one of the two
/// threads the parsers need, and an fsync leaves a core idle. On its own thread the commit
/// overlaps with parsing the next batch, and the kernel shares the cores.
struct WriterQueue: Sendable {
    private let queue = DispatchQueue(label: "gazette.store.writer", qos: .userInitiated)

    /// Runs `body` on the writer's thread and waits for it without blocking the caller's.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws(StoreError) -> T) async throws(StoreError) -> T {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Result { () throws(StoreError) -> T in try body() })
            }
        }
        return try result.get()
    }
}
