#!/usr/bin/env python3
"""Generate a large Apify comments CSV for benchmarks, from real exports.

Usage: gen-apify.py INPUT_DIR ROWS OUTPUT

Cycles the rows of INPUT_DIR/instagram-comments-*.csv (in name order) until
ROWS rows are written, in the wide 56-column shape of the raw export: rows
of the narrower runs (38 or 42 columns) are mapped into it by column name,
missing columns are left empty and columns the wide shape lacks are dropped.
The real quirks are kept: UTF-8 BOM, every non-empty field quoted, empty
fields bare, LF line ends, newlines inside fields.

Each output row gets a unique comment id: the first pass keeps the real
`pk`; pass k > 0 writes pk + k * 10**18 (real pks are 17 digits, so no two
rows collide), in `pk` and `strong_id__`, so de-duplication keeps them all.

Streams: memory does not depend on ROWS.  Writes OUTPUT atomically.
"""

import csv
import glob
import os
import sys



def widest_header(paths):
    """The header of the export with the most columns (56 in the real
    data), the shape the benchmark writes."""
    best = []
    for path in paths:
        with open(path, newline="", encoding="utf-8-sig") as f:
            names = next(csv.reader(f), [])
        if len(names) > len(best):
            best = names
    return best


ID_STEP = 10 ** 18


def field(v):
    return '"' + v.replace('"', '""') + '"' if v else ""


def rows_of(path, header):
    """Yield the rows of one export as lists in header order."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        names = next(reader, None)
        if names is None:
            return
        if "pk" not in names:
            sys.exit("gen-apify: %s: no 'pk' column" % path)
        where = [names.index(h) if h in names else -1 for h in header]
        for line, row in enumerate(reader, 2):
            if len(row) != len(names):
                sys.exit("gen-apify: %s:%d: expected %d fields, found %d"
                         % (path, line, len(names), len(row)))
            yield [row[i] if i >= 0 else "" for i in where]


def main(argv):
    if len(argv) != 4:
        sys.exit("usage: gen-apify.py INPUT_DIR ROWS OUTPUT")
    indir, out = argv[1], argv[3]
    try:
        want = int(argv[2])
    except ValueError:
        want = -1
    if want < 0:
        sys.exit("gen-apify: ROWS must be a non-negative integer")
    inputs = sorted(glob.glob(os.path.join(indir, "instagram-comments-*.csv")))
    if not inputs:
        sys.exit("gen-apify: no instagram-comments-*.csv in '%s'" % indir)

    header = widest_header(inputs)
    if "pk" not in header or "strong_id__" not in header:
        sys.exit("gen-apify: no 'pk' and 'strong_id__' columns in '%s'" % indir)
    pk_col, strong_col = header.index("pk"), header.index("strong_id__")
    tmp = "%s.tmp.%d" % (out, os.getpid())
    written, rnd = 0, 0
    try:
        with open(tmp, "w", encoding="utf-8", newline="",
                  buffering=1 << 20) as f:
            f.write("\ufeff" + ",".join(field(h) for h in header) + "\n")
            while written < want:
                before = written
                for path in inputs:
                    for row in rows_of(path, header):
                        if written == want:
                            break
                        if rnd:
                            pk = str(int(row[pk_col]) + rnd * ID_STEP)
                            row[pk_col] = row[strong_col] = pk
                        f.write(",".join(map(field, row)) + "\n")
                        written += 1
                if written == before:
                    sys.exit("gen-apify: the inputs hold no rows")
                rnd += 1
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
