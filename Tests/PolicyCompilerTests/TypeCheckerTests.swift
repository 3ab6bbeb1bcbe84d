import Testing

@testable import PolicyCompiler

@Suite("Name resolution and type checking")
struct TypeCheckerTests {
    private func errors(_ body: String) -> [String] {
        PolicyFixtures.diagnostics(PolicyFixtures.tdx(body)).filter { $0.severity == .error }.map(\.message)
    }

    @Test func aliasesResolveToTheCanonicalSlot() throws {
        let source = PolicyFixtures.tdx("check a \"m\": tdx.quote.body.mr_td == tdx.mrtd\nallow if a")
        let result = PolicyFixtures.compile(source)
        let module = try #require(result.module)
        let slots = module.code.filter { $0.opcode == .loadClaim }.map(\.b)
        let schema = try #require(PolicyFixtures.schemas(for: source)["tdx"])
        let mrtd = try #require(schema.resolve("tdx.mrtd")).slot.rawValue
        #expect(slots == [mrtd, mrtd])
    }

    @Test func inputNamesMapOntoTheirKind() throws {
        let source = "policy \"p\" version 1\ninput quote: tdx\ncheck a \"m\": quote.verified\nallow if a\n"
        #expect(PolicyFixtures.diagnostics(source).isEmpty)
        let wrong = "policy \"p\" version 1\ninput quote: tdx\ncheck a \"m\": tdx.verified\nallow if a\n"
        #expect(PolicyFixtures.diagnostics(wrong).first?.message == "unknown name `tdx`")
    }

    @Test func svnComparesOnlyWithSvnOfTheSameLength() {
        #expect(errors("check a \"m\": tdx.tee_tcb_svn >= 3") == ["cannot compare `svn[16]` with `int`"])
        #expect(errors("check a \"m\": tdx.tee_tcb_svn >= svn[1, 2]") == ["cannot compare `svn[16]` with `svn[2]`"])
        #expect(errors("check a \"m\": tdx.tee_tcb_svn[2] >= 3").isEmpty)
    }

