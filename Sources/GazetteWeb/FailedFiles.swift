import Foundation
import GazetteStore

/// The files the daemon refused, with why: read from the failed folder's `*.reason.json`
/// when the reading room is given it (`--failed DIR`: what is still waiting for the
/// operator, with advice), else from the store's failure rows (everything ever refused).
struct FailedFile: Sendable, Equatable {
    var file: String
    var code: String
    var message: String
    var advice: String?
    var at: String

    /// At most this many are shown, newest first.
    static let limit = 50
    /// A reason file larger than this is not one the daemon wrote: skipped.
    static let maxReasonBytes = 64 * 1024

    private struct Reason: Decodable {
        var file: String
        var code: String
        var message: String
        var advice: String?
        var at: String
    }

    /// The newest reason files in `directory` (by modification time). Unreadable or
    /// malformed ones are skipped: the page shows what can be shown.
    static func read(directory: String) -> [FailedFile] {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        guard let entries = try? FileManager.default.contentsOfDirectory(
            at: url, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey])
        else { return [] }
        let reasons = entries.compactMap { entry -> (URL, Date)? in
            guard entry.lastPathComponent.hasSuffix(".reason.json"),
                let values = try? entry.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey]),
                values.isRegularFile == true, (values.fileSize ?? 0) <= maxReasonBytes
            else { return nil }
            return (entry, values.contentModificationDate ?? .distantPast)
        }
        return reasons.sorted { $0.1 > $1.1 }.prefix(limit).compactMap { entry, _ in
            guard let data = try? Data(contentsOf: entry), let reason = try? JSONDecoder().decode(Reason.self, from: data)
            else { return nil }
            return FailedFile(file: reason.file, code: reason.code, message: reason.message, advice: reason.advice, at: reason.at)
        }
    }

    static func from(_ failures: [StoreStats.Failure]) -> [FailedFile] {
        failures.map { FailedFile(file: $0.name, code: $0.code, message: $0.message, advice: nil, at: Day.minute($0.at)) }
    }
}
