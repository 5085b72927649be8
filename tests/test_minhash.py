"""The MinHash sketch behind NL204: exact comparisons, unbiased estimates, stable bytes."""

from __future__ import annotations

import random
from array import array

from newslint import minhash


def _plain_similarity(a: bytes, b: bytes) -> float:
    va, vb = array("I"), array("I")
    va.frombytes(a)
    vb.frombytes(b)
    return sum(x == y for x, y in zip(va, vb, strict=True)) / len(va)


def test_similarity_counts_equal_positions_exactly():
    rng = random.Random(7)
    # lanes that differ only in their top bit or only in their lowest bit are the
    # edge cases of the lane arithmetic
    for _ in range(300):
        a = array("I", [rng.getrandbits(32) for _ in range(minhash.SIZE)])
        b = array("I", a)
        for i in rng.sample(range(minhash.SIZE), rng.randint(0, minhash.SIZE)):
            b[i] ^= rng.choice([0x80000000, 1, 0xFFFFFFFF, rng.getrandbits(32) | 1])
        sa, sb = a.tobytes(), b.tobytes()
        assert minhash.similarity(sa, sb) == _plain_similarity(sa, sb)


def test_estimate_is_unbiased_for_short_and_long_blocks():
    for n, shared in ((30, 26), (60, 40), (300, 120)):
        jaccard = shared / (2 * n - shared)
        estimates = []
        for t in range(200):
            common = {f"c{t}-{k}" for k in range(shared)}
            a = common | {f"a{t}-{k}" for k in range(n - shared)}
            b = common | {f"b{t}-{k}" for k in range(n - shared)}
            estimates.append(minhash.similarity(minhash.sketch(a), minhash.sketch(b)))
        mean = sum(estimates) / len(estimates)
        assert abs(mean - jaccard) < 0.02, (n, jaccard, mean)


def test_sketch_of_a_union_is_the_sketch_of_the_hashes_put_together():
    a = {f"alpha {k}" for k in range(40)}
    b = {f"beta {k}" for k in range(25)}
    union = minhash.sketch(a | b)
    assert minhash.sketch_of(minhash.hashes(a) + minhash.hashes(b)) == union
    assert minhash.similarity(union, minhash.sketch(a)) < 1.0


def test_sketches_are_deterministic_and_every_position_is_filled():
    small = {"council approved", "approved the"}  # two shingles, 62 empty bins
    sig = minhash.sketch(small)
    assert len(sig) == 4 * minhash.SIZE
    values = array("I")
    values.frombytes(sig)
    assert set(values) <= {v >> 32 for v in minhash.hashes(small)}
    # fixed bytes: summaries are cached across runs and must not depend on the process
    assert sig == minhash.sketch(set(sorted(small, reverse=True)))
    assert minhash.sketch(set()) == b"\xff" * (4 * minhash.SIZE)
    assert minhash.similarity(sig, sig) == 1.0


def test_words_of_ascii_text_are_the_pattern_words():
    # ``words`` splits ASCII text without the pattern; it must give the pattern's words
    pattern = minhash._WORD
    rng = random.Random(3)
    alphabet = "ab Z09_'’‘-.,;:!?()[]{}<>/\\\"\t\n*#@$%^&+=|~`"
    samples = ["it's rock 'n' roll", "dogs' bowls", "a''b", "'quoted'", "snake_case x2"]
    samples += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)
    ]
    for text in samples:
        want = pattern.findall(minhash.straighten(text).lower())
        assert minhash.words(text) == want, text


def _sketch_by_sorting(values: list[int]) -> bytes:
    """The straightforward one-permutation sketch: in descending order of the hashes the
    last value written to a bin is its smallest; empty bins take their first non-empty
    donor's value."""
    if not values:
        return b"\xff" * (4 * minhash.SIZE)
    bins: dict[int, int] = {}
    for v in sorted(values, reverse=True):
        bins[v & (minhash.SIZE - 1)] = v >> 32
    donors = minhash._donors()
    out = [
        bins[b] if b in bins else bins[next(j for j in donors[b] if j in bins)]
        for b in range(minhash.SIZE)
    ]
    return array("I", out).tobytes()


