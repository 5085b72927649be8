"""Generate a realistic news corpus for benchmarks.

    python bench/corpus.py OUT_DIR --files 2000 [--seed 1] [--paragraphs 5,14]
        [--style templated|stories]

Articles have YAML or TOML front matter, headings, paragraphs of news-style prose with
quotes and attributions, lists, the odd code block and shortcode; a few carry defects of
the kinds newslint looks for (pasted copies, stray periods, doubled words, run-together
front matter), and a few are republished under another name (cross-file copies).

Two styles. ``templated`` (the default, what the figures of sessions 2-8 used) builds
every sentence from six templates with a small vocabulary: most paragraphs of the corpus
then share MinHash bands with thousands of others, a stress case for NL204's cross-file
step. ``stories`` (``bench/stories.py``) writes each article as a story on one beat with
its own place, subject and cast, people named in full and then by surname or pronoun:
closer to a newsroom's copy. ``--paragraphs`` defaults to 5,14 for ``templated`` (about
4 KB a file) and 5,16 for ``stories`` (about 3.5 KB, the lead paragraph not counted);
``--style stories --paragraphs 15,35`` gives about 8 KB a file, the size of the issue's
16 MB, 2,000-file corpus.
"""

from __future__ import annotations

import argparse
import os
import random

FIRST = "Maria James Aisha Tom Priya Chen Olga Diego Fatima Liam Sofia Kwame Elena Marcus Yuki Ingrid Omar Grace Pavel Nadia".split()
LAST = "Okafor Lindqvist Tanaka Moreau Haddad Novak Silva Brennan Kowalski Mensah Ortega Petrov Nakamura Fischer Reyes Adeyemi Costa Walsh Ibrahim Larsen".split()
PLACES = "Port Elwood, Marrow Bay, Kestrel Falls, Dunmore, Halvik, Santo Rio, Eastgate, Wrenfield, Tolland, Abervale".split(
    ", "
)
BODIES = "the city council, the harbour authority, the health ministry, the transport board, the water utility, the school district, the regional court, the energy regulator".split(
    ", "
)
TOPICS = "budget, flood defences, bus routes, hospital waiting times, school meals, a new bridge, water prices, wind farms, housing permits, library hours".split(
    ", "
)
VERBS = "approved, rejected, delayed, announced, reviewed, expanded, cut, defended".split(", ")
ADJ = "long-awaited, controversial, modest, ambitious, revised, temporary, costly, popular".split(
    ", "
)


def sentence(r: random.Random) -> str:
    kind = r.random()
    who = f"{r.choice(FIRST)} {r.choice(LAST)}"
    place = r.choice(PLACES)
    body = r.choice(BODIES)
    topic = r.choice(TOPICS)
    if kind < 0.25:
        quote = r.choice(
            [
                f"We have listened to residents in {place} and the plan reflects that",
                f"Nobody wanted {topic} to take {r.randint(2, 9)} years",
                f"The money for {topic} is there, and the work will start",
                f"This is the best deal {place} could get in {r.randint(2015, 2025)}",
            ]
        )
        return f"“{quote},” said {who}, a spokesperson for {body}."
    if kind < 0.45:
        return f"The {r.choice(ADJ)} plan for {topic} in {place} was {r.choice(VERBS)} on {r.choice(['Monday', 'Tuesday', 'Friday'])} after {r.randint(2, 9)} hours of debate."
    if kind < 0.6:
        return f"Officials said the cost had risen to {r.randint(2, 90)}.{r.randint(1, 9)} million, up {r.randint(3, 40)} percent since {r.randint(2015, 2023)}."
    if kind < 0.75:
        return f"Critics, including {who} of the {place} residents’ association, argued that {body} had not published enough detail."
    if kind < 0.9:
        return f"The decision affects about {r.randint(2, 80) * 1000:,} households in {place} and nearby villages, according to figures from {body}."
    return f"A final vote is expected in {r.choice(['March', 'June', 'October'])}, and the work could begin by {r.randint(2025, 2029)}."


def paragraph(r: random.Random) -> str:
    return " ".join(sentence(r) for _ in range(r.randint(2, 5)))


def wrap(text: str, width: int = 88) -> str:
    out, line = [], ""
    for w in text.split():
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    out.append(line)
    return "\n".join(out)


