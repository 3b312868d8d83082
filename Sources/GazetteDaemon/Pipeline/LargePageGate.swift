import Synchronization

/// Lets one large page at a time through the pipeline, from its read to its commit.
///
/// A page's parse holds several copies of its text (bytes, decoded text, normalized
/// scalars, lines, articles, then the index tokens of the insert): about 8 times the file,
/// so a 16 MB page peaks near 130 MB above the daemon's baseline. With two workers and
/// batches of up to `batch_size` parsed pages waiting for their commit, ten 15 MB pages
/// took the daemon to 380–720 MB and glibc kept it. Through the gate a page above
/// `threshold` bytes waits until the previous large page is committed (its memory freed and
/// trimmed back to the system), so the daemon's peak is its baseline plus one large page
/// plus what the small pages take, whatever arrives. Small pages never wait for the gate.
final class LargePageGate: Sendable {
    /// Pages above this size (bytes) pass one at a time.
    static let threshold = 2 * 1024 * 1024

    private struct State {
        var held = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    init() {}

    /// Waits until no other large page is in the pipeline, then holds the gate. Not
    /// cancellable: a worker only waits here while a large page ahead of it is being
    /// parsed or committed, which always ends with `release()`.
    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                if !state.held {
                    state.held = true
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Hands the gate to the next waiting large page, or opens it.
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.held = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
