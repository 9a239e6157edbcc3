"""Date expressions and their resolution against the publication date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diplotui.dates import find_dates, parse_published, resolve

PUBLISHED = date(2023, 2, 22)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("on Feb. 21-22", "2023-02-21", "2023-02-22", "range"),
        ("Feb 21 to 22", "2023-02-21", "2023-02-22", "range"),
        ("21–22 February", "2023-02-21", "2023-02-22", "range"),
        ("Feb. 28-March 2", "2023-02-28", "2023-03-02", "range"),
        ("between Monday and Wednesday", "2023-02-20", "2023-02-22", "range"),
        ("today", "2023-02-22", "2023-02-22", "day"),
        ("yesterday", "2023-02-21", "2023-02-21", "day"),
        ("on Tuesday", "2023-02-21", "2023-02-21", "day"),
        ("last Friday", "2023-02-17", "2023-02-17", "day"),
        ("three days ago", "2023-02-19", "2023-02-19", "day"),
        ("last week", "2023-02-13", "2023-02-19", "range"),
        ("earlier this month", "2023-02-01", "2023-02-22", "range"),
        ("last month", "2023-01-01", "2023-01-31", "month"),
        ("in December", "2022-12-01", "2022-12-31", "month"),
        ("on Nov. 3", "2022-11-03", "2022-11-03", "day"),
        ("May 5, 2021", "2021-05-05", "2021-05-05", "day"),
        ("March 2021", "2021-03-01", "2021-03-31", "month"),
        ("in 2019", "2019-01-01", "2019-12-31", "year"),
        ("2023-01-05", "2023-01-05", "2023-01-05", "day"),
    ],
)
def test_resolution_against_the_publication_date(text: str, start: str, end: str, precision: str) -> None:
    mentions = find_dates(text)
    assert len(mentions) == 1, mentions
    resolved = resolve(mentions[0], PUBLISHED)
    assert (resolved.start, resolved.end, resolved.precision) == (start, end, precision)
    assert resolved.note


def test_future_text_looks_ahead() -> None:
    (monday,) = find_dates("on Monday")
    assert resolve(monday, PUBLISHED, future=True).start == "2023-02-27"
    (january,) = find_dates("on Jan. 10")
    assert resolve(january, PUBLISHED, future=True).start == "2024-01-10"


def test_without_a_publication_date_the_year_stays_unknown() -> None:
    (mention,) = find_dates("on Feb. 21-22")
    resolved = resolve(mention, None)
    assert resolved.start is None and resolved.precision == "unknown"
    assert resolved.partial == "--02-21/--02-22"
    (today,) = find_dates("today")
    assert resolve(today, None).start is None


@pytest.mark.parametrize("text", ["we may see", "now and then", "March forward", "a 5 May"])
def test_words_that_are_not_dates(text: str) -> None:
    assert [m.text for m in find_dates(text) if m.kind not in ("dm",)] == []


def test_not_a_real_date() -> None:
    (mention,) = find_dates("Feb. 30, 2023")
    assert resolve(mention, PUBLISHED).precision == "unknown"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-02-22", "2023-02-22"),
        ("2023-02-22T10:00:00Z", "2023-02-22"),
        ("22 February 2023", "2023-02-22"),
        ("Wed, 22 Feb 2023 10:00:00 GMT", "2023-02-22"),
        ("February 22, 2023", "2023-02-22"),
        ("yesterday", None),
        ("2023-02-30", None),
    ],
)
def test_metadata_dates(value: str, expected: str | None) -> None:
    assert parse_published(value) == expected


_FRAGMENTS = [
    "Feb.", "Sept", "March", "may", "Monday", "on", "last", "this", "next", "the", "of", "in",
    "21", "3rd", "2023", "1999", "-", "–", "to", "and", "days", "weeks", "ago", "two",
    "today", "tonight", "this morning", "last night", "week", "month", "year", "met", ",", ".",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=8), st.sampled_from([" ", "  ", "\n"]))
def test_the_quick_check_never_hides_a_date_a_pattern_finds(words: list[str], space: str) -> None:
    from diplotui.dates import _ANY_DATE, _COMPILED

    text = space.join(words)
    if any(pattern.search(text) for _, pattern in _COMPILED):
        assert _ANY_DATE.search(text), text
