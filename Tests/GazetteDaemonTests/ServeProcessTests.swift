#if canImport(Glibc)
import GazetteTestSupport
import Glibc
#endif
import Foundation
import Testing

extension DaemonTests {
    /// `gazette serve` as systemd runs it: a child process, a NOTIFY_SOCKET, a watchdog, signals.
    @Suite("gazette serve as a child process")
    struct ServeProcessTests {
        static var binary: String { ServeChild.binary }

        @Test("sd_notify: READY, STATUS, WATCHDOG, RELOADING/READY on SIGHUP, STOPPING on SIGTERM; exit 0")
        func notifySequence() async throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the gazette executable first")
            let directory = TestDirectory()
            let socket = try NotifySocket(path: directory.sub("notify.sock"))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = ["serve", "--inbox", directory.sub("inbox"), "--store", directory.sub("g.sqlite"), "--log", "stderr"]
            var environment = ProcessInfo.processInfo.environment
            environment["NOTIFY_SOCKET"] = socket.path
            environment["WATCHDOG_USEC"] = "400000"
            environment.removeValue(forKey: "WATCHDOG_PID")
            process.environment = environment
            let stderr = Pipe()
            process.standardError = stderr
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            var log: [String] = []

            #expect(socket.wait(for: { $0.contains("READY=1") }, log: &log) != nil, "\(log)")
            try writeInPlace(Seeds.bytes(Seeds.names[0]), to: directory.sub("inbox") + "/p.txt")
            #expect(socket.wait(for: { $0.contains("STATUS=stored 1 pages") }, log: &log) != nil, "\(log)")
            #expect(socket.wait(for: { $0 == "WATCHDOG=1" }, timeout: .seconds(2), log: &log) != nil, "\(log)")

            kill(process.processIdentifier, SIGHUP)
            let reloading = socket.wait(for: { $0.contains("RELOADING=1") }, log: &log)
            #expect(reloading?.contains("MONOTONIC_USEC=") == true, "\(log)")
            #expect(socket.wait(for: { $0.contains("READY=1") }, log: &log) != nil, "\(log)")

            kill(process.processIdentifier, SIGTERM)
            #expect(socket.wait(for: { $0.contains("STOPPING=1") }, log: &log) != nil, "\(log)")
            let exited = await eventually(timeout: .seconds(10)) { !process.isRunning }
            #expect(exited)
            #expect(process.terminationReason == .exit && process.terminationStatus == 0,
                    "\(String(decoding: stderr.fileHandleForReading.availableData, as: UTF8.self))")
            #expect(FileManager.default.files(under: directory.sub("inbox")).isEmpty)
        }

        @Test("a second daemon on the same store exits at once, naming the first one's PID")
        func secondDaemon() async throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary))
            let directory = TestDirectory()
            let arguments = ["serve", "--inbox", directory.sub("inbox"), "--store", directory.sub("g.sqlite"), "--log", "stderr"]
            let first = Process()
            first.executableURL = URL(fileURLWithPath: Self.binary)
            first.arguments = arguments
            first.standardError = FileHandle.nullDevice
            try first.run()
            defer { first.terminate() }
            _ = await eventually { FileManager.default.fileExists(atPath: directory.sub("g.sqlite.lock"))
                && ((try? String(contentsOfFile: directory.sub("g.sqlite.lock"), encoding: .utf8)) ?? "").contains("\(first.processIdentifier)") }

            let second = Process()
            second.executableURL = URL(fileURLWithPath: Self.binary)
            second.arguments = arguments
            let errors = Pipe()
            second.standardError = errors
            try second.run()
            second.waitUntilExit()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(second.terminationStatus != 0)
            #expect(message.contains("PID \(first.processIdentifier)"), "\(message)")
            #expect(first.isRunning)
        }
    
        /// Runs the binary, returning (status, stdout, stderr).
        static func gazette(_ arguments: [String]) throws -> (Int32, String, String) {
            try GazetteBinary.outcome(arguments)
        }

        @Test("gazette config check names the key and the line; config print shows the effective settings")
        func configCommands() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary))
            let directory = TestDirectory()
            let bad = directory.sub("bad.toml")
            try "inbox = \"/a/inbox\"\nbatch_size = -1\n".write(toFile: bad, atomically: true, encoding: .utf8)
            let (status, _, errors) = try Self.gazette(["config", "check", bad])
            #expect(status != 0)
            #expect(errors.contains("bad.toml:2: bad value -1 for 'batch_size'"), "\(errors)")

            let (printed, output, _) = try Self.gazette(["config", "print", "--config", bad.replacingOccurrences(of: "bad", with: "none"),
                                                         "--inbox", "/tmp/x/inbox", "--store", "/tmp/x/g.sqlite"])
            #expect(printed != 0, "an explicit --config that does not exist is an error")
            let (ok, shown, _) = try Self.gazette(["config", "print", "--inbox", "/tmp/x/inbox", "--store", "/tmp/x/g.sqlite"])
            #expect(ok == 0)
            #expect(shown.contains("processed = \"/tmp/x/processed\"") && shown.contains("failed = \"/tmp/x/failed\""), "\(shown)")
            #expect(output.isEmpty)
        }
    }
}