def planted(r: random.Random, n: int, paras: list[str]) -> list[str]:
    """The defects article ``n`` ends with: every 25th repeats its first three paragraphs
    (a pasted body), every 30th has a stray period and a doubled word."""
    parts = []
    if n % 25 == 0:
        parts.extend(wrap(p) + "\n" for p in paras[:3])
    if n % 30 == 0:
        parts.append(
            wrap(f"The report was published by the the board. of {r.choice(PLACES)} on Friday.")
            + "\n"
        )
    return parts


def story_article(r: random.Random, n: int, paragraphs: tuple[int, int] = (5, 16)) -> str:
    """An article of the ``stories`` style, with the same planted defects as ``article``."""
    from stories import story  # bench/stories.py, beside this file

    title, paras, beat, tags = story(r, paragraphs)
    date = f"{r.randint(2015, 2025)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
    author = f"{r.choice(FIRST)} {r.choice(LAST)}"
    if r.random() < 0.6:
        fm = (
            f'---\ntitle: "{title}"\ndate: {date}\nauthor: "{author}"\n'
            f"categories: [{beat}]\ntags: [{', '.join(tags)}]\n---\n"
        )
    else:
        fm = f'+++\ntitle = "{title}"\ndate = {date}\n[extra]\nauthor = "{author}"\n+++\n'
    parts = [fm]
    for i, p in enumerate(paras):
        if i > 1 and r.random() < 0.1:
            parts.append(f"## {r.choice(['Background', 'What happens next', 'Reaction'])}\n")
        if i > 1 and r.random() < 0.04:
            parts.append('{{< figure src="/img/site.jpg" caption="The site in winter." >}}\n')
        if i > 1 and r.random() < 0.03:
            parts.append(f"> {p}\n")
            continue
        parts.append(wrap(p) + "\n")
    parts += planted(r, n, paras)
    return "\n".join(parts)


def article(r: random.Random, n: int, paragraphs: tuple[int, int] = (5, 14)) -> str:
    title = f"{r.choice(PLACES)} {r.choice(VERBS)} {r.choice(ADJ)} {r.choice(TOPICS)} plan"
    date = f"{r.randint(2015, 2025)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
    author = f"{r.choice(FIRST)} {r.choice(LAST)}"
    if r.random() < 0.6:
        fm = f'---\ntitle: "{title}"\ndate: {date}\nauthor: "{author}"\ntags: [local, {r.choice(["politics", "transport", "health"])}]\n---\n'
    else:
        fm = f'+++\ntitle = "{title}"\ndate = {date}\n[extra]\nauthor = "{author}"\n+++\n'
    parts = [fm]
    paras = [paragraph(r) for _ in range(r.randint(*paragraphs))]
    for i, p in enumerate(paras):
        if i and r.random() < 0.12:
            parts.append(
                f"## {r.choice(['Background', 'What happens next', 'Reaction', 'The cost'])}\n"
            )
        if r.random() < 0.08:
            parts.append("- " + "\n- ".join(sentence(r) for _ in range(3)) + "\n")
        if r.random() < 0.04:
            parts.append('```\nstatus = fetch("https://example.org/api"). data\n```\n')
        if r.random() < 0.05:
            parts.append('{{< figure src="/img/site.jpg" caption="The site in winter." >}}\n')
        parts.append(wrap(p) + "\n")
    parts += planted(r, n, paras)
    return "\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--paragraphs",
        default=None,
        help="paragraphs per article, MIN,MAX (default 5,14 for templated, about 4 KB a file,"
        " and 5,16 for stories, about 3.5 KB)",
    )
    ap.add_argument("--style", choices=("templated", "stories"), default="templated")
    args = ap.parse_args()
    default = "5,16" if args.style == "stories" else "5,14"
    lo, hi = (int(x) for x in (args.paragraphs or default).split(","))
    r = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    texts = []
    total = 0
    for n in range(args.files):
        if args.style == "stories":
            text = story_article(r, n, (lo, hi))
        else:
            text = article(r, n, (lo, hi))
        if n % 50 == 49 and texts:  # republished under another slug
            text = r.choice(texts)
        texts.append(text) if len(texts) < 200 else None
        sub = os.path.join(args.out, f"{2015 + n % 10}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"story-{n:06d}.md"), "w", encoding="utf-8") as fh:
            fh.write(text)
        total += len(text.encode())
    print(f"wrote {args.files} files, {total / 1e6:.1f} MB to {args.out}")


if __name__ == "__main__":
    main()
