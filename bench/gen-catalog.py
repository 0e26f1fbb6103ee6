#!/usr/bin/env python3
"""Generate a large et-enrich catalog for benchmarks.

Usage: gen-catalog.py CATALOG OUTPUT [SIZE]

Writes a JSON array of SIZE entities (default 1000): every entity of
CATALOG (the bundled share/catalog.json, 99 real ones) first and unchanged,
then synthetic but realistic ones, in this mix of the rest: 87 % people,
7 % shows, 4 % brands, 2 % couples.

People are invented first + last names combined from the lists below, with
the aliases a real entry has: first name, last name, an @handle and a
#hashtag, and for some a nickname, a "Team X" cue, a character name, or
"context" words (their show) and "not" phrases.  The first 200 people take
the first names of FIRST in order; the rest draw theirs from a pool of 100
common ones (some also first names of real entities: Ryan, Simone, Kevin...).
At 1,000 entities about 100 first names are unique and about 90 are shared
by 6 to 13 entities each, so matching has to settle ambiguity as it would
with a real catalog of that size.  Last names are shared by two people at
most, a few names carry accents, and a few first or last names are everyday
words (Will, Grace, King), which only count when capitalised.

Deterministic: no random numbers, the same SIZE always gives the same bytes.
python3 standard library only; writes OUTPUT atomically.
"""

import json
import os
import sys

