import GazetteStore
import Synchronization

/// Answers computed for one version of the store, kept until the store changes: the same
/// search paged through, or asked by several analysts, or the overview reloaded, costs a
/// dictionary lookup instead of its queries. Every entry belongs to the store's current
/// data version (`ReadingRoomStore.currentDataVersion()`); when it moves, all are dropped at once,
/// so an answer is never older than the store's last commit. Without a version (a store
/// that cannot tell) nothing is kept.
///
/// Bounded: at most `capacity` entries, the least recently used dropped first. The value
/// is computed outside the lock; two requests for the same new key may both compute it.
final class AnswerCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var version: Int?
        var entries: [Key: (value: Value, used: UInt64)] = [:]
        var clock: UInt64 = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func value(
        for key: Key, version: Int?, compute: () throws(StoreError) -> Value
    ) throws(StoreError) -> Value {
        guard let version else { return try compute() }
        let cached: Value? = state.withLock { state in
            if state.version != version {
                state.version = version
                state.entries.removeAll(keepingCapacity: true)
                return nil
            }
            state.clock += 1
            guard let hit = state.entries[key] else { return nil }
            state.entries[key] = (hit.value, state.clock)
            return hit.value
        }
        if let cached { return cached }
        let value = try compute()
        state.withLock { state in
            // Computed for `version`; if the store moved on meanwhile, the answer is not kept.
            guard state.version == version else { return }
            if state.entries.count >= capacity,
                let oldest = state.entries.min(by: { $0.value.used < $1.value.used })?.key
            {
                state.entries.removeValue(forKey: oldest)
            }
            state.clock += 1
            state.entries[key] = (value, state.clock)
        }
        return value
    }

    /// Entries held now (for tests).
    var count: Int { state.withLock { $0.entries.count } }
}
