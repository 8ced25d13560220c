#!/usr/bin/env python3
"""Independent verifier of kleroterion audit records (docs/AUDIT.md), Python 3 standard library
only: its own ChaCha20 (RFC 8439), hashlib and json. It shares no code with kleroterion.

    python3 tools/verify_audit.py RESULTS/publish/audit.json [--published HASH]
        [--observer RESULTS/observer.json] [--receipt MY-RECEIPT.json] [--outputs RESULTS]
        [--earlier EARLIER/publish/audit.json]
    python3 tools/verify_audit.py --vectors      # print the test vectors of docs/AUDIT.md
    python3 tools/verify_audit.py --self-test    # assert them (and RFC 8439's block)

Checks (version 2): the record is canonical JSON of the documented shape; its audit hash and its
commitment's hash (under their domain tags); the published hash; the seed is its source's one
canonical text and the source has enough outcomes; seed -> key -> ticket -> panel and the reserve
list; every committed panel's counts meet the quotas; the ticket counts are those the panels
imply; the record lists the draw's output files, which match their hashes and content; with
--observer, every seal opens and every panel's counts and households are its members'; with
--receipt, one volunteer's entry. Records of version 1 are checked as version 1 specified. Exit 0
when all pass, 4 naming the first failure.
"""
import csv
import hashlib
import json
import math
import os
import struct
import sys

MASK = 0xFFFFFFFF
DRAW_TAG_V1 = "kleroterion/draw/v1"
DRAW_TAG = "kleroterion/draw/v2"
PRACTICE_TAG = "kleroterion/practice-draw/v1"
COMMITMENT_TAG = "kleroterion/commitment/v2"
PRACTICE_COMMITMENT_TAG = "kleroterion/practice-commitment/v2"
AUDIT_TAG = "kleroterion/audit/v2"
SEAL_TAG = "kleroterion/seal/v2"


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
    """A failed check: its name, and why."""


def check(name, ok, detail):
    if not ok:
        raise Failed(name, detail)
    print("ok   " + name + ": " + detail)


def reserve_v1(c, panel, gen):
    on_panel = set(panel)
    vols = c["volunteers"]
    taken = {v["household"] for v in vols
             if (v["pseudonym"] in on_panel or v["status"] == "already_selected") and v["household"]}
    rest = [v["pseudonym"] for v in vols if v["status"] == "candidate" and v["pseudonym"] not in on_panel
            and not (v["household"] and v["household"] in taken)]
    gen.shuffle(rest)
    return rest


def verify_v1(path, raw, record, outputs_dir, published=None):
    check("record format", raw in (canonical(record).encode(), canonical(record).encode() + b"\n")
          and record.get("format") == "kleroterion-audit/1", "canonical kleroterion-audit/1")
    c = record["commitment"]
    h = self_hash(record, "audit_hash")
    check("audit hash", h == record["audit_hash"], h)
    ch = self_hash(c, "commitment_hash")
    check("commitment hash", ch == c["commitment_hash"], ch)
    committed = record["committed_in_advance"]
    if published is not None:
        check("published hash", committed and published.strip().lower() == ch, "%s is the hash published" % ch)
    key = derive_key(DRAW_TAG_V1, [ch, record["seed"]]) if committed else derive_key(PRACTICE_TAG, [record["seed"]])
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
        r = reserve_v1(c, record["panel"], gen)
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
    folder = outputs_dir or os.path.dirname(os.path.abspath(path))
    for name, digest in sorted(record["outputs"].items()):
        check("output names", plain_name(name), name)
        p = os.path.join(folder, name)
        if os.path.exists(p):
            check("output " + name, hashlib.sha256(open(p, "rb").read()).hexdigest() == digest, "hash matches")



# ---- version 2 (docs/AUDIT.md sections 1-8) ----

INT, STR, BOOL = "int", "str", "bool"