# (first name, pronouns)
FIRST = [
    ("Adaeze", "she/her"), ("Adriana", "she/her"), ("Aisling", "she/her"),
    ("Alba", "she/her"), ("Alessia", "she/her"), ("Amara", "she/her"),
    ("Anouk", "she/her"), ("Aoife", "she/her"), ("Astrid", "she/her"),
    ("Beatriz", "she/her"), ("Brielle", "she/her"), ("Calla", "she/her"),
    ("Camila", "she/her"), ("Carys", "she/her"), ("Cecily", "she/her"),
    ("Clementine", "she/her"), ("Dalia", "she/her"), ("Delphine", "she/her"),
    ("Eloise", "she/her"), ("Esmé", "she/her"), ("Farrah", "she/her"),
    ("Freya", "she/her"), ("Gemma", "she/her"), ("Giselle", "she/her"),
    ("Grace", "she/her"), ("Greta", "she/her"), ("Hana", "she/her"),
    ("Harriet", "she/her"), ("Hope", "she/her"), ("Imogen", "she/her"),
    ("Ingrid", "she/her"), ("Isadora", "she/her"), ("Jacinta", "she/her"),
    ("Jolene", "she/her"), ("June", "she/her"), ("Kaia", "she/her"),
    ("Keziah", "she/her"), ("Lainey", "she/her"), ("Leona", "she/her"),
    ("Liesel", "she/her"), ("Lorena", "she/her"), ("Lucía", "she/her"),
    ("Maelle", "she/her"), ("Marisol", "she/her"), ("Mireille", "she/her"),
    ("Nadia", "she/her"), ("Noemi", "she/her"), ("Odette", "she/her"),
    ("Ottilie", "she/her"), ("Paloma", "she/her"), ("Petra", "she/her"),
    ("Priya", "she/her"), ("Renée", "she/her"), ("Rosalind", "she/her"),
    ("Saoirse", "she/her"), ("Selene", "she/her"), ("Sienna", "she/her"),
    ("Solveig", "she/her"), ("Tamsin", "she/her"), ("Thandiwe", "she/her"),
    ("Ulla", "she/her"), ("Valentina", "she/her"), ("Vesna", "she/her"),
    ("Wren", "she/her"), ("Ximena", "she/her"), ("Yara", "she/her"),
    ("Zainab", "she/her"), ("Zora", "she/her"), ("Marlowe", "she/her"),
    ("Juniper", "she/her"), ("Anaïs", "she/her"), ("Ophelia", "she/her"),
    ("Adebayo", "he/him"), ("Alaric", "he/him"), ("Anders", "he/him"),
    ("Arjun", "he/him"), ("Barnaby", "he/him"), ("Bastian", "he/him"),
    ("Caspian", "he/him"), ("Cillian", "he/him"), ("Cormac", "he/him"),
    ("Dashiell", "he/him"), ("Declan", "he/him"), ("Desmond", "he/him"),
    ("Emeka", "he/him"), ("Evander", "he/him"), ("Fabian", "he/him"),
    ("Felix", "he/him"), ("Florian", "he/him"), ("Gideon", "he/him"),
    ("Gustavo", "he/him"), ("Hamish", "he/him"), ("Idris", "he/him"),
    ("Ignacio", "he/him"), ("Jasper", "he/him"), ("Joaquín", "he/him"),
    ("Kenji", "he/him"), ("Lachlan", "he/him"), ("Leander", "he/him"),
    ("Lorcan", "he/him"), ("Magnus", "he/him"), ("Malik", "he/him"),
    ("Mark", "he/him"), ("Matteo", "he/him"), ("Max", "he/him"),
    ("Nikolai", "he/him"), ("Oisín", "he/him"), ("Orson", "he/him"),
    ("Osric", "he/him"), ("Percival", "he/him"), ("Rafferty", "he/him"),
    ("Rhys", "he/him"), ("Rocco", "he/him"), ("Santiago", "he/him"),
    ("Soren", "he/him"), ("Tobias", "he/him"), ("Tiago", "he/him"),
    ("Ulrich", "he/him"), ("Vikram", "he/him"), ("Will", "he/him"),
    ("Xavier", "he/him"), ("Yusuf", "he/him"), ("Zeke", "he/him"),
    ("Björn", "he/him"), ("Thaddeus", "he/him"), ("Ambrose", "he/him"),
    ("Ezra", "he/him"), ("Cassius", "he/him"), ("Lennox", "he/him"),
    ("Ari", "they/them"), ("Avery", "they/them"), ("Blair", "they/them"),
    ("Dakota", "they/them"), ("Emerson", "they/them"), ("Finley", "they/them"),
    ("Hollis", "they/them"), ("Indigo", "they/them"), ("Jules", "they/them"),
    ("Kit", "they/them"), ("Linden", "they/them"), ("Marlo", "they/them"),
    ("Noor", "they/them"), ("Oakley", "they/them"), ("Peyton", "they/them"),
    ("Quinn", "they/them"), ("Remy", "they/them"), ("Sasha", "they/them"),
    ("Tatum", "they/them"), ("Sunny", "they/them"),
    ("Beckett", "he/him"), ("Callum", "he/him"), ("Dorian", "he/him"),
    ("Elio", "he/him"), ("Fitz", "he/him"), ("Gael", "he/him"),
    ("Hugo", "he/him"), ("Ivo", "he/him"), ("Jonas", "he/him"),
    ("Kai", "he/him"), ("Laszlo", "he/him"), ("Milo", "he/him"),
    ("Nico", "he/him"), ("Otis", "he/him"), ("Pablo", "he/him"),
    ("Reuben", "he/him"), ("Silas", "he/him"), ("Theo", "he/him"),
    ("Bea", "she/her"), ("Cleo", "she/her"), ("Dara", "she/her"),
    ("Elodie", "she/her"), ("Fleur", "she/her"), ("Ines", "she/her"),
    ("Kiki", "she/her"), ("Lola", "she/her"), ("Mina", "she/her"),
    ("Nell", "she/her"), ("Opal", "she/her"), ("Pia", "she/her"),
    ("Rue", "she/her"), ("Suki", "she/her"), ("Tova", "she/her"),
    ("Vera", "she/her"), ("Willa", "she/her"), ("Yasmin", "she/her"),
    ("Zelda", "she/her"), ("Maren", "she/her"), ("Rosa", "she/her"),
    ("Talia", "she/her"), ("Simone", "she/her"), ("Kevin", "he/him"),
    ("Ryan", "he/him"), ("Taylor", "she/her"), ("Daniel", "he/him"),
    ("Jessica", "she/her"), ("Michael", "he/him"), ("Nicole", "she/her"),
    ("Jack", "he/him"), ("Sydney", "she/her"),
]

