#if canImport(Glibc)
import GazetteTestSupport
import Glibc
#endif
import Foundation
import GazetteStore
import Testing

/// Permission faults, with the daemon running as `nobody` (root would bypass them): an
/// unreadable file is quarantined with its reason; a read-only inbox is reported and the
/// stored pages are moved out once the inbox is writable again. The daemon stays up.
@Suite("Faults: unreadable file, read-only inbox (daemon as nobody)", .serialized)
struct PermissionFaultTests {
    static let nobody: (uid: uid_t, gid: gid_t)? = {
        guard getuid() == 0, let entry = getpwnam("nobody") else { return nil }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }()

    /// A directory tree `nobody` can use: the test folder itself must be traversable.
    static func prepare(_ directory: TestDirectory, owner: (uid: uid_t, gid: gid_t)) throws -> (inbox: String, store: String) {
        chmod(directory.path, 0o755)
        let inbox = directory.sub("inbox"), state = directory.sub("state")
        for folder in [inbox, state, directory.sub("processed"), directory.sub("failed")] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            chown(folder, owner.uid, owner.gid)
        }
        return (inbox, state + "/g.sqlite")
    }

    @Test("an unreadable file (chmod 000) is quarantined as unreadable; the others are stored",
          .timeLimit(.minutes(2)))
    func unreadable() async throws {
        guard let nobody = Self.nobody, ServeChild.binaryExists else {
            print("note: needs root (to run the daemon as nobody) and the gazette binary; skipped")
            return
        }
        let directory = TestDirectory()
        let (inbox, store) = try Self.prepare(directory, owner: nobody)
        try writeInPlace(Seeds.bytes(Seeds.names[0]), to: inbox + "/locked.txt")
        chmod(inbox + "/locked.txt", 0o000)
        try writeInPlace(Seeds.bytes(Seeds.names[1]), to: inbox + "/open.txt")
        chmod(inbox + "/open.txt", 0o644)
        let child = try ServeChild(["serve", "--inbox", inbox, "--store", store, "--log", "stderr"],
                                   log: directory.sub("serve.log"), user: "\(nobody.uid)")
        let drained = await eventually(timeout: .seconds(30)) { FileManager.default.files(under: inbox).isEmpty }
        #expect(drained, "\(child.log.suffix(3000))")
        #expect(child.isRunning)
        let reason = try? Data(contentsOf: URL(fileURLWithPath: directory.sub("failed") + "/locked.txt.reason.json"))
        let object = reason.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        #expect(object?["code"] as? String == "unreadable", "\(child.log.suffix(3000))")
        #expect(child.log.contains("locked.txt"))
        #expect(FileManager.default.files(under: directory.sub("processed")).count == 1)
        #expect(await child.stop())
    }

    @Test("a read-only inbox: pages are stored once, the problem reported, moved out when writable again",
          .timeLimit(.minutes(2)))
    func readOnlyInbox() async throws {
        guard let nobody = Self.nobody, ServeChild.binaryExists else {
            print("note: needs root (to run the daemon as nobody) and the gazette binary; skipped")
            return
        }
        let directory = TestDirectory()
        let (inbox, store) = try Self.prepare(directory, owner: nobody)
        chown(inbox, 0, 0)
        chmod(inbox, 0o755)  // nobody may read it but not move files out of it
        let child = try ServeChild(["serve", "--inbox", inbox, "--store", store, "--log", "stderr"],
                                   log: directory.sub("serve.log"), user: "\(nobody.uid)")
        #expect(await eventually { FileManager.default.fileExists(atPath: store) })
        for (index, name) in Seeds.names.prefix(3).enumerated() {
            try writeInPlace(Seeds.bytes(name), to: inbox + "/ro-\(index).txt")
        }
        // Stored but not movable: reported, retried, the daemon stays up.
        let reported = await eventually(timeout: .seconds(20)) { child.log.contains("could not be moved") || child.log.contains("ermission") }
        #expect(reported, "\(child.log.suffix(3000))")
        try await Task.sleep(for: .seconds(2))
        #expect(child.isRunning)
        #expect(FileManager.default.files(under: inbox).count == 3)
        // Writable again: the files leave the inbox, each stored exactly once.
        chown(inbox, nobody.uid, nobody.gid)
        let drained = await eventually(timeout: .seconds(60)) { FileManager.default.files(under: inbox).isEmpty }
        #expect(drained, "\(child.log.suffix(3000))")
        #expect(await child.stop())
        let files = try GazetteStore(path: store, readOnly: true).files()
        #expect(files.count == 3)
        #expect(FileManager.default.files(under: directory.sub("processed")).count == 3)
    }
}
