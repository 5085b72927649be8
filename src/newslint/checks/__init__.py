"""Built-in rule plugins, one module per family.

Each module is a pluggy plugin registered exactly like a third-party one: it defines
Rule classes and a ``newslint_rules`` hook returning them. To find a rule, open the
module of its family:

| codes | module |
|---|---|
| NL1xx | ``frontmatter.py`` |
| NL2xx | ``duplicates.py`` |
| NL3xx | ``punctuation.py`` |
| NL4xx | ``reference.py`` |
| NL5xx | ``meaning.py`` (contradictions) and ``packs.py`` (declarative rule packs) |
| NL6xx | ``grammar.py`` (LanguageTool) |
| NL9xx | ``internal.py`` |
"""

BUILTIN_MODULES = (
    "newslint.checks.internal",
    "newslint.checks.frontmatter",
    "newslint.checks.duplicates",
    "newslint.checks.punctuation",
    "newslint.checks.reference",
    "newslint.checks.meaning",
    "newslint.checks.packs",
    "newslint.checks.grammar",
)
