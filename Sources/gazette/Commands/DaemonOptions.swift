import ArgumentParser
import Foundation
import GazetteDaemon

/// The flags `serve` and `config print` share: where the configuration is and what the
/// command line overrides in it.
struct DaemonOptions: ParsableArguments {
    static let defaultConfigFile = "/etc/gazette/gazette.toml"

    @Option(name: .long, help: "Configuration file (default: \(defaultConfigFile) when it exists, else built-in defaults).")
    var config: String?

    @Option(name: .long, help: "The drop folder (processed/ and failed/ go beside it unless configured).")
    var inbox: String?

    @Option(name: .long, help: "The store: a SQLite file or postgresql://USER@HOST/DB.")
    var store: String?

    @Option(name: .long, help: "Where stored files are moved.")
    var processed: String?

    @Option(name: .long, help: "Where refused files are moved.")
    var failed: String?

    @Option(name: .long, help: "inotify, or poll for network shares.")
    var watch: String?

    /// The file to read, if any: an explicit --config must exist; the default may not.
    var configFile: String? {
        config ?? Self.existingDefaultConfigFile
    }

    /// The default configuration file when it exists (else the built-in defaults apply).
    static var existingDefaultConfigFile: String? {
        FileManager.default.fileExists(atPath: defaultConfigFile) ? defaultConfigFile : nil
    }

    func overrides() throws(ConfigError) -> ConfigOverrides {
        var mode: DaemonConfig.WatchMode?
        if let watch {
            guard let parsed = DaemonConfig.WatchMode(rawValue: watch) else {
                throw .badFlag(flag: "--watch", value: watch, expected: "inotify or poll")
            }
            mode = parsed
        }
        return ConfigOverrides(inbox: inbox, processed: processed, failed: failed, store: store, watch: mode)
    }

    /// The effective configuration: defaults, then the file, then the flags.
    func effectiveConfig() throws(ConfigError) -> DaemonConfig {
        let base = try configFile.map { (file) throws(ConfigError) in try DaemonConfig.load(file: file) } ?? DaemonConfig()
        return try overrides().apply(to: base)
    }
}

/// Writes a line to stderr (errors a terminal user must see even when logs go to the journal).
func printError(_ message: String) {
    FileHandle.standardError.write(Data("gazette: \(message)\n".utf8))
}
