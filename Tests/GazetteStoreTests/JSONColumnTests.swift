import Foundation
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
        #expect(JSONColumn.plainScores("{\"a,b\":1}") == ["a,b": 1], "as the decoder reads it")
        #expect(JSONColumn.plainScores("{\"a\":1,\"b\":nan}") == nil)
        #expect(JSONColumn.plainScores("{\"a\": 1}") == nil, "whitespace is the decoder's")
        #expect(JSONColumn.plainScores("{\"a\":1,}") == nil)
        #expect(JSONColumn.plainScores("[1]") == nil)
    }

    @Test("the decoder-free reader of string lists agrees with the decoder on what the store writes")
    func plainStrings() throws {
        let lists: [[String]] = [
            [], [""], ["赵蝶"], ["山东省", "陕西省", "甘肃省"], ["授予\"优秀志愿服务组织\"称号", "反斜杠\\和/斜杠"],
            ["换行\n制表\t回车\r", "控制\u{01}\u{1F}字符", "补充平面 𠀀 😀 与 \u{7F}", "\u{2028}行\u{2029}"], ["a,b", "[\"]", "}{"],
        ]
        for list in lists {
            let text = JSONColumn.text(list)
            #expect(JSONColumn.plainStrings(text) == list, "\(text)")
            #expect(JSONColumn.strings(text) == list)
        }
        // Escapes another writer may use (JSONEncoder's \/, \u escapes, surrogate pairs).
        let foreign = #"["a\/b","\u00e9\u4E2D","\ud83d\ude00","\b\f"]"#
        let decoded = try JSONDecoder().decode([String].self, from: Data(foreign.utf8))
        #expect(JSONColumn.plainStrings(foreign) == decoded)
        #expect(decoded == ["a/b", "é中", "😀", "\u{08}\u{0C}"])
        // What it leaves to the decoder.
        for text in [#"["a", "b"]"#, #"["a",]"#, #"["\ud83d"]"#, #"["\x"]"#, #"["a""#, "[1]", "{}", "[\"\n\"]"] {
            #expect(JSONColumn.plainStrings(text) == nil, "\(text)")
        }
        #expect(JSONColumn.strings(#"["a", "b"]"#) == ["a", "b"])
    }
}