def typed(value, shape, where):
    """Checks `value` against `shape`: INT (a non-negative integer, not a boolean), STR, BOOL,
    ("null", shape), [shape] (a list of them), ("map", shape) (string keys), a dict (exactly
    these keys), or None (anything but a float, which canonical JSON never holds)."""
    if shape is None:
        return
    if shape == INT:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    elif shape == STR:
        ok = isinstance(value, str)
    elif shape == BOOL:
        ok = isinstance(value, bool)
    elif isinstance(shape, tuple) and shape[0] == "null":
        if value is not None:
            typed(value, shape[1], where)
        return
    elif isinstance(shape, tuple) and shape[0] == "map":
        ok = isinstance(value, dict)
        if ok:
            for k, v in value.items():
                typed(v, shape[1], where + "." + k)
    elif isinstance(shape, list):
        ok = isinstance(value, list)
        if ok:
            for i, v in enumerate(value):
                typed(v, shape[0], "%s[%d]" % (where, i))
    else:
        required = {k for k in shape if k not in ADDED_LATER}
        ok = isinstance(value, dict) and required <= set(value) <= set(shape)
        if ok:
            for k, sub in shape.items():
                if k in value:
                    typed(value[k], sub, where + "." + k)
    if not ok:
        raise Failed("record format", "%s is not of the form docs/AUDIT.md gives" % where)


FILE_HASH = ("null", {"sha256": STR, "canonical_sha256": ("null", STR)})
# Commitment fields the first version-2 records do not have (replacement rounds and the rows
# read over came later): absent reads as null and as none, and the hash is of what is there.
ADDED_LATER = {"replaces", "skipped_rows"}
SEED_SOURCES = {
    "dice": {"kind": STR, "dice": INT, "sides": INT},
    "lottery": {"kind": STR, "name": STR, "date": STR, "numbers": INT, "highest": INT},
    "drand": {"kind": STR, "round": INT},
    "custom": {"kind": STR, "procedure": STR},
}
COMMITMENT = {
    "format": STR, "tool": {"name": STR, "version": STR}, "algorithm": STR, "parameters": ("map", None),
    "solver": STR, "inputs": None, "pool_size": INT, "skipped_rows": [{"row": INT, "reason": STR}],
    "panel_size": INT, "seats_to_draw": INT,
    "features": [STR], "quotas": [{"feature": STR, "value": STR, "min": INT, "max": INT}],
    "household_rule": BOOL, "pseudonyms": STR,
    "volunteers": [{"pseudonym": STR, "seal": STR, "status": STR, "tickets": ("null", INT)}],
    "tickets": INT, "panels": [[STR]], "panel_counts": [[INT]], "seed_source": None,
    "replaces": ("null", {"audit_hash": STR, "dropouts": [STR]}), "commitment_hash": STR,
}
AUDIT = {
    "format": STR, "commitment": COMMITMENT, "committed_in_advance": BOOL, "seed": STR, "key": STR,
    "ticket": INT, "panel": [STR], "panel_counts": [INT], "reserve": [STR], "outputs": ("map", STR),
    "audit_hash": STR,
}
OPENING = {"pseudonym": STR, "nonce": STR, "values": [STR], "household": ("null", STR)}


def check_shape(record):
    typed(record, AUDIT, "record")
    c = record["commitment"]
    inputs = c["inputs"]
    names = {"people", "features", "settings", "already_selected"}
    if not (set(inputs) == names or set(inputs) == names | {"leave_out"}) or inputs.get("leave_out", 0) is None:
        raise Failed("record format", "record.commitment.inputs is not of the form docs/AUDIT.md gives")
    for k, v in inputs.items():
        typed(v, FILE_HASH if k not in ("people", "features") else FILE_HASH[1], "inputs." + k)
    source = c["seed_source"]
    kind = source.get("kind") if isinstance(source, dict) else None
    if kind not in SEED_SOURCES:
        raise Failed("record format", "the seed source is of no known kind")
    typed(source, SEED_SOURCES[kind], "seed_source")
    for v in c["volunteers"]:
        if v["status"] not in ("candidate", "already_selected"):
            raise Failed("record format", "a volunteer's status is neither candidate nor already_selected")


def tagged_hash(tag, obj, field):
    rest = {k: v for k, v in obj.items() if k != field}
    return hashlib.sha256(tag.encode() + b"\0" + canonical(rest).encode()).hexdigest()


