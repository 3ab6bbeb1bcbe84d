import Claims
import PolicyBytecode
import TestSupport
import Testing

@testable import PolicyCompiler

/// Optimization never changes an outcome: the optimized and unoptimized IR of each policy give
/// the same check, rule and trust results on random claim sets (reference interpreter).
@Suite("Optimizer equivalence")
struct OptimizerEquivalenceTests {
    static let targeted = [
        PolicyFixtures.tdx(
            """
            const big = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
            const limit = 2 + 3
            let costly = any e in tdx.events: e.mr == 1 and e.digest == tdx.mrtd
            let folded = limit * 0 == 0 or tdx.verified
            check a "m": tdx.qe_svn in big and (tdx.pce_svn > limit or costly) and not tdx.attributes.debug
            check b "m": a and tdx.tcb.status in {UpToDate, SWHardeningNeeded, ConfigurationNeeded, OutOfDate, Revoked, ConfigurationAndSWHardeningNeeded, OutOfDateConfigurationNeeded, UpToDate}
            check c "m": (count e in tdx.events: e.type == EV_SEPARATOR) >= 1 or tdx.tee_tcb_svn[0] > 3
            check d "m": "INTEL-SA-00837" in tdx.advisories or len(tdx.advisories) == 0
            check recent "m": now - tdx.tcb.date <= 10d and tdx.tcb.date + 1w >= now - 30d
            check f "m": all e in tdx.events: e.mr <= 3 and -e.mr < 0 or e.mr == 0
            check g "m": tdx.tee_tcb_svn >= svn[1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] and tdx.qe_svn in {7}
            check h "m": starts_with(hex(tdx.mrtd), "00") or tdx.mrtd[0] == 7 or tdx.events[1].mr == 2
            trust hardware = affirming if a and b else warning if c or d else contraindicated
            trust executables = none if not f else affirming
            deny "stale" if not recent
            allow if a and c and g
            allow if b and h
            """.replacingOccurrences(of: "limit * 0 == 0", with: "limit - limit == 0")),
        // Arrays of plain values: indexing, `len`, membership, and quantifiers over them.
        """
        policy "arrays" version 1
        input tdx: tdx
        input tpm: tpm
        param pcr7: bytes32
        param boot_entry: int
        check rtmr "m": tdx.rtmr[0] == tdx.mrtd or len(tdx.rtmr) == 4
        check adv "m": not ("Milan" in tdx.tcb.advisories) and (all a in tdx.tcb.advisories: a != "Genoa")
        check svns "m": (count v in tdx.tcb.svns: v >= 3) >= 2 or (any v in tdx.tcb.svns: v == 5 and tdx.qe_svn > v)
        check idx "m": tdx.tcb.svns[2] > 1 and 4 in tdx.tcb.svns
        check pcr "m": tpm.pcr.sha256[7] == pcr7 and (any p in tpm.pcr.sha256: p == tpm.pcr4)
        check boot "m": boot_entry in tpm.boot.boot_order or tpm.boot.boot_order[0] == boot_entry
        check ev "m": any e in tdx.events: e.digest in tdx.rtmr and e.mr < len(tdx.rtmr)
        trust hardware = affirming if svns else warning if idx else contraindicated
        allow if rtmr and adv and pcr
        allow if idx or boot or ev

        """,
        "policy \"m\" version 1\ninput tpm: tpm\ncheck a \"m\": matches(tpm.kernel_cmdline, \"^lock(down)?=(integrity|confidentiality)\")\n"
            + "check b \"m\": not matches(tpm.kernel_cmdline, \"init=\") and matches(tpm.kernel_cmdline, \"[a-z]+ quiet$\")\nallow if a or b\n",
    ]

    static func sources() throws -> [String] {
        try PolicyFixtures.corpusPolicies.map(PolicyFixtures.text) + targeted
    }

    @Test func optimizedAndUnoptimizedAgreeOnRandomEvidence() throws {
        var random = RandomClaims(rng: SplitMix64(seed: 0x0971))
        for source in try Self.sources() {
            let (plain, optimized) = try #require(PolicyFixtures.programs(source), "\(source)")
            #expect(optimized.checkOrder.sorted() == Array(plain.checks.indices))
            for _ in 0..<300 {
                let inputs = plain.inputs.map { random.claims($0.schema) }
                let params = plain.params.map { random.constant($0.type) }
                let now = RandomClaims.base + random.int(-20...20) * 86_400
                let a = ReferenceInterpreter(program: plain, inputs: inputs, params: params, now: now).run()
                let b = ReferenceInterpreter(program: optimized, inputs: inputs, params: params, now: now).run()
                #expect(a == b)
                if a != b { return }
            }
        }
    }

    @Test func foldsConstantsAndHashesLargeSets() throws {
        let (_, optimized) = try #require(PolicyFixtures.programs(Self.targeted[0]))
        var hashed = 0
        var linear = 0
        for check in optimized.checks {
            check.body.visit { node in
                if case .inSet(_, _, let isHashed) = node.kind { if isHashed { hashed += 1 } else { linear += 1 } }
                if case .arithmetic(_, let a, let b) = node.kind {
                    #expect(a.constantValue == nil || b.constantValue == nil, "constant arithmetic left unfolded")
                }
            }
        }
        #expect(hashed == 2)  // {1…10} and the 7-case set with a duplicate is 7 (< 8): only two ≥ 8
        // `tdx.qe_svn in {7}` becomes `tdx.qe_svn == 7`.
        let g = optimized.checks[6].body
        #expect(g.key.contains("cmp==(claim"))
        // The let that folds to a constant is gone from the code; the costly one is kept.
        #expect(optimized.liveLets == [true, false])
    }

    @Test func cheapChecksComeFirstAndDependenciesBeforeDependents() throws {
        let (_, optimized) = try #require(PolicyFixtures.programs(Self.targeted[0]))
        let order = optimized.checkOrder
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        #expect(position[0]! < position[1]!)  // b reads a
        // The loop over the event log (f) runs after the plain comparisons (g).
        #expect(position[6]! < position[5]!)
        // Within `a`, the loop-carrying operand is evaluated last.
        guard case .and(let operands) = optimized.checks[0].body.kind else {
            Issue.record("a is a conjunction")
            return
        }
        #expect(operands.last.map { CheckOrdering.cost($0) } == operands.map { CheckOrdering.cost($0) }.max())
    }
}
