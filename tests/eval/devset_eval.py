#!/usr/bin/env python3
"""Entity-targeted sentiment on the labelled development set.

Usage: devset_eval.py DEVSET.tsv ENRICHED.ndjson

DEVSET.tsv: id <TAB> entity <TAB> label (pos, neg, neu, na) <TAB> text.
ENRICHED.ndjson: et-enrich output covering those ids.

For each pair the toolkit's answer is: "na" when the entity has no
sentiment signal in the record, else pos/neg/neu from the entity's score
(>= 0.05, <= -0.05, between).  The baseline gives every mentioned entity
the whole comment's score instead.  Prints 4-class accuracy and macro-F1
of both, and the per-class counts.
"""

import json
import sys

LABELS = ("pos", "neg", "neu", "na")


def cls(score):
    if score >= 0.05:
        return "pos"
    if score <= -0.05:
        return "neg"
    return "neu"


def metrics(pairs):
    acc = sum(1 for g, p in pairs if g == p) / len(pairs)
    f1s = []
    for c in LABELS:
        tp = sum(1 for g, p in pairs if g == c and p == c)
        fp = sum(1 for g, p in pairs if g != c and p == c)
        fn = sum(1 for g, p in pairs if g == c and p != c)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return acc, sum(f1s) / len(f1s)


def main():
    gold = []
    with open(sys.argv[1], encoding="utf-8") as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3:
                gold.append((parts[0], parts[1], parts[2]))
    wanted = {g[0] for g in gold}
    recs = {}
    with open(sys.argv[2], encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("id") in wanted:
                recs[r["id"]] = r
    ours, base = [], []
    missing = 0
    for rid, ent, label in gold:
        r = recs.get(rid)
        if r is None:
            missing += 1
            continue
        sig = {s["entity"]: s["score"] for s in r.get("signals", [])
               if s["type"] == "sentiment"}
        whole = sig.get(None, 0.0)
        if ent in sig:
            ours.append((label, cls(sig[ent])))
            base.append((label, cls(whole)))
        else:
            ours.append((label, "na"))
            base.append((label, "na"))
    if missing:
        print("devset: %d pairs whose comment is not in the input" % missing,
              file=sys.stderr)
    a, f = metrics(ours)
    ba, bf = metrics(base)
    n = len(ours)
    print("%-40s %6d  acc=%.3f  macroF1=%.3f" % ("devset (entity-targeted)",
                                                  n, a, f))
    print("%-40s %6d  acc=%.3f  macroF1=%.3f" % ("devset baseline (whole comment)",
                                                  n, ba, bf))
    counts = {c: sum(1 for g, _ in ours if g == c) for c in LABELS}
    print("devset labels: " + ", ".join("%s %d" % (c, counts[c])
                                        for c in LABELS))


main()
