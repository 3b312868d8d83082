#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteCore

/// `gazette serve` (or any `gazette` subcommand) as a real child process, its stderr kept in
/// a file so a test can read the log lines the operator would see.
public final class ServeChild: @unchecked Sendable {
    /// The `gazette` beside the test bundle (`GazetteBinary`), else the repository's debug build.
    public static let binary: String = {
        GazetteBinary.url?.path ?? Seeds.repoRoot.path + "/.build/debug/gazette"
    }()

    public static var binaryExists: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    public let process = Process()
    public let logPath: String

    /// Starts `gazette ARGUMENTS…`; stderr is appended to `logPath`. `user` runs it as that
    /// user through `setpriv` (root only), so that file permissions apply to the daemon.
    public init(_ arguments: [String], log logPath: String, user: String? = nil, environment: [String: String] = [:]) throws {
        self.logPath = logPath
        if !FileManager.default.fileExists(atPath: logPath) {
            FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(user)", "--regid=\(user)", "--clear-groups", "--", Self.binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = arguments
        }
        var merged = ProcessInfo.processInfo.environment
        merged.removeValue(forKey: "NOTIFY_SOCKET")
        merged.removeValue(forKey: "WATCHDOG_USEC")
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        handle.seekToEndOfFile()
        process.standardError = handle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        try? handle.close()
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// SIGKILL and reap.
    public func crash() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then waits (bounded) for the exit; true when it exited 0 on its own.
    public func stop(timeout: Duration = .seconds(30)) async -> Bool {
        guard process.isRunning else { return process.terminationReason == .exit && process.terminationStatus == 0 }
        kill(process.processIdentifier, SIGTERM)
        let exited = await eventually(timeout: timeout) { !self.process.isRunning }
        if !exited { crash(); return false }
        return process.terminationReason == .exit && process.terminationStatus == 0
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
    }

    /// Runs a `gazette` subcommand to the end: exit status and stdout + stderr.
    public static func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-out-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let exited = await eventually(timeout: timeout) { !process.isRunning }
        if !exited { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? handle.close()
        return (exited ? process.terminationStatus : -1, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}

/// Test-only configuration for a child daemon: short quiet period and batch delay.
public func writeServeConfig(_ path: String, inbox: String, store: String, extra: String = "") throws {
    let text = """
    inbox = "\(inbox)"
    store = "\(store)"
    quiet_period_ms = 300
    batch_delay_ms = 20
    rescan_interval_s = 5
    \(extra)
    """
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

/// Distinct pages made by recombining the seeds' blocks (paragraph groups split at blank
/// lines) of two seeds, plus a line that makes each page's bytes unique.
public enum PageMaker {
    public static let blocks: [[String]] = Seeds.names.map { name in
        let text = String(decoding: Seeds.bytes(name), as: UTF8.self)
        return text.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    public static func page(_ number: Int) -> Data {
        let first = blocks[number % blocks.count]
        let second = blocks[(number / blocks.count + 1) % blocks.count]
        let keepFirst = max(1, first.count - (number % 3))
        let keepSecond = min(second.count, 1 + (number / 7) % max(second.count, 1))
        var parts = Array(first.prefix(keepFirst))
        parts += second.suffix(keepSecond)
        parts.append("本报讯 （记者 测试）第\(number)号稿件，编号\(number * 7919 % 100_003)。")
        return Data((parts.joined(separator: "\n\n") + "\n").utf8)
    }
}

/// The SHA-256 of bytes, as the store keys files.
public func sha256Hex(_ data: Data) -> String {
    GazetteCore.SHA256.hex(of: [UInt8](data))
}
