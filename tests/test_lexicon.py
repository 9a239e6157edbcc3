"""The language data itself (diplotui/lexicon.py): well-formed, and the lists that must
not overlap do not."""

from __future__ import annotations

import re

from diplotui import lexicon
from diplotui.extract.rules import RULES
from diplotui.model import fold

WORD_LISTS = {
    name: value
    for name, value in vars(lexicon).items()
    if name.isupper() and isinstance(value, frozenset) and all(isinstance(w, str) for w in value)
}


def test_word_lists_are_folded_and_trimmed() -> None:
    for name, words in WORD_LISTS.items():
        for word in words:
            assert word == word.strip() and word, (name, word)
            assert fold(word) == word, (name, word)


def test_lists_that_must_not_overlap() -> None:
    # A title word is never "not a name word" (the two are read in different places).
    assert not lexicon.TITLE_HEADS & lexicon.NOT_NAME_WORDS
    assert not lexicon.NAME_PARTICLES & lexicon.NOT_NAME_WORDS
    assert not lexicon.NAME_SUFFIXES & lexicon.NOT_NAME_WORDS
    assert not lexicon.NAME_SUFFIXES & lexicon.TITLE_HEADS


def test_exceptions_are_exceptions_to_their_list() -> None:
    # Surnames that are words are words of NOT_NAME_WORDS read as names after a title.
    assert lexicon.SURNAME_WORDS <= lexicon.NOT_NAME_WORDS
    # Every title written short is a title head or an honorific.
    assert lexicon.ABBREVIATED_TITLES <= lexicon.TITLE_HEADS | {h.rstrip(".") for h in lexicon.HONORIFICS}
    # The speech verbs that cue a name are speech verbs.
    assert lexicon.NAME_SPEECH_VERBS <= lexicon.SPEECH_VERBS
    assert lexicon.REPORTING_VERBS_THAT <= lexicon.SPEECH_VERBS


def test_venues_name_known_cities() -> None:
    for venue, city in lexicon.VENUES.items():
        assert fold(venue) == venue, venue
        assert fold(city) in lexicon.CAPITALS, (venue, city)


def test_countries_map_to_country_names() -> None:
    for key, country in lexicon.COUNTRIES.items():
        assert fold(key) == key
        assert fold(country) in lexicon.COUNTRY_NAMES, (key, country)


def test_nicknames_point_at_full_names_not_at_other_nicknames() -> None:
    assert not set(lexicon.NICKNAMES.values()) & set(lexicon.NICKNAMES)
    assert all(short != full for short, full in lexicon.NICKNAMES.items())


def test_meeting_patterns_are_named_rules_that_compile() -> None:
    names = [name for name, _, _ in lexicon.MEETING_PATTERNS]
    assert len(names) == len(set(names))
    for name, pattern, kind in lexicon.MEETING_PATTERNS:
        re.compile(pattern)
        assert name in RULES and RULES[name].stage == "event"
        assert kind in ("meeting", "talks", "call", "visit", "summit")


def test_marker_lists_compile() -> None:
    for markers in (
        lexicon.PLANNED_MARKERS,
        lexicon.BACKGROUND_MARKERS,
        lexicon.WISH_MARKERS,
        lexicon.SEPARATE_MARKERS,
        lexicon.TOGETHER_MARKERS,
    ):
        assert len(markers) == len(set(markers))
        for marker in markers:
            re.compile(marker)


def test_every_planned_marker_begins_a_word_with_a_letter() -> None:
    # The planned-event pattern looks at a clause's letters before trying its markers;
    # a marker that began otherwise would never be tried.
    from diplotui.extract.events import _PLANNED

    for marker in lexicon.PLANNED_MARKERS:
        assert marker.startswith(r"\b") and marker[2].isalpha(), marker
    assert _PLANNED.search("They Will meet") and _PLANNED.search("talks later this month")
