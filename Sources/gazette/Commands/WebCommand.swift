import ArgumentParser
import Foundation
import GazetteClassifier
import GazetteStore
import GazetteWeb
import Hummingbird
import Logging

/// `gazette web`: the reading room, a read-only web interface over the store for analysts.
struct WebCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "web", abstract: "Serve the reading room: search, articles and an overview in a browser (read-only).",
        discussion: """
            Pages: / (search), /articles/ID, /overview?days=30. JSON: /api/search, /api/articles/ID, /api/stats.
            Prometheus: /metrics. The store is opened read-only, so it runs beside the daemon.
            Listens on loopback unless told otherwise; put a reverse proxy with authentication
            in front of it before listening on another address.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("Address and port to listen on (port 0 picks a free one).", valueName: "host:port"))
    var listen = "127.0.0.1:8080"

    @Option(help: "Taxonomy TOML for the topic names (default: the built-in copy of config/taxonomy.toml).")
    var taxonomy: String?

    @Option(help: ArgumentHelp("The daemon's failed/ folder: the overview lists its *.reason.json (default: the store's failure records).", valueName: "dir"))
    var failed: String?

    func validate() throws {
        _ = try ListenAddress(listen)
    }

    func run() async throws {
        let address = try ListenAddress(listen)
        let taxonomy = try ClassifierLoader.loadTaxonomy(path: taxonomy)
        let store = try storeOptions.openStore(readOnly: true)
        // Every reader of a SQLite file memory-mapped, with a larger cache: a search reads
        // thousands of index pages (see ReaderTuning.server).
        if let file = store as? GazetteStore { try file.tuneReaders() }
        try await serve(store, address: address, topics: TopicNames(taxonomy: taxonomy))
    }

    /// Serves the reading room over a store of either kind.
    private func serve(_ store: some ReadingRoomStore, address: ListenAddress, topics: TopicNames) async throws {
        let room = ReadingRoom(store: store, topics: topics, failedDirectory: failed)
        var logger = Logger(label: "gazette-web")
        logger.logLevel = .notice
        if !address.isLoopback {
            logger.warning("listening on \(address.host), not loopback: anyone who can reach it reads the store")
        }
        let app = Application(
            router: room.router(),
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "gazette"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? address.port
                let host = address.host.contains(":") ? "[\(address.host)]" : address.host
                // One line on stdout, read by scripts that start it on port 0.
                Output.line("gazette web: listening on http://\(host):\(port)/ (store \(store.location), read-only)")
            },
            logger: logger)
        try await app.runService()
    }
}

/// `127.0.0.1:8080`, `localhost:8080`, `[::1]:8080` or `0.0.0.0:8080`.
struct ListenAddress {
    var host: String
    var port: Int

    init(_ text: String) throws {
        let hostPart: Substring, portPart: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw ValidationError("--listen \(text): expected [ADDRESS]:PORT, e.g. [::1]:8080") }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw ValidationError("--listen \(text): expected HOST:PORT, e.g. 127.0.0.1:8080 (IPv6 in brackets: [::1]:8080)")
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard !hostPart.isEmpty, let port = Int(portPart), (0...65_535).contains(port) else {
            throw ValidationError("--listen \(text): expected HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:8080")
        }
        host = String(hostPart)
        self.port = port
    }

    var isLoopback: Bool { host == "localhost" || host == "::1" || host.hasPrefix("127.") }
}
