import ArgumentParser
import Foundation

/// The clock a benchmark reads. On a shared machine the thread's CPU time measures the work
/// itself; elapsed time also counts the time other processes held the core.
enum BenchClock: String, ExpressibleByArgument, CaseIterable {
    case cpu, wall

    /// Seconds since an arbitrary origin.
    func now() -> Double {
        var time = timespec()
        clock_gettime(self == .cpu ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Repeated timed runs over a corpus: median and spread of MB/s, and pages/s.
struct Measurement {
    let bytesPerPass: Int
    let pagesPerPass: Int
    /// MB/s of each run (MB = 10^6 bytes).
    let mbps: [Double]
    let pagesPerSecond: [Double]

    var medianMBps: Double { Self.median(mbps) }

    static func of(_ pages: [[UInt8]], runs: Int, seconds: Double, clock: BenchClock, _ work: ([UInt8]) -> Int) -> Measurement {
        indexed(pages, runs: runs, seconds: seconds, clock: clock) { work(pages[$0]) }
    }

    /// Runs `work(i)` for every page index, pass after pass, until `seconds` have elapsed.
    static func indexed(_ pages: [[UInt8]], runs: Int, seconds: Double, clock: BenchClock, _ work: (Int) -> Int) -> Measurement {
        let bytes = pages.reduce(0) { $0 + $1.count }
        var sink = 0
        for index in pages.indices { sink &+= work(index) }  // warm-up
        var mbps: [Double] = [], pagesPerSecond: [Double] = []
        for _ in 0..<runs {
            var passes = 0
            let start = clock.now()
            var elapsed = 0.0
            repeat {
                for index in pages.indices { sink &+= work(index) }
                passes += 1
                elapsed = clock.now() - start
            } while elapsed < seconds
            mbps.append(Double(bytes * passes) / elapsed / 1e6)
            pagesPerSecond.append(Double(pages.count * passes) / elapsed)
        }
        if sink == .min { print("") }  // keeps the work observable to the optimizer
        return Measurement(bytesPerPass: bytes, pagesPerPass: pages.count, mbps: mbps, pagesPerSecond: pagesPerSecond)
    }

    func row(_ name: String) -> String {
        let spread = String(format: "%.1f–%.1f", mbps.min() ?? 0, mbps.max() ?? 0)
        return name.padding(toLength: 24, withPad: " ", startingAt: 0)
            + String(format: "%9.1f MB/s (runs %@)  %10.0f pages/s", medianMBps, spread, Self.median(pagesPerSecond))
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
