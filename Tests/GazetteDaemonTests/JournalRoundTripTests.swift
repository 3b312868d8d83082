import Foundation
@testable import GazetteDaemon
import GazetteTestSupport
import Testing

extension DaemonTests {
    /// `gazette serve --log journal` as a child; what it logged, read back with journalctl.
    @Suite("journald round trip", .enabled(if: FileManager.default.fileExists(atPath: "/run/systemd/journal/socket")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/journalctl"), "no journald listening here"))
    struct JournalRoundTripTests {
        /// The JSON entries the process `pid` sent, one dictionary per entry.
        static func entries(pid: Int32) -> [[String: Any]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/journalctl")
            process.arguments = ["-o", "json", "--no-pager", "--identifier=gazette", "_PID=\(pid)"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return [] }
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return data.split(separator: UInt8(ascii: "\n")).compactMap {
                try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]
            }
        }

        @Test("a stored page, a duplicate and a quarantined file each have their MESSAGE_ID and GAZETTE_ fields")
        func storedDuplicateQuarantined() async throws {
            try #require(FileManager.default.isExecutableFile(atPath: ServeProcessTests.binary))
            let directory = TestDirectory()
            let inbox = directory.sub("inbox")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ServeProcessTests.binary)
            process.arguments = ["serve", "--inbox", inbox, "--store", directory.sub("g.sqlite"), "--log", "journal"]
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            let pid = process.processIdentifier
            _ = await eventually { FileManager.default.fileExists(atPath: inbox) }
            try await Task.sleep(for: .milliseconds(300))
            let page = Seeds.bytes(Seeds.names[0])
            try writeInPlace(page, to: inbox + "/first.txt")
            _ = await eventually { FileManager.default.files(under: inbox).isEmpty }
            try writeInPlace(page, to: inbox + "/again.txt")
            try writeInPlace(Data(), to: inbox + "/empty.txt")
            _ = await eventually { FileManager.default.files(under: inbox).isEmpty }
            kill(pid, SIGTERM)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)

            func entry(_ event: GazetteEvent) async -> [String: Any]? {
                var found: [String: Any]?
                _ = await eventually(timeout: .seconds(10)) {
                    found = Self.entries(pid: pid).first { $0["MESSAGE_ID"] as? String == event.messageID }
                    return found != nil
                }
                return found
            }
            let stored = try #require(await entry(.fileStored))
            #expect(stored["GAZETTE_FILE"] as? String == "first.txt")
            #expect((stored["GAZETTE_SHA256"] as? String)?.count == 64)
            #expect(Int(stored["GAZETTE_ARTICLES"] as? String ?? "") ?? 0 > 0)
            #expect(stored["PRIORITY"] as? String == "6")
            let duplicate = try #require(await entry(.duplicate))
            #expect(duplicate["GAZETTE_FILE"] as? String == "again.txt")
            #expect(duplicate["GAZETTE_SHA256"] as? String == stored["GAZETTE_SHA256"] as? String)
            let quarantined = try #require(await entry(.quarantined))
            #expect(quarantined["GAZETTE_FILE"] as? String == "empty.txt")
            #expect(quarantined["GAZETTE_CODE"] as? String == "empty")
            #expect(quarantined["PRIORITY"] as? String == "4")
            #expect(await entry(.ready) != nil)
            #expect(await entry(.stopped) != nil)
        }
    }
}
