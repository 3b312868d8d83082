#if canImport(Glibc)
import GazetteTestSupport
import Glibc
#endif
import Foundation
@testable import GazetteDaemon
import Testing

extension DaemonTests {
    /// The store on a small tmpfs that fills up (needs root to mount).
    @Suite("Daemon: disk full", .enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    struct DaemonDiskFullTests {
        static func run(_ arguments: [String]) -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: arguments[0])
            process.arguments = Array(arguments.dropFirst())
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return -1 }
            process.waitUntilExit()
            return process.terminationStatus
        }

        @Test("the store's disk fills: files stay in the inbox, one log entry per episode, STATUS says so, and it resumes by itself")
        func diskFull() async throws {
            let directory = TestDirectory()
            let mountPoint = directory.sub("storefs")
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            try #require(Self.run(["/bin/mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mountPoint]) == 0)
            defer { _ = Self.run(["/bin/umount", "-l", mountPoint]) }

            let logs = LogCollector()
            let config = {
                var config = DaemonConfig(inbox: directory.sub("inbox"), store: mountPoint + "/gazette.sqlite")
                config.quietPeriod = .milliseconds(300)
                config.batchDelay = .milliseconds(20)
                return config
            }()
            let filler = mountPoint + "/filler"
            let daemon = try Daemon(config: config, logger: logs.logger)
            try await daemon.withRunning { daemon in
                // Fill what is left of the filesystem.
                let handle = try #require(FileHandle(forWritingAtPath: {
                    FileManager.default.createFile(atPath: filler, contents: nil)
                    return filler
                }()))
                let block = Data(repeating: 0x55, count: 64 * 1024)
                while (try? handle.write(contentsOf: block)) != nil {}
                try? handle.synchronize()
                try? handle.close()

                for (number, name) in Seeds.names.prefix(3).enumerated() {
                    try writeInPlace(Seeds.bytes(name), to: config.inbox + "/full-\(number).txt")
                }
                let stuck = await eventually { daemon.status.figures.problem != nil }
                #expect(stuck, "\(daemon.status.figures.line)")
                try await Task.sleep(for: .seconds(1.5))  // several retries
                #expect(logs.count(of: GazetteEvent.transientError.messageID) == 1, "one entry per episode")
                #expect(daemon.status.figures.line.contains("retrying"))
                #expect(FileManager.default.files(under: config.inbox).count == 3)
                #expect(FileManager.default.files(under: config.failed).isEmpty, "never quarantined for a transient reason")

                try FileManager.default.removeItem(atPath: filler)
                let resumed = await eventually(timeout: .seconds(40)) {
                    daemon.status.figures.storedPages == 3 && FileManager.default.files(under: config.inbox).isEmpty
                }
                #expect(resumed, "\(daemon.status.figures.line)")
            }
            #expect(logs.count(of: GazetteEvent.transientRecovered.messageID) == 1)
            #expect(FileManager.default.files(under: config.failed).isEmpty)
        }
    }
}
