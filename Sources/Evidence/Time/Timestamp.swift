/// A point in time: whole seconds since 1970-01-01T00:00:00Z (UTC), with RFC 3339
/// formatting and parsing that need no Foundation.
///
/// The one time type of Appraise: evidence and certificate validity, collateral windows,
/// the evaluation time `--at`, and time claims (`ClaimTime` is this type).
public struct Timestamp: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    /// RFC 3339 in UTC, e.g. `2026-01-01T00:00:00Z`.
    public var description: String { rfc3339 }

    /// RFC 3339 in UTC, e.g. `2026-01-01T00:00:00Z`.
    public var rfc3339: String {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let secondOfDay = secondsSinceEpoch - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let yearText =
            year >= 0 && year < 10_000 ? String(repeating: "0", count: 4 - "\(year)".count) + "\(year)" : "\(year)"
        return
            "\(yearText)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60))Z"
    }

    /// Parses an RFC 3339 date-time (`2026-01-01T00:00:00Z`, `…T00:00:00.123+02:00`);
    /// fractional seconds are truncated. Returns `nil` for anything else.
    public init?(rfc3339 text: String) {
        let u = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= u.count else { return nil }
            var value: Int64 = 0
            for c in u[range] {
                guard c >= 0x30, c <= 0x39 else { return nil }
                value = value * 10 + Int64(c - 0x30)
            }
            return value
        }
        guard u.count >= 20, u[4] == 0x2D, u[7] == 0x2D, u[10] | 0x20 == 0x74, u[13] == 0x3A, u[16] == 0x3A,
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var position = 19
        if u[position] == 0x2E {  // fractional seconds
            position += 1
            let start = position
            while position < u.count, u[position] >= 0x30, u[position] <= 0x39 { position += 1 }
            guard position > start else { return nil }
        }
        guard position < u.count else { return nil }
        var offsetSeconds: Int64 = 0
        if u[position] | 0x20 == 0x7A {
            position += 1
        } else if u[position] == 0x2B || u[position] == 0x2D {
            guard let oh = number(position + 1..<position + 3), position + 3 < u.count, u[position + 3] == 0x3A,
                let om = number(position + 4..<position + 6), oh < 24, om < 60
            else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (u[position] == 0x2D ? -1 : 1)
            position += 6
        } else {
            return nil
        }
        guard position == u.count else { return nil }
        let days = Self.days(fromCivilYear: year, month: month, day: day)
        secondsSinceEpoch = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offsetSeconds
    }

    /// The UTC time with these calendar fields, or `nil` if any is out of range.
    public init?(year: Int64, month: Int64, day: Int64, hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0) {
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day),
            (0..<24).contains(hour), (0..<60).contains(minute), (0..<61).contains(second)
        else { return nil }
        secondsSinceEpoch =
            Self.days(fromCivilYear: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60
            + min(second, 59)
    }

    /// This time moved by `seconds` (saturating at the representable range).
    public func adding(seconds: Int64) -> Timestamp {
        let (sum, overflow) = secondsSinceEpoch.addingReportingOverflow(seconds)
        return Timestamp(secondsSinceEpoch: overflow ? (seconds > 0 ? .max : .min) : sum)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible
    /// low-level date algorithms", days_from_civil).
    static func days(fromCivilYear year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of ``days(fromCivilYear:month:day:)`` (civil_from_days).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
