import Foundation
import Synchronization

/// The OCR lanes: at most `lanes` pages are OCR'd at once, each on an engine of its own,
/// and engines are kept between pages (starting one costs about a second and ~100 MB).
///
/// The lanes are fewer than the parse workers (`lanes(workers:)`): a worker that meets a
/// scan while every lane is busy does not wait for one (`tryCheckout` returns nil) and
/// the daemon looks at the file again later, so at least one worker is always free for
/// text pages, however many images arrive at once.
public final class OCRPool: Sendable {
    public let lanes: Int

    private struct State {
        var idle: [OCREngine] = []
        var busy = 0
        /// The languages last asked for: an engine of others, given back after a reload
        /// changed `ocr_languages`, is let go instead of kept.
        var languages: String?
    }

    private let state = Mutex(State())

    public init(lanes: Int) {
        self.lanes = max(1, lanes)
    }

    /// One lane fewer than the workers and than the cores, at least one; two at most,
    /// because each engine holds 50–70 MB of chi_sim model and the unit's MemoryMax is 512 MB.
    ///
    /// A page is OCR'd on its worker's own thread (the daemon's `WorkerLane`, off Swift's
    /// cooperative pool); the lanes are bounded by memory, and one core is left so that a
    /// text page never waits behind scans for a CPU.
    public static func lanes(workers: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> Int {
        min(2, max(1, min(workers, cores) - 1))
    }

    /// An engine for `options.languages` when a lane is free, else nil. Give it back with
    /// `checkIn` (use `withEngine` unless the caller must not wait).
    public func tryCheckout(_ options: OCROptions) throws(OCRError) -> OCREngine? {
        let engine = state.withLock { state -> OCREngine?? in
            guard state.busy < lanes else { return .none }
            state.busy += 1
            state.languages = options.languages
            if let index = state.idle.firstIndex(where: { $0.languages == options.languages }) {
                return .some(state.idle.remove(at: index))
            }
            // Languages changed on reload: the old engines go, a new one is made below.
            state.idle.removeAll()
            return .some(nil)
        }
        switch engine {
        case .none: return nil
        case .some(.some(let engine)): return engine
        case .some(.none):
            do {
                return try OCREngine(languages: options.languages, tessdataPath: options.tessdataPath)
            } catch {
                state.withLock { $0.busy -= 1 }
                throw error
            }
        }
    }

    public func checkIn(_ engine: OCREngine) {
        state.withLock { state in
            state.busy -= 1
            if engine.languages == state.languages { state.idle.append(engine) }
        }
    }

    /// Engines made and kept (for the memory figures).
    public var engines: Int { state.withLock { $0.idle.count + $0.busy } }
}
