import Foundation

/// The built `gazette` executable (or `gazette-bench`), found next to the test bundle
/// (SwiftPM puts them all in `.build/<triple>/debug/`), run as a real child process.
public enum GazetteBinary {
    public static var url: URL? { url(named: "gazette") }

    public static func url(named name: String) -> URL? {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent(name)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// `run`'s result as (status, stdout, stderr), for a test that destructures it.
    public static func outcome(_ arguments: [String]) throws -> (Int32, String, String) {
        let result = try run(arguments)
        return (result.status, result.stdout, result.stderr)
    }

    /// Runs `gazette arguments...` (or another of the package's executables) to completion.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil, binary: String = "gazette"
    ) throws -> Result {
        guard let url = url(named: binary) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "\(binary) binary next to the tests"])
        }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
