# The policy-language contract's example (Corpus/policies/contract-example.policy) in Rego, for
# the peer comparison: the same checks, the same trust vector, the same decision. Claims arrive
# as `input.tdx` (the claims JSON nested by path), the evaluation time as `input.now` (RFC 3339),
# the reference values as `data.allowed_mrtd` / `data.allowed_kernels` ({digest: true} objects,
# O(1) lookups as in ../../shared/peer-bench).
package contract

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
	every i, m in min_tee_tcb {
		input.tdx.tee_tcb_svn[i] >= m
	}
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
