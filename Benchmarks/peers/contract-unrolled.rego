# peers/contract.rego with the svn comparison written out component by component, for regorus's
# RVM: regorus 0.9.1's RVM gives a wrong answer on `every i, m in min_tee_tcb {...}` (it allows
# the denied claims; ../../shared/reference/policy-perf.md, regorus PR #765), so
# policy-vs-peers.py times the RVM on this file, after checking its answers on both claim files.
# The policy-language contract's example (Corpus/policies/contract-example.policy) in Rego, for
# the peer comparison: the same checks, the same trust vector, the same decision. Claims arrive
# as `input.tdx` (the claims JSON nested by path), the evaluation time as `input.now` (RFC 3339),
# the reference values as `data.allowed_mrtd` / `data.allowed_kernels` ({digest: true} objects,
# O(1) lookups as in ../../shared/peer-bench).
package contract_unrolled

import rego.v1

min_tee_tcb := [3, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]

default verified := false

default not_debug := false

default tcb_status := false

default tcb_floor := false

default build := false

default fresh := false

default kernel := false

verified if input.tdx.verified == true

not_debug if input.tdx.attributes.debug == false

tcb_status if input.tdx.tcb.status in {"UpToDate", "SWHardeningNeeded"}

tcb_floor if {
	count(input.tdx.tee_tcb_svn) == count(min_tee_tcb)
	input.tdx.tee_tcb_svn[0] >= min_tee_tcb[0]
	input.tdx.tee_tcb_svn[1] >= min_tee_tcb[1]
	input.tdx.tee_tcb_svn[2] >= min_tee_tcb[2]
	input.tdx.tee_tcb_svn[3] >= min_tee_tcb[3]
	input.tdx.tee_tcb_svn[4] >= min_tee_tcb[4]
	input.tdx.tee_tcb_svn[5] >= min_tee_tcb[5]
	input.tdx.tee_tcb_svn[6] >= min_tee_tcb[6]
	input.tdx.tee_tcb_svn[7] >= min_tee_tcb[7]
	input.tdx.tee_tcb_svn[8] >= min_tee_tcb[8]
	input.tdx.tee_tcb_svn[9] >= min_tee_tcb[9]
	input.tdx.tee_tcb_svn[10] >= min_tee_tcb[10]
	input.tdx.tee_tcb_svn[11] >= min_tee_tcb[11]
	input.tdx.tee_tcb_svn[12] >= min_tee_tcb[12]
	input.tdx.tee_tcb_svn[13] >= min_tee_tcb[13]
	input.tdx.tee_tcb_svn[14] >= min_tee_tcb[14]
	input.tdx.tee_tcb_svn[15] >= min_tee_tcb[15]
}

build if data.allowed_mrtd[input.tdx.mrtd]

fresh if time.parse_rfc3339_ns(input.now) <= time.parse_rfc3339_ns(input.tdx.collateral.next_update) + ((7 * 24) * 3600) * 1000000000

kernel if {
	some e in input.tdx.events
	e.mr == 1
	e.type == "EV_EFI_BOOT_SERVICES_APPLICATION"
	data.allowed_kernels[e.digest]
}

default allow := false

allow if {
	verified
	not_debug
	tcb_floor
	build
	fresh
}

hardware := "affirming" if {
	tcb_status
	tcb_floor
} else := "warning" if {
	tcb_floor
} else := "contraindicated"

executables := "affirming" if {
	build
	kernel
} else := "contraindicated"

configuration := "affirming" if not_debug else := "contraindicated"

# Everything the Appraise VM computes: the decision, the trust vector and the failed checks.
verdict := {
	"allow": allow,
	"trust": {"hardware": hardware, "executables": executables, "configuration": configuration},
	"failed": {name | some name, ok in {
		"verified": verified, "not_debug": not_debug, "tcb_status": tcb_status, "tcb_floor": tcb_floor,
		"build": build, "fresh": fresh, "kernel": kernel,
	}; not ok},
}
