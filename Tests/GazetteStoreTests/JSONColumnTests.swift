import Testing

@testable import GazetteStore

@Suite("JSON columns")
struct JSONColumnTests {
    @Test("scores are written with sorted keys and read back bit for bit")
    func scoresRoundTrip() {
        let scores: [String: Double] = [
            "politics": 0.1, "economy": 1.0, "other": 0, "tiny": 1e-5, "third": 1.0 / 3.0,
            "least": .leastNonzeroMagnitude, "引号\"键": 0.25,
        ]
        let text = JSONColumn.text(scores)
        #expect(text.hasPrefix("{\"economy\":1.0,\"least\":"))
        #expect(JSONColumn.scores(text) == scores)
        #expect(JSONColumn.text([String: Double]()) == "{}")
    }
}
