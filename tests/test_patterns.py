"""`WordPattern` finds what `re` finds, faster: the extractor's cues, speech verbs and dates."""

from __future__ import annotations

import re
import string
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diplotui.dates import _COMPILED, find_dates
from diplotui.extract.events import _CUES, _PAIR_ANYWHERE
from diplotui.extract.patterns import _CASE_TRAPS, WordPattern, _lower_literals, lower_text
from diplotui.extract.quotes import _ACCORDING, _VERB

PATTERNS = (
    [pattern for _, pattern, _ in _CUES] + [_PAIR_ANYWHERE, _VERB, _ACCORDING] + [p for _, p in _COMPILED]
)


def _spans(matches: object) -> list[tuple[int, int]]:
    return [m.span() for m in matches]  # type: ignore[attr-defined]


def test_the_extractors_patterns_are_looked_for_by_their_first_letters() -> None:
    # Each of these would be read with `re`'s own scan if its body could not be lowered
    # (a set of characters with a letter in it, say): the speed-up would be gone unseen.
    fast = [p for p in PATTERNS if p._first is not None]
    assert len(fast) == len(PATTERNS) - 5  # five date patterns begin with a number
    assert all(p._first is not None for _, p, _ in _CUES)


def test_lower_text_refuses_the_letters_lower_casing_would_not_keep_matching() -> None:
    assert lower_text("Met With TALKS") == "met with talks"
    assert lower_text("İstanbul talks") is None  # "İ" lower-cases to two characters
    assert lower_text("dıplomats") is None  # "ı" matches "i" ignoring case, and stays "ı"
    assert lower_text("ſummit") is None  # so does "ſ", for "s"
    assert lower_text("the \u212aelvin talks") == "the kelvin talks"  # the Kelvin sign lowers to "k"


def test_every_character_lower_cases_to_one_the_lower_case_pattern_reads_alike() -> None:
    # What `lower_text` rests on: for any character that lower-cases to one character and
    # is not a trap, a case-insensitive ASCII letter matches it exactly when the letter
    # matches its lower case, and the classes \w, \s and \d hold both or neither.
    letter = re.compile("[a-z]", re.IGNORECASE)
    each = {c: re.compile(c, re.IGNORECASE) for c in string.ascii_lowercase}
    word, space, digit = re.compile(r"\w"), re.compile(r"\s"), re.compile(r"\d")
    found = set()
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lower = char.lower()
        if len(lower) != 1 or char.isascii():
            continue
        matched = letter.fullmatch(char) is not None
        if matched != (lower in string.ascii_lowercase) or (matched and not each[lower].fullmatch(char)):
            found.add(char)
            continue
        for cls in (word, space, digit):
            assert (cls.fullmatch(char) is None) == (cls.fullmatch(lower) is None), hex(code)
    assert found == set(_CASE_TRAPS.pattern.strip("[]"))


@pytest.mark.parametrize(
    ("body", "lowered"),
    [
        (r"(?P<m>January|Feb\.?)\s+(?P<d>[12]\d)", r"(?P<m>january|feb\.?)\s+(?P<d>[12]\d)"),
        (r"Held\s+(?:[\w-]+\s+)?Talks\S", r"held\s+(?:[\w-]+\s+)?talks\S"),
        (r"May\s*(?:-|–|—)\s*June", r"may\s*(?:-|–|—)\s*june"),
        (r"(?P=m)X", r"(?P=m)x"),
    ],
)
def test_a_body_is_lowered_in_its_letters_alone(body: str, lowered: str) -> None:
    assert _lower_literals(body) == lowered


@pytest.mark.parametrize("body", [r"[A-Z]\w+", r"[abc]x", "Égypte", r"\N{LATIN CAPITAL LETTER A}"])
def test_a_body_that_lowering_could_change_is_left_to_re(body: str) -> None:
    assert _lower_literals(body) is None
    pattern = WordPattern(body, ignore_case=True)
    assert _spans(pattern.finditer("x ABC Égypte A abc", 0, None, "x abc égypte a abc")) == _spans(
        pattern.exact.finditer("x ABC Égypte A abc")
    )


