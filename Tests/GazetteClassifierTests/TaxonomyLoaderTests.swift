import Foundation
import GazetteCore
import Testing
@testable import GazetteClassifier

/// A malformed taxonomy is rejected with the line and the problem.
@Suite struct TaxonomyLoaderTests {
    static func toml(_ body: String) -> String {
        """
        [scoring]
        temperature = 1.2

        [[topic]]
        id = "healthcare-security"
        zh = "医疗保障"
        en = "Healthcare security"
        terms.3 = ["医保基金", "欺诈骗保"]

        [[topic]]
        \(body)
        """
    }

    func problem(_ source: String) -> ClassifierError? {
        do {
            _ = try TaxonomyLoader.parse(source, path: "t.toml")
            return nil
        } catch {
            return error
        }
    }

    @Test func validFileParses() throws {
        let taxonomy = try TaxonomyLoader.parse(Self.toml("id = \"agriculture\"\nzh = \"农业农村\"\nen = \"Agriculture\"\nterms.2 = [\"水稻\"]\nterms.\"0.5\" = [\"农户\"]\npatterns.1 = [\"亩产.{0,4}斤\"]"))
        #expect(taxonomy.topicIDs == ["healthcare-security", "agriculture"])
        #expect(taxonomy.scoring.temperature == 1.2)
        #expect(taxonomy.topics[1].terms.contains(WeightedTerm("农户", weight: 0.5)))
        #expect(taxonomy.topics[1].patterns == [WeightedPattern("亩产.{0,4}斤", weight: 1)])
    }

    @Test func syntaxErrorNamesTheLine() {
        let error = problem(Self.toml("id = \"agriculture\"\nzh = \"农业农村\nen = \"Agriculture\""))
        guard case .taxonomy(_, let line, _)? = error else { Issue.record("expected a taxonomy error, got \(String(describing: error))"); return }
        #expect(line == 12)
        #expect(error!.description.hasPrefix("taxonomy t.toml line 12:"))
    }

    @Test(arguments: [
        ("id = \"sports\"\nzh = \"体育\"\nen = \"Sports\"\nterms.1 = [\"比赛\"]", 11, "unknown topic id \"sports\""),
        ("id = \"agriculture\"\nzh = \"农业农村\"\nen = \"Agriculture\"\nterms.2 = [\"水稻\", \"\"]", 14, "empty term"),
        ("id = \"agriculture\"\nzh = \"农业农村\"\nen = \"Agriculture\"\nterms.2 = [\"水稻\", \"虾\"]", 14, "single character"),
        ("id = \"agriculture\"\nzh = \"农业农村\"\nen = \"Agriculture\"\nterms.heavy = [\"水稻\"]", 14, "bad weight \"heavy\""),
        ("id = \"agriculture\"\nzh = \"农业农村\"\nen = \"Agriculture\"\nterms.0 = [\"水稻\"]", 14, "bad weight \"0\""),
        ("id = \"agriculture\"\nzh = \"农业农村\"\nen = \"Agriculture\"\nterms.2 = [\"水稻\"]\npatterns.1 = [\"亩产(\"]", 15, "not a valid regular expression"),
        ("id = \"agriculture\"\nzh = \"农业农村\"\nen = \"Agriculture\"", 11, "has no terms"),
        ("id = \"healthcare-security\"\nzh = \"医疗保障\"\nen = \"x\"\nterms.1 = [\"医保\"]", 11, "defined twice"),
        ("id = \"agriculture\"\nzh = \"农业农村\"\nen = \"Agriculture\"\nterms.2 = [\"水稻\"]\nterms.1 = [\"水稻\"]", 14, "listed twice"),
    ] as [(String, Int, String)])
    func ruleViolationsNameTheLineAndTheProblem(body: String, line: Int, message: String) {
        let error = problem(Self.toml(body))
        guard case .taxonomy(_, let at, let text)? = error else { Issue.record("expected a taxonomy error, got \(String(describing: error))"); return }
        #expect(at == line, "\(text)")
        #expect(text.contains(message), "\(text)")
    }

    @Test func unknownScoringKeyIsNamed() {
        let error = problem("[scoring]\ntemprature = 1\n\n[[topic]]\nid = \"other\"\nzh = \"其他\"\nen = \"Other\"")
        #expect(error?.description.contains("line 2") == true)
        #expect(error?.description.contains("temprature") == true)
    }

    @Test func labelledLinesAreCheckedWithTheirLineNumber() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-labelled-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("l.jsonl")
        try "{\"text\": \"医保基金\", \"category\": \"healthcare-security\"}\n\n{\"text\": \"x\"}\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ClassifierError.labelled(path: file.path, line: 3, problem: "needs string fields \"text\" and \"category\" (or \"topic\")")) {
            try LabelledCorpus.load(path: file.path)
        }
    }
}
