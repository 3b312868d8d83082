#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Decides when a file that did not arrive by close-write may be taken: only after its
/// size and modification time have stayed the same for the quiet period, so a producer
/// still writing slowly is not read half-way. Pure bookkeeping: the caller brings the
/// observations and the clock.
struct StabilityTracker: Sendable {
    private struct Seen: Sendable {
        var size: Int
        var seconds: Int
        var nanoseconds: Int
        var since: ContinuousClock.Instant
    }

    private var seen: [InboxEntry: Seen] = [:]

    init() {}

    /// Records an observation; returns true when the file has been unchanged for `quiet`.
    /// `age` is how long ago (wall clock) the file was last modified: a file already
    /// untouched for the quiet period when first seen (waiting since before a start) is
    /// taken at once rather than watched for another quiet period.
    mutating func observe(_ entry: InboxEntry, size: Int, modified: timespec, age: Duration,
                                 now: ContinuousClock.Instant, quiet: Duration) -> Bool {
        if age >= quiet {
            seen[entry] = nil
            return true
        }
        let sample = Seen(size: size, seconds: Int(modified.tv_sec), nanoseconds: Int(modified.tv_nsec), since: now)
        guard let previous = seen[entry],
              previous.size == sample.size, previous.seconds == sample.seconds,
              previous.nanoseconds == sample.nanoseconds else {
            seen[entry] = sample
            return quiet == .zero
        }
        if now - previous.since >= quiet {
            seen[entry] = nil
            return true
        }
        return false
    }

    /// Forgets a file (taken by close-write, or gone).
    mutating func forget(_ entry: InboxEntry) {
        seen[entry] = nil
    }

    /// Forgets files not seen by the latest full scan.
    mutating func keepOnly(_ entries: Set<InboxEntry>) {
        seen = seen.filter { entries.contains($0.key) }
    }

    /// Files still waiting to settle.
    var waiting: [InboxEntry] { Array(seen.keys) }
    var isEmpty: Bool { seen.isEmpty }
}
