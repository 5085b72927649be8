#!/usr/bin/env python3
"""Build newslint's compact name tables from the 1990 US Census name lists.

Source: the public-domain 1990 US Census frequency lists ``dist.male.first``,
``dist.female.first`` and ``dist.all.last`` (US Census Bureau, 1990; works of the US
federal government are in the public domain). They are taken from the ``names`` package
on PyPI by Trey Hunner (MIT licence; its README states that these three data files are
public domain, derived from 1990 Census data). Fetch it with the ordinary client:

    pip download --no-deps -d /tmp/names names
    tar xzf /tmp/names/names-*.tar.gz -C /tmp/names
    python tools/build_name_table.py /tmp/names/names-*/names

Writes:

- ``src/newslint/data/first_names.tsv``: ``name<TAB>gender<TAB>p<TAB>freq``; gender is
  ``M`` or ``F`` when one sex holds at least ``MIN_SHARE`` of the bearers (the census
  percentages weighted by the 1990 male/female population), ``U`` otherwise (a name, but
  no usable gender: Jordan, Taylor, Casey, Jean); ``p`` is the share of the majority sex,
  ``freq`` the name's frequency per 100 people of its sex (summed over both lists).
  Names that are common given names of the other sex outside the US (Andrea, Nicola,
  Simone, Stephane...) are forced to ``U``.
- ``src/newslint/data/surnames.txt``: one lower-case surname per line, most common first
  (the line order is the census rank), for the surnames with a listed frequency of at
  least 0.001 %.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "newslint" / "data"

# 1990 census: 121.2 million males, 127.5 million females.
MALE_POP = 121.239
FEMALE_POP = 127.470
MIN_SHARE = 0.95
# Below this (per cent of one sex) a single-list name is census noise (STEPHANE appears
# only in the female list at 0.002).
MIN_FREQ = 0.004

# Given names whose sex differs across languages or is split in practice; a table built
# from US data alone would mislead on international news.
INTERNATIONAL_AMBIGUOUS = """
andrea nicola simone michele daniele gabriele emanuele raffaele jean rene dominique claude
camille sasha sacha kim yuri yuki noa mika nikita karen ashley kelly shannon
stacy tracy lindsay evelyn vivian marion leslie lesley carol carroll gail dana jody jodi
jackie frankie sam alex chris pat terry jessie jamie morgan taylor jordan casey robin
lee lynn marian marlo maria jose angel cruz guadalupe rosario carmen ariel eden shiloh
sidney sydney kendall kerry kris devon dale darcy blair courtney cameron ali nour
toni joan lula laurence hilary aubrey avery quinn riley reese ellis kai misha jaime
alexis sandy luca jess jo mel
""".split()


def fold(name: str) -> str:
    """Lower case, accents removed (the census lists are upper-case ASCII)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def read_dist(path: Path) -> dict[str, tuple[float, int]]:
    out: dict[str, tuple[float, int]] = {}
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) != 4:
            continue
        name, freq, _cum, rank = parts
        out[fold(name)] = (float(freq), int(rank))
    return out


def build(src: Path) -> None:
    male = read_dist(src / "dist.male.first")
    female = read_dist(src / "dist.female.first")
    rows = []
    for name in sorted(set(male) | set(female)):
        m = male.get(name, (0.0, 0))[0]
        f = female.get(name, (0.0, 0))[0]
        if max(m, f) < MIN_FREQ:
            continue
        mw, fw = m * MALE_POP, f * FEMALE_POP
        share_m = mw / (mw + fw) if mw + fw else 0.5
        if name in INTERNATIONAL_AMBIGUOUS:
            gender, p = "U", max(share_m, 1 - share_m)
        elif share_m >= MIN_SHARE:
            gender, p = "M", share_m
        elif 1 - share_m >= MIN_SHARE:
            gender, p = "F", 1 - share_m
        else:
            gender, p = "U", max(share_m, 1 - share_m)
        rows.append(f"{name}\t{gender}\t{p:.3f}\t{m + f:.3f}")
    header = [
        "# newslint first-name table: name, gender (M/F, or U = no usable gender), share of",
        "# the majority sex, frequency (% of people of that sex, both lists summed).",
        "# Derived by tools/build_name_table.py from the 1990 US Census name lists",
        "# (dist.male.first, dist.female.first; US Census Bureau, public domain), as shipped",
        "# in the PyPI package `names` 0.3.0 by Trey Hunner (MIT; data files public domain).",
    ]
    (DATA / "first_names.tsv").write_text("\n".join(header + rows) + "\n", encoding="utf-8")

    last = read_dist(src / "dist.all.last")
    kept = sorted((rank, name) for name, (freq, rank) in last.items() if freq >= 0.001)
    header = [
        "# newslint surname table, most common first. Surnames with a frequency of at",
        "# least 0.001 % in the 1990 US Census list dist.all.last (US Census Bureau, public",
        "# domain), as shipped in the PyPI package `names` 0.3.0 by Trey Hunner.",
        "# Derived by tools/build_name_table.py.",
    ]
    lines = [name for _rank, name in kept]
    (DATA / "surnames.txt").write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} first names, {len(lines)} surnames written to {DATA}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    build(Path(sys.argv[1]))
