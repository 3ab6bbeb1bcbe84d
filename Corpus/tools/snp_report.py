#!/usr/bin/env python3
"""Independent second implementation of the AMD SEV-SNP ATTESTATION_REPORT layout, used only
to write the expected values in Corpus/evidence/snp/*.expected.json and to cross-check the
VCEK/VLEK collateral. It shares no code with Appraise: offsets come from the SEV-SNP Firmware
ABI specification #56860 (ATTESTATION_REPORT, Table 23 in rev 1.57+; TCB_VERSION per
generation), the VCEK/KDS specification #57230 (certificate extensions) and the GHCB
specification #56421 (certificate table); signatures are checked with pyca/cryptography.

usage:
  snp_report.py claims REPORT [--product Milan|Genoa|Turin] [--offset N]
      expected parse-only claims (JSON) in Appraise's output convention
  snp_report.py vcek CERT               VCEK/VLEK extensions as JSON
  snp_report.py verify REPORT CERT [--offset N]
      whether the report signature verifies with the certificate's key
"""
import json
import struct
import sys
import warnings

warnings.simplefilter("ignore")  # AMD certificates have serial 0, which cryptography warns about

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils

REPORT_SIZE = 0x4A0
SIGNED_SIZE = 0x2A0

# Generation from CPUID (combined family, combined model): AMD PPRs; same ranges as the
# KDS specification's "Determining the Product Name" and virtee/sev identify_cpu.
def generation_from_cpuid(family, model):
    if family == 0x19 and model <= 0x0F:
        return "Milan"
    if family == 0x19 and (0x10 <= model <= 0x1F or 0xA0 <= model <= 0xAF):
        return "Genoa"
    if family == 0x1A and model <= 0x11:
        return "Turin"
    return None


def tcb_parts(raw, generation):
    """TCB_VERSION (u64 LE). Milan/Genoa: b0 BL, b1 TEE, b2-5 rsvd, b6 SNP, b7 UCODE.
    Turin: b0 FMC, b1 BL, b2 TEE, b3 SNP, b4-6 rsvd, b7 UCODE."""
    b = raw.to_bytes(8, "little")
    if generation == "Turin":
        assert b[4:7] == b"\0\0\0", "reserved TCB bytes set"
        return {"fmc": b[0], "bootloader": b[1], "tee": b[2], "snp": b[3], "microcode": b[7]}
    assert b[2:6] == b"\0\0\0\0", "reserved TCB bytes set"
    return {"bootloader": b[0], "tee": b[1], "snp": b[6], "microcode": b[7]}


POLICY_BITS = [(16, "smt"), (18, "migrate_ma"), (19, "debug"), (20, "single_socket"),
               (21, "cxl_allow"), (22, "mem_aes_256_xts"), (23, "rapl_dis"),
               (24, "ciphertext_hiding"), (25, "page_swap_disable")]
PLATFORM_BITS = [(0, "smt_enabled"), (1, "tsme_enabled"), (2, "ecc_enabled"), (3, "rapl_disabled"),
                 (4, "ciphertext_hiding_enabled"), (5, "alias_check_complete"), (7, "tio_enabled")]


def mbz(r, lo, hi, name):
    assert r[lo:hi] == bytes(hi - lo), f"{name} [{lo:#x}:{hi:#x}] is not zero"


