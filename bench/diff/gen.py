#!/usr/bin/python3
"""Generates the diff benchmark inputs (SPEC section 10).

gen.py records OUT_DIR N: OUT_DIR/a.json and OUT_DIR/b.json, N records
(200,000 make about 50 MB each); b changes 1% of the records (a value, a
removed member, an added member, a retyped value, in turn).
gen.py keyed OUT_DIR N: OUT_DIR/keyed-N-a.json and keyed-N-b.json, one
array of N records keyed by "id", shuffled differently on each side, 1%
changed.
Seeded, so every run measures the same files.
"""
import json
import random
import sys

WORDS = ["open", "paid", "late", "credit", "debit", "Amsterdam", "Utrecht",
         "Rotterdam", "Eindhoven", "Groningen", "factuur", "order"]


def record(rng, i):
    return {
        "id": i,
        "factuurnummer": "F%07d" % i,
        "debiteur": {"code": "D%05d" % rng.randrange(100000),
                     "naam": " ".join(rng.choice(WORDS) for _ in range(2)),
                     "plaats": rng.choice(WORDS)},
        "datum": "2026-%02d-%02d" % (rng.randrange(1, 13),
                                     rng.randrange(1, 29)),
        "bedrag": round(rng.uniform(1, 100000), 2),
        "btw": rng.choice([0, 9, 21]),
        "status": rng.choice(WORDS[:5]),
        "regels": [{"artikel": "A%04d" % rng.randrange(10000),
                    "aantal": rng.randrange(1, 50)}
                   for _ in range(rng.randrange(1, 3))],
        "betaald": rng.random() < 0.5,
        "opmerking": None,
    }


def change(rec, k):
    rec = json.loads(json.dumps(rec))
    if k % 4 == 0:
        rec["status"] = "changed"
    elif k % 4 == 1:
        del rec["opmerking"]
    elif k % 4 == 2:
        rec["nieuw"] = True
    else:
        rec["bedrag"] = str(rec["bedrag"])
    return rec


def write(path, doc):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(", ", ": "))


def records(out, n):
    rng = random.Random(42)
    a = [record(rng, i) for i in range(n)]
    b = [change(r, i // 100) if i % 100 == 7 else r for i, r in enumerate(a)]
    meta = {"generated_at": "2026-11-28T10:00:00Z", "count": n}
    write(out + "/a.json", {"meta": meta, "facturen": a})
    write(out + "/b.json", {"meta": meta, "facturen": b})


def keyed(out, n):
    rng = random.Random(7)
    a = [record(rng, i) for i in range(n)]
    b = [change(r, i // 100) if i % 100 == 7 else r for i, r in enumerate(a)]
    rng.shuffle(a)
    rng.shuffle(b)
    write("%s/keyed-%d-a.json" % (out, n), {"facturen": a})
    write("%s/keyed-%d-b.json" % (out, n), {"facturen": b})


if __name__ == "__main__":
    {"records": records, "keyed": keyed}[sys.argv[1]](sys.argv[2],
                                                      int(sys.argv[3]))
