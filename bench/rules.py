"""Where the time goes: document building and each rule, over a directory.

    python bench/rules.py DIR [--top 15]

Builds every Document once (timed), then runs each enabled rule over every document
(timed separately) and prints the costs, largest first. Rules run document by document,
in the engine's order, as a run does: a rule that first asks for what several rules
share (the people scan, the duplicate analysis) pays for it. ``--by-rule`` runs each
rule over every document in turn instead, which charges a shared analysis again to
every rule that asks once its per-document cache has moved on.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import defaultdict
from typing import Any


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("dir")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--by-rule", action="store_true", help="rule by rule, not document by document")
    args = ap.parse_args()
    from newslint.document import Document, decode
    from newslint.engine import Linter

    linter = Linter(isolated=True)
    settings = linter.settings_for(None)
    rules = linter.enabled_rules(settings)
    paths = []
    for d, _, names in os.walk(args.dir):
        paths += [os.path.join(d, n) for n in names if n.endswith((".md", ".txt", ".markdown"))]
    paths.sort()
    size = 0
    docs = []
    t0 = time.perf_counter()
    for p in paths:
        data = open(p, "rb").read()
        size += len(data)
        try:
            text, bom = decode(data)
        except Exception:
            continue
        doc = Document(text, p, bom=bom, settings=settings)
        doc.blocks  # noqa: B018 - force prose extraction
        for b in doc.blocks:
            b.sentences  # noqa: B018
        docs.append(doc)
    build = time.perf_counter() - t0
    cost: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    failed: set[str] = set()

    def run(rule: Any, doc: Any) -> None:
        if rule.code in failed:
            return
        t = time.perf_counter()
        try:
            if rule.scope == "corpus":
                rule.summarize(doc, settings)
            else:
                counts[rule.code] += sum(1 for _ in rule.check(doc, settings) or ())
        except Exception as exc:  # report, keep measuring
            counts[rule.code] = -1
            failed.add(rule.code)
            print(f"{rule.code} raised {exc!r} on {doc.path}")
        cost[rule.code] += time.perf_counter() - t

    if args.by_rule:
        for rule in rules:
            for doc in docs:
                run(rule, doc)
    else:
        for doc in docs:
            for rule in rules:
                run(rule, doc)
    total = build + sum(cost.values())
    print(
        f"{len(docs)} documents, {size / 1e6:.1f} MB; total {total:.2f} s ({size / 1e6 / total:.2f} MB/s single process)"
    )
    print(f"{'document build (prose, sentences)':<40}{build:8.2f} s")
    for code, secs in sorted(cost.items(), key=lambda kv: -kv[1])[: args.top]:
        rule = next(r for r in rules if r.code == code)
        print(f"{code + ' ' + rule.name:<40}{secs:8.2f} s  findings {counts[code]}")


if __name__ == "__main__":
    main()
