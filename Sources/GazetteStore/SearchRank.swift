import Foundation
import GRDB
import GRDBSQLite

/// `gazette_rank(search_text, w_headline, w_subtitle, w_kicker, w_body, w_names [, best])`:
/// FTS5's bm25 with the column weights, computed from the row alone, without the inverse
/// document frequency.
///
/// Why not bm25 itself: bm25 first counts, for every phrase of the query, all the rows
/// that phrase matches in the whole table (its IDF) — a full doclist walk with position
/// checks, ~45 ms for 医保基金 at 300,000 articles, growing with the store, even when
/// only the newest few thousand matches are ranked. Without it the ranking of a one-term
/// query is the same as bm25's (its IDF is one constant factor); between several terms,
/// each counts equally instead of the rarer one counting more.
///
/// `best`, when given, is how many of the best-ranked rows the query keeps (its `LIMIT`
/// after `ORDER BY rank`). A row that provably cannot be among them is not ranked: it gets
/// 0, after every ranked row (ranks are negative), so the query's answer is the same. The
/// proof is an upper bound of the row's score from its matches alone — the score grows as
/// the row's size shrinks, and the row is at least as long as its last match — below the
/// `best`-th score seen so far. Reading a row's size (xColumnSize, a lookup in
/// `search_text_docsize` through a statement) is two thirds of the ranking's cost; most
/// matches of a common word are a single mention in the body, which the articles that name
/// it in the headline outrank, so most lookups are skipped.
enum SearchRank {
    static let name = "gazette_rank"

    /// Registers the function on one connection (every connection of the pool).
    static func register(_ db: Database) throws {
        let api = FTS5.api(db)
        guard let create = api.pointee.xCreateFunction else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "FTS5 has no xCreateFunction")
        }
        let code = create(UnsafeMutablePointer(mutating: api), name, nil, rank, nil)
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot register \(name)")
        }
    }
}

/// bm25's k1 and b, as FTS5 has them.
private let k1 = 1.2
private let b = 0.75

private let rank: fts5_extension_function = { api, fts, context, argumentCount, arguments in
    guard let api = api?.pointee, let fts else { return }
    let columns = Int(api.xColumnCount(fts))
    let phrases = Int(api.xPhraseCount(fts))
    var instances: Int32 = 0
    guard let state = RankState.of(api, fts, best: bestArgument(columns, argumentCount, arguments)),
        api.xInstCount(fts, &instances) == SQLITE_OK
    else {
        sqlite3_result_error(context, "gazette_rank: cannot read the match", -1)
        return
    }
    let row = api.xRowid(fts)
    // The same row asked twice (a query may evaluate the expression again): the same answer,
    // and its score is not counted twice among the best.
    if row == state.lastRow, let last = state.lastRank {
        sqlite3_result_double(context, last)
        return
    }
    withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, phrases)) { frequency in
        frequency.initialize(repeating: 0)
        // The row's size is at least the sum over its columns of the end of the last match.
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(1, columns)) { extent in
            extent.initialize(repeating: 0)
            for index in 0..<instances {
                var phrase: Int32 = 0
                var column: Int32 = 0
                var offset: Int32 = 0
                guard api.xInst(fts, index, &phrase, &column, &offset) == SQLITE_OK, Int(phrase) < phrases else { continue }
                var weight = 1.0
                if Int(column) < Int(argumentCount), Int(column) < columns, let arguments, let value = arguments[Int(column)] {
                    weight = sqlite3_value_double(value)
                }
                frequency[Int(phrase)] += weight
                if Int(column) < columns { extent[Int(column)] = max(extent[Int(column)], offset + 1) }
            }
            let lowerSize = extent.reduce(0) { $0 + Double($1) }
            if let threshold = state.threshold, score(frequency, size: lowerSize, average: state.average) < threshold {
                state.remember(row, rank: 0)
                sqlite3_result_double(context, 0)
                return
            }
            var documentSize: Int32 = 0
            guard api.xColumnSize(fts, -1, &documentSize) == SQLITE_OK else {
                sqlite3_result_error(context, "gazette_rank: cannot read the row's size", -1)
                return
            }
            let value = score(frequency, size: Double(documentSize), average: state.average)
            state.ranked(value)
            state.remember(row, rank: -value)
            sqlite3_result_double(context, -value)
        }
    }
}

/// bm25's sum over the phrases for a row of `size` tokens (without IDF).
@inline(__always)
private func score(_ frequency: UnsafeMutableBufferPointer<Double>, size: Double, average: Double) -> Double {
    let norm = k1 * (1 - b + b * size / average)
    var score = 0.0
    for f in frequency { score += f * (k1 + 1) / (f + norm) }
    return score
}

/// The optional argument after the column weights: how many best rows the query keeps.
private func bestArgument(_ columns: Int, _ count: Int32, _ arguments: UnsafeMutablePointer<OpaquePointer?>?) -> Int? {
    guard Int(count) > columns, let arguments, let value = arguments[columns],
        sqlite3_value_type(value) == SQLITE_INTEGER
    else { return nil }
    let best = sqlite3_value_int64(value)
    return best > 0 ? Int(best) : nil
}

/// What one query's ranking keeps between rows, as FTS5's auxiliary data of the query
/// (dropped with its cursor): the average row size — FTS5 re-reads its averages record on
/// every `xRowCount` and `xColumnTotalSize`, which was a third of the ranking's cost — and
/// the best scores so far (a min-heap of at most `best`).
private final class RankState {
    let average: Double
    let best: Int?
    private var heap: [Double] = []
    var lastRow: Int64 = .min
    var lastRank: Double?

    init(average: Double, best: Int?) {
        self.average = average
        self.best = best
        if let best { heap.reserveCapacity(best) }
    }

    static func of(_ api: Fts5ExtensionApi, _ fts: OpaquePointer, best: Int?) -> RankState? {
        if let kept = api.xGetAuxdata(fts, 0) { return Unmanaged<RankState>.fromOpaque(kept).takeUnretainedValue() }
        var rows: Int64 = 0
        var totalSize: Int64 = 0
        guard api.xRowCount(fts, &rows) == SQLITE_OK, api.xColumnTotalSize(fts, -1, &totalSize) == SQLITE_OK else {
            return nil
        }
        let state = RankState(average: rows > 0 ? max(1, Double(totalSize) / Double(rows)) : 1, best: best)
        // FTS5 releases it when the query ends (or at once if it cannot keep it).
        let code = api.xSetAuxdata(fts, Unmanaged.passRetained(state).toOpaque()) { pointer in
            if let pointer { Unmanaged<RankState>.fromOpaque(pointer).release() }
        }
        return code == SQLITE_OK ? state : nil
    }

    /// The score a row must reach to be among the best kept: the `best`-th best so far.
    var threshold: Double? {
        guard let best, heap.count >= best else { return nil }
        return heap[0]
    }

    func remember(_ row: Int64, rank: Double) {
        lastRow = row
        lastRank = rank
    }

    /// Counts a ranked row's score among the best so far.
    func ranked(_ score: Double) {
        guard let best else { return }
        if heap.count < best {
            heap.append(score)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard heap[child] < heap[parent] else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        } else if score > heap[0] {
            heap[0] = score
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, heap[left] < heap[smallest] { smallest = left }
                if right < heap.count, heap[right] < heap[smallest] { smallest = right }
                guard smallest != parent else { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }
}
