#!/usr/bin/env python3
"""Independent decoder of Intel DCAP quotes (TDX v4/v5, SGX v3), written from the layouts in
Intel's "TDX DCAP Quoting Library API" (App. A) and "SGX ECDSA Quote Library Reference (DCAP)"
(App. A), and the "SGX PCK Certificate and CRL Profile" (OID 1.2.840.113741.1.13.1). It shares
no code with Appraise: it exists to write the expected claim values in
Corpus/evidence/tdx/*.expected.json and to cross-check the Swift parser.

It also checks what the claims cannot show — the quote signature, the QE report signature, the
attestation-key binding — with pyca/cryptography, so that an expectation file is only written
for a quote whose structure this decoder really understood.

usage: dcap_quote.py QUOTE.bin            -> prints the expected-claims JSON object
       dcap_quote.py --check QUOTE.bin    -> also prints the signature checks to stderr
       dcap_quote.py HCL_REPORT.bin       -> Azure HCL report (TD report + runtime data) claims
       dcap_quote.py EVIDENCE.json        -> Trustee az-tdx-vtpm evidence (HCL report + TD quote) claims
"""
import hashlib
import json
import struct
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

INTEL_QE_VENDOR_ID = bytes.fromhex("939a7233f79c4ca9940a0db3957f0607")
SGX_EXTENSION_OID = "1.2.840.113741.1.13.1"


class Cursor:
    def __init__(self, data, start=0, end=None):
        self.data = data
        self.pos = start
        self.end = len(data) if end is None else end

    def take(self, n, what):
        if n < 0 or self.pos + n > self.end:
            raise ValueError(f"truncated reading {what} at {self.pos}: need {n}, have {self.end - self.pos}")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def u16(self, what):
        return struct.unpack("<H", self.take(2, what))[0]

    def u32(self, what):
        return struct.unpack("<I", self.take(4, what))[0]


def sgx_report_body(b):
    """SGX REPORT BODY, 384 bytes (sgx_report_body_t)."""
    assert len(b) == 384
    return {
        "cpusvn": b[0:16],
        "miscselect": struct.unpack_from("<I", b, 16)[0],
        "isvextprodid": b[32:48],
        "attributes": b[48:64],
        "mrenclave": b[64:96],
        "mrsigner": b[128:160],
        "configid": b[192:256],
        "isvprodid": struct.unpack_from("<H", b, 256)[0],
        "isvsvn": struct.unpack_from("<H", b, 258)[0],
        "configsvn": struct.unpack_from("<H", b, 260)[0],
        "isvfamilyid": b[304:320],
        "report_data": b[320:384],
    }


def td_report_body(b, tdx15):
    """TD quote body (sgx_report2_body_t, 584 bytes; TDX 1.5 adds TEE_TCB_SVN2 and MRSERVICETD)."""
    out = {
        "tee_tcb_svn": b[0:16],
        "mrseam": b[16:64],
        "mrsignerseam": b[64:112],
        "seam_attributes": b[112:120],
        "td_attributes": b[120:128],
        "xfam": b[128:136],
        "mrtd": b[136:184],
        "mrconfigid": b[184:232],
        "mrowner": b[232:280],
        "mrownerconfig": b[280:328],
        "rtmr": [b[328 + 48 * i:376 + 48 * i] for i in range(4)],
        "report_data": b[520:584],
    }
    if tdx15:
        out["tee_tcb_svn2"] = b[584:600]
        out["mrservicetd"] = b[600:648]
    return out


def certification_data(c):
    ctype = c.u16("certification data type")
    size = c.u32("certification data size")
    payload_start = c.pos
    c.take(size, "certification data")
    out = {"type": ctype, "start": payload_start, "end": payload_start + size}
    if ctype == 6:
        inner = Cursor(c.data, payload_start, payload_start + size)
        out["qe_report"] = inner.take(384, "QE report")
        out["qe_report_signature"] = inner.take(64, "QE report signature")
        auth_len = inner.u16("QE auth data size")
        out["qe_auth_data"] = inner.take(auth_len, "QE auth data")
        out["nested"] = certification_data(inner)
    return out


