#!/usr/bin/env python3
"""Independent TCB level evaluation of an Intel DCAP quote against Intel TCB info and QE identity
JSON (Intel PCS API v4; the matching rules Intel's QVL applies, as documented in
formats-tdx-snp.md §1.8), used only to write expected TCB statuses for quote/collateral pairs
whose sources assert none. It shares no code with Appraise; the quote is decoded by
dcap_quote.py (same folder), the JSON by the standard library.

Also checks what Appraise's tests assert about the collateral itself: the signature over the
exact bytes of the tcbInfo / enclaveIdentity object, with a given TCB signing certificate.

usage: intel_tcb.py QUOTE.bin TCBINFO.json QEIDENTITY.json
       (a QuoteCollateralV3 JSON may be given for both JSON arguments)
"""
import json
import sys

import dcap_quote

STATUS_ORDER = ["UpToDate", "SWHardeningNeeded", "ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded",
                "OutOfDate", "OutOfDateConfigurationNeeded", "Revoked"]


def load(path, member, v3_member):
    data = json.load(open(path))
    if v3_member in data:
        return json.loads(data[v3_member])
    return data[member]


def findings(status):
    return {
        "revoked": status == "Revoked",
        "out_of_date": status in ("OutOfDate", "OutOfDateConfigurationNeeded"),
        "configuration": status in ("ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded",
                                    "OutOfDateConfigurationNeeded"),
        "hardening": status in ("SWHardeningNeeded", "ConfigurationAndSWHardeningNeeded"),
    }


def merge(a, b):
    """Union of findings; Revoked absorbs all, OutOfDate absorbs SW hardening."""
    fa, fb = findings(a), findings(b)
    f = {k: fa[k] or fb[k] for k in fa}
    if f["revoked"]:
        return "Revoked"
    if f["out_of_date"]:
        return "OutOfDateConfigurationNeeded" if f["configuration"] else "OutOfDate"
    if f["configuration"]:
        return "ConfigurationAndSWHardeningNeeded" if f["hardening"] else "ConfigurationNeeded"
    return "SWHardeningNeeded" if f["hardening"] else "UpToDate"


