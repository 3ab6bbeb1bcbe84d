#!/usr/bin/env python3
"""Writes Corpus/expected/signature-vectors.json: signatures made by an independent
implementation (pyca/cryptography, OpenSSL 3 inside) for every scheme the SignatureVerifier
supports, in every encoding evidence uses. Run once; the output is committed.
"""
import json
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

MESSAGE = b"Appraise signature vector: evidence bytes go in, typed claims come out."
HASHES = {"sha1": hashes.SHA1(), "sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}
vectors = []

def spki(key):
    return key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).hex()

for curve, width, hash_names in [(ec.SECP256R1(), 32, ["sha256", "sha384"]),
                                 (ec.SECP384R1(), 48, ["sha384", "sha256"]),
                                 (ec.SECP521R1(), 66, ["sha512"])]:
    key = ec.generate_private_key(curve)
    nums = key.public_key().public_numbers()
    for h in hash_names:
        der = key.sign(MESSAGE, ec.ECDSA(HASHES[h]))
        r, s = utils.decode_dss_signature(der)
        vectors.append({
            "key": curve.name, "scheme": "ecdsa", "hash": h, "spki": spki(key),
            "xy": (nums.x.to_bytes(width, "big") + nums.y.to_bytes(width, "big")).hex(),
            "der": der.hex(), "raw_rs": (r.to_bytes(width, "big") + s.to_bytes(width, "big")).hex(),
            "le_r": r.to_bytes(72 if width == 48 else width, "little").hex(),
            "le_s": s.to_bytes(72 if width == 48 else width, "little").hex(),
        })

for bits in [2048, 1024]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    nums = key.public_key().public_numbers()
    for h in ["sha256", "sha384"]:
        for scheme, pad in [("rsa-pkcs1", padding.PKCS1v15()),
                            ("rsa-pss", padding.PSS(mgf=padding.MGF1(HASHES[h]), salt_length=HASHES[h].digest_size))]:
            vectors.append({
                "key": f"rsa{bits}", "scheme": scheme, "hash": h, "spki": spki(key),
                "n": nums.n.to_bytes(bits // 8, "big").hex(), "e": nums.e.to_bytes(3, "big").hex(),
                "rsa": key.sign(MESSAGE, pad, HASHES[h]).hex(),
            })

json.dump({"message": MESSAGE.hex(), "source": "pyca/cryptography 48 (Corpus/tools/make_signature_vectors.py)",
           "vectors": vectors}, open("Corpus/expected/signature-vectors.json", "w"), indent=1)
print(len(vectors), "vectors")