def parse(quote):
    c = Cursor(quote)
    version = c.u16("version")
    if version not in (3, 4, 5):
        raise ValueError(f"unsupported version {version}")
    att_key_type = c.u16("att_key_type")
    tee_type = c.u32("tee_type")
    qe_svn = c.u16("qe_svn")
    pce_svn = c.u16("pce_svn")
    vendor = c.take(16, "qe_vendor_id")
    user_data = c.take(20, "user_data")
    q = {"version": version, "att_key_type": att_key_type, "tee_type": 0 if version == 3 else tee_type,
         "qe_svn": qe_svn, "pce_svn": pce_svn, "qe_vendor_id": vendor, "user_data": user_data}
    if version == 3:
        q["body_type"] = 1
        q["report"] = sgx_report_body(c.take(384, "ISV report"))
    elif version == 4:
        q["body_type"] = 2
        q["report"] = td_report_body(c.take(584, "TD report"), False)
    else:
        body_type = c.u16("body type")
        body_size = c.u32("body size")
        expected = {1: 384, 2: 584, 3: 648}.get(body_type)
        if expected is None or expected != body_size:
            raise ValueError(f"body type {body_type} with size {body_size}")
        q["body_type"] = body_type
        body = c.take(body_size, "body")
        q["report"] = sgx_report_body(body) if body_type == 1 else td_report_body(body, body_type == 3)
    q["signed_end"] = c.pos
    sig_len = c.u32("signature data length")
    sig = Cursor(quote, c.pos, c.pos + sig_len)
    c.take(sig_len, "signature data")
    q["trailing"] = len(quote) - c.pos
    q["quote_signature"] = sig.take(64, "quote signature")
    q["attestation_key"] = sig.take(64, "attestation key")
    if version == 3:
        # v3: QE report, signature and auth data come first; then certification data.
        qe = {"type": 6}
        qe["qe_report"] = sig.take(384, "QE report")
        qe["qe_report_signature"] = sig.take(64, "QE report signature")
        auth_len = sig.u16("QE auth data size")
        qe["qe_auth_data"] = sig.take(auth_len, "QE auth data")
        qe["nested"] = certification_data(sig)
        q["cert"] = qe
    else:
        q["cert"] = certification_data(sig)
        if q["cert"]["type"] != 6:
            raise ValueError("v4/v5 certification data must be type 6")
    if sig.pos != sig.end:
        raise ValueError(f"{sig.end - sig.pos} bytes left in the signature data")
    return q


# --- DER, just enough for the SGX extension (X.690) -------------------------------------------

def der_items(b):
    """Yields (tag, content) for each TLV in b."""
    i = 0
    while i < len(b):
        tag = b[i]
        length = b[i + 1]
        i += 2
        if length & 0x80:
            n = length & 0x7F
            length = int.from_bytes(b[i:i + n], "big")
            i += n
        yield tag, b[i:i + length]
        i += length