def evaluate(quote_bytes, tcb_info, qe_identity):
    claims = dcap_quote.claims(quote_bytes)
    k = "tdx" if "tdx.quote.version" in claims else "sgx"
    sgx_svn = claims[f"{k}.pck.sgx_tcb_components"]
    pcesvn = claims[f"{k}.pck.pcesvn"]
    tee = claims.get("tdx.tee_tcb_svn")
    if bytes.fromhex(tcb_info["fmspc"]) != bytes.fromhex(claims[f"{k}.pck.fmspc"]):
        return {"error": "FMSPC mismatch"}

    # Intel's QVL keeps TCB levels in a set ordered by SGX components, PCESVN, then TDX components,
    # highest first.
    def key(level):
        t = level["tcb"]
        return ([c["svn"] for c in t["sgxtcbcomponents"]], t["pcesvn"],
                [c["svn"] for c in t.get("tdxtcbcomponents", [])])
    levels = sorted(tcb_info["tcbLevels"], key=key, reverse=True)

    platform = None
    for level in levels:
        t = level["tcb"]
        if any(s < c["svn"] for s, c in zip(sgx_svn, t["sgxtcbcomponents"])) or pcesvn < t["pcesvn"]:
            continue
        if tee is not None:
            start = 2 if tee[1] > 0 else 0
            if any(tee[i] < t["tdxtcbcomponents"][i]["svn"] for i in range(start, 16)):
                continue
        platform = level
        break
    if platform is None:
        return {"error": "no matching TCB level found"}

    matched = [platform]
    module = None
    if tee is not None:
        mod = tcb_info["tdxModule"]
        if tee[1] > 0:
            wanted = "TDX_%02X" % tee[1]
            identity = next((m for m in tcb_info.get("tdxModuleIdentities", []) if m["id"].upper() == wanted), None)
            if identity is None:
                return {"error": f"no TDX module identity {wanted}"}
            mod = identity
        if bytes.fromhex(claims["tdx.mrsignerseam"]) != bytes.fromhex(mod["mrsigner"]):
            return {"error": "MRSIGNERSEAM mismatch"}
        seam = bytes.fromhex(claims["tdx.seam_attributes"])
        mask, want = bytes.fromhex(mod["attributesMask"]), bytes.fromhex(mod["attributes"])
        if any((s & m) != (w & m) for s, m, w in zip(seam, mask, want)):
            return {"error": "SEAMATTRIBUTES mismatch"}
        if tee[1] > 0:
            for level in sorted(mod["tcbLevels"], key=lambda l: l["tcb"]["isvsvn"], reverse=True):
                if level["tcb"]["isvsvn"] <= tee[0]:
                    module = level
                    break
            if module is None:
                return {"error": "no TDX module TCB level"}
            matched.append(module)

    qe_svn = claims[f"{k}.qe.isvsvn"]
    qe = next((l for l in sorted(qe_identity["tcbLevels"], key=lambda l: l["tcb"]["isvsvn"], reverse=True)
               if l["tcb"]["isvsvn"] <= qe_svn), None)
    if qe is None:
        return {"error": "no QE TCB level"}
    matched.append(qe)

    status = platform["tcbStatus"]
    if module:
        status = merge(status, module["tcbStatus"])
    tdx_status = status
    status = merge(status, qe["tcbStatus"])
    advisories = []
    for level in matched:
        for a in level.get("advisoryIDs", []):
            if a not in advisories:
                advisories.append(a)
    relaunch = None
    svn2 = claims.get("tdx.tee_tcb_svn2")
    if svn2 is not None:
        relaunch = False
        # Intel QVL TDRelaunchCheck.cpp, as documented: QE not OutOfDate/Revoked; the SGX-only level
        # not OutOfDate/Revoked; TDX status OutOfDate*; module OutOfDate; TEE_TCB_SVN2 current.
        sgx_level = next(l for l in levels if all(s >= c["svn"] for s, c in zip(sgx_svn, l["tcb"]["sgxtcbcomponents"]))
                         and pcesvn >= l["tcb"]["pcesvn"])
        latest = levels[0]["tcb"]["tdxtcbcomponents"]
        if (qe["tcbStatus"] not in ("OutOfDate", "Revoked") and module and module["tcbStatus"] == "OutOfDate"
                and tdx_status in ("OutOfDate", "OutOfDateConfigurationNeeded")
                and sgx_level["tcbStatus"] in ("UpToDate", "SWHardeningNeeded", "ConfigurationNeeded",
                                               "ConfigurationAndSWHardeningNeeded")
                and svn2[2] >= latest[2]["svn"]):
            if svn2[1] == 0:
                relaunch = svn2[0] >= latest[0]["svn"]
            else:
                ident = next((m for m in tcb_info.get("tdxModuleIdentities", [])
                              if m["id"].upper() == "TDX_%02X" % svn2[1]), None)
                if ident:
                    top = max(ident["tcbLevels"], key=lambda l: l["tcb"]["isvsvn"])
                    relaunch = svn2[0] >= top["tcb"]["isvsvn"]
    return {
        **({"tdx.tcb.relaunch_advised": relaunch} if relaunch is not None else {}),
        f"{k}.tcb.status": status,
        f"{k}.tcb.platform_status": platform["tcbStatus"],
        **({f"{k}.tcb.module_status": module["tcbStatus"]} if module else {}),
        f"{k}.tcb.qe_status": qe["tcbStatus"],
        f"{k}.tcb.date": min(l["tcbDate"] for l in matched),
        f"{k}.tcb.advisories": advisories,
        f"{k}.tcb.evaluation_data_number": tcb_info["tcbEvaluationDataNumber"],
    }


if __name__ == "__main__":
    quote = open(sys.argv[1], "rb").read()
    tcb = load(sys.argv[2], "tcbInfo", "tcb_info")
    qe = load(sys.argv[3], "enclaveIdentity", "qe_identity")
    print(json.dumps(evaluate(quote, tcb, qe), indent=2))
