#!/usr/bin/env python3
"""Second implementation used by PolicyRuntimeTests to check Appraise's EAR output.

  ear_check.py jwt TOKEN_FILE PUBLIC_KEY_PEM   -> verifies the ES256/ES384 JWS with pyca/cryptography,
                                                  prints {"header": …, "payload": …} as JSON
  ear_check.py cbor FILE                       -> decodes with cbor2, prints it as JSON
                                                  (map keys as strings, bytes as hex)
  ear_check.py cwt FILE PUBLIC_KEY_PEM         -> checks a COSE_Sign1 (tag 18) with cryptography,
                                                  prints the decoded payload as JSON
Exit status 1 with a message on stderr when a signature does not verify.
"""
import base64, json, sys
import cbor2
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils
from cryptography.exceptions import InvalidSignature

def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

def verify_raw(pub, signature, message):
    half = len(signature) // 2
    r, s = int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big")
    hash_alg = hashes.SHA256() if pub.curve.key_size == 256 else hashes.SHA384()
    pub.verify(utils.encode_dss_signature(r, s), message, ec.ECDSA(hash_alg))

def plain(value):
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, cbor2.CBORTag):
        return {"tag": value.tag, "value": plain(value.value)}
    return value

def main():
    mode = sys.argv[1]
    if mode == "jwt":
        token = open(sys.argv[2]).read().strip()
        pub = serialization.load_pem_public_key(open(sys.argv[3], "rb").read())
        head, body, sig = token.split(".")
        try:
            verify_raw(pub, b64url(sig), (head + "." + body).encode())
        except InvalidSignature:
            sys.exit("JWT signature does not verify")
        print(json.dumps({"header": json.loads(b64url(head)), "payload": json.loads(b64url(body))}))
    elif mode == "cbor":
        print(json.dumps(plain(cbor2.loads(open(sys.argv[2], "rb").read()))))
    elif mode == "cwt":
        tagged = cbor2.loads(open(sys.argv[2], "rb").read())
        assert isinstance(tagged, cbor2.CBORTag) and tagged.tag == 18, "not a COSE_Sign1"
        protected, _unprotected, payload, signature = tagged.value
        pub = serialization.load_pem_public_key(open(sys.argv[3], "rb").read())
        to_be_signed = cbor2.dumps(["Signature1", protected, b"", payload])
        try:
            verify_raw(pub, signature, to_be_signed)
        except InvalidSignature:
            sys.exit("COSE_Sign1 signature does not verify")
        print(json.dumps({"protected": plain(cbor2.loads(protected)), "payload": plain(cbor2.loads(payload))}))

main()
