import Foundation

/// The threads the reading room's store reads run on: one per core, taking the requests in
/// the order they came (first in, first out).
///
/// Why not in the route handler itself: a store read blocks its thread (SQLite and GRDB are
/// synchronous), and the handlers run on Swift's cooperative pool, whose threads, one per
/// core, also carry every connection's hand-offs with the event loops (reading the next
/// request, writing the response). Under load both were held by searches, and the rest
/// waited behind them in no particular order. Here the searches queue in arrival order, and
/// the cooperative threads stay free to move bytes.
final class StoreThreads: @unchecked Sendable {
    /// Searches, articles and the newest listing: one thread per core, for the process
    /// (the threads live as long as it does).
    static let shared = StoreThreads(count: ProcessInfo.processInfo.activeProcessorCount)
    /// The answers that read every article of the store or of a period — /metrics,
    /// /api/stats, the overview — on a lane of their own: at 100,000 pages each takes 5–6 s
    /// when the store has changed since it was last made, and on the searches' threads two
    /// of them (a Prometheus scrape and an overview) stopped every search for that long.
    static let tallies = StoreThreads(count: 1)

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [@Sendable () -> Void] = []
    private var head = 0
    private var takenCount = 0

    /// `count` threads that live as long as the process (tests make small sets of their own).
    init(count: Int) {
        for index in 0..<max(1, count) {
            let thread = Thread { self.work() }
            thread.name = "gazette-web-store-\(index)"
            thread.start()
        }
    }

    /// Runs `body` on one of the threads and returns its result to the caller, which
    /// suspends meanwhile (holding no thread).
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            submit { continuation.resume(with: Result { try body() }) }
        }
    }

    /// How many jobs a thread has taken so far.
    var taken: Int {
        condition.lock()
        defer { condition.unlock() }
        return takenCount
    }

    /// Queues `job` behind every job queued before it.
    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        queue.append(job)
        condition.unlock()
        condition.signal()
    }

    private func work() {
        while true {
            condition.lock()
            while head == queue.count { condition.wait() }
            let job = queue[head]
            head += 1
            takenCount += 1
            // Drop the run jobs now and then rather than shifting the array on every take.
            if head >= 1_024, head * 2 >= queue.count {
                queue.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job()
        }
    }
}
