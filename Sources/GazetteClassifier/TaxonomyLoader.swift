import Foundation
import GazetteCore
import TOMLKit

/// Reads `taxonomy.toml` into a `Taxonomy`, rejecting what would silently misclassify.
///
/// TOML syntax errors carry toml++'s line; for rule violations found after parsing (unknown
/// id, empty term list, bad weight, bad regex) the line is found by searching the topic's
/// section of the source for the offending text, so the operator is pointed at it either way.
public enum TaxonomyLoader {
    public static func parse(_ source: String, path: String = "taxonomy.toml") throws(ClassifierError) -> Taxonomy {
        try lastParse.value(for: path + "\u{0}" + source) { () throws(ClassifierError) in try parseText(source, path: path) }
    }

    /// The last taxonomy text parsed, and its result: a reload with an unchanged taxonomy
    /// parses nothing (TOMLKit leaks every parse, see `LastParse`).
    private static let lastParse = LastParse<Taxonomy, ClassifierError>()

    private static func parseText(_ source: String, path: String) throws(ClassifierError) -> Taxonomy {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: source)
        } catch let error as TOMLParseError {
            throw .taxonomy(path: path, line: error.source.begin.line, problem: "\(error.description): fix the TOML syntax")
        } catch {
            throw .taxonomy(path: path, line: nil, problem: "\(error)")
        }
        let lines = SourceLines(source)
        func fail(_ problem: String, near needle: String? = nil, in range: Range<Int>? = nil) -> ClassifierError {
            .taxonomy(path: path, line: needle.flatMap { lines.find($0, in: range) }, problem: problem)
        }

        for key in table.keys where key != "scoring" && key != "topic" {
            throw fail("unknown top-level key \"\(key)\": only [scoring] and [[topic]] are read", near: key)
        }
        var scoring = ScoringParameters()
        if let section = table["scoring"] {
            guard let scoringTable = section.table else { throw fail("scoring must be a table ([scoring])", near: "scoring") }
            scoring = try parseScoring(scoringTable, fail: fail)
        }
        guard let topicArray = table["topic"]?.array else {
            throw fail("no [[topic]] tables: the taxonomy needs at least one topic")
        }
        let sections = lines.sections(header: "[[topic]]")
        var topics: [Topic] = []
        var seen = Set<String>()
        for (i, value) in topicArray.enumerated() {
            let range = i < sections.count ? sections[i] : nil
            guard let t = value.table else { throw fail("topic #\(i + 1) is not a table", in: range) }
            guard let id = t["id"]?.string else {
                throw .taxonomy(path: path, line: range?.lowerBound, problem: "topic #\(i + 1) has no id = \"…\"")
            }
            guard Taxonomy.stableIDs.contains(id) || id == Taxonomy.otherID else {
                throw fail("unknown topic id \"\(id)\": ids are fixed (\((Taxonomy.stableIDs + [Taxonomy.otherID]).joined(separator: ", "))); rename it or remove the topic", near: "\"\(id)\"", in: range)
            }
            guard seen.insert(id).inserted else { throw fail("topic \"\(id)\" is defined twice; merge the two", near: "\"\(id)\"", in: range) }
            for key in t.keys where !["id", "zh", "en", "scope", "terms", "patterns"].contains(key) {
                throw fail("topic \"\(id)\": unknown key \"\(key)\" (expected id, zh, en, scope, terms, patterns)", near: key, in: range)
            }
            let zh = t["zh"]?.string ?? "", en = t["en"]?.string ?? ""
            guard !zh.isEmpty, !en.isEmpty else {
                throw fail("topic \"\(id)\" needs both names: zh = \"…\" and en = \"…\"", near: "\"\(id)\"", in: range)
            }
            let terms = try weighted(t["terms"], topic: id, kind: "terms", range: range, fail: fail).map { WeightedTerm($0.0, weight: $0.1) }
            let patterns = try weighted(t["patterns"], topic: id, kind: "patterns", range: range, fail: fail).map { WeightedPattern($0.0, weight: $0.1) }
            try check(terms: terms, patterns: patterns, topic: id, range: range, fail: fail)
            topics.append(Topic(id: id, nameZh: zh, nameEn: en, scope: t["scope"]?.string ?? "", terms: terms, patterns: patterns))
        }
        return Taxonomy(topics: topics, scoring: scoring)
    }

    private static func parseScoring(_ t: TOMLTable, fail: (String, String?, Range<Int>?) -> ClassifierError) throws(ClassifierError) -> ScoringParameters {
        var p = ScoringParameters()
        let keys: [String: WritableKeyPath<ScoringParameters, Double>] = [
            "headline_weight": \.headlineWeight, "lead_weight": \.leadWeight, "body_weight": \.bodyWeight,
            "term_cap": \.termCap, "evidence_scale": \.evidenceScale, "other_threshold": \.otherThreshold,
            "temperature": \.temperature, "model_scale": \.modelScale,
        ]
        for key in t.keys {
            guard let path = keys[key] else {
                throw fail("unknown scoring key \"\(key)\" (expected \(keys.keys.sorted().joined(separator: ", ")))", key, nil)
            }
            guard let value = t[key]?.double ?? t[key]?.int.map(Double.init), value.isFinite, value >= 0 else {
                throw fail("scoring \(key) must be a number ≥ 0", key, nil)
            }
            guard value > 0 || key == "other_threshold" || key == "model_scale" else {
                throw fail("scoring \(key) must be greater than 0", key, nil)
            }
            p[keyPath: path] = value
        }
        return p
    }

    /// `terms.3 = ["…", …]` → [(text, 3)], in file order of weights as TOMLKit returns them.
    private static func weighted(
        _ value: TOMLValueConvertible?, topic: String, kind: String, range: Range<Int>?,
        fail: (String, String?, Range<Int>?) -> ClassifierError
    ) throws(ClassifierError) -> [(String, Double)] {
        guard let value else { return [] }
        guard let table = value.table else {
            throw fail("topic \"\(topic)\": \(kind) must be grouped by weight, e.g. \(kind).2 = [\"…\"]", "\(kind)", range)
        }
        var out: [(String, Double)] = []
        for key in table.keys.sorted() {
            guard let weight = Double(key), weight.isFinite, weight > 0, weight <= 100 else {
                throw fail("topic \"\(topic)\": bad weight \"\(key)\" in \(kind).\(key): a weight is a number in (0, 100]", "\(kind).", range)
            }
            guard let array = table[key]?.array else {
                throw fail("topic \"\(topic)\": \(kind).\(key) must be a list of strings", "\(kind).", range)
            }
            for item in array {
                guard let text = item.string else {
                    throw fail("topic \"\(topic)\": \(kind).\(key) holds a non-string value", "\(kind).", range)
                }
                out.append((text, weight))
            }
        }
        return out
    }

    static func show(_ weight: Double) -> String {
        weight == weight.rounded() ? String(Int(weight)) : String(weight)
    }

    private static func check(
        terms: [WeightedTerm], patterns: [WeightedPattern], topic: String, range: Range<Int>?,
        fail: (String, String?, Range<Int>?) -> ClassifierError
    ) throws(ClassifierError) {
        if topic != Taxonomy.otherID, terms.isEmpty, patterns.isEmpty {
            throw fail("topic \"\(topic)\" has no terms: add terms.N = [\"…\"] lists, or the topic can never be chosen", "\"\(topic)\"", range)
        }
        var seen: [String: Double] = [:]
        for term in terms {
            let folded = term.text.unicodeScalars.filter { !$0.properties.isWhitespace }
            if folded.isEmpty {
                throw fail("topic \"\(topic)\": empty term \"\" in terms.\(Self.show(term.weight)): remove it", "\"\"", range)
            }
            if folded.count < 2 {
                throw fail("topic \"\(topic)\": term \"\(term.text)\" is a single character, which matches nearly everywhere: use a word of two or more characters", "\"\(term.text)\"", range)
            }
            if let other = seen[term.text] {
                throw fail("topic \"\(topic)\": term \"\(term.text)\" is listed twice (weights \(Self.show(other)) and \(Self.show(term.weight))): keep one", "\"\(term.text)\"", range)
            }
            seen[term.text] = term.weight
        }
        for pattern in patterns {
            do { _ = try NSRegularExpression(pattern: pattern.pattern) } catch {
                throw fail("topic \"\(topic)\": pattern \"\(pattern.pattern)\" is not a valid regular expression: fix or remove it", pattern.pattern, range)
            }
            if pattern.pattern.isEmpty { throw fail("topic \"\(topic)\": empty pattern: remove it", "\"\"", range) }
        }
    }
}

/// The source split into lines, for pointing errors at a line number (1-based).
struct SourceLines {
    let lines: [Substring]

    init(_ source: String) { lines = source.split(separator: "\n", omittingEmptySubsequences: false) }

    /// 1-based line of the first occurrence of `needle` in `range` (whole file when nil).
    func find(_ needle: String, in range: Range<Int>? = nil) -> Int? {
        let r = range ?? 1..<(lines.count + 1)
        for n in r where n - 1 < lines.count {
            let line = lines[n - 1]
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? line
            if code.contains(needle) || line.contains(needle) && !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                return n
            }
        }
        return nil
    }

    /// 1-based line ranges of each section starting with a `header` line.
    func sections(header: String) -> [Range<Int>] {
        let starts = lines.indices.filter { lines[$0].trimmingCharacters(in: .whitespaces) == header }.map { $0 + 1 }
        return starts.enumerated().map { i, start in start..<(i + 1 < starts.count ? starts[i + 1] : lines.count + 1) }
    }
}
