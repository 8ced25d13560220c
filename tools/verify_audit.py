#!/usr/bin/env python3
"""Independent verifier of kleroterion audit records (docs/AUDIT.md), Python 3 standard library
only: its own ChaCha20 (RFC 8439), hashlib and json. It shares no code with kleroterion.

    python3 tools/verify_audit.py audits/committed/audit.json
    python3 tools/verify_audit.py --vectors      # print the test vectors of docs/AUDIT.md
    python3 tools/verify_audit.py --self-test    # assert them (and RFC 8439's block)

Checks: the record is canonical JSON; its audit hash and its commitment's hash; seed -> key ->
ticket -> panel (and the reserve list) for lottery draws; every committed panel meets the quotas
and the household rule; the published ticket counts are those the panels imply; the output files
beside the record match their hashes. Exit 0 when all pass, 1 naming the first failure.
"""
import hashlib
import json
import os
import struct
import sys

MASK = 0xFFFFFFFF
DRAW_TAG = "kleroterion/draw/v1"
PRACTICE_TAG = "kleroterion/practice-draw/v1"


def rotl(v, c):
    return ((v << c) & MASK) | (v >> (32 - c))


def quarter(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & MASK; s[d] = rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & MASK; s[b] = rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & MASK; s[d] = rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & MASK; s[b] = rotl(s[b] ^ s[c], 7)


def chacha20_block(key, counter, nonce=b"\0" * 12):
    """One 64-byte ChaCha20 block (RFC 8439 section 2.3) as 16 little-endian words."""
    state = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574]
    state += list(struct.unpack("<8I", key))
    state += [counter & MASK] + list(struct.unpack("<3I", nonce))
    w = state[:]
    for _ in range(10):
        quarter(w, 0, 4, 8, 12); quarter(w, 1, 5, 9, 13); quarter(w, 2, 6, 10, 14); quarter(w, 3, 7, 11, 15)
        quarter(w, 0, 5, 10, 15); quarter(w, 1, 6, 11, 12); quarter(w, 2, 7, 8, 13); quarter(w, 3, 4, 9, 14)
    return [(w[i] + state[i]) & MASK for i in range(16)]


class Generator:
    """The draw's generator: ChaCha20 with the key, zero nonce, block counter from 0; each
    64-bit output is two consecutive 32-bit words, the first one the low half."""

    def __init__(self, key):
        self.key, self.counter, self.words = key, 0, []

    def next_u64(self):
        if not self.words:
            self.words = chacha20_block(self.key, self.counter)
            self.counter += 1
        lo, hi = self.words.pop(0), self.words.pop(0)
        return (hi << 32) | lo

    def below(self, n):
        """Uniform in 0..n-1: accept x <= 2^64 - 1 - (2^64 mod n), return x mod n."""
        limit = (1 << 64) - 1 - ((1 << 64) % n)
        while True:
            x = self.next_u64()
            if x <= limit:
                return x % n

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]


def derive_key(tag, parts):
    """SHA-256(tag || 0x00 || part1 || 0x00 || part2 ...)."""
    data = tag.encode() + b"\0" + b"\0".join(p.encode() for p in parts)
    return hashlib.sha256(data).digest()


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def self_hash(obj, field):
    rest = {k: v for k, v in obj.items() if k != field}
    return hashlib.sha256(canonical(rest).encode()).hexdigest()


class Failed(Exception):
    pass


def check(name, ok, detail):
    print(("ok   " if ok else "FAIL ") + name + ": " + detail)
    if not ok:
        raise Failed(name)


def reserve(c, panel, gen):
    on_panel = set(panel)
    vols = c["volunteers"]
    taken = {v["household"] for v in vols
             if (v["pseudonym"] in on_panel or v["status"] == "already_selected") and v["household"]}
    rest = [v["pseudonym"] for v in vols if v["status"] == "candidate" and v["pseudonym"] not in on_panel
            and not (v["household"] and v["household"] in taken)]
    gen.shuffle(rest)
    return rest


