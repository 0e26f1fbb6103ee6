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

# The 56-column header of the widest real run (instagram-comments-1.csv).
HEADER = [
    "avatar_media_info/avatar_sticker_cdn_url",
    "avatar_media_info/avatar_sticker_ikid",
    "avatar_media_info/type",
    "bit_flags",
    "comment_like_count",
    "content_type",
    "created_at",
    "created_at_for_fb_app",
    "created_at_utc",
    "did_report_as_spam",
    "has_disliked_comment",
    "has_liked",
    "has_liked_comment",
    "has_translation",
    "inline_composer_display_condition",
    "is_covered",
    "is_photo_comments_enabled_for_comment_author",
    "is_ranked_comment",
    "like_count",
    "liked_by_media_coauthors/0/_is__TOnXDTUserDict__0",
    "liked_by_media_coauthors/0/fbid_v2",
    "liked_by_media_coauthors/0/full_name",
    "liked_by_media_coauthors/0/id",
    "liked_by_media_coauthors/0/is_mentionable",
    "liked_by_media_coauthors/0/is_private",
    "liked_by_media_coauthors/0/is_verified",
    "liked_by_media_coauthors/0/latest_reel_media",
    "liked_by_media_coauthors/0/pk",
    "liked_by_media_coauthors/0/pk_id",
    "liked_by_media_coauthors/0/profile_pic_id",
    "liked_by_media_coauthors/0/profile_pic_url",
    "liked_by_media_coauthors/0/qe_use_smaller_comment_like_tap_target",
    "liked_by_media_coauthors/0/strong_id__",
    "liked_by_media_coauthors/0/username",
    "media_id",
    "pk",
    "private_reply_status",
    "share_enabled",
    "status",
    "strong_id__",
    "text",
    "type",
    "user/fbid_v2",
    "user/full_name",
    "user/id",
    "user/is_mentionable",
    "user/is_private",
    "user/is_verified",
    "user/latest_reel_media",
    "user/pk",
    "user/pk_id",
    "user/profile_pic_id",
    "user/profile_pic_url",
    "user/strong_id__",
    "user/username",
    "user_id",
]
PK = HEADER.index("pk")
STRONG = HEADER.index("strong_id__")
ID_STEP = 10 ** 18


def field(v):
    return '"' + v.replace('"', '""') + '"' if v else ""


def rows_of(path):
    """Yield the rows of one export as lists in HEADER order."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        names = next(reader, None)
        if names is None:
            return
        if "pk" not in names:
            sys.exit("gen-apify: %s: no 'pk' column" % path)
        where = [names.index(h) if h in names else -1 for h in HEADER]
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

    tmp = "%s.tmp.%d" % (out, os.getpid())
    written, rnd = 0, 0
    try:
        with open(tmp, "w", encoding="utf-8", newline="",
                  buffering=1 << 20) as f:
            f.write("\ufeff" + ",".join(field(h) for h in HEADER) + "\n")
            while written < want:
                before = written
                for path in inputs:
                    for row in rows_of(path):
                        if written == want:
                            break
                        if rnd:
                            pk = str(int(row[PK]) + rnd * ID_STEP)
                            row[PK] = row[STRONG] = pk
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
