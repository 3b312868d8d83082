import ArgumentParser
import Foundation
import GazetteCore
import GazetteStore

/// Records an analyst's topic for an article; it wins over the classifier from then on.
struct LabelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label", abstract: "Set an article's topic by hand (reclassify never overrides it).",
        discussion: "Topics: " + Taxonomy.allIDs.joined(separator: ", "))

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The article id.")
    var id: Int64

    @Argument(help: "A topic id of the taxonomy.")
    var topic: String

    func validate() throws {
        guard Taxonomy.allIDs.contains(topic) else {
            throw ValidationError("unknown topic \"\(topic)\": use one of \(Taxonomy.allIDs.joined(separator: ", "))")
        }
    }

    func run() throws {
        let store = try storeOptions.openStore(readOnly: false)
        try store.label(articleID: id, topic: topic, at: Date())
        Output.line("article \(id): labelled \(topic)")
    }
}
