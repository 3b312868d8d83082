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
            abstract: "Validate a configuration file (exit 0 when valid; every error is listed with its key and line).",
            discussion: "With no path it checks the file `gazette serve` would read: \(DaemonOptions.defaultConfigFile) "
                + "when it exists. When it does not (as after `make run`), serve runs on the built-in defaults, "
                + "which are valid: check says so and exits 0 (`gazette config print` shows them).")

        @Argument(help: "The file (default: \(DaemonOptions.defaultConfigFile) if it exists).")
        var path: String?

        func run() throws {
            guard let path = path ?? DaemonOptions.existingDefaultConfigFile else {
                print("no configuration file at \(DaemonOptions.defaultConfigFile): gazette serve runs on the built-in "
                      + "defaults, which are valid (gazette config print shows them); give a path to check another file")
                return
            }
            let problems = DaemonConfig.problems(inFile: path)
            guard !problems.isEmpty else {
                print("\(path): ok")
                return
            }
            for problem in problems { printError("\(problem)") }
            if problems.count > 1 { printError("\(path): \(problems.count) errors") }
            throw ExitCode.failure
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
