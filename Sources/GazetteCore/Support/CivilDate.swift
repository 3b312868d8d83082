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
}