# The pool people after the first 200 draw their first names from: common
# first names, some shared with real entities.
SHARED_FIRST = [
    ("Ryan", "he/him"), ("Simone", "she/her"), ("Kevin", "he/him"),
    ("Taylor", "she/her"), ("Daniel", "he/him"), ("Jessica", "she/her"),
    ("Michael", "he/him"), ("Nicole", "she/her"), ("Jack", "he/him"),
    ("Sydney", "she/her"), ("Grace", "she/her"), ("Will", "he/him"),
    ("Max", "he/him"), ("Theo", "he/him"), ("Hugo", "he/him"),
    ("Lola", "she/her"), ("Rosa", "she/her"), ("Mina", "she/her"),
    ("Felix", "he/him"), ("Jasper", "he/him"), ("Nadia", "she/her"),
    ("Priya", "she/her"), ("Sasha", "they/them"), ("Quinn", "they/them"),
    ("Kai", "he/him"), ("Milo", "he/him"), ("Freya", "she/her"),
    ("Gemma", "she/her"), ("Camila", "she/her"), ("Matteo", "he/him"),
    ("Nico", "he/him"), ("Cleo", "she/her"), ("Isadora", "she/her"),
    ("Ezra", "he/him"), ("Hana", "she/her"), ("Idris", "he/him"),
    ("Avery", "they/them"), ("Jules", "they/them"), ("Vera", "she/her"),
    ("Silas", "he/him"),
]

# English-looking surnames built from parts (Ashford, Hartley, Thornton...).
LAST_HEAD = [
    "Ash", "Black", "Brook", "Carr", "Dal", "Fair", "Glen", "Hart", "Hal",
    "Kings", "Lock", "Mar", "Mor", "North", "Pem", "Red", "Rook", "Stan",
    "Thorn", "Wake", "Wen", "West", "Whit", "Wood", "Brad", "Cole", "Al",
]
LAST_TAIL = [
    "ford", "well", "wood", "ley", "ton", "more", "field", "wick", "bury",
    "combe", "dale", "ridge",
]
LAST_WORLD = [
    "Okafor", "Adeyemi", "Mensah", "Nakamura", "Takahashi", "Watanabe",
    "Rossi", "Bianchi", "Esposito", "Silva", "Moreira", "Carvalho",
    "Kowalski", "Nowak", "Wiśniewski", "Haddad", "Nasser", "Khoury",
    "Petrov", "Volkova", "Ivanova", "Lindqvist", "Johansson", "Eriksen",
    "Fernández", "Ortega", "Delgado", "Castillo", "Navarro", "Iglesias",
    "Dubois", "Lefèvre", "Moreau", "Fontaine", "Girard", "Rousseau",
    "Müller", "Schneider", "Becker", "Hoffmann", "Krüger", "Vogel",
    "O'Connell", "McAllister", "Fitzgerald", "Donnelly", "Kavanagh",
    "Gallagher", "Chaudhry", "Raman", "Iyer", "Kapoor", "Malhotra",
    "Banerjee", "Kim", "Park", "Choi", "Nguyen", "Tran", "Pham",
    "Santos", "Reyes", "Cruz", "Mendoza", "Aguilar", "Vargas",
    "Van Dijk", "De Groot", "Janssen", "Visser", "Ashworth", "Pembroke",
    "Sinclair", "Montague", "Everly", "Sterling", "Lockhart", "Vance",
    "Marsh", "Holloway", "Calloway", "Prescott", "Whitaker", "Ellery",
    "Quill", "Rivers", "Stone", "Frost", "Hale", "Lane", "Cross",
    "King", "Young", "Brown", "Rich", "Strong", "Little", "Best",
]

