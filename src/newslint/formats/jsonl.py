"""``--format jsonl``: one finding per line, same objects as ``json``."""

from __future__ import annotations

import json


def render(findings, context) -> str:
    return "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in findings)
