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
