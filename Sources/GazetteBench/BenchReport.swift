import Foundation

/// One figure of the benchmark: a median with its spread over the runs, the target it is
/// read against, and (for throughput stages) how many times the SHA-256 floor it costs.
struct BenchRow: Encodable, Sendable {
    var part: String
    var metric: String
    var unit: String
    var median: Double
    /// The spread over the runs (min–max); equal to the median for a single measurement.
    var min: Double
    var max: Double
    var runs: Int
    /// The issue-7 target in words (`≥ 20`), or nil.
    var target: String?
    /// Whether the median meets the target; nil when there is no target.
    var met: Bool?
    /// The stage's time per byte over the floor's (read + sha256 of the same bytes).
    var floorMultiple: Double?
    /// The 1-minute load average when the figure was taken (the machine is shared).
    var load: Double
    var note: String?

    enum CodingKeys: String, CodingKey {
        case part, metric, unit, median, min, max, runs, target, met, load, note
        case floorMultiple = "floor_multiple"
    }

    init(_ part: String, _ metric: String, unit: String, samples: [Double], target: Target? = nil,
         floorMultiple: Double? = nil, note: String? = nil) {
        self.part = part
        self.metric = metric
        self.unit = unit
        let median = Stats.median(samples)
        self.median = median
        min = samples.min() ?? 0
        max = samples.max() ?? 0
        runs = samples.count
        self.target = target?.text
        met = target.map { $0.isMet(median) }
        self.floorMultiple = floorMultiple
        load = LoadAverage.now
        self.note = note
    }
}

/// A target of issue 7: a bound on a median.
enum Target {
    case atLeast(Double)
    case atMost(Double)
    case below(Double)

    var text: String {
        switch self {
        case .atLeast(let v): "≥ \(Stats.format(v))"
        case .atMost(let v): "≤ \(Stats.format(v))"
        case .below(let v): "< \(Stats.format(v))"
        }
    }

    func isMet(_ value: Double) -> Bool {
        switch self {
        case .atLeast(let v): value >= v
        case .atMost(let v): value <= v
        case .below(let v): value < v
        }
    }
}

enum Stats {
    static func median(_ values: [Double]) -> Double { percentile(values, 50) }

    /// Nearest-rank percentile of the exact samples (no interpolation).
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
    }

    /// Three significant figures, without exponent noise: 1234, 56.7, 0.0123.
    static func format(_ v: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 100 { return String(format: "%.0f", v) }
        if a >= 10 { return String(format: "%.1f", v) }
        if a >= 1 { return String(format: "%.2f", v) }
        return String(format: "%.3g", v)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

enum LoadAverage {
    /// The 1-minute load average (`/proc/loadavg`), 0 when unreadable.
    static var now: Double {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
              let first = text.split(separator: " ").first else { return 0 }
        return Double(first) ?? 0
    }
}

/// Prints rows as the README's markdown table, or as JSON lines.
enum BenchPrinter {
    static func table(_ rows: [BenchRow]) -> String {
        var out = "| part | figure | median | spread (min–max) | runs | target | × floor | load |\n"
        out += "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: |\n"
        for r in rows {
            let spread = r.runs > 1 ? "\(Stats.format(r.min))–\(Stats.format(r.max))" : "—"
            let target = r.target.map { "\($0) \(r.met == true ? "✅" : "❌")" } ?? ""
            let floor = r.floorMultiple.map { String(format: "%.1f×", $0) } ?? ""
            let metric = r.note.map { "\(r.metric) (\($0))" } ?? r.metric
            out += "| \(r.part) | \(metric) | \(Stats.format(r.median)) \(r.unit) | \(spread) | \(r.runs) | \(target) | \(floor) | \(String(format: "%.1f", r.load)) |\n"
        }
        return out
    }

    static func emit(_ rows: [BenchRow], json: Bool) {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for row in rows {
                if let data = try? encoder.encode(row) { Output.line(String(decoding: data, as: UTF8.self)) }
            }
        } else {
            Output.line(table(rows))
        }
    }

    /// Progress to stderr, so stdout stays the table (or JSON).
    static func progress(_ text: String) {
        FileHandle.standardError.write(Data("bench: \(text)\n".utf8))
    }
}
