/// A firmware version as the report records it: three bytes BUILD, MINOR, MAJOR followed by
/// one reserved byte (CURRENT_* at 0x1E8, COMMITTED_* at 0x1EC; SEV-SNP ABI spec #56860 rev 1.58,
/// Table 23).
public struct FirmwareVersion: Hashable, Sendable, CustomStringConvertible {
    public let build: UInt8
    public let minor: UInt8
    public let major: UInt8

    /// Which of the report's two versions is read (their field names differ).
    public enum Field: Sendable {
        /// CURRENT_BUILD, CURRENT_MINOR, CURRENT_MAJOR at 0x1E8.
        case current
        /// COMMITTED_BUILD, COMMITTED_MINOR, COMMITTED_MAJOR at 0x1EC.
        case committed
    }

    /// Reads BUILD, MINOR, MAJOR and the reserved byte after them.
    ///
    /// - Throws: `.truncated`, or `.reservedNotZero` for the fourth byte.
    public init(parsing reader: inout ByteReader, _ field: Field) throws(EvidenceError) {
        switch field {
        case .current:
            build = try reader.readUInt8("CURRENT_BUILD")
            minor = try reader.readUInt8("CURRENT_MINOR")
            major = try reader.readUInt8("CURRENT_MAJOR")
            try reader.readReservedZero(1, "reserved after CURRENT_MAJOR")
        case .committed:
            build = try reader.readUInt8("COMMITTED_BUILD")
            minor = try reader.readUInt8("COMMITTED_MINOR")
            major = try reader.readUInt8("COMMITTED_MAJOR")
            try reader.readReservedZero(1, "reserved after COMMITTED_MAJOR")
        }
    }

    /// `major.minor.build`, e.g. `1.55.29`.
    public var description: String { "\(major).\(minor).\(build)" }
}
