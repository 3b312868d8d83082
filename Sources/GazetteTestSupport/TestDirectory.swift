import Foundation

/// A fresh temporary directory per test, removed when the test's value goes away.
public final class TestDirectory: Sendable {
    public let path: String

    public init(_ name: String = #function) {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        path = NSTemporaryDirectory() + "gazette-daemon-\(safe)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeAll(atPath: path)
    }

    public var url: URL { URL(fileURLWithPath: path) }

    public func sub(_ name: String) -> String { path + "/" + name }
}

extension FileManager {
    public func removeAll(atPath path: String) throws {
        try removeItem(atPath: path)
    }

    /// Regular files (and links) under `path`, relative to it, sorted; [] if absent.
    public func files(under path: String) -> [String] {
        guard let walker = enumerator(atPath: path) else { return [] }
        var found: [String] = []
        while let item = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if fileExists(atPath: path + "/" + item, isDirectory: &isDirectory), isDirectory.boolValue { continue }
            found.append(item)
        }
        return found.sorted()
    }
}

/// The seed pages of the repository.
public enum Seeds {
    public static let directory: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.path + "/seeds") { return url.path + "/seeds" }
        }
        return "seeds"
    }()

    /// The repository's root (the folder holding seeds/).
    public static var repoRoot: URL { URL(fileURLWithPath: directory).deletingLastPathComponent() }

    public static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
    }

    /// The seed pages' files, in name order.
    public static var urls: [URL] { names.map { URL(fileURLWithPath: directory + "/" + $0) } }

    public static func bytes(_ name: String) -> Data {
        (try? Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))) ?? Data()
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes.
public func eventually(timeout: Duration = .seconds(30), _ condition: () throws -> Bool) async rethrows -> Bool {
    let end = ContinuousClock.now + timeout
    while ContinuousClock.now < end {
        if try condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try condition()
}

/// Writes in place (open, write, close): the kernel reports IN_CLOSE_WRITE.
public func writeInPlace(_ data: Data, to path: String) throws {
    try data.write(to: URL(fileURLWithPath: path))
}

/// Writes under a temporary dotted name and renames in: the kernel reports IN_MOVED_TO.
public func renameIn(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".part")
    try data.write(to: temporary)
    try FileManager.default.moveItem(at: temporary, to: url)
}
