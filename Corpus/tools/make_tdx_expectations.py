#!/usr/bin/env python3
"""Writes Corpus/evidence/tdx/*.expected.json for the DCAP quotes and Azure TDX evidence, from the
independent decoder dcap_quote.py — after cross-checking its output against every value the
sources themselves assert (trustee's expected-claims JSON and SGX doc example, dcap-qvl's parse
snapshots, go-tdx-guest's test values as listed in MANIFEST.md). A disagreement stops the script.

usage: make_tdx_expectations.py SHARED_CORPUS_DIR   (reads the dcap-qvl snapshots and trustee's
       expected JSON from there; they are peer outputs, not copied into Corpus/)
"""
import json
import os
import re
import sys

import dcap_quote

HERE = os.path.dirname(os.path.abspath(__file__))
EVIDENCE = os.path.join(HERE, "..", "evidence", "tdx")
DECODER = "Corpus/tools/dcap_quote.py (independent Python decoder)"


def snap_fields(path):
    """Field name -> list of byte strings / ints in a dcap-qvl insta snapshot (Rust Debug dump)."""
    text = open(path).read()
    out = {}
    for m in re.finditer(r"(\w+): \[\s*([\d,\s]*?)\s*\]", text):
        out.setdefault(m.group(1), []).append(bytes(int(x) for x in m.group(2).replace(",", " ").split()))
    for m in re.finditer(r"(\w+): (\d+),", text):
        out.setdefault(m.group(1), []).append(int(m.group(2)))
    return out


def check(condition, what):
    if not condition:
        sys.exit(f"cross-check failed: {what}")


def as_bytes(value):
    return bytes(value) if isinstance(value, list) else bytes.fromhex(value)


def cross_check_dcap_qvl(shared, claims, snapshot, k):
    s = snap_fields(os.path.join(shared, "tdx", snapshot))
    fields = {
        "tdx": {"tee_tcb_svn": "tdx.tee_tcb_svn", "mr_seam": "tdx.mrseam", "mr_signer_seam": "tdx.mrsignerseam",
                "seam_attributes": "tdx.seam_attributes", "td_attributes": "tdx.td_attributes", "xfam": "tdx.xfam",
                "mr_td": "tdx.mrtd", "mr_config_id": "tdx.mrconfigid", "mr_owner": "tdx.mrowner",
                "mr_owner_config": "tdx.mrownerconfig", "report_data": "tdx.report_data"},
        "sgx": {"cpu_svn": "sgx.cpusvn", "mr_enclave": "sgx.mrenclave", "mr_signer": "sgx.mrsigner",
                "report_data": "sgx.report_data", "attributes": "sgx.attributes"},
    }[k]
    for name, path in fields.items():
        check(as_bytes(claims[path]) in s[name], f"{snapshot}: {name}")
    if k == "tdx":
        for i in range(4):
            check(as_bytes(claims["tdx.rtmr"][i]) in s[f"rt_mr{i}"], f"{snapshot}: rt_mr{i}")
    else:
        check(claims["sgx.quote.qe_svn"] in s["qe_svn"] and claims["sgx.quote.pce_svn"] in s["pce_svn"], "svns")
    check(as_bytes(claims[f"{k}.quote.attestation_key"]) in s["ecdsa_attestation_key"], f"{snapshot}: key")


def cross_check_trustee_quote_4(shared, claims):
    expected = json.load(open(os.path.join(shared, "tdx", "trustee_parse_tdx_claims_expected.json")))
    body = expected["quote"]["body"]
    names = {"mr_td": "tdx.mrtd", "mr_seam": "tdx.mrseam", "mrsigner_seam": "tdx.mrsignerseam",
             "seam_attributes": "tdx.seam_attributes", "td_attributes": "tdx.td_attributes", "xfam": "tdx.xfam",
             "mr_config_id": "tdx.mrconfigid", "mr_owner": "tdx.mrowner", "mr_owner_config": "tdx.mrownerconfig",
             "report_data": "tdx.report_data", "tcb_svn": "tdx.tee_tcb_svn"}
    for name, path in names.items():
        check(as_bytes(claims[path]).hex() == body[name], f"trustee quote 4: {name}")
    for i in range(4):
        check(claims["tdx.rtmr"][i] == body[f"rtmr_{i}"], f"trustee quote 4: rtmr_{i}")
    attrs = expected["td_attributes"]
    for theirs, ours in [("debug", "debug"), ("septve_disable", "sept_ve_disable"), ("protection_keys", "pks"),
                         ("key_locker", "kl"), ("perfmon", "perfmon")]:
        check(claims[f"tdx.attributes.{ours}"] == attrs[theirs], f"trustee quote 4: {theirs}")
    header = expected["quote"]["header"]
    check(header["vendor_id"] == claims["tdx.quote.qe_vendor_id"], "vendor id")
    check(header["user_data"] == claims["tdx.quote.user_data"], "user data")
    # MANIFEST.md: trustee's platform_instance_id is not the certificate's. It is its byte reversal.
    piid = claims["tdx.pck.platform_instance_id"]
    check(bytes.fromhex(expected["platform_instance_id"])[::-1].hex() == piid, "PIID is trustee's reversed")


