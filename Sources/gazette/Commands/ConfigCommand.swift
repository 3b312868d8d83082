import ArgumentParser
import Foundation
import GazetteDaemon

/// `gazette config check|print`: validate a configuration, or show the one in effect.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check a configuration file, or print the effective configuration.",
        subcommands: [Check.self, Print.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file (exit 0 when valid; errors name the key and the line).")

        @Argument(help: "The file (default: \(DaemonOptions.defaultConfigFile)).")
        var path: String = DaemonOptions.defaultConfigFile

        func run() throws {
            do {
                _ = try DaemonConfig.load(file: path)
                print("\(path): ok")
            } catch {
                printError("\(error)")
                throw ExitCode.failure
            }
        }
    }

    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the effective configuration (defaults, then the file, then the flags) as TOML.")

        @OptionGroup var options: DaemonOptions

        func run() throws {
            do {
                print(try options.effectiveConfig().renderTOML(), terminator: "")
            } catch {
                printError("\(error)")
                throw ExitCode.failure
            }
        }
    }
}
