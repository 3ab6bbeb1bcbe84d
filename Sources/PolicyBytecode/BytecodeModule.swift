/// A compiled policy: the in-memory model of an `.apb` file (`Grammar/BYTECODE.md`).
///
/// ``BytecodeWriter`` turns it into bytes deterministically; ``BytecodeReader`` parses bytes
/// back with bounds checks and never traps. The reader checks structure only (sections,
/// lengths, tags, UTF-8, table shapes); the runtime's loader verifies semantics (operand
/// registers and kinds, table indices, jump targets, loop pairing) before the VM runs it.
public struct BytecodeModule: Hashable, Sendable {
    /// `"APB"` followed by a zero byte.
    public static let magic: [UInt8] = [0x41, 0x50, 0x42, 0x00]
    /// The format this library writes; the reader accepts the same major version.
    public static let formatMajor: UInt16 = 1
    /// 1.1 added arrays (type kinds 13 and 14, ``Opcode/inArray``); a 1.0 file is a valid 1.1 file.
    public static let formatMinor: UInt16 = 1

    public var metadata: Metadata
    public var inputs: [Input]
    public var enums: [EnumType]
    public var records: [RecordType]
    public var constants: [BytecodeValue]
    public var sets: [SetTable]
    public var regexes: [RegexAutomaton]
    public var params: [Param]
    /// The type of every register; the VM sets every register to missing before each evaluation.
    public var registers: [TypeDescriptor]
    public var code: [Instruction]
    public var checks: [Check]
    public var rules: [Rule]
    public var trusts: [Trust]
    /// Source positions and explanation sites; `nil` when compiled without debug information.
    public var debug: DebugInfo?

    public init(
        metadata: Metadata, inputs: [Input], enums: [EnumType], records: [RecordType],
        constants: [BytecodeValue], sets: [SetTable], regexes: [RegexAutomaton], params: [Param],
        registers: [TypeDescriptor], code: [Instruction], checks: [Check], rules: [Rule], trusts: [Trust],
        debug: DebugInfo?
    ) {
        self.metadata = metadata
        self.inputs = inputs
        self.enums = enums
        self.records = records
        self.constants = constants
        self.sets = sets
        self.regexes = regexes
        self.params = params
        self.registers = registers
        self.code = code
        self.checks = checks
        self.rules = rules
        self.trusts = trusts
        self.debug = debug
    }

    /// `policy "NAME" version N` and the digest of the source text.
    public struct Metadata: Hashable, Sendable {
        public var name: String
        public var version: Int64
        /// SHA-256 of the policy source bytes.
        public var sourceDigest: [UInt8]

        public init(name: String, version: Int64, sourceDigest: [UInt8]) {
            self.name = name
            self.version = version
            self.sourceDigest = sourceDigest
        }
    }

    /// `input NAME: KIND` with the claim schema it was compiled against.
    public struct Input: Hashable, Sendable {
        public var name: String
        public var kind: String
        public var schemaVersion: Int64
        /// SHA-256 of the schema's canonical description (`ClaimSchema.fingerprint`).
        public var schemaFingerprint: [UInt8]

        public init(name: String, kind: String, schemaVersion: Int64, schemaFingerprint: [UInt8]) {
            self.name = name
            self.kind = kind
            self.schemaVersion = schemaVersion
            self.schemaFingerprint = schemaFingerprint
        }
    }

    /// An enum from a claim schema: values are case indices.
    public struct EnumType: Hashable, Sendable {
        public var name: String
        public var cases: [String]

        public init(name: String, cases: [String]) {
            self.name = name
            self.cases = cases
        }
    }

    /// The element shape of a list claim.
    public struct RecordType: Hashable, Sendable {
        public var name: String
        public var fields: [Field]

        public struct Field: Hashable, Sendable {
            public var name: String
            public var type: TypeDescriptor

            public init(name: String, type: TypeDescriptor) {
                self.name = name
                self.type = type
            }
        }

        public init(name: String, fields: [Field]) {
            self.name = name
            self.fields = fields
        }
    }

    /// `param NAME: TYPE`, bound by the loader (from JSON) before evaluation.
    public struct Param: Hashable, Sendable {
        public var name: String
        public var type: TypeDescriptor

        public init(name: String, type: TypeDescriptor) {
            self.name = name
            self.type = type
        }
    }

    /// `check NAME "MESSAGE": EXPR`.
    public struct Check: Hashable, Sendable {
        public var name: String
        public var message: String
        public var span: Span
        public var flags: CheckFlags
        /// The instructions that compute the check, `codeStart..<codeEnd` (the `check`
        /// instruction is the last one).
        public var codeStart: UInt32
        public var codeEnd: UInt32

        public init(name: String, message: String, span: Span, flags: CheckFlags, codeStart: UInt32, codeEnd: UInt32) {
            self.name = name
            self.message = message
            self.span = span
            self.flags = flags
            self.codeStart = codeStart
            self.codeEnd = codeEnd
        }
    }

    /// `allow if EXPR` or `deny "MESSAGE" if EXPR`.
    public struct Rule: Hashable, Sendable {
        public enum Kind: UInt8, Hashable, Sendable {
            case allow = 0
            case deny = 1
        }

        public var kind: Kind
        /// Empty for `allow`.
        public var message: String
        public var span: Span

        public init(kind: Kind, message: String, span: Span) {
            self.kind = kind
            self.message = message
            self.span = span
        }
    }

