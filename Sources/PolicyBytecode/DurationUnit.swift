/// The units of a duration literal (`30d`, `12h`) and their length in seconds, shared by the
/// compiler (literals) and the runtime (duration `param`s in a parameters file).
public enum DurationUnit {
    /// Seconds per unit: `s` 1, `m` 60, `h` 3600, `d` 86 400, `w` 604 800; `nil` for another
    /// letter.
    public static func seconds(per unit: Character) -> Int64? {
        switch unit {
        case "s": return 1
        case "m": return 60
        case "h": return 3600
        case "d": return 86_400
        case "w": return 604_800
        default: return nil
        }
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
