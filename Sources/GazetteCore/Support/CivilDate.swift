/// Day numbers and Gregorian dates by arithmetic, where Foundation's calendar and formatters
/// cost too much per row (the store binds a date per row written, the reading room shows a
/// day per hit). One copy for both: the store's `StoredDate` and the web's day labels.
public enum CivilDate {
    /// The proleptic Gregorian date of the day `days` after 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`).
    public static func fromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `yyyy-MM-dd` of the day `days` after 1970-01-01, zero-padded (a year below 1000 as
    /// `0999`): the store's dates and the reading room's day labels both start with it.
    public static func isoDay(_ days: Int64) -> String {
        let (year, month, day) = fromDays(days)
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    /// `value` in decimal, zero-padded to `width` digits.
    public static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.utf8.count >= width ? digits : String(repeating: "0", count: width - digits.utf8.count) + digits
    }
}
