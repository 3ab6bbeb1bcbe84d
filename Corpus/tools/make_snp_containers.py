#!/usr/bin/env python3
"""Builds the synthetic SEV-SNP inputs that no public repository ships, from real parts, with
pyca/cryptography (an implementation independent of Appraise). Run once from the repository
root; the outputs are committed:

Corpus/evidence/snp/synthetic/
  extended_report_oak_genoa_v5.bin   real Oak Genoa v5 report + a GHCB certificate table
                                     (GHCB spec #56421 §4.1.8.1) holding its real VCEK, the
                                     SEV-Genoa ASK and ARK-Genoa, DER
  configfs_tsm_oak_turin_v5.json     configfs-tsm JSON: outblob = real Oak Turin v5 report,
                                     auxblob = certificate table with its real VCEK (DER) and the
                                     Turin ASK and ARK as PEM (as Veraison's samples carry them)
  testpki_milan_v3.bin               the real Oak Milan release report with its signature
                                     replaced by one from a test VCEK (below); everything else
                                     byte-identical
Corpus/collateral/amd-test-pki/      an AMD-shaped test PKI: ARK (self-signed RSA-3072,
                                     RSASSA-PSS SHA-384 salt 48), ASK, VCEK (P-384, AMD
                                     extensions copied from the report: hwID, SPLs, Milan-B0),
                                     and CRLs issued by the ARK:
  ark.pem                            the --trust-anchor (kept out of the collateral folders)
  chain/ask.pem, chain/vcek.der      the collateral
  crl-clean/ark-clean.crl.der        lists nobody, valid 2025-01-01 .. 2030-01-01
  crl-revoking/ark-revokes-ask.crl.der  lists the ASK
  crl-stale/ark-stale.crl.der        lists nobody, expired 2025-06-01

The test PKI exists because no public AMD CRL revokes anything and no test may hold AMD's keys:
it exercises the CRL step end to end, which real AMD data cannot.
"""
import base64
import datetime
import json
import os
import struct
import warnings

warnings.simplefilter("ignore")

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.x509.oid import NameOID

SHARED = "Corpus"
OUT = "Corpus/evidence/snp/synthetic"
PKI = "Corpus/collateral/amd-test-pki"
GUID = {
    "ark": "c0b406a4-a803-4952-9743-3fb6014cd0ae",
    "ask": "4ab7b379-bbac-4fe4-a02f-05aef327c782",
    "vcek": "63da758d-e664-4564-adc5-f4b93be8accd",
}


def guid_bytes(text):
    return bytes.fromhex(text.replace("-", ""))  # RFC 4122 byte order


def cert_table(entries):
    """entries: [(guid text, bytes)] -> header (24 B per entry + zero terminator) then the data."""
    header_size = 24 * (len(entries) + 1)
    header, data = b"", b""
    for guid, blob in entries:
        header += guid_bytes(guid) + struct.pack("<II", header_size + len(data), len(blob))
        data += blob
    return header + bytes(24) + data


def der(cert):
    return cert.public_bytes(serialization.Encoding.DER)


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def load_chain(path):
    return {c.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value: c
            for c in x509.load_pem_x509_certificates(open(path, "rb").read())}


def extended_report():
    report = open(f"{SHARED}/evidence/snp/oak_genoa_oc_report_v5.bin", "rb").read()
    vcek = open(f"{SHARED}/collateral/amd/oak_genoa_oc_vcek.der", "rb").read()
    chain = load_chain(f"{SHARED}/collateral/amd/go-sev-guest_trust_ask_ark_genoa.pem")
    table = cert_table([(GUID["vcek"], vcek), (GUID["ask"], der(chain["SEV-Genoa"])),
                        (GUID["ark"], der(chain["ARK-Genoa"]))])
    open(f"{OUT}/extended_report_oak_genoa_v5.bin", "wb").write(report + table)


def configfs_tsm():
    report = open(f"{SHARED}/evidence/snp/oak_turin_oc_report_v5.bin", "rb").read()
    vcek = open(f"{SHARED}/collateral/amd/oak_turin_oc_vcek.der", "rb").read()
    chain = load_chain(f"{SHARED}/collateral/amd/go-sev-guest_trust_ask_ark_turin_vcek.pem")
    table = cert_table([(GUID["vcek"], vcek), (GUID["ask"], pem(chain["SEV-Turin"])),
                        (GUID["ark"], pem(chain["ARK-Turin"]))])
    document = {"provider": "sev_guest\n", "outblob": base64.b64encode(report).decode(),
                "auxblob": base64.b64encode(table).decode()}
    with open(f"{OUT}/configfs_tsm_oak_turin_v5.json", "w") as handle:
        json.dump(document, handle, indent=1)
        handle.write("\n")