    @Test func arraysIndexToTheirElementAndSupportInLenAndQuantifiers() {
        #expect(errors("check a \"m\": tdx.rtmr[1] == tdx.mrtd and len(tdx.rtmr) == 4").isEmpty)
        #expect(errors("check a \"m\": \"INTEL-SA-00837\" in tdx.tcb.advisories").isEmpty)
        #expect(errors("check a \"m\": any r in tdx.rtmr: r == tdx.mrtd").isEmpty)
        #expect(errors("check a \"m\": (count v in tdx.tcb.svns: v > 2) == 1").isEmpty)
        #expect(errors("check a \"m\": tdx.rtmr[0] == tdx.xfam") == ["cannot compare `bytes48` with `bytes8`"])
        #expect(
            errors("check a \"m\": 3 in tdx.tcb.advisories")
                == ["cannot look for `int` in `array<string>` (its elements are `string`)"])
        #expect(
            errors("check a \"m\": tdx.rtmr == tdx.rtmr") == ["cannot compare `array<bytes48>` with `array<bytes48>`"])
    }

    @Test func bytesCompareByLength() {
        #expect(errors("check a \"m\": tdx.mrtd == tdx.xfam") == ["cannot compare `bytes48` with `bytes8`"])
        #expect(errors("param p: bytes\ncheck a \"m\": tdx.mrtd == p").isEmpty)
        #expect(errors("check a \"m\": tdx.mrtd == \"d790fd79\"") == ["cannot compare `bytes48` with `string`"])
    }

    @Test func timeMovesByDurations() {
        #expect(errors("check a \"m\": now <= tdx.collateral.next_update + 7d").isEmpty)
        #expect(errors("check a \"m\": now - tdx.tcb.date <= 365d").isEmpty)
        #expect(errors("check a \"m\": now <= tdx.collateral.next_update + 7") == ["cannot add `time` and `int`"])
        #expect(errors("check a \"m\": now + now > now") == ["cannot add `time` and `time`"])
    }

    @Test func enumsCompareOnlyWithTheirOwnCases() {
        #expect(errors("check a \"m\": tdx.tcb.status == Revoked").isEmpty)
        #expect(errors("check a \"m\": Revoked != tdx.tcb.status").isEmpty)
        #expect(
            errors("check a \"m\": tdx.tcb.status == UpTodate") == ["unknown name `UpTodate`; did you mean `UpToDate`?"]
        )
        #expect(errors("check a \"m\": tdx.tcb.status < OutOfDate") == ["`<` does not apply to `TcbStatus`"])
    }

    @Test func setsAreHomogeneousAndConstant() {
        #expect(errors("check a \"m\": tdx.qe_svn in {1, 2, 3}").isEmpty)
        #expect(
            errors("check a \"m\": tdx.qe_svn in {1, tdx.pce_svn}") == ["set elements must be known at compile time"])
        #expect(
            errors("check a \"m\": tdx.qe_svn in {1, true}") == [
                "set elements must all have the same type: `int` and `bool`"
            ])
    }

    @Test func quantifiersRangeOnlyOverLists() {
        #expect(errors("check a \"m\": all e in tdx.events: e.mr < 4").isEmpty)
        #expect(
            errors("check a \"m\": any e in tdx.qe_svn: true") == ["`any` ranges over a list or an array, not `int`"])
        #expect(
            errors("check a \"m\": any e in tdx.events: e.mrr == 1") == [
                "`tdx.event` has no field `mrr`; did you mean `mr`?"
            ])
        #expect(errors("check a \"m\": (count e in tdx.events: e.mr == 1) >= 1").isEmpty)
        #expect(errors("check a \"m\": \"INTEL-SA-00837\" in tdx.advisories").isEmpty)
    }

    @Test func declarationsAreCheckedWholePolicy() {
        #expect(errors("check a \"m\": true\ncheck a \"n\": true") == ["`a` is already declared at line 3"])
        #expect(errors("const c = tdx.qe_svn") == ["the value of const `c` is not known at compile time"])
        #expect(errors("trust hardwre = affirming") == ["unknown trust claim `hardwre`; did you mean `hardware`?"])
        #expect(errors("trust hardware = afirming") == ["unknown trust tier `afirming`; did you mean `affirming`?"])
        #expect(errors("param p: bytes47x") == ["unknown type `bytes47x`; did you mean `bytes48`?"])
        #expect(errors("param s: set<TcbStatus>\ncheck a \"m\": tdx.tcb.status in s").isEmpty)
        #expect(
            PolicyFixtures.diagnostics("policy \"p\" version 1\ninput t: tdxx\n").map(\.message)
                == ["unknown evidence kind `tdxx`; did you mean `tdx`?"])
    }

    @Test func literalsAreValidated() {
        #expect(
            errors("const t = t\"2026-02-30T00:00:00Z\"") == ["`2026-02-30T00:00:00Z` is not an RFC 3339 date-time"])
        #expect(
            errors("const i = 99999999999999999999") == [
                "integer literal `99999999999999999999` does not fit in 64 bits"
            ])
        #expect(errors("const s = \"\\q\"") == ["unknown escape `\\q` in a string"])
        // 10^15 weeks is 6.048 × 10^20 s, beyond 2^63 − 1 ≈ 9.22 × 10^18.
        #expect(
            errors("const w = 1000000000000000w") == ["duration `1000000000000000w` does not fit in 64-bit seconds"])
        #expect(
            errors("const d = 99999999999999999999d") == [
                "duration literal `99999999999999999999d` does not fit in 64 bits"
            ])
        #expect(errors("const o = 9223372036854775807 + 1") == ["`9223372036854775807 + 1` overflows 64 bits"])
    }
}

@Suite("Claim types newer than the compiler")
struct UnsupportedClaimTypeTests {
    @Test func policyTypeMapsEveryKnownClaimType() {
        #expect(PolicyType(.svn(count: 3)) == .svn(3))
        #expect(PolicyType(.bytes(length: nil)) == .bytes(nil))
        #expect(PolicyType(.list(TestSchemas.tdxEvent)) == .list(TestSchemas.tdxEvent))
        #expect(PolicyType.unsupported("array<bytes48>").description == "array<bytes48>")
        #expect(!PolicyType.unsupported("array<bytes48>").isComparable(with: .bytes(48)))
    }
}
