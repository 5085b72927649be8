"""newslint's shipped rule packs (YAML), installed as the data package ``newslint._packs``.

This file only makes the directory importable so that ``importlib.resources`` can find
the packs in an installed wheel and in an editable install. See docs/rule-packs.md.
"""
