"""Findings: what a rule reports, where, and how to repair it.

Positions are 1-based lines and columns counted in Unicode code points, end-exclusive,
as the JSON contract in docs/json.md says. Rules never build these positions by hand:
they call ``Rule.finding(doc, start, end, ...)`` with source offsets and the Document's
line index resolves them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """How serious a finding is. Ordered so that ``--fail-on`` is a comparison."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r} (expected info, warning or error)"
            ) from None


@dataclass(frozen=True, slots=True)
class Location:
    """A span in a file, with an optional note (used for ``related`` locations)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text between two positions. ``start``/``end`` are code-point offsets
    into the decoded file text (not part of the JSON contract); the line/column pairs are."""

    start: int
    end: int
    text: str
    line: int
    column: int
    end_line: int
    end_column: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Fix:
    """A repair: one or more non-overlapping edits applied together.

    ``safe`` fixes keep the meaning of the text and are applied by ``--fix``;
    ``unsafe`` ones (deleting text, choosing between conflicting values) need
    ``--unsafe-fixes`` as well.
    """

    message: str
    edits: tuple[Edit, ...]
    applicability: str = "safe"

    def to_dict(self) -> dict[str, Any]:
        return {
            "applicability": self.applicability,
            "message": self.message,
            "edits": [e.to_dict() for e in self.edits],
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one file."""

    path: str
    code: str
    name: str
    category: str
    severity: Severity
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    related: tuple[Location, ...] = ()
    fix: Fix | None = None
    url: str | None = None
    # Source offsets of the span; used for suppression, de-duplication and fixes.
    start: int = field(default=-1, compare=False)
    end: int = field(default=-1, compare=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (schema version 1, see docs/json.md)."""
        return {
            "path": self.path,
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": str(self.severity),
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "related": [r.to_dict() for r in self.related],
            "fix": self.fix.to_dict() if self.fix else None,
            "url": self.url,
        }
