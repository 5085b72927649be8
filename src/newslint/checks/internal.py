"""NL9xx: problems newslint has with a file or with itself, reported as findings.

The engine raises these itself (a rule cannot see an unreadable file); the classes here
carry their metadata and documentation like any other rule.
"""

from __future__ import annotations

from ..finding import Severity
from ..hookspecs import hookimpl
from ..rule import Rule


class UnreadableFile(Rule):
    """The file could not be read as text.

    **Why it matters.** A binary file or a file that is not valid UTF-8 cannot be linted
    and will probably render as garbage on the site.

    **Example.** A Latin-1 file with ``caf\\xe9``, an image saved as ``.md``.

    **Fix.** Re-save the file as UTF-8 (with or without a BOM), or exclude it.
    """

    code = "NL901"
    name = "unreadable-file"
    category = "internal"
    severity = Severity.ERROR
    summary = "File is binary or not valid UTF-8"


class RuleCrashed(Rule):
    """A rule raised an exception on this file.

    The run goes on; this finding carries the rule and the exception so that it can be
    reported to the rule's authors. Other rules' findings for the file are kept.
    """

    code = "NL902"
    name = "rule-crashed"
    category = "internal"
    severity = Severity.ERROR
    summary = "A rule failed on this file"


class UnusedSuppression(Rule):
    """A ``newslint-disable`` comment that suppresses nothing.

    **Why it matters.** Stale suppressions hide future problems and clutter the copy.

    **Example.** ``<!-- newslint-disable-next-line NL301 -->`` above a line with no
    stray period.

    **Fix.** Delete the comment, or the code in it that no longer matches anything.
    """

    code = "NL903"
    name = "unused-suppression"
    category = "internal"
    severity = Severity.WARNING
    summary = "Suppression comment that suppresses nothing"


class BackendUnavailable(Rule):
    """An optional backend (such as LanguageTool) could not be used for this run.

    Reported once per run, not once per file; every other rule still runs.
    """

    code = "NL904"
    name = "backend-unavailable"
    category = "internal"
    severity = Severity.WARNING
    summary = "An optional checking backend could not be reached"


class FileTooLarge(Rule):
    """The file is larger than ``max-file-size`` and was skipped.

    **Fix.** Raise ``max-file-size`` in the configuration, or exclude the file.
    """

    code = "NL905"
    name = "file-too-large"
    category = "internal"
    severity = Severity.WARNING
    summary = "File skipped: larger than max-file-size"


RULES = [UnreadableFile, RuleCrashed, UnusedSuppression, BackendUnavailable, FileTooLarge]


@hookimpl
def newslint_rules():
    return [cls() for cls in RULES]
