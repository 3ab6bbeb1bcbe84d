# The kernel check of the contract example on a real CC event log, for the peer comparison with
# PolicyRuntimeBenchmarks' "kernel check on a real CC event log": the 44 entries of
# Corpus/evidence/ccel/goeventlog__cos-113-intel-tdx.bin (google/go-eventlog testdata, Apache-2.0)
# as `policyc claims --format json` prints them (peers/eventlog-claims.json), nested by path under
# `input.ccel`. None of the allowed kernels is in the log, so every entry is visited.
package eventlog

default allow := false

allow if {
	some e in input.ccel.events
	e.mr == 1
	e.type == "EV_EFI_BOOT_SERVICES_APPLICATION"
	data.allowed_kernels[e.digest]
}