def cross_check_manifest_gtg_v4(claims):
    # go-tdx-guest validate_test.go / verify_test.go values, as MANIFEST.md lists them.
    check(claims["tdx.mrseam"].startswith("2fd279c16164a93dd5bf373d834328d4"), "gtg MR_SEAM")
    check(claims["tdx.td_attributes"] == "0000004000000000", "gtg TD_ATTRIBUTES")
    check(claims["tdx.xfam"] == "e71a060000000000", "gtg XFAM")
    check(claims["tdx.mrtd"].startswith("6363b8043668a3ad953278e10389574d"), "gtg MR_TD")
    check(claims["tdx.rtmr"][0].startswith("2927da70461cd63266f43230cc1849c0"), "gtg RTMR0")
    check(claims["tdx.report_data"].startswith("6c62dec1b8191749a31dab490be532a3"), "gtg REPORTDATA")
    check(claims["tdx.pck.ppid"] == "089ddfdb9c0359c82a3bc7719239574e", "gtg PPID")
    check(claims["tdx.pck.fmspc"] == "50806f000000" and claims["tdx.pck.pcesvn"] == 11, "gtg FMSPC/PCESVN")
    check(claims["tdx.pck.cpusvn"] == "03030202020100020000000000000000", "gtg CPUSVN")
    check(claims["tdx.pck.ca"] == "Platform", "gtg CA")


def cross_check_occlum(claims):
    # trustee deps/verifier/src/sgx/claims.rs doc example (the occlum quote).
    check(claims["sgx.cpusvn"] == "06060c0cffff00000000000000000000", "occlum cpu_svn")
    check(claims["sgx.miscselect"] == 1, "occlum misc_select")
    check(claims["sgx.attributes"] == "0700000000000000e700000000000000", "occlum attributes")
    check(claims["sgx.mrenclave"] == "8f173e4613ff05c52aaf04162d234edae8c9977eae47eb2299ae16a553011c68", "mrenclave")
    check(claims["sgx.mrsigner"] == "83d719e77deaca1470f6baf62a4d774303c899db69020f9c70ee1dfc08c7ce9e", "mrsigner")
    check(claims["sgx.report_data"].startswith("74657374000000"), "occlum report_data")
    check(claims["sgx.quote.qe_svn"] == 8 and claims["sgx.quote.pce_svn"] == 13, "occlum svns")


FILES = {
    "go-tdx-guest_quote_v4_SPR_E4.bin": "tdx-quote",
    "go-tdx-guest_quote_v5_sample.bin": "tdx-quote",
    "go-tdx-guest_ccel_cos-113_quote_v4.bin": "tdx-quote",
    "trustee_tdx_quote_4.bin": "tdx-quote",
    "trustee_tdx_quote_5.bin": "tdx-quote",
    "trustee_tdx_quote_6.bin": "tdx-quote",
    "trustee_az-tdx-vtpm_td_quote.bin": "tdx-quote",
    "dcap-qvl_tdx_quote.bin": "tdx-quote",
    "dcap-qvl_tdx_quote_outdated.bin": "tdx-quote",
    "dcap-qvl_quote-from-tappd.bin": "tdx-quote",
    "dcap-qvl_tdx-quote-hex.bin": "tdx-quote",
    "intel-qvl_sampleData_tdx_quote_v4_SYNTHETIC_derchain.bin": "tdx-quote",
    "trustee_sgx_occlum_quote_v3.bin": "sgx-quote",
    "dcap-qvl_sgx_quote_v3.bin": "sgx-quote",
    "automata_quotev3_sgx.bin": "sgx-quote",
    "automata_solana_quote_sgx_v3.bin": "sgx-quote",
    "intel-qvl_sampleData_sgx_quote_v3_SYNTHETIC.bin": "sgx-quote",
    "trustee_az-tdx-vtpm_hcl_report.bin": "azure-tdx-hcl-report",
    "trustee_az-tdx-vtpm_evidence-v0.json": "azure-tdx-vtpm-evidence",
    "trustee_az-tdx-vtpm_evidence-v1.json": "azure-tdx-vtpm-evidence",
}

