import ArgumentParser
import Foundation
import GazetteCore

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse", abstract: "Run the text pipeline over pages and print their articles.")

    @Flag(help: "One JSON object per file, one per line (the parse contract).")
    var json = false

    @Argument(help: "Page files to parse.")
    var files: [String]

    func run() throws {
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let page = try PageParser.parse([UInt8](data))
            print("\(file): \(page.articles.count) articles")
        }
    }
}
