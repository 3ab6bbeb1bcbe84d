import Evidence
import Foundation

/// The wall clock, read only by the CLI (the libraries take time as an explicit input).
enum CurrentTime {
    static var now: Timestamp { Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)) }
}
