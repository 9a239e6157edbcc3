"""Extraction never crashes and its offsets are always valid, whatever the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from diplotui.extract import extract_document

PIECES = st.sampled_from(
    [
        "President Vladimir Putin",
        "Foreign Minister Sergey Lavrov",
        "Wang Yi",
        "he",
        "she",
        "said",
        "told reporters",
        "met",
        "held talks with",
        "visited",
        "will visit",
        "phone call",
        "“",
        "”",
        '"',
        "‘",
        "’",
        "'",
        "on Feb. 21-22",
        "21–22 February",
        "today",
        "on Tuesday",
        "last week",
        "in Moscow",
        "at the Kremlin",
        "according to",
        "the Russian President",
        ",",
        ".",
        "\n\n",
        "\n",
        ":",
        "Q:",
        "Mr.",
        "of the",
        "accompanied by",
        "and",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=80).map(" ".join),
    st.sampled_from([None, "2023-02-22"]),
)
def test_extraction_never_crashes_and_offsets_are_valid(text: str, published: str | None) -> None:
    result = extract_document(text, published, "d-x")
    for quote in result.quotes:
        assert text[quote.start : quote.end] == quote.text
        assert quote.start <= quote.end
    people = {p.id for p in result.people}
    for event in result.events:
        assert set(event.participants) <= people
        for span in event.evidence:
            assert 0 <= span.start < span.end <= len(text)
        if published is None and event.date_start is not None:
            # Without a publication date only a year the text wrote can appear.
            assert event.date_start[:4] in text or event.date_note == "date as written"


_WORDS = st.sampled_from(["we", "We", "were", "owe", "he", "met", "talks", "\n", ",", "."])


@given(st.lists(_WORDS, max_size=30), st.data())
@settings(max_examples=300, deadline=None)
def test_the_we_a_cue_reads_is_the_last_one_on_its_line(words: list[str], data: st.DataObject) -> None:
    # The "we" before a cue is found once per sentence and picked by offset; it must be
    # the one a search for "a 'we' with no other 'we' after it on its line" finds.
    import re
    from array import array

    from diplotui.extract.events import _WE, EventFinder

    text = " ".join(words) + " met"
    end = len(text) - 3
    start = data.draw(st.integers(0, end))
    finder = EventFinder.__new__(EventFinder)
    finder.text = text
    positions = array("q", (m.start() for m in _WE.finditer(text)))
    expected = re.compile(r"\b[Ww]e\b(?!.*\b[Ww]e\b)").search(text, start, end)
    assert finder._we_between(positions, start, end) == (expected.start() if expected else None)