NOTES = {
    "go-tdx-guest_quote_v4_SPR_E4.bin": "; MR_SEAM, TD_ATTRIBUTES, XFAM, MR_TD, RTMRs, REPORTDATA and the PCK extensions "
    "(PPID, FMSPC, PCEID, PCESVN, CPUSVN, Platform CA) are asserted by go-tdx-guest validate_test.go/verify_test.go (MANIFEST.md)",
    "trustee_tdx_quote_4.bin": "; every header/body field equals trustee parse_tdx_claims_expected.json, except "
    "platform_instance_id: trustee's 82548d22… is the certificate's value (OID …13.1.6) byte-reversed",
    "trustee_sgx_occlum_quote_v3.bin": "; header and enclave report fields equal trustee sgx/claims.rs's doc example",
    "dcap-qvl_tdx_quote.bin": "; body fields and attestation key equal dcap-qvl tests/snapshots/verify_quote__could_parse_tdx_quote.snap",
    "dcap-qvl_sgx_quote_v3.bin": "; enclave report fields, QE/PCE SVN and attestation key equal dcap-qvl tests/snapshots/verify_quote__could_parse_sgx_quote.snap",
    "go-tdx-guest_quote_v5_sample.bin": "; v5 body type 3, FMSPC 90c06f000000 asserted by go-tdx-guest (MANIFEST.md)",
    "intel-qvl_sampleData_tdx_quote_v4_SYNTHETIC_derchain.bin": "; SYNTHETIC Intel test PKI, DER chain root first",
    "intel-qvl_sampleData_sgx_quote_v3_SYNTHETIC.bin": "; SYNTHETIC, certification data type 1 (PPID): no PCK claims",
    "trustee_az-tdx-vtpm_hcl_report.bin": "; runtime-data SHA-256 = REPORTDATA[0:32] (9734504f…) asserted by trustee az_tdx_vtpm tests",
}


def main(shared):
    for name, kind in FILES.items():
        data = open(os.path.join(EVIDENCE, name), "rb").read()
        if kind == "azure-tdx-hcl-report":
            claims = dcap_quote.hcl_claims(data)
        elif kind == "azure-tdx-vtpm-evidence":
            claims = dcap_quote.azure_evidence_claims(data)
        else:
            claims = dcap_quote.claims(data)
        if name == "dcap-qvl_tdx_quote.bin":
            cross_check_dcap_qvl(shared, claims, "dcap-qvl_tdx_quote.parsed.snap", "tdx")
        if name == "dcap-qvl_sgx_quote_v3.bin":
            cross_check_dcap_qvl(shared, claims, "dcap-qvl_sgx_quote_v3.parsed.snap", "sgx")
        if name == "trustee_tdx_quote_4.bin":
            cross_check_trustee_quote_4(shared, claims)
        if name == "go-tdx-guest_quote_v4_SPR_E4.bin":
            cross_check_manifest_gtg_v4(claims)
        if name == "trustee_sgx_occlum_quote_v3.bin":
            cross_check_occlum(claims)
        path = os.path.join(EVIDENCE, os.path.splitext(name)[0] + ".expected.json")
        if os.path.exists(path):  # what an earlier expectation said must still hold
            for key, value in json.load(open(path))["claims"].items():
                if kind == "sgx-quote":
                    key = key.replace("tdx.quote.", "sgx.quote.")
                check(claims.get(key) == value, f"{name}: earlier expectation {key}")
        out = {"kind": kind, "provenance": "values from " + DECODER + NOTES.get(name, ""), "claims": claims}
        with open(path, "w") as f:
            json.dump(out, f, indent=2)
            f.write("\n")
        print("wrote", os.path.relpath(path, os.path.join(HERE, "..")))


if __name__ == "__main__":
    main(sys.argv[1])