def report_claims(data, generation=None):
    r = data
    assert len(r) == REPORT_SIZE, len(r)
    version, guest_svn, policy = struct.unpack_from("<IIQ", r, 0)
    assert version in (2, 3, 4, 5), f"unsupportedVersion: VERSION {version} is not 2, 3, 4 or 5"
    vmpl, sig_algo = struct.unpack_from("<II", r, 0x30)
    current_tcb, platform_info, key_info = struct.unpack_from("<QQI", r, 0x38)
    mbz(r, 0x4C, 0x50, "reserved")
    reported_tcb = struct.unpack_from("<Q", r, 0x180)[0]
    claims = {
        "snp.version": version,
        "snp.guest_svn": guest_svn,
        "snp.policy": policy,
        "snp.policy.abi_minor": policy & 0xFF,
        "snp.policy.abi_major": (policy >> 8) & 0xFF,
    }
    assert policy & (1 << 17), "policy bit 17 must be one"
    assert policy >> 26 == 0, "policy bits 63:26 must be zero"
    for bit, name in POLICY_BITS:
        claims[f"snp.policy.{name}"] = bool(policy >> bit & 1)
    claims["snp.family_id"] = r[0x10:0x20].hex()
    claims["snp.image_id"] = r[0x20:0x30].hex()
    claims["snp.vmpl"] = vmpl
    claims["snp.signature_algo"] = sig_algo
    claims["snp.platform_info"] = platform_info
    for bit, name in PLATFORM_BITS:
        claims[f"snp.platform.{name}"] = bool(platform_info >> bit & 1)
    assert key_info >> 5 == 0, "0x48 bits 31:5 must be zero"
    signing_key = key_info >> 2 & 7
    claims["snp.author_key_en"] = bool(key_info & 1)
    claims["snp.mask_chip_key"] = bool(key_info >> 1 & 1)
    claims["snp.signing_key"] = {0: "vcek", 1: "vlek", 7: "none"}[signing_key]
    claims["snp.report_data"] = r[0x50:0x90].hex()
    claims["snp.measurement"] = r[0x90:0xC0].hex()
    claims["snp.host_data"] = r[0xC0:0xE0].hex()
    claims["snp.id_key_digest"] = r[0xE0:0x110].hex()
    claims["snp.author_key_digest"] = r[0x110:0x140].hex()
    claims["snp.report_id"] = r[0x140:0x160].hex()
    claims["snp.report_id_ma"] = r[0x160:0x180].hex()
    if version >= 3:
        family, model, stepping = r[0x188], r[0x189], r[0x18A]
        claims["snp.cpuid.family"] = family
        claims["snp.cpuid.model"] = model
        claims["snp.cpuid.stepping"] = stepping
        generation = generation_from_cpuid(family, model)
        assert generation, f"unknown CPUID {family:#x}/{model:#x}"
        mbz(r, 0x18B, 0x1A0, "reserved after CPUID")
    else:
        mbz(r, 0x188, 0x1A0, "reserved (v2)")
    chip_id = r[0x1A0:0x1E0]
    committed_tcb = struct.unpack_from("<Q", r, 0x1E0)[0]
    claims["snp.firmware.current.build"] = r[0x1E8]
    claims["snp.firmware.current.minor"] = r[0x1E9]
    claims["snp.firmware.current.major"] = r[0x1EA]
    mbz(r, 0x1EB, 0x1EC, "reserved")
    claims["snp.firmware.committed.build"] = r[0x1EC]
    claims["snp.firmware.committed.minor"] = r[0x1ED]
    claims["snp.firmware.committed.major"] = r[0x1EE]
    mbz(r, 0x1EF, 0x1F0, "reserved")
    launch_tcb = struct.unpack_from("<Q", r, 0x1F0)[0]
    if version >= 5:
        claims["snp.mit_vector.launch"] = struct.unpack_from("<Q", r, 0x1F8)[0]
        claims["snp.mit_vector.current"] = struct.unpack_from("<Q", r, 0x200)[0]
    else:
        mbz(r, 0x1F8, 0x208, "reserved before v5")
    mbz(r, 0x208, 0x2A0, "reserved")
    assert sig_algo == 1
    mbz(r, 0x2A0 + 144, REPORT_SIZE, "signature reserved")
    claims["snp.chip_id_masked"] = chip_id == bytes(64)
    if generation:
        claims["snp.generation"] = generation
        if generation == "Turin":
            mbz(chip_id, 8, 64, "Turin CHIP_ID tail")
            claims["snp.chip_id"] = chip_id[:8].hex()
        else:
            claims["snp.chip_id"] = chip_id.hex()
        for which, raw in [("current", current_tcb), ("committed", committed_tcb),
                           ("launch", launch_tcb), ("reported", reported_tcb)]:
            parts = tcb_parts(raw, generation)
            for name, value in parts.items():
                claims[f"snp.tcb.{which}.{name}"] = value
            claims[f"snp.tcb.{which}.svn"] = [parts["bootloader"], parts["tee"], parts["snp"],
                                              parts["microcode"], parts.get("fmc", 0)]
    claims["snp.verified"] = False
    return claims


def signature_ok(report, cert):
    r = int.from_bytes(report[0x2A0:0x2A0 + 72], "little")
    s = int.from_bytes(report[0x2E8:0x2E8 + 72], "little")
    der = utils.encode_dss_signature(r, s)
    try:
        cert.public_key().verify(der, report[:SIGNED_SIZE], ec.ECDSA(hashes.SHA384()))
        return True
    except Exception:
        return False


def load_cert(path):
    data = open(path, "rb").read()
    if data.lstrip().startswith(b"-----"):
        return x509.load_pem_x509_certificates(data)[0]
    return x509.load_der_x509_certificate(data)


def der_integer(value):
    """INTEGER content of an extension value (02 len bytes), big-endian two's complement."""
    assert value[0] == 0x02 and value[1] == len(value) - 2, value.hex()
    return int.from_bytes(value[2:], "big", signed=True)


def vcek_extensions(cert):
    base = "1.3.6.1.4.1.3704.1."
    out = {"subject_cn": cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value}
    for ext in cert.extensions:
        oid = ext.oid.dotted_string
        if not oid.startswith(base):
            continue
        v = ext.value.value
        key = oid[len(base):]
        if key == "1":
            out["struct_version"] = der_integer(v)
        elif key == "2":
            assert v[0] == 0x16  # IA5String
            out["product_name"] = v[2:2 + v[1]].decode()
        elif key.startswith("3."):
            names = {"3.1": "bl", "3.2": "tee", "3.3": "snp", "3.8": "ucode", "3.9": "fmc"}
            out[names.get(key, "spl" + key[2:])] = der_integer(v)
        elif key == "4":
            if len(v) in (8, 64):
                out["hwid"] = v.hex()
            else:
                assert v[0] == 0x04 and v[1] == len(v) - 2, "hwID is neither raw nor OCTET STRING"
                out["hwid"] = v[2:].hex()
                out["hwid_encoding"] = "octet-string"
        elif key == "5":
            assert v[0] == 0x16
            out["csp_id"] = v[2:2 + v[1]].decode()
    return out


def arg(name, default=None):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return default


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "claims":
        data = open(sys.argv[2], "rb").read()
        offset = int(arg("--offset", "0"), 0)
        claims = report_claims(data[offset:offset + REPORT_SIZE], arg("--product"))
        print(json.dumps(claims, indent=2))
    elif command == "vcek":
        print(json.dumps(vcek_extensions(load_cert(sys.argv[2])), indent=2))
    elif command == "verify":
        data = open(sys.argv[2], "rb").read()
        offset = int(arg("--offset", "0"), 0)
        print(json.dumps(signature_ok(data[offset:offset + REPORT_SIZE], load_cert(sys.argv[3]))))
    else:
        sys.exit(__doc__)