HOSTILE = (
    "The two leaders HELD TALKS with Ismail; both sides MET. Diplomats said summit on "
    "Monday, Feb. 21–22, 2023 (\u212aelvin) — upheld talks; Re-met with them; "
    "told-reporters, the three presidents spoke by phone. MAY 3 to June 4 2024 said said; "
    "they met met with Wang, saying said, according to the Kremlin transcript released by "
    "the Foreign Ministry; disaccording to Global Times, According to Reuters"
)
TRAPS = "İstanbul, ſummit, dıplomats: "  # read by `re` alone


@pytest.mark.parametrize("text", [HOSTILE, HOSTILE.upper(), TRAPS + HOSTILE])
def test_every_pattern_finds_what_re_finds_in_any_span(text: str) -> None:
    lowered = lower_text(text)
    assert (lowered is None) == text.startswith(TRAPS)
    for pattern in PATTERNS:
        for start in range(0, len(text), 7):
            for end in (start + 11, start + 40, len(text)):
                got = _spans(pattern.finditer(text, start, end, lowered))
                assert got == _spans(pattern.exact.finditer(text, start, end)), (
                    pattern.exact.pattern,
                    start,
                    end,
                )


WORDS = st.sampled_from(
    [
        "held", "talks", "met", "with", "Met", "WITH", "meeting", "said", "Said", "saying",
        "the two", "leaders", "Both", "sides", "visited", "phone", "call", "May", "may", "21",
        "Feb.", "2023", "Monday", "last", "week", "ago", "days", "-", "–", "ı", "ſ", "İ", "K",
        "summit", "upheld", "re", "_", "’s", " ", "  ", "\n", ",", ".", "according to", "Kremlin",
        "readout", "the",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=40), st.integers(0, 400), st.integers(0, 400))
def test_every_pattern_finds_what_re_finds_in_arbitrary_text(
    words: list[str], start: int, length: int
) -> None:
    text = " ".join(words)
    end = min(len(text), start + length)
    lowered = lower_text(text)
    for pattern in PATTERNS:
        got = _spans(pattern.finditer(text, start, end, lowered))
        assert got == _spans(pattern.exact.finditer(text, start, end))
        if lowered is None:
            assert _spans(pattern.finditer(text, start, end, None)) == got


def test_dates_in_capitals_and_with_traps_are_found_as_before() -> None:
    found = find_dates("They MET on Feb. 21-22, 2023 and LAST WEEK, and meet NEXT MONDAY.")
    assert [m.text for m in found] == ["Feb. 21-22, 2023", "LAST WEEK", "NEXT MONDAY"]
    # A month's name in capitals is not one (month names are capitalised in news text).
    assert find_dates("They met on FEBRUARY 21-22, 2023.") == []
    # With a trap letter the text is read by `re` alone, and finds the same.
    assert [m.text for m in find_dates("ſo they met on February 21, 2023.")] == ["February 21, 2023"]


# The token pattern as it was written before it was made to begin with a set of characters.
TOKEN_AS_WRITTEN = re.compile(
    r"(?<![\w’'])(?:[A-ZÀ-ÖØ-ÞĀ-ſ]|(?:bin|ibn|al|el|de|da|dos|das|du|van|von|der|den|la|le|di|"
    r"del|della|ben|abu)\b)(?:[\w’'\-.]*[^\W_])?"
)
TOKEN_PIECES = st.sampled_from(
    "bin ibn al el de da dos das du van von der den la le di del della ben abu".split()
    + ["dell", "vans", "Ali", "U.S.", "O’Neil", "al-Assad", "x", "é", "É", "ā", "_", "’", "'", "-"]
    + [".", " ", "  ", "\n", "Brazil", "Luiz", "d"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(TOKEN_PIECES, max_size=30), st.integers(0, 60), st.integers(0, 200))
def test_the_people_finders_token_pattern_matches_as_written(pieces: list[str], start: int, end: int) -> None:
    from diplotui.extract.people import _TOKEN

    text = "".join(pieces)
    assert _spans(_TOKEN.finditer(text, start, end)) == _spans(TOKEN_AS_WRITTEN.finditer(text, start, end))
