#!/usr/bin/env python3
"""Independent second implementation of the DCAP quote header layout (Intel TDX DCAP
Quoting Library API, App. A.3; SGX DCAP reference §A.4), used only to write the expected
claim values in Corpus/evidence/tdx/*.expected.json. It shares no code with Appraise.

usage: dcap_quote_header.py QUOTE.bin  -> prints the expected-claims JSON object
"""
import json, struct, sys

def header_claims(b: bytes) -> dict:
    version, att_key_type, tee_type = struct.unpack_from('<HHI', b, 0)
    if version == 3:
        tee_type = 0  # v3: att_key_data_0, reported as SGX
    return {
        "tdx.quote.version": version,
        "tdx.quote.att_key_type": att_key_type,
        "tdx.quote.tee_type": tee_type,
        "tdx.quote.qe_vendor_id": b[12:28].hex(),
        "tdx.quote.user_data": b[28:48].hex(),
    }

if __name__ == "__main__":
    data = open(sys.argv[1], 'rb').read()
    print(json.dumps(header_claims(data), indent=2))
