import Dispatch
import Foundation
import Synchronization

/// The import's progress on stderr: on a terminal one line redrawn in place (bar, pages
/// done/total, pages/s, ETA, failures); otherwise a plain line every `interval` seconds, for
/// logs. Pages count as done once read and parsed (or skipped as stored), so the bar moves
/// within a batch; `committed` counts only what is durable (its batch's commit returned).
/// `@unchecked`: the counts are behind a Mutex; the timer (a Dispatch source, not marked
/// Sendable) is only started and cancelled by the command's own task.
final class ImportProgress: @unchecked Sendable {
    struct Counts: Sendable {
        var done = 0
        var committed = 0
        var failures = 0
    }

    let total: Int
    let isTTY: Bool
    let interval: Double
    let start: ContinuousClock.Instant
    private let counts = Mutex(Counts())
    private let timer: DispatchSourceTimer

    init(total: Int, interval: Double? = nil) {
        self.total = total
        isTTY = isatty(STDERR_FILENO) == 1
        self.interval = interval ?? (isTTY ? 0.25 : 5)
        start = .now
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "gazette-import-progress"))
    }

    func begin() {
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [self] in draw() }
        timer.resume()
    }

    func update(_ change: (inout Counts) -> Void) {
        counts.withLock { change(&$0) }
    }

    var elapsed: Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// Stops the redraws; on a terminal the last line is drawn once more and ended.
    func finish() {
        timer.cancel()
        if isTTY {
            draw()
            FileHandle.standardError.write(Data("\n".utf8))
        }
    }

    private func draw() {
        let now = counts.withLock { $0 }
        let seconds = max(elapsed, 1e-3)
        let rate = Double(now.done) / seconds
        let remaining = max(0, total - now.done)
        let eta = rate > 0 ? Self.clock(Double(remaining) / rate) : "--:--"
        let figures = "\(now.done)/\(total) pages  \(Int(rate.rounded())) pages/s  ETA \(eta)  \(now.failures) refused  \(now.committed) committed"
        if isTTY {
            let width = 24
            let filled = total == 0 ? width : min(width, now.done * width / total)
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r\u{1B}[K[\(bar)] \(figures)".utf8))
        } else {
            FileHandle.standardError.write(Data("import: \(figures)\n".utf8))
        }
    }

    /// `1:05:09` or `5:09`.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        let (h, m, s) = (whole / 3600, whole / 60 % 60, whole % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }
}

/// SIGINT / SIGTERM during an import: the first asks to stop at the next batch boundary
/// (the batch being committed is finished, so everything reported is durable and a re-run
/// resumes); a second one stops at once (SQLite's commit is atomic: still nothing half-written).
/// `@unchecked`: the flag is atomic; the Dispatch sources are set up once, in `init`, and
/// only kept alive.
final class ImportInterrupt: @unchecked Sendable {
    private let signalNumber = Atomic<Int32>(0)
    private let sources: [any DispatchSourceSignal]

    init() {
        let queue = DispatchQueue(label: "gazette-import-signals")
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            sources.append(DispatchSource.makeSignalSource(signal: number, queue: queue))
        }
        self.sources = sources
        for (source, number) in zip(sources, [SIGINT, SIGTERM]) {
            source.setEventHandler { [self] in
                if signalNumber.exchange(number, ordering: .sequentiallyConsistent) != 0 {
                    _exit(128 + number)
                }
                FileHandle.standardError.write(Data("\ngazette import: stopping after the batch being committed (again to stop at once)\n".utf8))
            }
            source.resume()
        }
    }

    /// The signal received, or nil.
    var received: Int32? {
        let number = signalNumber.load(ordering: .sequentiallyConsistent)
        return number == 0 ? nil : number
    }
}
