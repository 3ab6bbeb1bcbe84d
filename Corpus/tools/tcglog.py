#!/usr/bin/env python3
"""Independent TCG event log / CCEL / CEL-TLV decoder and replayer (shares no code with Appraise).

Used to write expected values for Corpus/evidence/{tpm,ccel,cel}/*.expected.json where no source
asserts them, and to cross-check the peer outputs copied into Corpus/expected/. Written from the
TCG PC Client PFP 1.05 text (§10.2 entry layouts, §10.4.5.1 Spec ID), TPM 2.0 Part 1 §34.3
(H-CRTM), UEFI 2.10 §38.4.1 (MR index n -> RTMR[n-1]) and the TCG CEL spec (TLV).

    python3 tcglog.py LOG [--cc]        # prints a JSON summary (events, banks, replay)
"""
import hashlib, json, struct, sys
from cryptography.hazmat.primitives import hashes

ALGS = {0x0004: ("sha1", 20), 0x000B: ("sha256", 32), 0x000C: ("sha384", 48), 0x000D: ("sha512", 64),
        0x0012: ("sm3_256", 32)}
EV_NO_ACTION, EV_EFI_HCRTM_EVENT = 3, 0x80000010


def H(name, data):
    if name == "sm3_256":
        h = hashes.Hash(hashes.SM3()); h.update(data); return h.finalize()
    return hashlib.new(name, data).digest()


def parse(buf):
    """Returns (format, spec, events, notes); events = dicts with idx, type, digests{name: bytes}, data."""
    events, notes, off = [], [], 0
    if len(buf) < 32:
        raise ValueError("truncated first entry")
    pcr, typ = struct.unpack_from("<II", buf, 0)
    dig = buf[8:28]
    size, = struct.unpack_from("<I", buf, 28)
    if 32 + size > len(buf):
        raise ValueError("first entry data past end")
    data = buf[32:32 + size]
    if pcr >= 24:
        raise ValueError("bad index in first entry")
    events.append(dict(idx=pcr, type=typ, digests={"sha1": dig}, data=data))
    off = 32 + size
    spec = None
    if typ == EV_NO_ACTION and len(data) >= 33 and data[:16] == b"Spec ID Event03\0":
        n, = struct.unpack_from("<I", data, 24)
        algs = []
        for i in range(n):
            a, s = struct.unpack_from("<HH", data, 28 + 4 * i)
            algs.append((a, s))
        spec = dict(algs=algs, uintn=data[23])
    legacy = spec is None
    while off < len(buf):
        rest = buf[off:]
        if rest == b"\xff" * len(rest) or rest == b"\0" * len(rest):
            notes.append("padding %d" % len(rest)); break
        if len(rest) < (32 if legacy else 16):
            notes.append("trailing %d" % len(rest)); break
        pcr, typ = struct.unpack_from("<II", buf, off)
        if pcr >= 24 and pcr != 0xFFFFFFFF:
            raise ValueError("bad index at %d" % off)
        if legacy:
            digests = {"sha1": buf[off + 8:off + 28]}
            p = off + 28
        else:
            count, = struct.unpack_from("<I", buf, off + 8)
            p = off + 12
            digests = {}
            sizes = dict(spec["algs"])
            if count > len(sizes):
                raise ValueError("too many digests at %d" % off)
            for _ in range(count):
                a, = struct.unpack_from("<H", buf, p)
                if a not in sizes:
                    raise ValueError("undeclared algorithm at %d" % p)
                name = ALGS.get(a, ("alg_%x" % a, 0))[0]
                digests[name] = buf[p + 2:p + 2 + sizes[a]]
                p += 2 + sizes[a]
        size, = struct.unpack_from("<I", buf, p)
        if p + 4 + size > len(buf):
            raise ValueError("data past end at %d" % off)
        events.append(dict(idx=pcr, type=typ, digests=digests, data=buf[p + 4:p + 4 + size]))
        off = p + 4 + size
    banks = ["sha1"] if legacy else [ALGS[a][0] for a, _ in spec["algs"] if a in ALGS]
    return ("sha1" if legacy else "crypto_agile"), spec, banks, events, notes


def replay(banks, events, cc=False):
    out = {}
    loc, hcrtm = 0, False
    if not cc:
        for e in events:
            if e["idx"] == 0 and e["type"] == EV_NO_ACTION and len(e["data"]) == 17 and e["data"][:16] == b"StartupLocality\0":
                loc = e["data"][16]
            if e["idx"] == 0 and e["type"] == EV_EFI_HCRTM_EVENT:
                hcrtm = True
    if hcrtm:
        loc = 4
    for b in banks:
        size = {v[0]: v[1] for v in ALGS.values()}[b]
        n = 4 if cc else 24
        regs = []
        for i in range(n):
            if not cc and 17 <= i <= 22:
                regs.append(b"\xff" * size)
            elif not cc and i == 0:
                regs.append(b"\0" * (size - 1) + bytes([loc]))
            else:
                regs.append(b"\0" * size)
        complete = True
        for e in events:
            if e["type"] == EV_NO_ACTION or e["idx"] == 0xFFFFFFFF:
                continue
            r = e["idx"] - 1 if cc else e["idx"]
            if cc and not (0 <= r < 4):
                continue
            d = e["digests"].get(b)
            if d is None:
                complete = False
                continue
            regs[r] = H(b, regs[r] + d)
        if complete:
            out[b] = [x.hex() for x in regs]
    return out


if __name__ == "__main__":
    cc = "--cc" in sys.argv
    fmt, spec, banks, events, notes = parse(open(sys.argv[1], "rb").read())
    print(json.dumps(dict(format=fmt, banks=banks, events=len(events), notes=notes,
                          replay=replay(banks, events, cc)), indent=1))