def test_sketch_of_is_the_sorted_form_on_random_sets():
    rng = random.Random(11)
    sizes = [0, 1, 2, 3, 10, 40, 63, 64, 65, 200, 3000]
    for n in sizes + [rng.randint(0, 400) for _ in range(300)]:
        values = [rng.getrandbits(64) for _ in range(n)]
        if n and rng.random() < 0.3:
            values += rng.sample(values, min(n, 5))  # repeated hashes
        if n and rng.random() < 0.2:
            values = [v & ~0xFFFFFFFF | (v & 7) for v in values]  # few bins, low values
        assert minhash.sketch_of(values) == _sketch_by_sorting(values), n
        assert minhash.sketch_of(iter(values)) == _sketch_by_sorting(values)


def test_shingle_hashes_are_the_hashes_of_the_shingle_set():
    rng = random.Random(5)
    vocab = ["the", "council", "approved", "budget", "café", "l'été", "2024", "a"]
    for _ in range(500):
        tokens = [rng.choice(vocab) for _ in range(rng.randint(0, 30))]
        for k in (1, 2, 3):
            got = minhash.shingle_hashes(tokens, k)
            assert sorted(set(got)) == sorted(minhash.hashes(minhash.shingles(tokens, k)))
            assert minhash.sketch_of(got) == minhash.sketch(minhash.shingles(tokens, k))
            if k == 2 and len(tokens) > 2:
                want = set(map(" ".join, zip(*[tokens[j:] for j in range(2)], strict=False)))
                assert minhash.shingles(tokens, 2) == want


_UNICODE_ALPHABET = (
    "ab Z09_'’‘‚′ʼ\"“”«»-.,;:!?()\t\n"  # ASCII and the quotes ``straighten`` folds
    "\ufffc\u00a0\u2014\u2013\u2026\u00b7"  # placeholder, nbsp, dashes: not word characters
    "éÉßİΣσςΑ和²Ⅷ\u0301"  # letters beyond ASCII, a sigma, a dotted I, a combining accent
)


def _pattern_words(text: str) -> list[str]:
    return minhash._WORD.findall(minhash.straighten(text).lower())