def verify(path):
    raw = open(path, "rb").read()
    record = json.loads(raw)
    check("record format", raw.rstrip(b"\n") == canonical(record).encode()
          and record.get("format") == "kleroterion-audit/1", "canonical kleroterion-audit/1")
    c = record["commitment"]
    h = self_hash(record, "audit_hash")
    check("audit hash", h == record["audit_hash"], h)
    ch = self_hash(c, "commitment_hash")
    check("commitment hash", ch == c["commitment_hash"], ch)
    committed = record["committed_in_advance"]
    key = derive_key(DRAW_TAG, [ch, record["seed"]]) if committed else derive_key(PRACTICE_TAG, [record["seed"]])
    check("seed -> key", key.hex() == record["key"],
          "committed in advance" if committed else "practice draw: NOT committed in advance")
    gen = Generator(key)
    if c["algorithm"] == "legacy":
        print("skip key -> ticket: a LEGACY draw is re-run from the inputs by `kleroterion verify`")
        panels = [record["panel"]]
    else:
        m = c["tickets"]
        ticket = gen.below(m) + 1
        check("key -> ticket", ticket == record["ticket"], "ticket %d of %d" % (ticket, m))
        check("ticket -> panel", c["panels"][ticket - 1] == record["panel"], "%d people" % len(record["panel"]))
        r = reserve(c, record["panel"], gen)
        check("reserve list", r == record["reserve"], "%d people in order" % len(r))
        panels = c["panels"]
    vols = {v["pseudonym"]: v for v in c["volunteers"]}
    already = [p for p, v in vols.items() if v["status"] == "already_selected"]
    features = c["features"]
    for i, panel in enumerate(panels):
        members = [vols.get(p) for p in panel + already]
        ok = len(set(panel)) == len(panel) == c["seats_to_draw"] and all(members) and all(
            vols[p]["status"] == "candidate" for p in panel)
        for q in c["quotas"]:
            f = features.index(q["feature"])
            n = sum(1 for v in members if v and v["values"][f] == q["value"])
            ok = ok and q["min"] <= n <= q["max"]
        if c["household_rule"]:
            homes = [v["household"] for v in members if v and v["household"]]
            ok = ok and len(homes) == len(set(homes))
        if not ok:
            check("panels meet the quotas and household rule", False, "panel %d breaks them" % (i + 1))
    check("panels meet the quotas and household rule", True, "%d panel(s) checked" % len(panels))
    if c["algorithm"] != "legacy":
        count = {}
        for panel in c["panels"]:
            for p in panel:
                count[p] = count.get(p, 0) + 1
        bad = [v["pseudonym"] for v in c["volunteers"] if v["tickets"] != (
            c["tickets"] if v["status"] == "already_selected" else count.get(v["pseudonym"], 0))]
        check("probabilities are the ticket counts", not bad, "%d volunteers" % len(c["volunteers"]) if not bad else bad[0])
    folder = os.path.dirname(os.path.abspath(path))
    for name, digest in sorted(record["outputs"].items()):
        p = os.path.join(folder, name)
        if os.path.exists(p):
            check("output " + name, hashlib.sha256(open(p, "rb").read()).hexdigest() == digest, "hash matches")


def vectors():
    for seed in ["3 1 4 1 5", "2026-12-05 lottery: 4 11 23 35 41 49"]:
        key = derive_key(PRACTICE_TAG, [seed])
        g = Generator(key)
        outs = [g.next_u64() for _ in range(3)]
        ticket = Generator(key).below(1000) + 1
        print(json.dumps({"tag": PRACTICE_TAG, "seed": seed, "key": key.hex(), "u64": outs, "ticket_m1000": ticket}))
    ch = "0" * 64
    key = derive_key(DRAW_TAG, [ch, "3 1 4 1 5"])
    print(json.dumps({"tag": DRAW_TAG, "commitment_hash": ch, "seed": "3 1 4 1 5", "key": key.hex(),
                      "u64": [Generator(key).next_u64()], "ticket_m1000": Generator(key).below(1000) + 1}))


VECTORS = [
    (PRACTICE_TAG, ["3 1 4 1 5"], "f129fa1ee5e07d69dce5c03fa45eab48bf5cf56e035bbee82a35bc6ba8767ab6",
     [8915428840658532841, 3600656821025368818, 12712274948640796542], 842),
    (PRACTICE_TAG, ["2026-12-05 lottery: 4 11 23 35 41 49"], "f31fe4bdf5be6305f41ac917571f21b9df5c51ef1117a4694f4e551aa460ed17",
     [4678641684343339065, 7504629512262306659, 18041776514073508445], 66),
    (DRAW_TAG, ["0" * 64, "3 1 4 1 5"], "31b0f4b9d4de2a0f45103036ea148838ec7aede173e85935f65ad33d9f73e026",
     [6711968871895845863], 864),
]


def self_test():
    """The RFC 8439 section 2.3.2 block, and the test vectors of docs/AUDIT.md."""
    block = chacha20_block(bytes(range(32)), 1, bytes.fromhex("000000090000004a00000000"))
    assert block[:4] == [0xE4E7F110, 0x15593BD1, 0x1FDD0F50, 0xC47120A3], "ChaCha20 block"
    for tag, parts, key_hex, outs, ticket in VECTORS:
        key = derive_key(tag, parts)
        assert key.hex() == key_hex, (tag, parts)
        g = Generator(key)
        assert [g.next_u64() for _ in outs] == outs, (tag, parts)
        assert Generator(key).below(1000) + 1 == ticket, (tag, parts)
    assert canonical({"b": 1, "a": [True, None, "é\n\"x\""], "A": {"z": 0, "c": -3}}) == \
        '{"A":{"c":-3,"z":0},"a":[true,null,"é\\n\\"x\\""],"b":1}'
    print("self-test passed: RFC 8439 block, %d key/ticket vectors, canonical JSON" % len(VECTORS))


def main(argv):
    if argv[1:] == ["--vectors"]:
        vectors()
        return 0
    if argv[1:] == ["--self-test"]:
        self_test()
        return 0
    if len(argv) != 2:
        print(__doc__)
        return 2
    try:
        verify(argv[1])
    except Failed as e:
        print("verification failed: %s" % e)
        return 1
    print("The record verifies.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