def seed_problem(source, seed, m, legacy):
    """None when the seed is its source's one canonical text and the source has at least m
    outcomes; otherwise why not."""
    kind = source["kind"]
    if kind == "custom":
        return None
    if kind == "drand":
        parts = seed.split(" ")
        hexes = all(len(p) == 192 and all(ch in "0123456789abcdef" for ch in p) for p in parts[1:])
        if len(parts) != 3 or parts[0] != str(source["round"]) or not hexes:
            return "the seed is not drand round %d as ROUND PREVIOUS_SIGNATURE SIGNATURE in lower-case hex" % source["round"]
        print("note: the drand round's BLS signature is not checked here (the standard library has no BLS12-381); `kleroterion verify` checks it")
        return None
    parts = seed.split(" ")
    if not all(p.isdigit() and p == str(int(p)) and p.isascii() for p in parts):
        return "the seed %r is not whole numbers separated by single spaces" % seed
    nums = [int(p) for p in parts]
    if kind == "dice":
        outcomes = source["sides"] ** source["dice"]
        if len(nums) != source["dice"] or not all(1 <= n <= source["sides"] for n in nums):
            return "the seed is not %d faces from 1 to %d" % (source["dice"], source["sides"])
    else:
        outcomes = math.comb(source["highest"], source["numbers"])
        if len(nums) != source["numbers"] or nums != sorted(set(nums)) or not all(1 <= n <= source["highest"] for n in nums):
            return "the seed is not %d different numbers from 1 to %d in ascending order" % (source["numbers"], source["highest"])
    if not legacy and outcomes < m:
        return "the seed source has %d outcomes, fewer than the %d tickets" % (outcomes, m)
    return None


def seal(o):
    sealed = canonical({"household": o["household"], "values": o["values"]})
    return derive_key(SEAL_TAG, [o["pseudonym"], o["nonce"], sealed]).hex()


def plain_name(name):
    return name not in ("", ".", "..") and "/" not in name and "\\" not in name and "\0" not in name


def read_canonical(path, what, shape):
    raw = open(path, "rb").read()
    try:
        value = json.loads(raw.decode("utf-8"), parse_float=reject_float, parse_constant=reject_float)
    except (UnicodeDecodeError, ValueError) as e:
        raise Failed(what, "not canonical JSON: %s" % e)
    if raw not in (canonical(value).encode(), canonical(value).encode() + b"\n"):
        raise Failed(what, "not in canonical form")
    typed(value, shape, what)
    return value


def reject_float(text):
    raise ValueError("%s: only integers are allowed" % text)


def counts_ok(c, counts):
    if len(counts) != len(c["quotas"]):
        return False
    for q, n in zip(c["quotas"], counts):
        if not q["min"] <= n <= q["max"]:
            return False
    for f in c["features"]:
        if sum(n for q, n in zip(c["quotas"], counts) if q["feature"] == f) != c["panel_size"]:
            return False
    return True


def csv_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def check_output(name, path, record):
    c = record["commitment"]
    rows = csv_rows(path)
    if rows and "pseudonym" not in rows[0]:
        return "it has no pseudonym column"
    who = [r["pseudonym"] for r in rows]
    stays = [v["pseudonym"] for v in c["volunteers"] if v["status"] == "already_selected"]
    if name == "selected.csv":
        return None if sorted(who) == sorted(stays + record["panel"]) else "its people are not the record's panel"
    if name == "remaining.csv":
        last = 0
        for r in rows:
            n = int(r["reserve_rank"]) if r["reserve_rank"].isdigit() else 0
            if n <= last or n > len(record["reserve"]) or record["reserve"][n - 1] != r["pseudonym"]:
                return "rank %s is not %s's place on the reserve list" % (r["reserve_rank"], r["pseudonym"])
            last = n
        return None
    tickets = {v["pseudonym"]: v["tickets"] for v in c["volunteers"] if v["status"] == "candidate"}
    m = c["tickets"]
    if sorted(who) != sorted(tickets):
        return "it does not list every candidate once"
    for r in rows:
        t = tickets[r["pseudonym"]]
        if r["panels"] != str(t) or r["probability"] != "%.6f" % (t / m):
            return "%s's row is not their %d of %d tickets" % (r["pseudonym"], t, m)
    return None


