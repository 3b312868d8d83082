#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What `/proc` says about a process: CPU time (all threads), peak and current RSS, and
/// context switches summed over its threads (each one is a sleep/wake: an idle daemon
/// that polls shows them even when its CPU time rounds to zero).
struct ProcessSample {
    /// utime + stime of the whole process, seconds.
    var cpuSeconds: Double
    /// VmHWM: the peak resident set, bytes.
    var peakRSS: Int
    /// VmRSS: the resident set now, bytes.
    var rss: Int
    var voluntarySwitches: Int
    var involuntarySwitches: Int
    var threads: Int
    /// Per live thread: time on a CPU (/proc/PID/task/TID/schedstat, ns: exact enough for
    /// an idle daemon, where stat's 10 ms clock ticks round to zero) and context switches.
    var perThread: [String: (cpuNanoseconds: Double, switches: Int)] = [:]

    /// CPU nanoseconds and context switches since `earlier`, thread by thread: a thread
    /// born since counts whole; one that exited since is left out (sums of the live threads
    /// alone would go down when a pool thread exits).
    func since(_ earlier: ProcessSample) -> (cpuSeconds: Double, switches: Int) {
        var ns = 0.0, switches = 0
        for (tid, now) in perThread {
            let before = earlier.perThread[tid] ?? (0, 0)
            ns += max(0, now.cpuNanoseconds - before.cpuNanoseconds)
            switches += max(0, now.switches - before.switches)
        }
        return (ns / 1e9, switches)
    }

    /// CPU seconds since `earlier` of the thread that used the most: under load, the
    /// store's single writer — the serial part of the pipeline, whatever the core count.
    func busiestThread(since earlier: ProcessSample) -> Double {
        perThread.map { tid, now in max(0, now.cpuNanoseconds - (earlier.perThread[tid]?.cpuNanoseconds ?? 0)) }
            .max().map { $0 / 1e9 } ?? 0
    }

    static func read(pid: pid_t) -> ProcessSample? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after "(comm)": state is field 3; utime, stime are fields 14, 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let utime = Double(fields[11]), let stime = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var sample = ProcessSample(cpuSeconds: (utime + stime) / ticks, peakRSS: 0, rss: 0,
                                   voluntarySwitches: 0, involuntarySwitches: 0, threads: 0)
        sample.peakRSS = kilobytes(status, "VmHWM:") * 1024
        sample.rss = kilobytes(status, "VmRSS:") * 1024
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        sample.threads = tasks.count
        for task in tasks {
            // schedstat: nanoseconds on a CPU (exact, unlike stat's 10 ms ticks).
            var ns = 0.0
            if let sched = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8) {
                ns = Double(sched.split(separator: " ").first ?? "") ?? 0
            }
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/status", encoding: .utf8) else { continue }
            let voluntary = kilobytes(text, "voluntary_ctxt_switches:")
            let involuntary = kilobytes(text, "nonvoluntary_ctxt_switches:")
            sample.voluntarySwitches += voluntary
            sample.involuntarySwitches += involuntary
            sample.perThread[task] = (ns, voluntary + involuntary)
        }
        return sample
    }

    /// The number after `key` on its line (`VmHWM:   12345 kB` → 12345).
    private static func kilobytes(_ text: String, _ key: String) -> Int {
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            return Int(line.dropFirst(key.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
        }
        return 0
    }
}

/// A monotonic timestamp in seconds (CLOCK_MONOTONIC), comparable across threads.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Sleeps until the monotonic time `deadline` (seconds), without drift.
func sleepUntil(_ deadline: Double) {
    var ts = timespec(tv_sec: Int(deadline), tv_nsec: Int((deadline - deadline.rounded(.down)) * 1e9))
    while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil) == EINTR {}
}

/// This process's CPU time so far (user + system, all threads), seconds.
func processCPUSeconds() -> Double { cpuSeconds(RUSAGE_SELF) }

/// The CPU time (user + system) of this process's children that have exited and been
/// waited for: a child's whole CPU time is the difference around its run.
func childrenCPUSeconds() -> Double { cpuSeconds(RUSAGE_CHILDREN) }

private func cpuSeconds(_ who: __rusage_who) -> Double {
    var usage = rusage()
    getrusage(who.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}