def test_words_of_any_text_are_the_pattern_words():
    # text whose only characters beyond ASCII separate words takes the ASCII way
    rng = random.Random(17)
    for alphabet in (_UNICODE_ALPHABET, _UNICODE_ALPHABET[:40], "ab '\ufffc\u2014’x"):
        for _ in range(3000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
            assert minhash.words(text) == _pattern_words(text), text


def test_word_chars_give_the_words_of_every_slice():
    rng = random.Random(23)
    samples = ["It’s rock ’n’ roll — isn’t it?", "l'été 'quoted' a''b", "ΟΔΟΣ Σ σ"]
    for alphabet in (_UNICODE_ALPHABET, _UNICODE_ALPHABET[:40], "ab 'é\ufffc.’"):
        samples += [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(1500)
        ]
    for text in samples:
        chars = minhash.word_chars(text)
        if chars is None:
            assert "Σ" in text or "İ" in text, text
            continue
        assert len(chars) == len(text)
        assert chars.split() == minhash.words(text)
        for _ in range(10):
            i = rng.randint(0, len(text))
            j = rng.randint(i, len(text))
            got = chars[i:j].strip("'").split()
            assert got == _pattern_words(text[i:j]), (text, i, j)


def test_minima_lowered_alongside_give_the_sketch_of_the_union():
    # A file's bins lowered by each block's hashes as they fill the block's bins (and by
    # the other hashes afterwards) are the bins of all its hashes at once.
    rng = random.Random(13)
    for _ in range(300):
        blocks = [
            [rng.getrandbits(64) for _ in range(rng.choice([0, 1, 5, 40, 90]))]
            for _ in range(rng.randint(0, 6))
        ]
        if blocks and rng.random() < 0.3:
            blocks.append(blocks[0][:3])  # repeated hashes
        if rng.random() < 0.2:
            blocks = [[v & ~0xFFFFFFFF | (v & 7) for v in b] for b in blocks]  # few bins
        whole = minhash.new_minima()
        for values in blocks[:-1]:
            low = minhash.new_minima()
            minhash.lower_minima(low, iter(values), whole)
            assert minhash.sketch_of_minima(low) == _sketch_by_sorting(values)
        minhash.lower_minima(whole, blocks[-1] if blocks else [])
        every = [v for values in blocks for v in values]
        assert minhash.sketch_of_minima(whole) == _sketch_by_sorting(every)
        assert minhash.sketch_of(every) == _sketch_by_sorting(every)


def test_band_keys_are_the_hashes_of_each_band():
    rng = random.Random(19)
    width, band_width = 4 * minhash.SIZE, 4 * minhash.ROWS
    for _ in range(50):
        runs = [
            bytes(rng.getrandbits(8) for _ in range(width * rng.randint(0, 4)))
            for _ in range(rng.randint(0, 5))
        ]
        if runs and rng.random() < 0.2:
            runs[0] += b"\x01\x02\x03"  # a partial sketch: cut by hand
        for band in range(minhash.BANDS):
            off = band * band_width
            want = [
                minhash._xxh3(run[i + off : i + off + band_width])
                for run in runs
                for i in range(0, len(run), width)
            ]
            assert minhash.band_keys(runs, band) == want


def test_within_is_apart_at_most():
    rng = random.Random(21)
    for _ in range(3000):
        a = bytes(rng.getrandbits(8) for _ in range(4 * minhash.SIZE))
        b = bytearray(a)
        for _ in range(rng.choice([0, 1, 5, 19, 20, 21, 40, 64])):
            k = rng.randrange(minhash.SIZE)
            # change a position, now and then only outside its first byte
            b[4 * k + rng.choice([0, 1, 2, 3]) if rng.random() < 0.5 else 4 * k + 3] ^= (
                1 + rng.getrandbits(7)
            )
        b = bytes(b)
        x, y = minhash.as_int(a), minhash.as_int(b)
        fx, fy = minhash.first_bytes(a), minhash.first_bytes(b)
        for most in (-1, 0, 5, 19, 20, 63, 64):
            assert minhash.within(x, fx, y, fy, most) == (minhash.apart(x, y) <= most)


def test_low_bits_never_count_more_positions_than_apart():
    # The cross-file step skips a pair when its low bits differ at more than ``most``
    # positions: that must never skip a pair ``within`` would keep.
    rng = random.Random(22)
    for _ in range(3000):
        a = bytes(rng.getrandbits(8) for _ in range(4 * minhash.SIZE))
        b = bytearray(a)
        for _ in range(rng.choice([0, 1, 5, 19, 20, 40, 64])):
            k = rng.randrange(minhash.SIZE)
            b[4 * k + rng.choice([0, 1, 2, 3])] ^= 1 << rng.randrange(8)
        b = bytes(b)
        x, y = minhash.as_int(a), minhash.as_int(b)
        shown = (minhash.low_bits(a) ^ minhash.low_bits(b)).bit_count()
        assert shown <= minhash.apart(x, y)
        # each position's lowest bit, one bit per position
        want = sum(1 for k in range(minhash.SIZE) if (a[4 * k] ^ b[4 * k]) & 1)
        assert shown == want


def test_fold_spaces_is_split_and_join():
    # fold_spaces (document.py) skips the split when only line breaks need folding: it
    # trusts that every whitespace character but the space and the line feed is
    # unprintable, every code point checked.
    import sys

    from newslint.document import fold_spaces

    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert {c for c in spaces if c.isprintable()} == {" "}
    pieces = ["word", "Zoë", "\u201cquote\u201d", "x", "", "-", *sorted(spaces), " ", "\n"]
    pieces += ["word", "news", "Zoë", "\u200b", "\ufffc", " ", " ", "\n"] * 4
    rng = random.Random(19)
    fast = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        want = " ".join(text.split())
        assert fold_spaces(text) == want, repr(text)
        assert minhash.normalize(text) == " ".join(minhash.straighten(text).split())
        fast += bool(text) and text.replace("\n", " ") == want  # no split needed
    assert fast > 300