def verify_v2(path, raw, record, opts):
    try:
        check_shape(record)
    except Failed as e:
        check("record format", False, e.args[1])
    check("record format", record["format"] == "kleroterion-audit/2" and record["commitment"]["format"] == "kleroterion-commitment/2",
          "kleroterion-audit/2")
    c = record["commitment"]
    h = tagged_hash(AUDIT_TAG, record, "audit_hash")
    check("audit hash", h == record["audit_hash"], h)
    committed = record["committed_in_advance"]
    ch = tagged_hash(COMMITMENT_TAG if committed else PRACTICE_COMMITMENT_TAG, c, "commitment_hash")
    check("commitment hash", ch == c["commitment_hash"], ch)
    published = opts.get("published")
    if published is None:
        print("skip published hash: %s" % ("give --published HASH, the hash announced before the seed" if committed
                                           else "a practice draw is not committed in advance"))
    else:
        check("published hash", committed and published.strip().lower() == ch,
              "%s is the hash published" % ch if committed else "a practice draw's commitment was never published")
    # LEGACY and UNIFORM draw the panel from the seed directly; `kleroterion verify` re-runs them.
    legacy = c["algorithm"] in ("legacy", "uniform")
    name = c["algorithm"].upper()
    problem = seed_problem(c["seed_source"], record["seed"], c["tickets"], legacy)
    check("seed source", problem is None, problem or c["seed_source"]["kind"] +
          (" (WEAKER: free text has many spellings of one event)" if c["seed_source"]["kind"] == "custom" else ""))
    key = derive_key(DRAW_TAG, [ch, record["seed"]]) if committed else derive_key(PRACTICE_TAG, [record["seed"]])
    check("seed -> key", key.hex() == record["key"], "committed in advance" if committed else "practice draw: NOT committed in advance")
    gen = Generator(key)
    m = c["tickets"]
    if legacy:
        check("key -> ticket", record["ticket"] == 0 and not c["panels"] and m == 0, "a %s draw has no tickets" % name)
        print("skip reserve list: a %s draw is re-run from the inputs by `kleroterion verify`" % name)
        panels, counts = [record["panel"]], [record["panel_counts"]]
    else:
        ticket = gen.below(m) + 1 if m > 0 else 0
        check("key -> ticket", m > 0 and ticket == record["ticket"] and len(c["panels"]) == m, "ticket %d of %d" % (ticket, m))
        check("ticket -> panel", c["panels"][ticket - 1] == record["panel"] and c["panel_counts"][ticket - 1] == record["panel_counts"],
              "%d people" % len(record["panel"]))
        on_panel = set(record["panel"])
        rest = [v["pseudonym"] for v in c["volunteers"] if v["status"] == "candidate" and v["pseudonym"] not in on_panel]
        gen.shuffle(rest)
        check("reserve list", rest == record["reserve"], "%d people in order" % len(rest))
        panels, counts = c["panels"], c["panel_counts"]
    status = {v["pseudonym"]: v["status"] for v in c["volunteers"]}
    check("panels meet the quotas", len(panels) == len(counts), "one count list per panel")
    for i, (panel, n) in enumerate(zip(panels, counts)):
        ok = len(panel) == len(set(panel)) == c["seats_to_draw"] and all(status.get(p) == "candidate" for p in panel)
        if not (ok and counts_ok(c, n)):
            check("panels meet the quotas", False, "panel %d breaks them" % (i + 1))
    check("panels meet the quotas", True, "%d panel(s) checked" % len(panels))
    if legacy:
        check("probabilities are the ticket counts", all(v["tickets"] is None for v in c["volunteers"]), "a %s draw has no lottery" % name)
    else:
        count = {}
        for panel in c["panels"]:
            for p in panel:
                count[p] = count.get(p, 0) + 1
        bad = [v["pseudonym"] for v in c["volunteers"] if v["tickets"] != (m if v["status"] == "already_selected" else count.get(v["pseudonym"], 0))]
        check("probabilities are the ticket counts", not bad and len(status) == len(c["volunteers"]),
              "%d volunteers" % len(c["volunteers"]) if not bad else bad[0])
    expected = ["remaining.csv", "selected.csv"] if legacy else ["probabilities.csv", "remaining.csv", "selected.csv"]
    check("output files", sorted(record["outputs"]) == expected, "the record lists the draw's files")
    folder = opts.get("outputs") or os.path.dirname(os.path.dirname(os.path.abspath(path)))
    for name, digest in sorted(record["outputs"].items()):
        p = os.path.join(folder, name)
        if os.path.exists(p):
            check("output " + name, hashlib.sha256(open(p, "rb").read()).hexdigest() == digest, "hash matches")
            why = check_output(name, p, record)
            check("output " + name, why is None, why or "content matches the record")
    if opts.get("observer"):
        o = read_canonical(opts["observer"], "observer record", {"format": STR, "commitment_hash": STR, "openings": [OPENING]})
        check("observer record", o["format"] == "kleroterion-observer/2" and o["commitment_hash"] == ch
              and [x["pseudonym"] for x in o["openings"]] == [v["pseudonym"] for v in c["volunteers"]],
              "the openings of this commitment's volunteers")
        for x, v in zip(o["openings"], c["volunteers"]):
            if seal(x) != v["seal"] or not opening_valid(c, x):
                check("observer record", False, "the opening of %s does not match its seal" % x["pseudonym"])
        by = {x["pseudonym"]: x for x in o["openings"]}
        stays = [x for x, v in zip(o["openings"], c["volunteers"]) if v["status"] == "already_selected"]
        for i, (panel, n) in enumerate(zip(panels, counts)):
            members = stays + [by[p] for p in panel]
            tally = [sum(1 for x in members if x["values"][c["features"].index(q["feature"])] == q["value"]) for q in c["quotas"]]
            homes = [x["household"] for x in members if x["household"]]
            if tally != n:
                check("observer record", False, "panel %d's published counts are not those of its members" % (i + 1))
            if c["household_rule"] and len(homes) != len(set(homes)):
                check("observer record", False, "panel %d seats two people of one household" % (i + 1))
        check("observer record", True, "%d seals open; every panel's counts are its members'" % len(o["openings"]))
    if opts.get("receipt"):
        r = read_canonical(opts["receipt"], "receipt", {"format": STR, "commitment_hash": STR, "opening": OPENING})
        x = r["opening"]
        v = next((v for v in c["volunteers"] if v["pseudonym"] == x["pseudonym"]), None)
        check("receipt", r["format"] == "kleroterion-receipt/2" and r["commitment_hash"] == ch and v is not None
              and seal(x) == v["seal"] and opening_valid(c, x), "the receipt opens %s's seal" % x["pseudonym"])
        drawn = "already on the panel" if v["status"] == "already_selected" else "DRAWN" if x["pseudonym"] in record["panel"] else (
            "not drawn, reserve rank %d" % (record["reserve"].index(x["pseudonym"]) + 1) if x["pseudonym"] in record["reserve"] else "not drawn")
        check("receipt", True, "%s: %s; chance %s of %d tickets; %s" % (
            x["pseudonym"], ", ".join("%s %s" % fv for fv in zip(c["features"], x["values"])), v["tickets"], m, drawn))
    if c.get("replaces") is not None or opts.get("earlier"):
        check_replacement(record, opts.get("earlier"))
    print("not checked here: the input files, the salt, LEGACY re-runs and --resolve (use `kleroterion verify`)")


