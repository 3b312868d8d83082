import Foundation

/// Runs a helper program (poppler's pdfinfo, pdftotext, pdftoppm) with a time limit: output
/// to a file, never a pipe (a full pipe would stall the child), and the child killed when
/// it runs past `timeout`, so a hostile PDF cannot hold a parse worker for ever.
enum Subprocess {
    struct Outcome {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
    }

    static func run(_ tool: String, _ arguments: [String], in directory: URL, timeout: Double) throws(OCRError) -> Outcome {
        guard let executable = locate(tool) else {
            throw .tool(name: tool, problem: "is not installed")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let outURL = directory.appendingPathComponent(".\(tool).out")
        let errURL = directory.appendingPathComponent(".\(tool).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
            defer { try? out.close(); try? err.close() }
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
        } catch {
            throw .tool(name: tool, problem: "could not be started (\(error.localizedDescription))")
        }
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if done.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                done.wait()
            }
            throw .tool(name: tool, problem: "ran past its \(Int(timeout)) s limit and was stopped")
        }
        let stdout = (try? Data(contentsOf: outURL)).map { [UInt8]($0) } ?? []
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Outcome(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    /// The tool on PATH, or in /usr/bin (the daemon's PATH may be bare).
    static func locate(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin"] {
            let candidate = folder + "/" + tool
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A new private temporary folder; the caller removes it.
    static func temporaryDirectory() throws(OCRError) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-ocr-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .tool(name: "gazette", problem: "could not make a temporary folder (\(error.localizedDescription))")
        }
        return url
    }

    /// A private temporary folder, removed with everything in it by `body`'s end.
    static func withTemporaryDirectory<R>(_ body: (URL) throws(OCRError) -> R) throws(OCRError) -> R {
        let url = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url)
    }
}
