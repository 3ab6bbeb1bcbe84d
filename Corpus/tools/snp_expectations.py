#!/usr/bin/env python3
"""Writes Corpus/evidence/snp/**/NAME.expected.json for every SEV-SNP evidence file, using the
independent decoder in snp_report.py (no Appraise code). The containers are unwrapped here
with their own layouts: Azure HCL (az-cvm-vtpm hcl/mod.rs: report at 0x20, runtime data at
0x4D4), configfs-tsm JSON (base64 outblob), the extended report (report, then certificate
table), and Trustee's JSON (report rebuilt field by field, checked by its VCEK signature).

Run from the repository root after adding evidence; review the diff; commit.
"""
import base64
import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(__file__))
import snp_report  # noqa: E402

ROOT = "Corpus/evidence/snp"
MANIFEST = "values from Corpus/tools/snp_report.py (independent Python decoder of SEV-SNP ABI #56860 Table 23)"
ASSERTED = {
    "go-sev-guest_report_v2_milan_attestation.bin":
        "; MEASUREMENT, REPORT_ID, REPORT_ID_MA, CHIP_ID (verification test), POLICY 0xb0000 and REPORTED_TCB "
        "2/0/5/68 asserted by go-sev-guest verify_test.go / tools/check (MANIFEST.md)",
    "trustee_snp_test-report.bin": "; REPORTED_TCB 3/0/8/115 matches trustee test-vcek (trustee snp/mod.rs tests)",
    "trustee_snp_test-vlek-report.bin": "; VLEK report, VMPL 1, chip id masked (MANIFEST.md)",
    "oak_genoa_oc_report_v5.bin": "; v5 Genoa, CPUID 19/11/01, mitigation vectors 1/1 (MANIFEST.md)",
    "oak_turin_oc_report_v5.bin":
        "; v5 Turin, TCB fmc0/bl1/tee0/snp2/uc71, chip id 3b42092f69c656d3 as in Oak's KDS URL (MANIFEST.md)",
}


def trustee_report(data):
    """Rebuilds the binary report from Trustee's JSON (virtee/sev serde field names)."""
    r = json.loads(data)["attestation_report"]

    def tcb(x, turin):
        b = bytearray(8)
        if turin:
            b[0], b[1], b[2], b[3] = x["fmc"], x["bootloader"], x["tee"], x["snp"]
        else:
            b[0], b[1], b[6] = x["bootloader"], x["tee"], x["snp"]
        b[7] = x["microcode"]
        return bytes(b)

    turin = snp_report.generation_from_cpuid(r.get("cpuid_fam_id") or 0, r.get("cpuid_mod_id") or 0) == "Turin"
    out = bytearray(snp_report.REPORT_SIZE)
    struct.pack_into("<IIQ", out, 0, r["version"], r["guest_svn"], r["policy"])
    out[0x10:0x20] = bytes(r["family_id"])
    out[0x20:0x30] = bytes(r["image_id"])
    struct.pack_into("<II", out, 0x30, r["vmpl"], r["sig_algo"])
    out[0x38:0x40] = tcb(r["current_tcb"], turin)
    struct.pack_into("<QI", out, 0x40, r["plat_info"], r["key_info"])
    for name, offset in [("report_data", 0x50), ("measurement", 0x90), ("host_data", 0xC0),
                         ("id_key_digest", 0xE0), ("author_key_digest", 0x110), ("report_id", 0x140),
                         ("report_id_ma", 0x160), ("chip_id", 0x1A0)]:
        out[offset:offset + len(r[name])] = bytes(r[name])
    out[0x180:0x188] = tcb(r["reported_tcb"], turin)
    if r["version"] >= 3:
        out[0x188], out[0x189], out[0x18A] = r["cpuid_fam_id"], r["cpuid_mod_id"], r["cpuid_step"]
    out[0x1E0:0x1E8] = tcb(r["committed_tcb"], turin)
    out[0x1E8:0x1EB] = bytes([r["current"]["build"], r["current"]["minor"], r["current"]["major"]])
    out[0x1EC:0x1EF] = bytes([r["committed"]["build"], r["committed"]["minor"], r["committed"]["major"]])
    out[0x1F0:0x1F8] = tcb(r["launch_tcb"], turin)
    if r["version"] >= 5:
        struct.pack_into("<QQ", out, 0x1F8, r["launch_mit_vector"], r["current_mit_vector"])
    out[0x2A0:0x2E8] = bytes(r["signature"]["r"])
    out[0x2E8:0x330] = bytes(r["signature"]["s"])
    return bytes(out)


def expectation(path):
    name = os.path.basename(path)
    data = open(path, "rb").read()
    provenance = MANIFEST + ASSERTED.get(name, "")
    extra = {}
    if data[:4] == b"HCLA":
        kind, report = "azure-hcl-report", data[0x20:0x20 + snp_report.REPORT_SIZE]
        size = struct.unpack_from("<I", data, 0x4D0)[0]
        extra = {"snp.container": "azure_hcl", "snp.hcl.runtime_data": data[0x4D4:0x4D4 + size].decode()}
        provenance += "; HCL runtime data at 0x4D4 (az-cvm-vtpm layout)"
    elif name.endswith(".json") and b'"attestation_report"' in data:
        kind, report = "snp-trustee-evidence", trustee_report(data)
        extra = {"snp.container": "trustee_evidence"}
        provenance += "; report rebuilt from trustee's JSON fields (its VCEK signature verifies over the rebuilt bytes)"
    elif name.endswith(".json"):
        blob = json.loads(data)
        kind, report = "configfs-tsm-report", base64.b64decode(blob["outblob"])
        extra = {"snp.container": "configfs_tsm"}
        provenance += "; report = base64 outblob"
    elif len(data) > snp_report.REPORT_SIZE:
        kind, report = "snp-extended-report", data[:snp_report.REPORT_SIZE]
        extra = {"snp.container": "extended_report"}
        provenance += "; report = first 1184 bytes, certificate table after it"
    else:
        kind, report = "snp-report", data
        extra = {"snp.container": "report"}
    try:
        claims = snp_report.report_claims(report)
    except AssertionError as error:
        return {"kind": kind, "provenance": provenance, "error": str(error)}
    claims.update(extra)
    return {"kind": kind, "provenance": provenance, "claims": claims}


if __name__ == "__main__":
    for directory, _, files in os.walk(ROOT):
        for file in sorted(files):
            if file.endswith(".expected.json"):
                continue
            path = os.path.join(directory, file)
            out = os.path.splitext(path)[0] + ".expected.json"
            with open(out, "w") as handle:
                json.dump(expectation(path), handle, indent=2)
                handle.write("\n")
            print("wrote", out)
