import Foundation
import GRDB

/// How the full-text index is laid out on disk: FTS5 keeps it as segments on levels, each
/// commit adding a segment on level 0 and merges moving segments up (see
/// `StoreSchema.SearchMerge`). Read from the index's structure record: the daemon's merges
/// while its inbox is quiet are chosen on it (`quietMerge`), and benchmarks wait on it.
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

    /// Whether a merge was begun and not finished: the next commits, or the daemon's quiet
    /// steps, continue it.
    public var mergeInProgress: Bool { levels.contains { $0.merging > 0 } }
    public var segments: Int { levels.reduce(0) { $0 + $1.segments } }
}

extension GazetteStore {
    /// Leaf pages one quiet merge step may write (~1 MB): a file arriving during a step
    /// waits for it — tens of milliseconds on recent segments, ~130 ms on the old segments
    /// of the million-page store, read back from disk.
    public static let searchMergeStep = 256

    /// One step of merging the full-text index while the daemon's inbox is quiet, in its
    /// own short transaction: the merge `SearchIndexShape.quietMerge` picks, about `pages`
    /// leaf pages of it. True when there was work (FTS5 changes at least two rows then).
    ///
    /// Why: FTS5 merges inside commits (`automerge`), so a commit pays for the merges
    /// earlier commits — or a `gazette import` — left unfinished, and a burst that brings a
    /// level to 16 segments pays for merging that whole level; over a store built by an
    /// import, merges of its large segments, read back from disk. Merges taken while no file
    /// comes leave the next burst little but its own small ones.
    ///
    /// FTS5's 'merge' command continues a merge under way, or else merges the level with
    /// the most segments if it holds at least `usermerge`: set here, in the step's
    /// transaction, to what the policy chose (only these steps read that setting).
    public func mergeSearchIndex(pages: Int = searchMergeStep,
                                 maxLeaves: Int = SearchIndexShape.quietMergeMaxLeaves) async throws(StoreError) -> Bool {
        let pages = max(1, pages)
        return try await write { db in
            // A structure this code cannot read (a newer SQLite's): only a merge under way
            // is continued, at the automerge setting no level is begun early.
            let minimum: Int
            if let shape = try SearchIndexShape.read(db) {
                guard let chosen = shape.quietMerge(maxLeaves: maxLeaves) else { return false }
                minimum = chosen
            } else {
                minimum = StoreSchema.SearchMerge.automerge
            }
            try db.execute(sql: "INSERT INTO search_text(search_text, rank) VALUES('usermerge', ?)", arguments: [minimum])
            let before = db.totalChangesCount
            try db.execute(sql: "INSERT INTO search_text(search_text, rank) VALUES('merge', ?)", arguments: [pages])
            return db.totalChangesCount - before >= 2
        }
    }

    /// The index's levels now; nil when its structure record is in a format this code does
    /// not know (a newer SQLite's), which only tests and benchmarks need.
    public func searchIndexShape() throws(StoreError) -> SearchIndexShape? {
        try read { db in try SearchIndexShape.read(db) }
    }
}

extension SearchIndexShape {
    /// The fewest segments on a level that a quiet daemon merges (FTS5's own default for
    /// 'merge'; its commits wait for 16).
    public static let quietMergeMinimum = 4
    /// A level a quiet daemon begins to merge early is at most this large — 262,144 leaf
    /// pages, ~1 GB, about 1,000 steps — or else at most a quarter of the whole index
    /// (`quietMerge`). What that leaves to FTS5 is the level that holds most of the index
    /// (the million-page store's level 2: 24 GB of an import's segments, 94 % of it), which
    /// FTS5 merges once it reaches 16 segments; a merge under way is continued whatever its
    /// size.
    public static let quietMergeMaxLeaves = 1 << 18

    /// What a merge step taken while the inbox is quiet should do: nil when nothing, else
    /// the `usermerge` to run FTS5's 'merge' with. A merge under way is continued (FTS5
    /// takes it first, whatever `usermerge`); otherwise the level FTS5 would pick — the one
    /// with the most segments, the lowest on a tie — is begun early when it holds at least
    /// `quietMergeMinimum` segments and is small: at most `maxLeaves` leaf pages, or at most
    /// a quarter of the index's. So bursts rarely bring a level to the 16 segments that
    /// make a commit merge all of it — after an import into the million-page store, its
    /// level 1 held 1.4 GB of the import's segments, and the burst that brought it to 16
    /// went at 87 % of the empty store's rate instead of 97 %.
    public func quietMerge(maxLeaves: Int = quietMergeMaxLeaves) -> Int? {
        if mergeInProgress { return StoreSchema.SearchMerge.automerge }
        var best: Level?
        for level in levels where level.segments > (best?.segments ?? 0) { best = level }
        guard let best, best.segments >= Self.quietMergeMinimum else { return nil }
        let total = levels.reduce(0) { $0 + $1.leaves }
        guard best.leaves <= maxLeaves || best.leaves * 4 <= total else { return nil }
        return Self.quietMergeMinimum
    }

    /// Whether a quiet daemon would find nothing to merge.
    public var isSettled: Bool { quietMerge() == nil }

    /// The shape of `search_text` as `db` sees it: its structure record, row 10 of the
    /// index's data table (FTS5_STRUCTURE_ROWID).
    static func read(_ db: Database) throws -> SearchIndexShape? {
        try Data.fetchOne(db, sql: "SELECT block FROM search_text_data WHERE id = 10")
            .flatMap { SearchIndexShape(structure: [UInt8]($0)) }
    }

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
