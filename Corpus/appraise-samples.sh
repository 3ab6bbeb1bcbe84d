#!/usr/bin/env bash
# The whole pipeline on bundled samples: real TDX, SEV-SNP and TPM evidence from Corpus/evidence,
# verified offline against Corpus/collateral, appraised by the bundled policies of Corpus/policies
# with their reference values (Corpus/policies/refs), each verdict printed with its explanation.
#
#   Corpus/appraise-samples.sh          # from anywhere; builds policyc (debug) first
#
# Expected: the TDX quote is denied (its bundled 2023 collateral is stale for a 2024 quote, and
# its QE is older than the policy's minimum), the SEV-SNP report and the TPM event log are allowed.
# Exit 0 when every decision is the expected one.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --product policyc >&2
policyc="$(swift build --show-bin-path)/policyc"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for policy in tdx-production snp-production tpm-measured-boot; do
    "$policyc" compile "Corpus/policies/$policy.policy" -o "$work/$policy.apb"
done

unexpected=0
# appraise TITLE EXPECTED-DECISION ARGS… : prints the command and its explained verdict.
appraise() {
    local title=$1 expected=$2
    shift 2
    echo
    echo "=== $title (expected: $expected)"
    echo "\$ policyc explain $*" | sed "s|$work/|/tmp/|g"
    local status=0
    "$policyc" explain "$@" || status=$?
    local decision
    case $status in 0) decision=allow ;; 1) decision=deny ;; *) decision=error ;; esac
    if [[ $decision != "$expected" ]]; then
        echo "!!! $title: $decision, expected $expected"
        unexpected=1
    fi
}

appraise "Intel TDX quote (GCE, COS 113) with its CC event log" deny \
    --policy "$work/tdx-production.apb" --params Corpus/policies/refs/tdx-production-gce-cos113.json \
    --collateral Corpus/collateral/intel/go-tdx-guest-2023 --at 2024-08-01T00:00:00Z \
    Corpus/evidence/tdx/go-tdx-guest_ccel_cos-113_quote_v4.bin Corpus/evidence/ccel/goeventlog__cos-113-intel-tdx.bin

appraise "AMD SEV-SNP report (Turin, v5)" allow \
    --policy "$work/snp-production.apb" --params Corpus/policies/refs/snp-production-oak-turin.json \
    --collateral Corpus/collateral/amd --at 2025-09-12T00:00:00Z \
    Corpus/evidence/snp/oak_turin_oc_report_v5.bin

appraise "TPM event log and TPM2 quote (GCE Windows shielded VM)" allow \
    --policy "$work/tpm-measured-boot.apb" --params Corpus/policies/refs/tpm-measured-boot-gcp-windows.json \
    --ak Corpus/collateral/tpm/goattest__windows_gcp_ak.tpm2b_public.bin \
    Corpus/evidence/tpm/goattest__windows_gcp_shielded_vm.bin Corpus/evidence/tpm-quote/goattest__windows_gcp_quote.bin

echo
if [[ $unexpected == 0 ]]; then echo "every verdict as expected"; else echo "some verdicts unexpected"; fi
exit "$unexpected"