    /// `trust CLAIM = TIER if EXPR else …`: one AR4SI trust-vector entry and its branches in
    /// source order; the code sets the entry to the tier of the first branch whose condition
    /// is true (the last branch has no condition).
    public struct Trust: Hashable, Sendable {
        public var claim: TrustClaim
        public var branches: [Branch]
        public var span: Span

        public struct Branch: Hashable, Sendable {
            public var tier: TrustTier
            public var span: Span

            public init(tier: TrustTier, span: Span) {
                self.tier = tier
                self.span = span
            }
        }

        public init(claim: TrustClaim, branches: [Branch], span: Span) {
            self.claim = claim
            self.branches = branches
            self.span = span
        }
    }

    /// A source range: 1-based line and column (Unicode scalars) of the first character and of
    /// the character after the last one.
    public struct Span: Hashable, Sendable, CustomStringConvertible {
        public var line: UInt32
        public var column: UInt32
        public var endLine: UInt32
        public var endColumn: UInt32

        public init(line: UInt32, column: UInt32, endLine: UInt32, endColumn: UInt32) {
            self.line = line
            self.column = column
            self.endLine = endLine
            self.endColumn = endColumn
        }

        public static let none = Span(line: 0, column: 0, endLine: 0, endColumn: 0)

        public var description: String { "\(line):\(column)" }
    }

    /// Debug information: where each instruction came from and which comparisons can explain a
    /// failed check.
    public struct DebugInfo: Hashable, Sendable {
        /// The source file's base name (no directories, so output does not depend on where it was compiled).
        public var fileName: String
        /// The full source text, for listings and explanations without the `.policy` file.
        public var source: String
        /// One span per instruction (same count as ``BytecodeModule/code``).
        public var lineTable: [Span]
        public var sites: [ExplainSite]

        public init(fileName: String, source: String, lineTable: [Span], sites: [ExplainSite]) {
            self.fileName = fileName
            self.source = source
            self.lineTable = lineTable
            self.sites = sites
        }
    }

    /// A comparison (`eq`…`ge`, `inset`, `inparam`, `startswith`, `matches`) that can explain a
    /// failed check with actual and expected values: re-run the check with operand capture at
    /// `instruction`; the operand named by `actual` holds the value taken from the evidence.
    public struct ExplainSite: Hashable, Sendable {
        public enum Actual: UInt8, Hashable, Sendable {
            /// Register `b` holds the evidence value, `c` (or the set / parameter / regex) the expectation.
            case left = 0
            /// Register `c` holds the evidence value.
            case right = 1
            /// Neither operand reads the evidence.
            case neither = 2
        }

        public var instruction: UInt32
        /// The check whose code contains the instruction, or `0xFFFF` outside checks.
        public var check: UInt16
        public var actual: Actual
        public var span: Span
        /// The comparison as formatted source text, e.g. `tdx.tee_tcb_svn >= min_tee_tcb`.
        public var text: String

        public init(instruction: UInt32, check: UInt16, actual: Actual, span: Span, text: String) {
            self.instruction = instruction
            self.check = check
            self.actual = actual
            self.span = span
            self.text = text
        }
    }
}

/// The AR4SI trust-vector claims (draft-ietf-rats-ar4si §2.3.4), in their spec order; the raw
/// value is the byte in the trust table.
public enum TrustClaim: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case instanceIdentity = 0
    case configuration = 1
    case executables = 2
    case fileSystem = 3
    case hardware = 4
    case runtimeOpaque = 5
    case storageOpaque = 6
    case sourcedData = 7

    /// The policy-language spelling (`instance_identity`); EAR spells it with hyphens.
    public var description: String {
        switch self {
        case .instanceIdentity: return "instance_identity"
        case .configuration: return "configuration"
        case .executables: return "executables"
        case .fileSystem: return "file_system"
        case .hardware: return "hardware"
        case .runtimeOpaque: return "runtime_opaque"
        case .storageOpaque: return "storage_opaque"
        case .sourcedData: return "sourced_data"
        }
    }

    /// The claim named `name` in the policy language, or `nil`.
    public init?(name: String) {
        guard let claim = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = claim
    }
}

/// An AR4SI tier. Order for the EAR rule: affirming is best, then warning, then contraindicated;
/// `none` ("no claim") does not take part in the overall status.
public enum TrustTier: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case none = 0
    case affirming = 1
    case warning = 2
    case contraindicated = 3

    public var description: String {
        switch self {
        case .none: return "none"
        case .affirming: return "affirming"
        case .warning: return "warning"
        case .contraindicated: return "contraindicated"
        }
    }

    /// The AR4SI value a verifier emits for this tier (0 no claim, 2, 32, 96 — the first value
    /// of each tier's range).
    public var ar4siValue: Int8 {
        switch self {
        case .none: return 0
        case .affirming: return 2
        case .warning: return 32
        case .contraindicated: return 96
        }
    }

    public init?(name: String) {
        guard let tier = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = tier
    }

    /// The EAR overall status: the worst tier among `decision` (allow → affirming, deny →
    /// contraindicated) and every trust entry that is not `none`.
    public static func overallStatus(allowed: Bool, entries: [TrustTier]) -> TrustTier {
        var worst: TrustTier = allowed ? .affirming : .contraindicated
        for tier in entries where tier != .none && tier.rawValue > worst.rawValue { worst = tier }
        return worst
    }
}
