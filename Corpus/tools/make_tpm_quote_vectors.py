#!/usr/bin/env python3
"""TPM2 quote signature vectors for the schemes the corpus has no real quote for (ECDSA P-256 and
P-384, RSASSA-PSS), made with pyca/cryptography (no code shared with Appraise).

The signed TPMS_ATTEST is the real one of go-attestation's Windows GCE quote (its signature is
replaced), so only the signature scheme differs from a real quote. Each vector: NAME.quote.bin
(TPMS_ATTEST ‖ TPMT_SIGNATURE), NAME.ak.pem (SubjectPublicKeyInfo) and, for ECC, NAME.ak.tpm2b_public.bin
(TPM2B_PUBLIC built here: TPM 2.0 Part 2 Table 200, nameAlg SHA-256, ECDSA scheme, NULL KDF).

    python3 Corpus/tools/make_tpm_quote_vectors.py      # from the repository root
"""
import struct
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

OUT = "Corpus/expected/tpm-quote-vectors"
quote = open("Corpus/evidence/tpm-quote/goattest__windows_gcp_quote.bin", "rb").read()
# TPMS_ATTEST length: parse to the end of pcrDigest.
off = 4 + 2
off += 2 + struct.unpack_from(">H", quote, off)[0]           # qualifiedSigner
off += 2 + struct.unpack_from(">H", quote, off)[0]           # extraData
off += 8 + 4 + 4 + 1 + 8                                      # clockInfo, firmwareVersion
count, = struct.unpack_from(">I", quote, off); off += 4
for _ in range(count):
    off += 2; size = quote[off]; off += 1 + size
off += 2 + struct.unpack_from(">H", quote, off)[0]           # pcrDigest
attest = quote[:off]


def pem(key):
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def tpm2b(b):
    return struct.pack(">H", len(b)) + b


for name, curve, hash_, width, curve_id, alg in [("ecdsa-p256-sha256", ec.SECP256R1(), hashes.SHA256(), 32, 3, 0x000B),
                                               ("ecdsa-p384-sha384", ec.SECP384R1(), hashes.SHA384(), 48, 4, 0x000C)]:
    key = ec.generate_private_key(curve)
    r, s = utils.decode_dss_signature(key.sign(attest, ec.ECDSA(hash_)))
    # TPMS_SIGNATURE_ECC: r and s as TPM2B with leading zero bytes dropped, as TPMs emit them.
    rb = r.to_bytes(width, "big").lstrip(b"\0"); sb = s.to_bytes(width, "big").lstrip(b"\0")
    sig = struct.pack(">HH", 0x0018, alg) + tpm2b(rb) + tpm2b(sb)
    open(f"{OUT}/{name}.quote.bin", "wb").write(attest + sig)
    open(f"{OUT}/{name}.ak.pem", "wb").write(pem(key))
    numbers = key.public_key().public_numbers()
    public = struct.pack(">HHI", 0x0023, 0x000B, 0x00050072) + tpm2b(b"")
    public += struct.pack(">HHHHH", 0x0010, 0x0018, alg, curve_id, 0x0010)
    public += tpm2b(numbers.x.to_bytes(width, "big")) + tpm2b(numbers.y.to_bytes(width, "big"))
    open(f"{OUT}/{name}.ak.tpm2b_public.bin", "wb").write(tpm2b(public))

key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
signature = key.sign(attest, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
open(f"{OUT}/rsapss-sha256.quote.bin", "wb").write(attest + struct.pack(">HH", 0x0016, 0x000B) + tpm2b(signature))
open(f"{OUT}/rsapss-sha256.ak.pem", "wb").write(pem(key))