def members(record):
    vols = record["commitment"]["volunteers"]
    return {v["pseudonym"] for v in vols if v["status"] == "already_selected"} | set(record["panel"])


def check_replacement(record, earlier_path):
    c = record["commitment"]
    r = c.get("replaces")
    check("replacement round", r is not None, "the record is a replacement round")
    dropouts = set(r["dropouts"])
    check("replacement round", r["dropouts"] == sorted(dropouts) and not dropouts & {v["pseudonym"] for v in c["volunteers"]},
          "the dropouts are sorted, distinct and nobody of this round")
    if not earlier_path:
        print("skip replacement round: give --earlier with the audit record %s to check the chain" % r["audit_hash"])
        return
    try:
        before = read_canonical(earlier_path, "replacement round", AUDIT)
    except Failed as e:
        raise Failed("replacement round", "the earlier record: %s" % e.args[1])
    check("replacement round", before["format"] == "kleroterion-audit/2" and before["audit_hash"] == r["audit_hash"]
          and tagged_hash(AUDIT_TAG, before, "audit_hash") == before["audit_hash"], "the earlier record is %s" % r["audit_hash"])
    was = members(before)
    stays = {v["pseudonym"] for v in c["volunteers"] if v["status"] == "already_selected"}
    again = [v["pseudonym"] for v in c["volunteers"] if v["status"] == "candidate" and v["pseudonym"] in was]
    check("replacement round", dropouts <= was and stays == was - dropouts and not again,
          "%d stay, %d dropouts left out, nobody from the earlier panel can be drawn" % (len(stays), len(dropouts)))


