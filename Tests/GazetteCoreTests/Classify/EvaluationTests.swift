import Testing
@testable import GazetteCore

@Suite struct EvaluationTests {
    let evaluation = Evaluation(outcomes: [
        .init(gold: "a", predicted: "a", confidence: 0.95),
        .init(gold: "a", predicted: "b", confidence: 0.55),
        .init(gold: "b", predicted: "b", confidence: 0.85),
        .init(gold: "c", predicted: "other", confidence: 0.4),
    ], categories: ["a", "b", "c", "other"])

    @Test func accuracyAndMacroF1() {
        #expect(evaluation.accuracy == 0.5)
        let byId = Dictionary(uniqueKeysWithValues: evaluation.perTopic.map { ($0.id, $0) })
        #expect(byId["a"]?.precision == 1 && byId["a"]?.recall == 0.5)
        #expect(byId["b"]?.precision == 0.5 && byId["b"]?.recall == 1)
        #expect(byId["c"]?.f1 == 0)
        #expect(byId["other"] == nil, "no gold example: not averaged")
        #expect(abs(evaluation.macroF1 - (2.0 / 3 + 2.0 / 3 + 0) / 3) < 1e-12)
    }

    @Test func confusionAndCalibration() {
        #expect(evaluation.confusion[0] == [1, 1, 0, 0])
        #expect(evaluation.confusion[2] == [0, 0, 0, 1])
        let bins = evaluation.calibration(edges: [0, 0.5, 0.8, 1])
        #expect(bins.map(\.count) == [1, 1, 2])
        #expect(bins[2].accuracy == 1)
        #expect(evaluation.accuracy(atConfidence: 0.8)?.count == 2)
    }
}
