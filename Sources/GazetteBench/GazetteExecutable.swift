import Foundation

/// The `gazette` executable the benchmarks run as a child (`serve` for the daemon parts,
/// `import` for the import part): the one SwiftPM built beside this gazette-bench
/// (`.build/release/`), or `$GAZETTE_BIN` to measure another build or an installed one.
/// The benchmarks live outside the shipped binary, so they measure it as a user runs it.
enum GazetteExecutable {
    static var url: URL {
        if let path = ProcessInfo.processInfo.environment["GAZETTE_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("gazette")
    }
}
