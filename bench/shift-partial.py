#!/usr/bin/env python3
"""Shifts an et-agg partial state by DAYS days: writes the state of the same
comments made DAYS days later (day and hour keys, times moved; the header's
time range too).  For the merge benchmark: ten shifted copies of the state
of one million comments stand for ten days of a ten-million-comment archive.

Usage: shift-partial.py DAYS < STATE > SHIFTED
"""
import json
import sys

days = int(sys.argv[1])
sec = days * 86400
out = sys.stdout
for n, line in enumerate(sys.stdin):
    o = json.loads(line)
    if n == 0:
        for k in ("min_time", "max_time"):
            if o.get(k) is not None:
                o[k] += sec
    else:
        o["t"] += days * 24 if o["r"] == "hour" else days
        for it in o.get("top", []):
            it[3] += sec
        if o["r"] == "name":
            o["v"][1] += sec
            o["v"][2] += sec
    out.write(json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n")