def opening_valid(c, x):
    return len(x["values"]) == len(c["features"]) and all(
        any(q["feature"] == f and q["value"] == val for q in c["quotas"]) for f, val in zip(c["features"], x["values"]))


def verify(path, opts):
    raw = open(path, "rb").read()
    try:
        record = json.loads(raw.decode("utf-8"), parse_float=reject_float, parse_constant=reject_float)
    except UnicodeDecodeError:
        raise Failed("record format", "the record is not UTF-8")
    except ValueError as e:
        raise Failed("record format", "the record is not JSON of integers, strings and booleans: %s" % e)
    check("record format", raw in (canonical(record).encode(), canonical(record).encode() + b"\n"),
          "canonical JSON, at most one final newline")
    if isinstance(record, dict) and record.get("format") == "kleroterion-audit/1":
        print("note: a version-1 record: volunteers' values are public and the seed is free text")
        return verify_v1(path, raw, record, opts.get("outputs"), opts.get("published"))
    if not isinstance(record, dict):
        raise Failed("record format", "the record is not a JSON object")
    verify_v2(path, raw, record, opts)


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
    (DRAW_TAG_V1, ["0" * 64, "3 1 4 1 5"], "31b0f4b9d4de2a0f45103036ea148838ec7aede173e85935f65ad33d9f73e026",
     [6711968871895845863], 864),
    # Version 2, one per seed source (dice:8, lottery 5 of 50, custom), commitment hash 64 zeros.
    (DRAW_TAG, ["0" * 64, "3 1 4 1 5 2 6 3"], "94ae9bfe598e37f57f05f0d7d8c7c20f8c89543f796a110f04075f85e069297c", [], 109),
    (DRAW_TAG, ["0" * 64, "4 11 23 35 41"], "3cb1543d88dfefed8a2bd5f9cab5bff984b1679ced6f84e6b4213b796cafba3b", [], 22),
    (DRAW_TAG, ["0" * 64, "Oyez oyez"], "5b9991c7d6a20c8c82a1159743d229d40ece68c463378d8a0b753804d5036051", [], 941),
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
    dice = {"kind": "dice", "dice": 8, "sides": 6}
    assert seed_problem(dice, "3 1 4 1 5 2 6 3", 1000, False) is None
    assert all(seed_problem(dice, s, 1000, False) for s in ["31415263", "3,1,4,1,5,2,6,3", "3  1 4 1 5 2 6 3", "3 1 4 1 5 2 6 7"])
    assert seed_problem({"kind": "dice", "dice": 3, "sides": 6}, "1 2 3", 1000, False)
    lottery = {"kind": "lottery", "name": "x", "date": "2026-12-05", "numbers": 5, "highest": 50}
    assert seed_problem(lottery, "4 11 23 35 41", 1000, False) is None
    assert seed_problem(lottery, "41 4 23 11 35", 1000, False)
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
    args, opts = [], {}
    rest = argv[1:]
    while rest:
        a = rest.pop(0)
        if a in ("--published", "--observer", "--receipt", "--outputs", "--earlier") and rest:
            opts[a[2:]] = rest.pop(0)
        elif a.startswith("--"):
            print(__doc__)
            return 2
        else:
            args.append(a)
    if len(args) != 1:
        print(__doc__)
        return 2
    try:
        verify(args[0], opts)
    except Failed as e:
        print("FAIL %s: %s" % (e.args[0], e.args[1] if len(e.args) > 1 else ""))
        print("verification failed: %s" % e.args[0])
        return 4
    except OSError as e:
        print("FAIL files: %s" % e)
        print("verification failed: files")
        return 4
    print("The record verifies.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
