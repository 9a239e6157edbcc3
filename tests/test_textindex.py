"""The word index of documents' text: prefixes, phrases, and the same answers as a scan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from diplotui.textindex import TextIndex, find_word_start

TEXTS = [
    "the ukraine talks went on. officials said russia's position was firm.",
    "a bilateral meeting on ukrainian grain; the budget was paid for next year.",
    "nothing about either, only the weather in lisbon.",
]


def _index(texts: list[str]) -> TextIndex:
    return TextIndex(iter(texts), lambda n: texts[n])


def test_a_word_finds_the_words_it_begins_and_no_word_it_is_inside() -> None:
    index = _index(TEXTS)
    assert index.search("ukr") == {0, 1}
    assert index.search("ukraine") == {0}
    assert index.search("kraine") == set()
    assert index.search("later") == set()  # inside "bilateral" only


def test_a_phrase_holds_where_its_words_stand_together() -> None:
    index = _index(TEXTS)
    assert index.search("paid for") == {1}
    assert index.search("for paid") == set()
    assert index.search("russia's position") == {0}
    assert index.search("russia's budget") == set()


def test_an_empty_query_holds_everywhere_and_punctuation_alone_nowhere_it_is_not() -> None:
    index = _index(TEXTS)
    assert index.search("") == {0, 1, 2}
    assert index.search(";") == {1}


_WORDS = ["ab", "abc", "b", "ba", "cab", "c"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join), min_size=1, max_size=6),
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map(" ".join),
)
def test_the_index_answers_as_a_scan_of_every_text_would(texts: list[str], phrase: str) -> None:
    expected = {n for n, text in enumerate(texts) if find_word_start(text, phrase) >= 0}
    assert _index(texts).search(phrase) == expected


def test_texts_held_as_utf8_give_the_same_answers() -> None:
    texts = [*TEXTS, "встреча в москве; переговоры_2 и «переговорщики»", "café_talks and the cafés"]
    encoded = [t.encode() for t in texts]
    held = TextIndex(iter(texts), encoded.__getitem__)
    for phrase in ("переговор", "говоры", "в москве", "; переговоры", "talks and", "s and the", "ukr"):
        assert held.search(phrase) == _index(texts).search(phrase), phrase
    # A word begins after a letter of another script, or an underscore, nowhere.
    assert find_word_start(encoded[3], "2 и") < 0 and find_word_start(encoded[4], "talks") < 0
    assert find_word_start(encoded[3], "переговорщики") == encoded[3].index("переговорщики".encode())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(["аб", "б", "éa", "a", "_"]), max_size=8).map("".join), min_size=1),
    st.sampled_from(["аб", "б", "éa", "a", "a_", "б a"]),
)
def test_a_phrase_is_found_in_utf8_where_it_is_in_the_text(texts: list[str], phrase: str) -> None:
    for text in texts:
        at = find_word_start(text, phrase)
        found = find_word_start(text.encode(), phrase)
        assert found == (len(text[:at].encode()) if at >= 0 else -1)
