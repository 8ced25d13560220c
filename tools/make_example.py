#!/usr/bin/env python3
"""Generates the example in data/: a made-up pool of 300 volunteers for a 24-seat town
assembly, with a skew like real volunteer pools (older, more educated, more concerned), some
households, and quotas from the town's (invented) census shares. Deterministic."""
import csv, random, math, pathlib

rng = random.Random(2026)
out = pathlib.Path(__file__).resolve().parent.parent / "data"
features = {
    "gender": {"female": 0.51, "male": 0.49},
    "age": {"16-29": 0.24, "30-59": 0.48, "60+": 0.28},
    "area": {"old town": 0.30, "riverside": 0.40, "hills": 0.30},
    "education": {"school": 0.55, "university": 0.45},
    "housing": {"owner": 0.60, "renter": 0.40},
}
skew = {"age": {"16-29": 0.6, "60+": 1.5}, "education": {"university": 1.5}}
first = ["Alex", "Sam", "Maria", "Jon", "Aisha", "Lena", "Tomas", "Priya", "Olu", "Mei", "Ivan", "Sara", "Noah", "Eva", "Ravi", "Zoe"]
last = ["Berg", "Okafor", "Silva", "Novak", "Khan", "Müller", "Dubois", "Rossi", "Nowak", "Lee", "Haddad", "Jensen"]
streets = ["Mill Lane", "Church Street", "Quay Road", "High Street", "Orchard Way", "Bridge Street"]

def pick(feature):
    vals = features[feature]
    weights = [p * skew.get(feature, {}).get(v, 1.0) for v, p in vals.items()]
    return rng.choices(list(vals), weights)[0]

people = []
n = 300
i = 0
while len(people) < n:
    i += 1
    address = f"{rng.randint(1, 180)} {rng.choice(streets)}"
    size = 2 if rng.random() < 0.06 else 1
    for _ in range(size):
        if len(people) >= n:
            break
        row = {"id": f"v{len(people) + 1:03d}", "first_name": rng.choice(first), "last_name": rng.choice(last),
               "email": f"volunteer{len(people) + 1}@example.org", "address": address, "postcode": f"KT{rng.randint(1, 9)} {rng.randint(1, 9)}AB"}
        for f in features:
            row[f] = pick(f)
        if size == 2:
            row["postcode"] = people[-1]["postcode"] if _ else row["postcode"]
        people.append(row)
# Housemates share address and postcode.
for a, b in zip(people, people[1:]):
    if a["address"] == b["address"]:
        b["postcode"] = a["postcode"]

k = 24
with open(out / "people.csv", "w", newline="") as f:
    w = csv.DictWriter(f, ["id", "first_name", "last_name", "email", "address", "postcode", *features])
    w.writeheader()
    w.writerows(people)
with open(out / "features.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["feature", "value", "min", "max"])
    for feat, vals in features.items():
        for v, share in vals.items():
            w.writerow([feat, v, math.floor(k * share), math.ceil(k * share)])
