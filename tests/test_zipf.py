"""newslint.zipf gives exactly wordfreq's English Zipf values, faster to load."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

wordfreq = pytest.importorskip("wordfreq")

from newslint import zipf  # noqa: E402


def _table() -> dict[str, float]:
    table = zipf._table()
    assert table is not None, "wordfreq's English list could not be read directly"
    return table


def _python(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (nothing of this process loaded)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)


def test_every_bucket_gives_wordfreqs_value() -> None:
    # One word of every frequency bucket: the float steps of _bucket_zipf must match
    # wordfreq's at every centibel.
    by_value: dict[float, str] = {}
    for word, value in _table().items():
        if word and zipf._ASCII_LOWER.issuperset(word):
            by_value.setdefault(value, word)
    assert len(by_value) > 500
    for value, word in by_value.items():
        assert zipf.zipf_frequency(word) == wordfreq.zipf_frequency(word, "en") == value, word


def test_random_words_and_non_words_agree() -> None:
    rng = random.Random(8)
    listed = rng.sample(sorted(_table()), 3000)
    letters = "abcdefghijklmnopqrstuvwxyz"
    invented = [
        "".join(rng.choice(letters) for _ in range(rng.randint(1, 12))) for _ in range(3000)
    ]
    # Words that leave the fast path: capitals, accents, apostrophes, digits, hyphens,
    # the long s and the dotted capital I, empty text.
    other = [
        "Rosa",
        "BRENNAN",
        "café",
        "naïve",
        "don't",
        "rock'n'roll",
        "covid19",
        "2024",
        "e-mail",
        "ſhe",
        "İstanbul",
        "",
        "straße",
        "ﬁnal",
    ]
    for word in listed + invented + other:
        assert zipf.zipf_frequency(word) == wordfreq.zipf_frequency(word, "en"), word


def test_unknown_word_is_zero() -> None:
    assert zipf.zipf_frequency("qzvbtxq") == wordfreq.zipf_frequency("qzvbtxq", "en") == 0.0
    assert zipf.zipf_frequency("the") > 7


def test_fast_path_does_not_import_wordfreq() -> None:
    code = (
        "import sys; from newslint.zipf import zipf_frequency as z; "
        "assert z('government') > 4; assert z('qzvbtxq') == 0.0; "
        "print(sorted(m for m in ('wordfreq', 'regex', 'langcodes') if m in sys.modules))"
    )
    out = _python(code)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("threshold", [0.0, 1.0, 3.49, 3.5, 4.0, 4.3, 5.5, 7.0])
def test_zipf_at_least_is_wordfreqs_comparison(threshold: float) -> None:
    rng = random.Random(int(threshold * 100))
    table = _table()
    by_value: dict[float, str] = {}
    for word, value in table.items():
        if word and zipf._ASCII_LOWER.issuperset(word):
            by_value.setdefault(value, word)
    words = list(by_value.values()) + rng.sample(sorted(table), 2000)
    words += ["Rosa", "café", "don't", "", "qzvbtxq", "the", "government", "rustc"]
    for word in words:
        expected = wordfreq.zipf_frequency(word, "en") >= threshold
        assert zipf.zipf_at_least(word, threshold) is expected, (word, threshold)


def test_common_words_are_read_without_the_whole_list() -> None:
    code = (
        "from newslint import zipf; "
        "assert zipf.zipf_at_least('government', 4.0); "
        "assert not zipf.zipf_at_least('rustc', 4.0); "
        "print(zipf._table.cache_info().currsize, len(zipf._common()))"
    )
    out = _python(code)
    full, common = map(int, out.stdout.split())
    assert full == 0 and 5_000 < common < 100_000


def test_is_listed_is_wordfreqs_positive_value() -> None:
    rng = random.Random(11)
    table = _table()
    words = rng.sample(sorted(table), 3000)
    words += [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7)) for _ in range(500)
    ]
    words += ["Qzvbt", "roundup", "recap", "the", "", "café", "rustup"]
    for word in words:
        assert zipf.is_listed(word) is (wordfreq.zipf_frequency(word, "en") > 0), word


def test_common_titles_do_not_read_the_whole_list() -> None:
    code = (
        "from newslint import zipf; "
        "assert zipf.is_listed('roundup') and zipf.is_listed('announcement'); "
        "assert zipf.zipf_at_least('recap', 3.0) and not zipf.zipf_at_least('recap', 3.5); "
        "print(zipf._table.cache_info().currsize)"
    )
    out = _python(code)
    assert out.stdout.strip() == "0"


def test_rare_words_are_the_rest_of_the_list() -> None:
    # is_listed reads the common words and then the set of the others: together they must
    # be exactly the words of the whole list, the two apart.
    table, common, rare = _table(), zipf._common(), zipf._rare()
    assert common is not None and rare is not None
    assert rare.isdisjoint(common)
    assert rare | set(common) == set(table)


def test_rare_words_are_listed_without_the_whole_table() -> None:
    # "metazoans" is in the list below the common floor; "qzvbtxq" is not in it.
    code = (
        "from newslint import zipf; "
        "assert zipf.is_listed('metazoans') and not zipf.is_listed('qzvbtxq'); "
        "print(zipf._table.cache_info().currsize, zipf._rare.cache_info().currsize)"
    )
    out = _python(code)
    assert out.stdout.split() == ["0", "1"]
