import ArgumentParser
import Foundation
import GazetteCore

/// `gazette classify [--json] FILE... | -`: one article per input, headline on its first line if any.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify articles by topic (each input is one article; `-` reads stdin).")

    @Flag(help: "One JSON line per input: file, category, confidence, scores (top 3), provinces.")
    var json = false

    @OptionGroup var options: ClassifierOptions

    @Argument(help: "Article text files, or - for standard input.")
    var files: [String]

    func run() throws {
        let classifier = try options.classifier()
        let places = PlaceFinder()
        for file in files {
            let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
            let text = String(decoding: data, as: UTF8.self)
            let (headline, paragraphs) = ArticleText.split(text)
            let result = classifier.classify(text: paragraphs.joined(separator: "\n"), headline: headline)
            let top = result.scores.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(3)
            if json {
                let provinces = places.locate(headline: headline, paragraphs: paragraphs).provinces
                let scores = top.map { "\(JSONText.string($0.key)): \(JSONText.number($0.value))" }.joined(separator: ", ")
                print("{\"file\": \(JSONText.string(file)), \"category\": \(JSONText.string(result.category)), \"confidence\": \(JSONText.number(result.confidence)), \"scores\": {\(scores)}, \"provinces\": [\(provinces.map(JSONText.string).joined(separator: ", "))]}")
            } else {
                let runners = top.dropFirst().map { "\($0.key) \(rounded($0.value))" }.joined(separator: ", ")
                print("\(file)\t\(result.category)\t\(JSONText.number(result.confidence))\t(\(runners))")
            }
        }
    }

    private func rounded(_ x: Double) -> String { String(format: "%.3f", x) }
}
