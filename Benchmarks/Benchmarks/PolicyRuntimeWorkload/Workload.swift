import Appraisal
import Claims
import Evidence
import Foundation
import PolicyCompiler
import PolicyRuntime

/// Evaluation of the language contract's TDX example (`Corpus/policies/contract-example.policy`,
/// 7 checks, a 100-entry MRTD allowlist, an `any` over 10 events, 3 trust entries) on extracted
/// claims (issue #5, "Benchmark"): one `evaluate(claims:)` from a `ClaimSet` to a `Verdict`, and
/// batches of prepared claims. The claims, reference values and the same policy in Rego are in
/// `../../peers/`; `../../policy-vs-peers.sh` measures regorus and OPA on them in the same run.
///
/// The contract's claims (`tdx.events`) are not in the real `tdx` schema, so the policy is
/// compiled against the test schema of `Corpus/schemas/test-tdx.schema`.
public enum Workload {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..")
    public static let now = Timestamp(secondsSinceEpoch: 1_767_225_600)  // 2026-01-01T00:00:00Z

    static func read(_ path: String) -> Data {
        (try? Data(contentsOf: root.appendingPathComponent(path))) ?? Data()
    }

    public static let schema: ClaimSchema = {
        (try? ClaimSchemaFile.parse(String(decoding: read("Corpus/schemas/test-tdx.schema"), as: UTF8.self)))
            ?? ClaimSchema(kind: "tdx", version: 0, entries: [])
    }()

    public static let policy: LoadedPolicy = {
        guard let policy = load(read("Corpus/policies/contract-example.policy"), file: "contract-example.policy")
        else { fatalError("the contract example must compile and load") }
        return policy
    }()

    /// A policy over the same claims and reference values (the contract example, or a part of
    /// it such as `../../peers/variants/`), compiled and loaded; `nil` when it does not compile
    /// or load.
    public static func load(_ source: Data, file: String) -> LoadedPolicy? {
        let compiled = PolicyCompiler.compile(
            source: String(decoding: source, as: UTF8.self), file: file, schemas: ["tdx": schema])
        guard let bytecode = compiled.bytecode,
            let parameters = try? PolicyParameters(json: Array(read("Benchmarks/peers/contract-refs.json")))
        else { return nil }
        return try? LoadedPolicy(
            bytecode: bytecode, parameters: parameters, schemas: SchemaCatalog.builtIn.adding([schema]))
    }

    /// The contract example written by hand in Swift, with the peers' reference values.
    public static let native = NativeContract(refs: read("Benchmarks/peers/contract-refs.json"))

    /// A claims file decoded for ``native`` (on its own, not through a `ClaimSet`).
    public static func nativeClaims(_ name: String) -> NativeContract.Claims {
        NativeContract.claims(object: claimsObject(name))
    }

    /// A claims file: flat JSON keyed by canonical path, the claims output convention.
    static func claimsObject(_ name: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: read("Benchmarks/peers/\(name)"))) as? [String: Any] ?? [:]
    }

    /// A claims file as a ClaimSet.
    public static func claims(_ name: String) -> ClaimSet { claims(object: claimsObject(name)) }

    /// A flat claims object as a ClaimSet (what the schema does not type is left out: missing).
    static func claims(object: [String: Any]) -> ClaimSet {
        var set = ClaimSet(schema: schema)
        func value(_ json: Any, _ type: ClaimType) -> ClaimValue? {
            switch type {
            case .bool: return (json as? Bool).map(ClaimValue.bool)
            case .int: return (json as? Int).map { .int(Int64($0)) }
            case .string: return (json as? String).map(ClaimValue.string)
            case .bytes: return (json as? String).flatMap { Hex.decode($0) }.map { .bytes(ClaimBytes($0)) }
            case .svn: return (json as? [Int]).map { .svn(ClaimSVN($0.map(Int64.init))) }
            case .time: return (json as? String).flatMap(Timestamp.init(rfc3339:)).map(ClaimValue.time)
            case .enumeration(let e): return (json as? String).flatMap(e.index(of:)).map(ClaimValue.enumeration)
            case .list(let record):
                guard let items = json as? [[String: Any]] else { return nil }
                return .list(
                    items.map { item in
                        ClaimRecord(
                            fields: record.fields.map { field in item[field.name].flatMap { value($0, field.type) } })
                    })
            case .array(let element): return (json as? [Any]).map { .array($0.compactMap { value($0, element) }) }
            }
        }
        for (path, json) in object {
            if let descriptor = schema.resolve(path), let v = value(json, descriptor.type) { try? set.set(path, v) }
        }
        return set
    }

    /// The contract's kernel check on the claims of a real CC event log: the 44 entries of
    /// `Corpus/evidence/ccel/goeventlog__cos-113-intel-tdx.bin` (GCE, COS 113), records of the
    /// real `ccel` schema (10 fields, 15 KB of event data and 6 KB of text in all). The allowed
    /// kernels are not in the log, so the `any` visits every entry. `nil` when the log does not
    /// decode or the policy does not load.
    public static let eventLog: (policy: LoadedPolicy, claims: ClaimSet)? = {
        let source = """
            policy "ccel-kernel" version 1
            input ccel: ccel
            param allowed_kernels: set<bytes48>
            check kernel "an approved kernel was measured":
                any e in ccel.events: e.mr == 1 and e.type == EV_EFI_BOOT_SERVICES_APPLICATION
                                      and e.digest in allowed_kernels
            allow if kernel
            """
        // The contract's allowed kernels, as the peers read them (only that param is declared).
        let contractRefs = try? JSONSerialization.jsonObject(with: read("Benchmarks/peers/contract-refs.json"))
        let kernels = (contractRefs as? [String: Any])?["allowed_kernels"] ?? []
        let log = Array(read("Corpus/evidence/ccel/goeventlog__cos-113-intel-tdx.bin"))
        guard let bytecode = PolicyCompiler.compile(source: source, file: "ccel-kernel.policy").bytecode,
            let refs = try? JSONSerialization.data(withJSONObject: ["allowed_kernels": kernels]),
            let parameters = try? PolicyParameters(json: Array(refs)),
            let policy = try? LoadedPolicy(bytecode: bytecode, parameters: parameters),
            let claims = try? EvidenceDecoder.decode(log).claims.first
        else { return nil }
        return (policy, claims)
    }()
}