def name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Appraise Test PKI (not AMD)")])


PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=48)
START, END = datetime.datetime(2025, 1, 1), datetime.datetime(2035, 1, 1)


def ca(subject, issuer, key, issuer_key, serial):
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
            .serial_number(serial).not_valid_before(START).not_valid_after(END)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .sign(issuer_key, hashes.SHA384(), rsa_padding=PSS))


def amd_extension(suffix, value):
    return x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.3704.1." + suffix), value)


def der_integer(value):
    body = value.to_bytes(1, "big") if value < 0x80 else b"\x00" + value.to_bytes(1, "big")
    return b"\x02" + bytes([len(body)]) + body


def test_pki():
    report = bytearray(open(f"{SHARED}/evidence/snp/oak_milan_oc_release_report_v3.bin", "rb").read())
    reported = report[0x180:0x188]  # Milan layout: b0 BL, b1 TEE, b6 SNP, b7 UCODE
    chip_id = bytes(report[0x1A0:0x1E0])
    ark_key = rsa.generate_private_key(65537, 3072)
    ask_key = rsa.generate_private_key(65537, 3072)
    vcek_key = ec.generate_private_key(ec.SECP384R1())
    ark = ca(name("ARK-Milan"), name("ARK-Milan"), ark_key, ark_key, 0x10000)
    ask = ca(name("SEV-Milan"), name("ARK-Milan"), ask_key, ark_key, 0x10001)
    builder = (x509.CertificateBuilder().subject_name(name("SEV-VCEK")).issuer_name(name("SEV-Milan"))
               .public_key(vcek_key.public_key()).serial_number(1).not_valid_before(START).not_valid_after(END))
    for suffix, value in [("1", der_integer(0)), ("2", b"\x16\x08Milan-B0"),
                          ("3.1", der_integer(reported[0])), ("3.2", der_integer(reported[1])),
                          ("3.3", der_integer(reported[6])), ("3.8", der_integer(reported[7])),
                          ("4", b"\x04\x40" + chip_id)]:  # hwID as an OCTET STRING, as KDS serves it since 2023
        builder = builder.add_extension(amd_extension(suffix, value), critical=False)
    vcek = builder.sign(ask_key, hashes.SHA384(), rsa_padding=PSS)

    signature = vcek_key.sign(bytes(report[:0x2A0]), ec.ECDSA(hashes.SHA384()))
    r, s = utils.decode_dss_signature(signature)
    report[0x2A0:0x2E8] = r.to_bytes(72, "little")
    report[0x2E8:0x330] = s.to_bytes(72, "little")
    open(f"{OUT}/testpki_milan_v3.bin", "wb").write(report)

    os.makedirs(f"{PKI}/chain", exist_ok=True)
    os.makedirs(f"{PKI}/crl-clean", exist_ok=True)
    os.makedirs(f"{PKI}/crl-revoking", exist_ok=True)
    os.makedirs(f"{PKI}/crl-stale", exist_ok=True)
    open(f"{PKI}/ark.pem", "wb").write(pem(ark))
    open(f"{PKI}/chain/ask.pem", "wb").write(pem(ask))
    open(f"{PKI}/chain/vcek.der", "wb").write(der(vcek))

    def crl(path, revoked, next_update):
        builder = (x509.CertificateRevocationListBuilder().issuer_name(name("ARK-Milan"))
                   .last_update(START).next_update(next_update))
        for serial in revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(START).build())
        open(path, "wb").write(der(builder.sign(ark_key, hashes.SHA384(), rsa_padding=PSS)))

    crl(f"{PKI}/crl-clean/ark-clean.crl.der", [], datetime.datetime(2030, 1, 1))
    crl(f"{PKI}/crl-revoking/ark-revokes-ask.crl.der", [ask.serial_number], datetime.datetime(2030, 1, 1))
    crl(f"{PKI}/crl-stale/ark-stale.crl.der", [], datetime.datetime(2025, 6, 1))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    extended_report()
    configfs_tsm()
    test_pki()
    print("wrote", OUT, "and", PKI)
