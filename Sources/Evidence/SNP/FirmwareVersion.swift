/// A firmware version as the report records it: three bytes BUILD, MINOR, MAJOR followed by
/// one reserved byte (CURRENT_* at 0x1E8, COMMITTED_* at 0x1EC; SEV-SNP ABI spec #56860 rev 1.58,
/// Table 23).
public struct FirmwareVersion: Hashable, Sendable, CustomStringConvertible {
    public let build: UInt8
    public let minor: UInt8
    public let major: UInt8

    /// Reads BUILD, MINOR, MAJOR and the reserved byte after them.
    ///
    /// - Throws: `.truncated`, or `.reservedNotZero` for the fourth byte.
    public init(parsing reader: inout ByteReader, _ name: String) throws(EvidenceError) {
        build = try reader.readUInt8("\(name)_BUILD")
        minor = try reader.readUInt8("\(name)_MINOR")
        major = try reader.readUInt8("\(name)_MAJOR")
        try reader.readReservedZero(1, "reserved after \(name)_MAJOR")
    }

    /// `major.minor.build`, e.g. `1.55.29`.
    public var description: String { "\(major).\(minor).\(build)" }
}