SHOW_ADJ = [
    "Velvet", "Silent", "Golden", "Broken", "Hidden", "Midnight", "Crimson",
    "Glass", "Paper", "Hollow", "Wild", "Last", "Burning", "Quiet",
    "Salt", "Iron", "Winter", "Summer", "Little", "Lonely",
]
SHOW_NOUN = [
    "Orchard", "Harbor", "Crown", "Lanterns", "Tides", "Kingdom", "Garden",
    "Letters", "Shore", "Vow", "Season", "Summit", "Empire", "Hours",
    "Coast", "Frontier", "Parish", "Assembly", "Reckoning", "Meadow",
]
BRAND_WORDS = [
    "Lumen", "Rye", "Juniper", "Slate", "Marigold", "Cobalt", "Fern",
    "Saffron", "Ember", "Tallow", "Birch", "Indigo", "Clove", "Vesper",
    "Halcyon", "Oriel", "Quarry", "Sable", "Thistle", "Wick",
]
BRAND_KIND = ["Beauty", "Studios", "Skincare", "Athletics", "Records",
              "Cosmetics", "Eyewear", "Apparel"]
NICK_SUFFIX = ["ie", "y", "sy", "ster"]


def squash(s):
    """The name run together, as in handles: letters and digits only."""
    return "".join(c for c in s if c.isalnum())


def plain(s):
    """ASCII spelling of a name, as fans type it ("Renée" -> "Renee")."""
    table = str.maketrans("áàâäãåçéèêëíìîïñóòôöõøúùûüýÿłśšžźż",
                          "aaaaaaceeeeiiiinoooooouuuuyylsszzz")
    return s.translate(table).translate(
        str.maketrans("ÁÀÂÄÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕØÚÙÛÜÝŁŚŠŽŹŻ",
                      "AAAAAACEEEEIIIINOOOOOOUUUUYLSSZZZ"))


def last_names():
    out = [h + t for h in LAST_HEAD for t in LAST_TAIL]
    # Interleave the two kinds so neighbours differ.
    mixed, w = [], 0
    for i, n in enumerate(out):
        mixed.append(n)
        if i % 3 == 2 and w < len(LAST_WORLD):
            mixed.append(LAST_WORLD[w])
            w += 1
    mixed.extend(LAST_WORLD[w:])
    seen, uniq = set(), []
    for n in mixed:
        if n not in seen:
            seen.add(n)
            uniq.append(n)
    return uniq


