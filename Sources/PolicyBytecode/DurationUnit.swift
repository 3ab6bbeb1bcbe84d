/// The units of a duration literal (`30d`, `12h`) and their length in seconds, shared by the
/// compiler (literals) and the runtime (duration `param`s in a parameters file).
public enum DurationUnit {
    /// Seconds per unit: `s` 1, `m` 60, `h` 3600, `d` 86 400, `w` 604 800; `nil` for another
    /// letter.
    public static func seconds(per unit: Character) -> Int64? {
        switch unit {
        case "s": return second
        case "m": return minute
        case "h": return hour
        case "d": return day
        case "w": return week
        default: return nil
        }
    }

    /// Seconds per unit, named once for the readers and the writers of durations.
    public static let second: Int64 = 1
    public static let minute: Int64 = 60
    public static let hour: Int64 = 3600
    public static let day: Int64 = 86_400
    public static let week: Int64 = 604_800

    /// `seconds` as a literal in the units of POLICY-LANGUAGE.md's examples (`30d`, `12h`,
    /// `90s`): whole days, else whole hours, else seconds. The grammar's `m` and `w` are read but
    /// not written, so explanations read like the contract (`7d`, not `1w`).
    public static func literal(_ seconds: Int64) -> String {
        if seconds != 0, seconds % day == 0 { return "\(seconds / day)d" }
        if seconds != 0, seconds % hour == 0 { return "\(seconds / hour)h" }
        return "\(seconds)s"
    }

    /// Seconds in `text` (`30d` → 2 592 000), or `nil` when it is not a count and a unit or does
    /// not fit in 64-bit seconds.
    public static func seconds(in text: String) -> Int64? {
        guard let unit = text.last, let scale = seconds(per: unit), let count = Int64(text.dropLast()) else {
            return nil
        }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: scale)
        return overflow ? nil : seconds
    }
}