def oid_text(content):
    first = content[0]
    parts = [first // 40, first % 40]
    value = 0
    for byte in content[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    return ".".join(map(str, parts))


def sgx_extensions(cert_der):
    cert = x509.load_der_x509_certificate(cert_der)
    ext = cert.extensions.get_extension_for_oid(x509.ObjectIdentifier(SGX_EXTENSION_OID)).value.value
    (tag, seq), = list(der_items(ext))
    assert tag == 0x30
    out = {}
    for tag, item in der_items(seq):
        (oid_tag, oid), (value_tag, value) = list(der_items(item))
        name = oid_text(oid)
        if name.endswith(".13.1.2"):  # TCB
            components = {}
            for _, comp in der_items(value):
                (_, coid), (ctag, cval) = list(der_items(comp))
                components[oid_text(coid).rsplit(".", 1)[1]] = (ctag, cval)
            out["sgx_tcb_components"] = [int.from_bytes(components[str(i)][1], "big") for i in range(1, 17)]
            out["pcesvn"] = int.from_bytes(components["17"][1], "big")
            out["cpusvn"] = components["18"][1]
        elif name.endswith(".13.1.7"):  # Configuration
            for _, conf in der_items(value):
                (_, coid), (_, cval) = list(der_items(conf))
                key = {"1": "dynamic_platform", "2": "cached_keys", "3": "smt_enabled"}[oid_text(coid).rsplit(".", 1)[1]]
                out[key] = cval != b"\x00"
        else:
            key = {"1": "ppid", "3": "pceid", "4": "fmspc", "5": "sgx_type", "6": "platform_instance_id"}[
                name.rsplit(".", 1)[1]]
            out[key] = int.from_bytes(value, "big") if key == "sgx_type" else value
    cn = cert.issuer.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
    out["ca"] = "Processor" if "Processor" in cn else "Platform" if "Platform" in cn else "?"
    return out


def pck_chain(cert_data):
    """The certificates of a type-5 payload, leaf first: PEM blocks (possibly NUL-terminated,
    leaf first) or concatenated DER (Intel's synthetic sample: root first)."""
    if b"-----BEGIN CERTIFICATE-----" in cert_data:
        return [c.public_bytes(serialization_der()) for c in x509.load_pem_x509_certificates(cert_data.rstrip(b"\0"))]
    chain = der_chain(cert_data)
    certs = [x509.load_der_x509_certificate(c) for c in chain]
    issuers = {c.issuer for c in certs if c.issuer != c.subject}
    leaves = [d for d, c in zip(chain, certs) if c.subject not in issuers]
    return leaves + [d for d in chain if d not in leaves]


def der_chain(cert_data):
    out, i = [], 0
    while i < len(cert_data):
        length = cert_data[i + 1]
        header = 2
        if length & 0x80:
            n = length & 0x7F
            length = int.from_bytes(cert_data[i + 2:i + 2 + n], "big")
            header += n
        out.append(cert_data[i:i + header + length])
        i += header + length
    return out


def serialization_der():
    from cryptography.hazmat.primitives.serialization import Encoding
    return Encoding.DER


# --- Claims, following the project's JSON output convention ------------------------------------

SGX_TYPES = {0: "Standard", 1: "Scalable", 2: "ScalableWithIntegrity"}


def claims(quote):
    q = parse(quote)
    tdx = q["version"] >= 4 and q["body_type"] != 1
    k = "tdx" if tdx else "sgx"
    out = {
        f"{k}.quote.version": q["version"],
        f"{k}.quote.att_key_type": q["att_key_type"],
        f"{k}.quote.tee_type": q["tee_type"],
        f"{k}.quote.qe_vendor_id": q["qe_vendor_id"].hex(),
        f"{k}.quote.user_data": q["user_data"].hex(),
        f"{k}.quote.attestation_key": q["attestation_key"].hex(),
    }
    r = q["report"]
    if tdx:
        td_attr = int.from_bytes(r["td_attributes"], "little")
        out.update({
            "tdx.tee_tcb_svn": list(r["tee_tcb_svn"]),
            "tdx.mrseam": r["mrseam"].hex(),
            "tdx.mrsignerseam": r["mrsignerseam"].hex(),
            "tdx.seam_attributes": r["seam_attributes"].hex(),
            "tdx.td_attributes": r["td_attributes"].hex(),
            "tdx.attributes.debug": bool(td_attr & (1 << 0)),
            "tdx.attributes.sept_ve_disable": bool(td_attr & (1 << 28)),
            "tdx.attributes.pks": bool(td_attr & (1 << 30)),
            "tdx.attributes.kl": bool(td_attr & (1 << 31)),
            "tdx.attributes.perfmon": bool(td_attr & (1 << 63)),
            "tdx.xfam": r["xfam"].hex(),
            "tdx.mrtd": r["mrtd"].hex(),
            "tdx.mrconfigid": r["mrconfigid"].hex(),
            "tdx.mrowner": r["mrowner"].hex(),
            "tdx.mrownerconfig": r["mrownerconfig"].hex(),
            "tdx.rtmr": [m.hex() for m in r["rtmr"]],
            "tdx.report_data": r["report_data"].hex(),
            "tdx.body_type": q["body_type"],
        })
        if "tee_tcb_svn2" in r:
            out["tdx.tee_tcb_svn2"] = list(r["tee_tcb_svn2"])
            out["tdx.mrservicetd"] = r["mrservicetd"].hex()
    else:
        flags = int.from_bytes(r["attributes"][0:8], "little")
        out.update({
            "sgx.quote.qe_svn": q["qe_svn"],
            "sgx.quote.pce_svn": q["pce_svn"],
            "sgx.cpusvn": r["cpusvn"].hex(),
            "sgx.miscselect": r["miscselect"],
            "sgx.isvextprodid": r["isvextprodid"].hex(),
            "sgx.attributes": r["attributes"].hex(),
            "sgx.attributes.debug": bool(flags & 0x2),
            "sgx.attributes.mode64bit": bool(flags & 0x4),
            "sgx.mrenclave": r["mrenclave"].hex(),
            "sgx.mrsigner": r["mrsigner"].hex(),
            "sgx.configid": r["configid"].hex(),
            "sgx.isvprodid": r["isvprodid"],
            "sgx.isvsvn": r["isvsvn"],
            "sgx.configsvn": r["configsvn"],
            "sgx.isvfamilyid": r["isvfamilyid"].hex(),
            "sgx.report_data": r["report_data"].hex(),
        })
    cert = q["cert"]
    qe = sgx_report_body(cert["qe_report"])
    out.update({
        f"{k}.qe.cpusvn": qe["cpusvn"].hex(),
        f"{k}.qe.miscselect": qe["miscselect"],
        f"{k}.qe.attributes": qe["attributes"].hex(),
        f"{k}.qe.mrenclave": qe["mrenclave"].hex(),
        f"{k}.qe.mrsigner": qe["mrsigner"].hex(),
        f"{k}.qe.isvprodid": qe["isvprodid"],
        f"{k}.qe.isvsvn": qe["isvsvn"],
        f"{k}.qe.report_data": qe["report_data"].hex(),
        f"{k}.qe.auth_data": cert["qe_auth_data"].hex(),
    })
    nested = cert["nested"]
    out[f"{k}.pck.certification_data_type"] = nested["type"]
    if nested["type"] == 5:
        chain = pck_chain(quote[nested["start"]:nested["end"]])
        ext = sgx_extensions(chain[0])
        out.update({
            f"{k}.pck.ppid": ext["ppid"].hex(),
            f"{k}.pck.fmspc": ext["fmspc"].hex(),
            f"{k}.pck.pceid": ext["pceid"].hex(),
            f"{k}.pck.pcesvn": ext["pcesvn"],
            f"{k}.pck.cpusvn": ext["cpusvn"].hex(),
            f"{k}.pck.sgx_tcb_components": ext["sgx_tcb_components"],
            f"{k}.pck.sgx_type": SGX_TYPES[ext["sgx_type"]],
            f"{k}.pck.ca": ext["ca"],
        })
        if "platform_instance_id" in ext:
            out[f"{k}.pck.platform_instance_id"] = ext["platform_instance_id"].hex()
        for key in ("dynamic_platform", "cached_keys", "smt_enabled"):
            if key in ext:
                out[f"{k}.pck.{key}"] = ext[key]
    out[f"{k}.verified"] = False
    return out


def check(quote):
    """Signature and binding checks, reported as text (not claims)."""
    q = parse(quote)
    cert = q["cert"]
    lines = []

    def p256(xy):
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b"\x04" + xy)

    def ok(key, sig, message):
        der = encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
        try:
            key.verify(der, message, ec.ECDSA(hashes.SHA256()))
            return True
        except Exception:
            return False

    lines.append(f"signed region 0..{q['signed_end']}, trailing {q['trailing']} bytes")
    lines.append(f"quote signature: {ok(p256(q['attestation_key']), q['quote_signature'], quote[:q['signed_end']])}")
    digest = hashlib.sha256(q["attestation_key"] + cert["qe_auth_data"]).digest()
    qe_rd = cert["qe_report"][320:384]
    lines.append(f"attestation key binding: {qe_rd[:32] == digest and qe_rd[32:] == bytes(32)}")
    nested = cert["nested"]
    if nested["type"] == 5:
        chain = pck_chain(quote[nested["start"]:nested["end"]])
        leaf = x509.load_der_x509_certificate(chain[0])
        lines.append(f"QE report signature by PCK leaf: {ok(leaf.public_key(), cert['qe_report_signature'], cert['qe_report'])}")
        lines.append(f"PCK chain: {len(chain)} certificates, NUL-terminated PEM: {quote[nested['end'] - 1] == 0}")
    return "\n".join(lines)


def td_report_claims(report):
    """TDREPORT_STRUCT (1024 bytes; TDX Module ABI): the TD fields, named like a quote body's."""
    tee_tcb_info, td_info = report[256:495], report[512:1024]
    td_attr = int.from_bytes(td_info[0:8], "little")
    return {
        "tdx.tee_tcb_svn": list(tee_tcb_info[8:24]),
        "tdx.mrseam": tee_tcb_info[24:72].hex(),
        "tdx.mrsignerseam": tee_tcb_info[72:120].hex(),
        "tdx.seam_attributes": tee_tcb_info[120:128].hex(),
        "tdx.td_attributes": td_info[0:8].hex(),
        "tdx.attributes.debug": bool(td_attr & 1),
        "tdx.attributes.sept_ve_disable": bool(td_attr & (1 << 28)),
        "tdx.attributes.pks": bool(td_attr & (1 << 30)),
        "tdx.attributes.kl": bool(td_attr & (1 << 31)),
        "tdx.attributes.perfmon": bool(td_attr & (1 << 63)),
        "tdx.xfam": td_info[8:16].hex(),
        "tdx.mrtd": td_info[16:64].hex(),
        "tdx.mrconfigid": td_info[64:112].hex(),
        "tdx.mrowner": td_info[112:160].hex(),
        "tdx.mrownerconfig": td_info[160:208].hex(),
        "tdx.rtmr": [td_info[208 + 48 * i:256 + 48 * i].hex() for i in range(4)],
        "tdx.report_data": report[128:192].hex(),
    }


def hcl_claims(hcl, quote_report_data=None):
    """Azure HCL report: "HCLA" header, hardware report at 0x20, runtime data header at 0x4C0,
    variable data (runtime claims JSON) at 0x4D4; REPORTDATA[0:32] = SHA-256(variable data)."""
    assert hcl[0:4] == b"HCLA"
    data_size, _version, report_type, hash_type, var_size = struct.unpack_from("<5I", hcl, 0x4C0)
    assert report_type == 4 and hash_type == 1 and data_size == 20 + var_size
    runtime = hcl[0x4D4:0x4D4 + var_size]
    report = hcl[0x20:0x20 + 1024]
    digest = hashlib.sha256(runtime).digest()

    def bound(rd):
        return rd[:32] == digest and rd[32:] == bytes(32)
    out = {} if quote_report_data is not None else {**td_report_claims(report), "tdx.verified": False}
    out["tdx.azure.runtime_data"] = runtime.hex()
    out["tdx.azure.user_data"] = json.loads(runtime)["user-data"].lower()
    out["tdx.azure.runtime_data_bound"] = bound(report[128:192]) and (
        quote_report_data is None or bound(quote_report_data))
    return out


def azure_evidence_claims(text):
    """Trustee az-tdx-vtpm evidence JSON: v0 byte arrays, v1 base64url strings."""
    import base64
    obj = json.loads(text)

    def raw(v):
        if isinstance(v, list):
            return bytes(v)
        return base64.urlsafe_b64decode(v + "=" * (-len(v) % 4))
    quote, hcl = raw(obj["td_quote"]), raw(obj["hcl_report"])
    out = claims(quote)
    out.update(hcl_claims(hcl, bytes.fromhex(out["tdx.report_data"])))
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    show = args and args[0] == "--check"
    if show:
        args = args[1:]
    data = open(args[0], "rb").read()
    if data.startswith(b"HCLA"):
        print(json.dumps(hcl_claims(data), indent=2))
    elif data.lstrip().startswith(b"{"):
        print(json.dumps(azure_evidence_claims(data), indent=2))
    else:
        if show:
            print(check(data), file=sys.stderr)
        print(json.dumps(claims(data), indent=2))
