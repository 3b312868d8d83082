import Foundation

/// Where the tables go: stdout, one line at a time (unbuffered, so progress shows as it
/// happens). Progress notes go to stderr through `BenchPrinter.progress`.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