def person(i, first, pronouns, last, shows):
    name = first + " " + last
    aliases = [first, last]
    if plain(name) != name:
        aliases.append(plain(name))
    handle = squash(plain(name)).lower()
    if i % 5 == 0:
        aliases.append("@" + handle + "official")
    elif i % 5 == 1:
        aliases.append("@" + squash(plain(first)).lower() + "."
                       + squash(plain(last)).lower())
    elif i % 5 == 2:
        aliases.append("@therealfirst".replace(
            "first", squash(plain(first)).lower()))
    else:
        aliases.append("@" + handle)
    aliases.append("#" + squash(plain(first)) + squash(plain(last)))
    if i % 4 == 0:
        aliases.append(name + "'s")
    if i % 7 == 0:
        aliases.append(first[:3] + NICK_SUFFIX[i % len(NICK_SUFFIX)])
    if i % 9 == 0:
        aliases.append("#Team" + squash(plain(first)))
        aliases.append("Team " + first)
    e = {"name": name, "type": "person", "pronouns": pronouns,
         "aliases": aliases}
    if i % 3 == 0:
        show = shows[i % len(shows)]
        e["context"] = [last, show, show.split()[-1]]
    if i % 11 == 0:
        e["not"] = [first + " " + LAST_WORLD[(i * 7) % len(LAST_WORLD)]]
    return e


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit("usage: gen-catalog.py CATALOG OUTPUT [SIZE]")
    src, out = argv[1], argv[2]
    try:
        size = int(argv[3]) if len(argv) == 4 else 1000
    except ValueError:
        size = -1
    if size < 0:
        sys.exit("gen-catalog: SIZE must be a non-negative integer")
    with open(src, encoding="utf-8") as f:
        real = json.load(f)
    if not isinstance(real, list):
        sys.exit("gen-catalog: %s: not a JSON array" % src)

    n = max(0, size - len(real))
    n_couple = n * 2 // 100
    n_brand = n * 4 // 100
    n_show = n * 7 // 100
    n_person = n - n_couple - n_brand - n_show

    taken = {e["name"] for e in real}
    shows = []
    for k in range(len(SHOW_ADJ) * len(SHOW_NOUN)):
        if len(shows) == n_show:
            break
        adj = SHOW_ADJ[k % len(SHOW_ADJ)]
        noun = SHOW_NOUN[(k * 7 + k // len(SHOW_ADJ)) % len(SHOW_NOUN)]
        title = ("The " if k % 3 else "") + adj + " " + noun
        if title not in taken:
            taken.add(title)
            shows.append(title)

    lasts = last_names()
    people = []
    i = 0
    while len(people) < n_person:
        if i < 200:
            first, pron = FIRST[i % len(FIRST)]
        else:
            first, pron = (SHARED_FIRST + FIRST)[(i * 7) % (
                len(SHARED_FIRST) + 60)]
        last = lasts[(i * 37) % len(lasts)]
        i += 1
        if first + " " + last in taken:
            continue
        taken.add(first + " " + last)
        people.append(person(len(people), first, pron, last, shows))

    entities = list(real) + people
    for k, title in enumerate(shows):
        short = title[4:] if title.startswith("The ") else title
        aliases = ["#" + squash(short)]
        if short != title:
            aliases.append(short)
        aliases.append(title + " season " + str(2 + k % 4))
        e = {"name": title, "type": "show", "aliases": aliases}
        if k % 2 == 0:
            lead = people[(k * 13) % len(people)]["name"] if people else ""
            e["context"] = ["season", "episode", "finale"] + (
                [lead.split()[-1]] if lead else [])
        entities.append(e)
    for k in range(n_brand):
        a = BRAND_WORDS[k % len(BRAND_WORDS)]
        if k < len(BRAND_WORDS):
            b = BRAND_WORDS[(k * 3 + 5) % len(BRAND_WORDS)]
            if b == a:
                b = BRAND_WORDS[(k + 1) % len(BRAND_WORDS)]
            name, short = a + " & " + b, a
            aliases = [a + " and " + b, "@" + (a + "and" + b).lower()]
        else:
            kind = BRAND_KIND[k % len(BRAND_KIND)]
            name, short = a + " " + kind, None
            aliases = ["@" + (a + kind).lower(), "#" + a + kind]
        if name in taken:
            continue
        taken.add(name)
        if short and k % 2 == 0:
            aliases.append(short)
        entities.append({"name": name, "type": "brand", "aliases": aliases,
                         "context": ["collab", "drop", "launch", "code"]})
    for k in range(n_couple):
        if len(people) < 2:
            break
        p = people[(k * 17) % len(people)]["name"].split(" ", 1)
        q = p
        for d in range(5, 5 + len(people)):
            q = people[(k * 17 + d) % len(people)]["name"].split(" ", 1)
            if q[0] != p[0]:
                break
        name = p[0] + " and " + q[0]
        if q[0] == p[0] or name in taken or \
                q[0] + " and " + p[0] in taken:
            continue
        taken.add(name)
        entities.append({
            "name": name, "type": "couple",
            "aliases": [q[0] + " and " + p[0], p[0] + " & " + q[0],
                        q[0] + " & " + p[0], "#" + squash(plain(p[0] + q[0])),
                        p[0] + " " + p[1] + " and " + q[0] + " " + q[1]],
            "context": [p[1], q[1], "couple", "married", "dating"],
        })
    # Skipped names (rare) are made up with extra people.
    j = 0
    while len(entities) < size:
        first, pron = FIRST[(j * 5) % len(FIRST)]
        last = lasts[(j * 11 + 3) % len(lasts)] + "-" + \
            lasts[(j * 19 + 7) % len(lasts)]
        j += 1
        if first + " " + last in taken:
            continue
        taken.add(first + " " + last)
        entities.append(person(j, first, pron, last, shows or ["show"]))
    del entities[size:]

    tmp = "%s.tmp.%d" % (out, os.getpid())
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("[\n")
            f.write(",\n".join(json.dumps(e, ensure_ascii=False)
                               for e in entities))
            f.write("\n]\n")
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
