import Foundation
import GRDB

/// How the full-text index is laid out on disk: FTS5 keeps it as segments on levels, each
/// commit adding a segment on level 0 and merges moving segments up (see
/// `StoreSchema.SearchMerge`). Read from the index's structure record, for tests and
/// benchmarks that must know whether a merge is under way.
public struct SearchIndexShape: Sendable, Equatable {
    public struct Level: Sendable, Equatable {
        /// Segments on this level.
        public var segments: Int
        /// Of those, how many an unfinished incremental merge is combining (0: none).
        public var merging: Int
        /// Leaf pages (about 4 KB each) of all its segments.
        public var leaves: Int
    }

    public var levels: [Level]

    /// Whether a merge was begun and not finished: the next commits, or the daemon's idle
    /// steps, continue it.
    public var mergeInProgress: Bool { levels.contains { $0.merging > 0 } }
    public var segments: Int { levels.reduce(0) { $0 + $1.segments } }

    /// Whether a merge step would find nothing to do: no merge under way and no level
    /// holding the `usermerge` number of segments (16) that starts one.
    public var isSettled: Bool {
        !mergeInProgress && levels.allSatisfy { $0.segments < StoreSchema.SearchMerge.automerge }
    }
}

extension GazetteStore {
    /// Leaf pages one idle merge step may write (~1 MB): a file arriving during a step waits
    /// for it, tens of milliseconds on recent segments and up to a few hundred when the
    /// segments being merged are old and must be read from disk.
    public static let searchMergeStep = 256

    /// One step of FTS5's incremental merge, in its own short transaction: continues the
    /// merge a commit began, or begins the one a commit would (a level holding
    /// `usermerge` = 16 segments), writing about `pages` leaf pages. True when it found
    /// work (FTS5 changes at least two rows then; none when there was nothing to merge).
    ///
    /// Why: FTS5 merges inside commits (`automerge`), so a commit pays for the merges
    /// earlier commits left unfinished — over a store built by `gazette import`, merges of
    /// its large segments, read back from disk. Steps taken while the inbox is quiet leave
    /// the next burst only its own merges.
    public func mergeSearchIndex(pages: Int = searchMergeStep) async throws(StoreError) -> Bool {
        let pages = max(1, pages)
        return try await write { db in
            let before = db.totalChangesCount
            try db.execute(sql: "INSERT INTO search_text(search_text, rank) VALUES('merge', ?)", arguments: [pages])
            return db.totalChangesCount - before >= 2
        }
    }

    /// The index's levels now; nil when its structure record is in a format this code does
    /// not know (a newer SQLite's), which only tests and benchmarks need.
    public func searchIndexShape() throws(StoreError) -> SearchIndexShape? {
        let record = try read { db in
            try Data.fetchOne(db, sql: "SELECT block FROM search_text_data WHERE id = 10")
        }
        return record.flatMap { SearchIndexShape(structure: [UInt8]($0)) }
    }
}

extension SearchIndexShape {
    /// Decodes FTS5's structure record (fts5_index.c, "Structure record"): a 4-byte cookie,
    /// then varints — levels, segments, the write counter, and per level the number of
    /// segments being merged and the segments (id, first and last leaf). The V2 layout
    /// (marked by FF 00 00 01 after the cookie; SQLite 3.43+) adds fields per segment.
    init?(structure bytes: [UInt8]) {
        var reader = VarintReader(bytes: bytes, offset: 4)
        let v2 = bytes.count >= 8 && bytes[4..<8].elementsEqual([0xFF, 0, 0, 1] as [UInt8])
        if v2 { reader.offset = 8 }
        guard let levelCount = reader.next(), reader.next() != nil, reader.next() != nil, levelCount < 1_000 else { return nil }
        if v2, reader.next() == nil { return nil }
        var levels: [Level] = []
        for _ in 0..<levelCount {
            guard let merging = reader.next(), let count = reader.next(), count < 100_000 else { return nil }
            var leaves = 0
            for _ in 0..<count {
                guard reader.next() != nil, let first = reader.next(), let last = reader.next(), last >= first else { return nil }
                leaves += Int(last - first + 1)
                if v2 {
                    for _ in 0..<5 {
                        guard reader.next() != nil else { return nil }
                    }
                }
            }
            levels.append(Level(segments: Int(count), merging: Int(merging), leaves: leaves))
        }
        self.levels = levels
    }
}

/// SQLite's varint (big-endian groups of 7 bits, the ninth byte whole), as FTS5 writes it.
private struct VarintReader {
    let bytes: [UInt8]
    var offset: Int

    mutating func next() -> UInt64? {
        var value: UInt64 = 0
        for index in 0..<9 {
            guard offset < bytes.count else { return nil }
            let byte = bytes[offset]
            offset += 1
            if index == 8 { return (value << 8) | UInt64(byte) }
            value = (value << 7) | UInt64(byte & 0x7F)
            if byte & 0x80 == 0 { return value }
        }
        return value
    }
}
