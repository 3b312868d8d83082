import Foundation
import GazetteCore

/// Reads labelled articles for `gazette train` and `gazette eval`: JSON Lines, one object per
/// line with `text`, `category` and optionally `headline` (other keys, such as `source`, are ignored).
public enum LabelledCorpus {
    public static func load(path: String) throws(ClassifierError) -> [LabelledExample] {
        let bytes = try ClassifierLoader.read(path)
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
            guard let text = record["text"] as? String, let category = record["category"] as? String else {
                throw .labelled(path: path, line: n + 1, problem: "needs string fields \"text\" and \"category\"")
            }
            examples.append(LabelledExample(text: text, headline: record["headline"] as? String, category: category))
        }
        return examples
    }
}
