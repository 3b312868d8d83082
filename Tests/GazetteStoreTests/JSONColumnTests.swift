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

    @Test("the decoder-free reader of scores agrees with the decoder, and leaves what it does not know to it")
    func plainScores() throws {
        let scores: [String: Double] = ["economy": 1.0, "tiny": 1e-5, "third": 1.0 / 3.0, "least": .leastNonzeroMagnitude]
        #expect(JSONColumn.plainScores(JSONColumn.text(scores)) == scores)
        #expect(JSONColumn.plainScores("{}") == [:])
        #expect(JSONColumn.plainScores(JSONColumn.text(["引号\"键": 0.25])) == nil, "an escaped key is the decoder's")
        #expect(JSONColumn.scores(JSONColumn.text(["引号\"键": 0.25])) == ["引号\"键": 0.25])
        #expect(JSONColumn.plainScores("{\"a\":null}") == nil)
        #expect(JSONColumn.scores("{\"a\":null}") == [:], "as the decoder reads it: not a score object")
        #expect(JSONColumn.plainScores("{\"a,b\":1}") == nil)
        #expect(JSONColumn.plainScores("{\"a\":1,}") == nil)
        #expect(JSONColumn.plainScores("[1]") == nil)
    }
}
