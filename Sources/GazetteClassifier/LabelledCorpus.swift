import Foundation
import GazetteCore

/// Reads labelled articles for `gazette train` and `gazette eval`: JSON Lines, one object per
/// line with `text`, `category` and optionally `headline` (other keys, such as `source`, are ignored).
/// `topic` is read as `category` and `alt_topic` as the accepted alternative, so the
/// development set's files (`topic`, `alt_topic`) are read as they are.
public enum LabelledCorpus {
    public static func load(path: String) throws(ClassifierError) -> [LabelledExample] {
        try parse(try ClassifierLoader.read(path), path: path)
    }

    /// The labelled articles shipped in `config/training/` (compiled in by `config/model/embed.sh`),
    /// which `gazette train` always learns from unless told otherwise.
    public static func shipped() throws(ClassifierError) -> [LabelledExample] {
        var examples: [LabelledExample] = []
        for (name, text) in EmbeddedDefaults.trainingJSONL {
            examples += try parse(Array(text.utf8), path: "(built-in) config/training/\(name)")
        }
        return examples
    }

    /// Drops repeated articles (same fingerprint), keeping the last: a label given later wins.
    public static func deduplicated(_ examples: [LabelledExample]) -> [LabelledExample] {
        var lastIndex: [UInt64: Int] = [:]
        let prints = examples.map(\.fingerprint)
        for (i, f) in prints.enumerated() { lastIndex[f] = i }
        return examples.indices.filter { lastIndex[prints[$0]] == $0 }.map { examples[$0] }
    }

    static func parse(_ bytes: [UInt8], path: String) throws(ClassifierError) -> [LabelledExample] {
        var examples: [LabelledExample] = []
        for (n, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            let object: Any
            do { object = try JSONSerialization.jsonObject(with: Data(line)) } catch {
                throw .labelled(path: path, line: n + 1, problem: "not a JSON object: one {\"text\": …, \"category\": …} per line")
            }
            guard let record = object as? [String: Any] else {
                throw .labelled(path: path, line: n + 1, problem: "not a JSON object")
            }
            guard let text = record["text"] as? String, let category = (record["category"] ?? record["topic"]) as? String else {
                throw .labelled(path: path, line: n + 1, problem: "needs string fields \"text\" and \"category\" (or \"topic\")")
            }
            examples.append(LabelledExample(
                text: text, headline: record["headline"] as? String, category: category,
                alternative: record["alt_topic"] as? String))
        }
        return examples
    }
}
