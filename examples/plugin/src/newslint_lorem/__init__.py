"""An example newslint plugin: rule EX001 (lorem-ipsum).

See docs/plugins.md in the newslint repository for the walk-through.
"""

from __future__ import annotations

import re

from newslint import Rule, hookimpl

# "lorem ipsum" in any case, across a line break or extra spaces.
PLACEHOLDER = re.compile(r"\blorem\s+ipsum\b", re.IGNORECASE)


class LoremIpsum(Rule):
    """Placeholder text ("lorem ipsum") left in an article.

    **Why it matters.** Templates and page builders fill empty slots with lorem ipsum;
    when a draft is published before the slot is filled, readers see Latin filler.

    **Bad:** ``Lorem ipsum dolor sit amet, consectetur adipiscing elit.``

    **Good:** the real standfirst, or nothing.

    **Fix.** Replace the placeholder with real copy. There is no automatic fix.
    """

    code = "EX001"
    name = "lorem-ipsum"
    category = "placeholder"
    summary = "Placeholder text (lorem ipsum) left in prose"
    url_template = "https://github.com/newslint/newslint/blob/main/docs/plugins.md"

    def check(self, doc, settings):
        # Prose blocks only: code blocks and front matter are never searched, and
        # block.span maps the match back to its exact place in the file.
        for block in doc.blocks:
            for m in PLACEHOLDER.finditer(block.text):
                start, end = block.span(m.start(), m.end())
                yield self.finding(doc, start, end, "placeholder text 'lorem ipsum' left in prose")


@hookimpl
def newslint_rules():
    return [LoremIpsum()]
