#!/usr/bin/env python3
"""Generate the bundled example exports (fictional data, real shapes).

Writes, next to this script:
  instagram-comments.csv       Apify comments dataset, 56-column raw shape
  instagram-posts.csv          Apify posts dataset (a subset of its columns)
  instagram-post-metadata.csv  page-metadata dataset (43 columns)
  esuit.csv                    ESUIT-style export
and ../catalog.json (the fictional entities, for et-enrich).

Every person, show, brand, account and comment here is invented.  The files
reproduce the quirks of the real exports: UTF-8 BOM, every non-empty field
quoted and empty fields bare, newlines inside quoted fields, emoji-only and
empty comments, epoch-second created_at, and a media_id that the scraper
rounded through a double (3770243824132977270 -> 3770243824132977000).

Deterministic: the same script always writes the same bytes.
Usage: python3 examples/data/make-data.py
"""

import csv
import json
import os
import random
from datetime import datetime, timezone
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = random.Random(20250302)

OUTLET = "marqueewire"
OUTLET_NAME = "Marquee Wire"
WJ = "\u2060"  # word joiner: the real captions put one before each newline

COMMENTS_HEADER = [
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

# The real posts export has ~1,000 columns; the column set varies by run, so
# a subset in the real (sorted) order is a realistic export.
POSTS_HEADER = [
    "caption",
    "commentsCount",
    "id",
    "latestComments/0/id",
    "latestComments/0/likesCount",
    "latestComments/0/ownerUsername",
    "latestComments/0/replies/0/id",
    "latestComments/0/replies/0/likesCount",
    "latestComments/0/replies/0/ownerUsername",
    "latestComments/0/replies/0/text",
    "latestComments/0/replies/0/timestamp",
    "latestComments/0/repliesCount",
    "latestComments/0/text",
    "latestComments/0/timestamp",
    "latestComments/1/id",
    "latestComments/1/likesCount",
    "latestComments/1/ownerUsername",
    "latestComments/1/repliesCount",
    "latestComments/1/text",
    "latestComments/1/timestamp",
    "latestComments/2/id",
    "latestComments/2/likesCount",
    "latestComments/2/ownerUsername",
    "latestComments/2/repliesCount",
    "latestComments/2/text",
    "latestComments/2/timestamp",
    "likesCount",
    "ownerUsername",
    "shortCode",
    "timestamp",
    "type",
    "url",
]

METADATA_HEADER = [
    "Post_Metadata/al:android:app_name",
    "Post_Metadata/al:android:package",
    "Post_Metadata/al:android:url",
    "Post_Metadata/al:ios:app_name",
    "Post_Metadata/al:ios:app_store_id",
    "Post_Metadata/al:ios:url",
    "Post_Metadata/apple-mobile-web-app-status-bar-style",
    "Post_Metadata/application-title",
    "Post_Metadata/author_username",
    "Post_Metadata/bingbot",
    "Post_Metadata/caption",
    "Post_Metadata/color-scheme",
    "Post_Metadata/description",
    "Post_Metadata/fb:app_id",
    "Post_Metadata/google",
    "Post_Metadata/image_url",
    "Post_Metadata/instapp:owner_user_id",
    "Post_Metadata/keywords",
    "Post_Metadata/medium",
    "Post_Metadata/mobile-web-app-capable",
    "Post_Metadata/og:description",
    "Post_Metadata/og:image",
    "Post_Metadata/og:site_name",
    "Post_Metadata/og:title",
    "Post_Metadata/og:type",
    "Post_Metadata/og:url",
    "Post_Metadata/owner_user_id",
    "Post_Metadata/robots",
    "Post_Metadata/shortcode",
    "Post_Metadata/theme-color",
    "Post_Metadata/twitter:card",
    "Post_Metadata/twitter:image",
    "Post_Metadata/twitter:maxage",
    "Post_Metadata/twitter:site",
    "Post_Metadata/twitter:title",
    "Post_Metadata/viewport",
    "author_username",
    "comments",
    "description",
    "feedback",
    "likes",
    "original_url",
    "upload_date",
]

ESUIT_HEADER = ["Post URL", "Caption", "Subject", "Username", "Comment",
                "Timestamp", "Likes"]


def cap(*paras):
    """A caption: paragraphs joined the way the real captions are."""
    return (WJ + "\n" + WJ + "\n").join(paras)


# The five posts.  "where": posts = in instagram-posts.csv, meta = only in
# instagram-post-metadata.csv.  n = comments in instagram-comments.csv.
POSTS = [
    dict(key="engaged", type="Sidecar",
         posted="2025-03-02T16:05:11", where="posts", n=35,
         likes=48210, count=1912,
         subject="Mara Quinn and Dev Okafor engagement",
         caption=cap(
             "It's official! 💍 Mara Quinn and Dev Okafor are engaged after "
             "three years together.",
             "The 'Harbor Lights' co-stars shared the news with a beach photo "
             "dump on Sunday — swipe to see the ring! ✨",
             "(📸: Mara Quinn/Instagram)")),
    dict(key="trailer", type="Video",
         posted="2025-03-03T21:30:40", where="posts", n=30,
         likes=22904, count=1130,
         subject="Harbor Lights season 3 trailer",
         caption=cap(
             "'Harbor Lights' is BACK. 🌊 The season 3 trailer brings a storm, "
             "a secret and a new face: Zoë Hartigan joins the cast as the "
             "lighthouse keeper's estranged daughter.",
             "Season 3 premieres April 18. Who else is ready?")),
    dict(key="velvet", type="Video",
         posted="2025-03-04T14:00:02", where="meta", n=15,
         likes=12400, count=845,
         subject="Jonah Vellacourt leaves The Velvet Hour",
         caption=cap(
             "Jonah Vellacourt is opening up about why he walked away from "
             "'The Velvet Hour' after two seasons. 🎬",
             "\"I needed to find out who I was without the tux,\" he tells "
             "us. Full interview at the link in bio 🔗")),
    dict(key="album", type="Video",
         posted="2025-03-05T03:10:27", where="posts", n=30,
         likes=35870, count=1604,
         subject="Celeste Marwood wins Album of the Year",
         caption=cap(
             "Celeste Marwood took home Album of the Year for 'Paper Suns' at "
             "the Northern Sound Awards — and her speech had the whole room "
             "in tears. 🥹",
             "\"This one is for every kid who sang into a hairbrush,\" she "
             "said, before thanking her grandmother in Portuguese. ❤️")),
    dict(key="beauty", type="Sidecar",
         posted="2025-03-07T18:45:09", where="posts", n=25,
         likes=9870, count=402,
         subject="Ines Rookwell launches Lumen & Rye",
         caption=cap(
             "Ines Rookwell is launching her own beauty line! 💄 Lumen & Rye "
             "hits shelves April 1 with 12 lip shades named after her "
             "favorite cities.",
             "Would you try it? Tell us below 👇")),
]

END = datetime(2025, 3, 8, 23, 59, 59, tzinfo=timezone.utc)

EMOJI_ONLY = ["🔥🔥🔥", "😍😍", "👏", "❤️", "❤️‍🔥", "🙌🏼🙌🏼", "😭😭😭", "💯",
              "👀", "🥹", "💔", "😂😂", "✨✨", "🙄"]

TEXTS = {
    "engaged": [
        "FINALLY 😭 Mara and Dev forever",
        "Congratulations to the happiest couple on TV!! 💍",
        "The ring is stunning omg",
        "I called this in season 1, Maradev endgame",
        "Dev Okafor you lucky man",
        "Give it six months 🙄",
        "Mara Quinn deserves all the happiness in the world ❤️",
        "Not me crying over two people I've never met",
        "Who even cares",
        "They look so in love, congrats!",
        "Harbor Lights cast wedding when?? 😂",
        "Wait they were dating?",
        "So happy for them!!\nThe way he looks at her 🥹",
        "PR stunt before season 3, obviously",
        "Zoë is going to be a bridesmaid, calling it",
        "Mara's smile says everything",
        "Congrats Dev & Mara 🎉🎉",
        "The beach pics are giving wedding album already",
        "She could do better tbh",
        "Dev is such a gentleman, love this for them",
        "¡Felicidades! Qué bonita pareja 😍",
        "When is the wedding??",
        "Three years?? Time flies",
        "My two favorite people 😭😭",
        "\"Swipe to see the ring\" and I swiped ten times",
        "Another celebrity engagement, wake me up when they actually marry",
        "Love wins ❤️",
        "The ring looks a bit small for a TV star no?",
        "Mara Quinn is glowing",
        "Okay but the dog in slide 4 🐶",
    ],
    "trailer": [
        "APRIL 18 CAN'T COME SOON ENOUGH",
        "Zoë Hartigan joining Harbor Lights is the best news this year",
        "That storm scene gave me chills",
        "Season 2 was a mess, not getting my hopes up",
        "Who is the new girl? Never heard of her",
        "Mara Quinn's acting in that last shot 🔥",
        "They better not kill off the lighthouse keeper",
        "Harbor Lights is the only show my whole family watches together",
        "The secret is that she's his daughter, right? Right??",
        "Same recycled plot every season",
        "Dev Okafor's character deserved more screen time in s2",
        "Goosebumps.\nActual goosebumps.",
        "Is it on the same network?",
        "Zoë is a fantastic actress, she was amazing in her last film",
        "Boring. Cancel it already",
        "The cinematography is unreal",
        "Watching the trailer for the 5th time 🙋‍♀️",
        "Trailer music?? Someone tell me the song",
        "Can't believe we waited two years for this",
        "Zoe Hartigan!!! Finally a role she deserves",
        "This show went downhill after they killed Ruth",
        "Je l'adore déjà ❤️",
        "The lighthouse set is so pretty",
        "Please don't make it a love triangle",
    ],
    "velvet": [
        "Jonah Vellacourt was the heart of The Velvet Hour",
        "Without the tux 😂 love him",
        "The show was never the same after he left",
        "Honestly he was the weakest part of the cast",
        "Respect for choosing yourself",
        "Bring back Jonah!!",
        "The Velvet Hour season 3 was unwatchable without him",
        "Who is this",
        "He seems like such a genuine person",
        "So the rumors about the producers were true?",
        "I miss him on my screen 🥲",
        "Jonah if you read this, come back for the finale",
        "Good for him.\n\nThat show chewed people up",
        "The tux line 😭",
        "Can't wait to see what he does next",
    ],
    "album": [
        "Paper Suns deserved every award 🏆",
        "Celeste Marwood is a generational talent",
        "The grandmother part 😭😭😭",
        "I don't get the hype, the album was mid",
        "Her speech was so real",
        "Track 7.\nThat's it. That's the comment.",
        "Celeste!!! 👑",
        "Obrigada vovó 😭 I'm not okay",
        "Overrated. Next.",
        "Every kid who sang into a hairbrush... that's me 🎤",
        "She wrote every song herself, people forget that",
        "This woman can do no wrong",
        "The other nominees were robbed tbh",
        "Paper Suns on repeat since October",
        "Crying at 3am over an awards speech",
        "Celeste Marwood for president",
        "What a voice, what a woman",
        "Her live vocals are even better",
        "Tour dates when??",
        "Not the best album of the year, but happy for her",
        "Mi cantante favorita 💖",
        "Deserved. Period.",
        "The awards are all rigged anyway",
        "Her grandma must be so proud",
    ],
    "beauty": [
        "Another celebrity beauty brand 😴",
        "Lumen & Rye is such a pretty name",
        "Ines Rookwell can have my money",
        "Shades named after cities is so cute",
        "Are they vegan and cruelty free?",
        "I'll wait for the reviews",
        "Yes! Ines always has the best lip looks",
        "How much though?",
        "Lumen & Rye x Harbor Lights collab please",
        "Nobody asked for this",
        "The packaging is gorgeous ✨",
        "Will it ship to Canada?",
        "Ines Rookwell is the blueprint",
        "Lisbon shade, I need it",
        "Celebrity brands are always overpriced",
        "Buying the whole set day one",
        "Hopefully the formula is better than her last collab",
        "Love a self made woman 💪",
        "Shades I need:\nLisbon\nKyoto\nLagos",
    ],
}

TAGS = ["@lena_rosewater", "@kit.and.kaboodle", "@the_real_juno",
        "@mirabelle.o", "@sunny.dayz.44"]
TAG_TEXTS = ["{} look!!", "{} omg", "{} we need to talk about this",
             "{} told you so", "{} 😭😭"]

FIRST = ["Zoë", "Chloé", "José", "Søren", "Björn", "Inés", "Noémie", "Renée",
         "Aoife", "Siobhán", "Marta", "Lucas", "Amara", "Jamal", "Kenji",
         "Priya", "Tomás", "Hana", "Elif", "Oskar", "Maëlle", "Jonas",
         "Yara", "Dani", "Leilani", "Mateo", "Nia", "Ravi", "Greta", "Iker"]
LAST = ["Martín", "Okoro", "Lindgren", "Dubois", "Moreau", "Kowalczyk",
        "Ferreira", "Nakamura", "Haddad", "Byrne", "Silva", "Novak",
        "Brennan", "Castillo", "Adeyemi", "Fontaine", "Vega", "Laine"]
HANDLE = ["reads", "daily", "vibes", "tv", "fan", "x", "official", "writes",
          "films", "stan", "moon", "eats", "loves.tv", "sees.all"]
ASCII = str.maketrans("ëéèíóáäöøåñçšłÉ", "eeeioaaooancslE")


def rounded_media_id(exact):
    """The scraper's rounding: the shortest double print of the id, as an
    integer.  3770243824132977270 -> 3770243824132977000."""
    return str(int(Decimal(repr(float(int(exact))))))


def epoch(iso):
    dt = datetime.fromisoformat(iso).replace(tzinfo=timezone.utc)
    return int(dt.timestamp())


def iso_ms(ts):
    """Posts-export time: 2025-03-02T16:05:11.000Z."""
    return datetime.fromtimestamp(ts, timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.000Z")


def digits(n, first="123456789"):
    return RNG.choice(first) + "".join(RNG.choice("0123456789")
                                       for _ in range(n - 1))


def hexs(n):
    return "".join(RNG.choice("0123456789abcdef") for _ in range(n))


def make_users(count):
    users, seen = [], set()
    while len(users) < count:
        first, last = RNG.choice(FIRST), RNG.choice(LAST)
        base = first.lower().translate(ASCII)
        style = RNG.randrange(4)
        if style == 0:
            name = "%s.%s" % (base, RNG.choice(HANDLE))
        elif style == 1:
            name = "%s_%s%d" % (base, last.lower().translate(ASCII)[:4],
                                RNG.randrange(10, 99))
        elif style == 2:
            name = "%s%s" % (base, digits(RNG.choice((2, 3, 4))))
        else:
            name = "its.%s.%s" % (base, RNG.choice(HANDLE))
        if name in seen:
            continue
        seen.add(name)
        uid = digits(RNG.choice((8, 10, 11)))
        users.append(dict(
            username=name,
            # Some accounts have no display name, as in the real export.
            full_name="" if RNG.random() < 0.08 else "%s %s" % (first, last),
            id=uid,
            fbid=digits(17),
            private="true" if RNG.random() < 0.3 else "false",
            verified="true" if RNG.random() < 0.04 else "false",
            reel="" if RNG.random() < 0.5 else str(
                1741000000 + RNG.randrange(600000)),
            pic_id="" if RNG.random() < 0.07 else "%s_%s" % (
                hexs(12), digits(10)),
            pic="https://example.invalid/pic/%s.jpg" % hexs(10),
        ))
    return users


def comment_time(post_ts, rank):
    """Most comments come in the first hours; a tail runs to END."""
    delay = int(RNG.expovariate(1 / 9000.0)) + 40 + rank * 7
    if RNG.random() < 0.15:
        delay = RNG.randrange(86400, 4 * 86400)
    return min(post_ts + delay, int(END.timestamp()) - RNG.randrange(3600))


def comment_texts(post):
    pool = list(TEXTS[post["key"]])
    RNG.shuffle(pool)
    out = []
    for i in range(post["n"]):
        r = RNG.random()
        if r < 0.16:
            out.append(RNG.choice(EMOJI_ONLY))
        elif r < 0.24:
            out.append(RNG.choice(TAG_TEXTS).format(RNG.choice(TAGS)))
        else:
            out.append(pool[i % len(pool)])
    return out


def likes():
    r = RNG.random()
    if r < 0.45:
        return 0
    if r < 0.85:
        return RNG.randrange(1, 40)
    return RNG.randrange(40, 4000)


IG_EPOCH_MS = 1314220021721
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def media_id(ts):
    """Instagram media ids are (ms since its epoch) << 23 | shard << 10 |
    sequence; the upload starts a little before the post goes live."""
    ms = ts * 1000 - RNG.randrange(20000, 90000) - IG_EPOCH_MS
    return str(ms << 23 | RNG.randrange(8192) << 10 | RNG.randrange(1024))


def shortcode(mid):
    """The shortcode is the media id in URL-safe base64 digits."""
    n, s = int(mid), ""
    while n:
        n, r = divmod(n, 64)
        s = B64[r] + s
    return s


def build():
    for p in POSTS:
        p["ts"] = epoch(p["posted"])
        p["id"] = media_id(p["ts"])
        p["shortcode"] = shortcode(p["id"])
        p["url"] = "https://www.instagram.com/p/%s/" % p["shortcode"]
        assert rounded_media_id(p["id"]) != p["id"]
    assert len({rounded_media_id(p["id"]) for p in POSTS}) == len(POSTS)
    users = make_users(95)
    comments = []
    for p in POSTS:
        for rank, text in enumerate(comment_texts(p)):
            u = RNG.choice(users)
            ts = comment_time(p["ts"], rank)
            comments.append(dict(post=p, user=u, text=text, ts=ts,
                                 pk="1" + RNG.choice("78") + digits(15, "0123456789"),
                                 likes=likes()))
    # One sticker comment with no text (the real export has these too).
    sticker = comments[7]
    sticker["text"] = ""
    sticker["avatar"] = dict(url="https://example.invalid/pic/%s.jpg" % hexs(10),
                             ikid=digits(16), type=hexs(12))
    # One comment liked by a co-author of the post.
    comments[3]["coauthor"] = dict(name="maraquinn", full="Mara Quinn",
                                   id=digits(9), fbid=digits(17),
                                   pic_id="%s_%s" % (hexs(12), digits(10)),
                                   pic="https://example.invalid/pic/%s.jpg" % hexs(10),
                                   reel=str(1741000000 + RNG.randrange(600000)),
                                   tag=hexs(12))
    comments.sort(key=lambda c: (POSTS.index(c["post"]), -c["likes"]))
    return users, comments


def comment_row(c):
    u, p = c["user"], c["post"]
    av = c.get("avatar", {})
    co = c.get("coauthor")
    lang = any(w in c["text"] for w in ("¡", "Je ", "Obrigada", "Mi ", "Qué"))
    row = {
        "avatar_media_info/avatar_sticker_cdn_url": av.get("url", ""),
        "avatar_media_info/avatar_sticker_ikid": av.get("ikid", ""),
        "avatar_media_info/type": av.get("type", ""),
        "bit_flags": "0",
        "comment_like_count": str(c["likes"]),
        "content_type": "comment",
        "created_at": str(c["ts"]),
        "created_at_for_fb_app": str(c["ts"]),
        "created_at_utc": str(c["ts"]),
        "did_report_as_spam": "false",
        "has_disliked_comment": "false",
        "has_liked": "false",
        "has_liked_comment": "false",
        "has_translation": "true" if lang else "",
        "inline_composer_display_condition": "never",
        "is_covered": "false",
        "is_photo_comments_enabled_for_comment_author": "false",
        "is_ranked_comment": "true",
        "like_count": str(c["likes"]),
        "media_id": rounded_media_id(p["id"]),
        "pk": c["pk"],
        "private_reply_status": "0",
        "share_enabled": "true",
        "status": "Active",
        "strong_id__": c["pk"],
        "text": c["text"],
        "type": "0",
        "user/fbid_v2": u["fbid"],
        "user/full_name": u["full_name"],
        "user/id": u["id"],
        "user/is_mentionable": "true",
        "user/is_private": u["private"],
        "user/is_verified": u["verified"],
        "user/latest_reel_media": u["reel"],
        "user/pk": u["id"],
        "user/pk_id": u["id"],
        "user/profile_pic_id": u["pic_id"],
        "user/profile_pic_url": u["pic"],
        "user/strong_id__": u["id"],
        "user/username": u["username"],
        "user_id": u["id"],
    }
    if co:
        pre = "liked_by_media_coauthors/0/"
        row.update({
            pre + "_is__TOnXDTUserDict__0": co["tag"],
            pre + "fbid_v2": co["fbid"],
            pre + "full_name": co["full"],
            pre + "id": co["id"],
            pre + "is_mentionable": "true",
            pre + "is_private": "false",
            pre + "is_verified": "true",
            pre + "latest_reel_media": co["reel"],
            pre + "pk": co["id"],
            pre + "pk_id": co["id"],
            pre + "profile_pic_id": co["pic_id"],
            pre + "profile_pic_url": co["pic"],
            pre + "qe_use_smaller_comment_like_tap_target": "true",
            pre + "strong_id__": co["id"],
            pre + "username": co["name"],
        })
    return [row.get(k, "") for k in COMMENTS_HEADER]


def latest_comment(prefix, c, replies):
    return {
        prefix + "id": c["pk"],
        prefix + "likesCount": str(c["likes"]),
        prefix + "ownerUsername": c["user"]["username"],
        prefix + "repliesCount": str(replies),
        prefix + "text": c["text"],
        prefix + "timestamp": iso_ms(c["ts"]),
    }


def post_row(p, comments, users):
    """The posts export lists the 3 newest comments: some are also in the
    comments export (same id), some arrived after that scrape."""
    row = {
        "caption": p["caption"],
        "commentsCount": str(p["count"]),
        "id": p["id"],
        "likesCount": str(p["likes"]),
        "ownerUsername": OUTLET,
        "shortCode": p["shortcode"],
        "timestamp": iso_ms(p["ts"]),
        "type": p["type"],
        "url": p["url"],
    }
    mine = sorted((c for c in comments if c["post"] is p and c["text"]),
                  key=lambda c: -c["ts"])
    late_texts = ["Still thinking about this", "Here from the news 👋",
                  "Who's watching this in 2025?", "Saw this on my feed again 😂"]
    latest = []
    for i in range(3):
        if i == 1:
            ts = min(max(c["ts"] for c in mine) + RNG.randrange(60, 7200),
                     int(END.timestamp()))
            latest.append(dict(pk="18" + digits(15, "0123456789"),
                               likes=RNG.randrange(3), ts=ts,
                               text=RNG.choice(late_texts),
                               user=RNG.choice(users)))
        else:
            latest.append(mine[i])
    for i, c in enumerate(latest):
        nrep = 1 if (i == 0 and p["key"] == "engaged") else 0
        row.update(latest_comment("latestComments/%d/" % i, c, nrep))
    if p["key"] == "engaged":
        first = latest[0]
        pre = "latestComments/0/replies/0/"
        row.update({
            pre + "id": "18" + digits(15, "0123456789"),
            pre + "likesCount": "2",
            pre + "ownerUsername": RNG.choice(users)["username"],
            pre + "text": "@%s agreed, Mara and Dev are the real deal ❤️"
                          % first["user"]["username"],
            pre + "timestamp": iso_ms(first["ts"] + 1312),
        })
    return [row.get(k, "") for k in POSTS_HEADER]


def count_k(n):
    """'46k'-style count of the metadata export."""
    return "%dk" % (n // 1000) if n >= 1000 else str(n)


def metadata_row(p, blank_counts=False):
    when = datetime.fromtimestamp(p["ts"], timezone.utc)
    day = "%s %d, %d" % (when.strftime("%B"), when.day, when.year)
    title = '%s on Instagram: "%s"' % (OUTLET_NAME, p["caption"])
    desc = '%sK likes, %s comments - %s on %s: "%s". ' % (
        p["likes"] // 1000, "{:,}".format(p["count"]), OUTLET, day,
        p["caption"])
    kind = "reel" if p["type"] == "Video" else "p"
    img = "https://example.invalid/img/%s_n.jpg?stp=dst-jpg_e35_s640x640" % (
        digits(18))
    flat = p["caption"].replace('"', "").replace(WJ + "\n", WJ + " ")
    row = {
        "Post_Metadata/al:android:app_name": "Instagram",
        "Post_Metadata/al:android:package": "com.instagram.android",
        "Post_Metadata/al:android:url": p["url"],
        "Post_Metadata/al:ios:app_name": "Instagram",
        "Post_Metadata/al:ios:app_store_id": "389801252",
        "Post_Metadata/al:ios:url": "instagram://media?id=" + p["id"],
        "Post_Metadata/apple-mobile-web-app-status-bar-style": "default",
        "Post_Metadata/application-title": "Instagram",
        "Post_Metadata/bingbot": "noarchive",
        "Post_Metadata/caption": title,
        "Post_Metadata/color-scheme": "light",
        "Post_Metadata/description": desc,
        "Post_Metadata/fb:app_id": "124024574287414",
        "Post_Metadata/image_url": img,
        "Post_Metadata/instapp:owner_user_id": "90412233",
        "Post_Metadata/keywords": ",".join(KEYWORDS[p["key"]]),
        "Post_Metadata/medium": "image",
        "Post_Metadata/mobile-web-app-capable": "yes",
        "Post_Metadata/og:description": desc,
        "Post_Metadata/og:image": img,
        "Post_Metadata/og:site_name": "Instagram",
        "Post_Metadata/og:title": title,
        "Post_Metadata/og:type": "article",
        "Post_Metadata/og:url": "https://www.instagram.com/%s/%s/%s/" % (
            OUTLET, kind, p["shortcode"]),
        "Post_Metadata/owner_user_id": "90412233",
        "Post_Metadata/robots": "noarchive, noimageindex",
        "Post_Metadata/shortcode": p["shortcode"],
        "Post_Metadata/theme-color": "#ffffff",
        "Post_Metadata/twitter:card": "summary_large_image",
        "Post_Metadata/twitter:image": img,
        "Post_Metadata/twitter:maxage": "86400",
        "Post_Metadata/twitter:site": "@instagram",
        "Post_Metadata/twitter:title": "%s (@%s) • Instagram %s" % (
            OUTLET_NAME, OUTLET,
            "reel" if kind == "reel" else "photos and videos"),
        "Post_Metadata/viewport": "width=device-width, initial-scale=1, "
                                  "minimum-scale=1, maximum-scale=2, "
                                  "viewport-fit=cover",
        "author_username": "" if blank_counts else OUTLET,
        "comments": "" if blank_counts else count_k(p["count"]),
        "description": flat,
        "feedback": "Post metadata extracted.",
        "likes": "" if blank_counts else count_k(p["likes"]),
        "original_url": p["url"] if blank_counts else p["url"].rstrip("/"),
        "upload_date": "" if blank_counts else day,
    }
    return [row.get(k, "") for k in METADATA_HEADER]


KEYWORDS = {
    "velvet": ["Jonah Vellacourt", "The Velvet Hour", "TV exit",
               "actor interview", "Celebrity news", "Entertainment news"],
    "trailer": ["Harbor Lights", "season 3", "trailer", "Zoë Hartigan",
                "Mara Quinn", "Dev Okafor", "TV premieres"],
}


def apify_csv(path, header, rows):
    """Real Apify shape: BOM, non-empty fields quoted, empty fields bare."""
    def field(v):
        return '"' + v.replace('"', '""') + '"' if v else ""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\ufeff")
        for r in [header] + rows:
            f.write(",".join(field(v) for v in r) + "\n")


def esuit_rows(users):
    """ESUIT export: plain CSV, quoted only where needed, no BOM."""
    picks = [
        ("trailer", "Harbor Lights season 3 trailer",
         "Zoë Hartigan is perfect casting", "2025-03-03 22:14:05", 31),
        ("trailer", "Harbor Lights season 3 trailer",
         "Season 2 ended on such a cliffhanger, finally some answers",
         "2025-03-03 23:02:40", 12),
        ("trailer", "Harbor Lights season 3 trailer",
         "meh", "2025-03-04 08:45:00", 0),
        ("trailer", "Harbor Lights season 3 trailer",
         "Mara Quinn carries this show, honestly", "2025-03-04 10:11:19", 7),
        ("engaged", "Mara Quinn and Dev Okafor engagement",
         "Congrats, you two! 💍", "2025-03-02 17:30:00", 44),
        ("engaged", "Mara Quinn and Dev Okafor engagement",
         "This is clearly for publicity", "2025-03-02 19:08:51", 3),
        ("engaged", "Mara Quinn and Dev Okafor engagement",
         "Dev, Mara, all the best — from Brazil 🇧🇷", "2025-03-03 01:15:27",
         18),
        ("beauty", "Ines Rookwell launches Lumen & Rye",
         "Need the \"Lisbon\" shade immediately", "2025-03-07 19:20:33", 9),
        ("beauty", "Ines Rookwell launches Lumen & Rye",
         "Pass. Too many celebrity brands", "2025-03-08 09:02:10", 1),
        ("beauty", "Ines Rookwell launches Lumen & Rye",
         "Lumen & Rye, love the name", "2025-03-08 12:47:55", 4),
    ]
    by_key = {p["key"]: p for p in POSTS}
    rows = []
    for key, subject, text, ts, n in picks:
        p = by_key[key]
        first_line = p["caption"].split(WJ)[0]
        rows.append(["https://instagram.com/p/%s/" % p["shortcode"],
                     first_line, subject, RNG.choice(users)["username"],
                     text, ts, str(n)])
    return rows


CATALOG = [
    {"name": "Mara Quinn", "type": "person",
     "aliases": ["Mara", "@maraquinn", "Quinn"]},
    {"name": "Dev Okafor", "type": "person",
     "aliases": ["Dev", "@devokafor", "Okafor"]},
    {"name": "Mara Quinn & Dev Okafor", "type": "couple",
     "aliases": ["Maradev", "#Maradev", "Mara and Dev", "Dev and Mara",
                 "Dev & Mara"]},
    {"name": "Zoë Hartigan", "type": "person",
     "aliases": ["Zoe Hartigan", "Zoë", "Zoe", "Hartigan"]},
    {"name": "Harbor Lights", "type": "show",
     "aliases": ["#HarborLights", "Harbor Lights season 3"]},
    {"name": "Jonah Vellacourt", "type": "person",
     "aliases": ["Jonah", "Vellacourt"]},
    {"name": "The Velvet Hour", "type": "show",
     "aliases": ["Velvet Hour"]},
    {"name": "Celeste Marwood", "type": "person",
     "aliases": ["Celeste", "Marwood", "@celestemarwood"]},
    {"name": "Ines Rookwell", "type": "person",
     "aliases": ["Ines", "Inés Rookwell", "Rookwell"]},
    {"name": "Lumen & Rye", "type": "brand",
     "aliases": ["Lumen and Rye", "@lumenandrye", "Lumen"]},
]


def main():
    users, comments = build()
    apify_csv(os.path.join(HERE, "instagram-comments.csv"), COMMENTS_HEADER,
              [comment_row(c) for c in comments])
    apify_csv(os.path.join(HERE, "instagram-posts.csv"), POSTS_HEADER,
              [post_row(p, comments, users) for p in POSTS
               if p["where"] == "posts"])
    by_key = {p["key"]: p for p in POSTS}
    apify_csv(os.path.join(HERE, "instagram-post-metadata.csv"),
              METADATA_HEADER,
              [metadata_row(by_key["velvet"]),
               metadata_row(by_key["trailer"], blank_counts=True)])
    with open(os.path.join(HERE, "esuit.csv"), "w", encoding="utf-8",
              newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(ESUIT_HEADER)
        w.writerows(esuit_rows(users))
    with open(os.path.join(HERE, "..", "catalog.json"), "w",
              encoding="utf-8") as f:
        # One entity per line: easy to read and to diff.
        f.write("[\n" + ",\n".join("  " + json.dumps(e, ensure_ascii=False)
                                    for e in CATALOG) + "\n]\n")


if __name__ == "__main__":
    main()
