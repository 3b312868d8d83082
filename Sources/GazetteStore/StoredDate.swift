import GazetteCore
import Foundation
import GRDB

/// A date as the store keeps it: GRDB's own format, `yyyy-MM-dd HH:mm:ss.SSS` in UTC,
/// written by arithmetic instead of GRDB's `Date.databaseValue`.
///
/// Why: GRDB formats a `Date` with a Foundation `DateFormatter`, and the first one a
/// process makes loads ICU — its locale and time-zone data, and its code. In the daemon,
/// whose every commit binds a few dates and which otherwise never needs ICU, that was
/// 5–6 MB of its resident memory (measured over `/proc/PID/smaps`: lib_FoundationICU's pages
/// and ICU's own allocations), about a tenth of its whole RSS. The text is the same, to the
/// millisecond (rounded to the nearest, ties up, as Foundation rounds before ICU formats), so stored
/// rows do not change and GRDB reads them back as before (`StoredDateTests` compares the
/// two). Dates before the Gregorian reform (15 October 1582) differ: ICU's calendar is
/// Julian there; the store's dates are arrival and commit times.
enum StoredDate {
    /// `date` as GRDB stores it.
    static func value(_ date: Date) -> DatabaseValue {
        text(date).databaseValue
    }

    /// `yyyy-MM-dd HH:mm:ss.SSS`, UTC, to the nearest millisecond.
    static func text(_ date: Date) -> String {
        // The formatter's own computation: milliseconds since 1970 as a Double, plus half a
        // millisecond, then floored — so a tie goes up, also before 1970 (-1.5 ms is -1, not
        // -2 as `rounded()` would make it). Ties happen in binary: before 1970 a millisecond
        // count's fraction is a multiple of 1/1024, one draw in ~1,000 lands on .5.
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000 + 0.5).rounded(.down))
        let (days, millisecondOfDay) = floorDivision(milliseconds, 86_400_000)
        let seconds = millisecondOfDay / 1000
        var out = CivilDate.isoDay(days)
        out.reserveCapacity(23)
        out += " " + CivilDate.padded(seconds / 3600, 2) + ":" + CivilDate.padded(seconds / 60 % 60, 2)
        out += ":" + CivilDate.padded(seconds % 60, 2) + "." + CivilDate.padded(millisecondOfDay % 1000, 3)
        return out
    }

    /// Quotient and remainder rounded toward minus infinity (dates before 1970).
    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor - (value % divisor < 0 ? 1 : 0)
        return (quotient, value - quotient * divisor)
    }
}
