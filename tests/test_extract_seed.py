"""The bundled sample article, measured against the quality bar in the issue."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import Result, run

SEED = Path(__file__).resolve().parent.parent / "seeds" / "wang-yi-moscow-talks-2023-02-22.txt"


@pytest.fixture(scope="module")
def seed() -> Result:
    return run(SEED.read_text(encoding="utf-8"))


def test_seed_carries_its_publication_date() -> None:
    head = SEED.read_text(encoding="utf-8").split("\n\n")[0]
    assert "Published: 2023-02-22" in head


EXPECTED_PEOPLE = {
    "Wang Yi": ("Director of the Office of the Foreign Affairs Commission", "China"),
    "Vladimir Putin": ("President", "Russia"),
    "Sergey Lavrov": ("Foreign Minister", "Russia"),
    "Nikolay Patrushev": ("Security Council Secretary", "Russia"),
    "Zhang Hanhui": ("Ambassador to Russia", "China"),
    "Deng Li": ("Vice Foreign Minister", "China"),
    "Xi Jinping": ("President", "China"),
}


def test_all_seven_people_with_titles_and_countries(seed: Result) -> None:
    assert set(seed.people) == set(EXPECTED_PEOPLE)
    for name, (title, country) in EXPECTED_PEOPLE.items():
        person = seed.people[name]
        assert person.title is not None and title in person.title, name
        assert person.country == country, name


def test_no_places_or_outlets_become_people(seed: Result) -> None:
    for not_a_person in ("Mount Tai", "Global Times", "Kremlin", "Moscow", "BRICS"):
        assert not any(not_a_person in p.name for p in seed.extraction.people)


def test_organisations_are_listed_apart(seed: Result) -> None:
    assert {"UN", "UN Security Council", "BRICS", "Shanghai Cooperation Organization", "Global Times"} <= set(
        seed.extraction.organisations
    )


def test_aliases_resolve_to_one_person(seed: Result) -> None:
    assert "Putin" in seed.people["Vladimir Putin"].aliases
    assert "the Russian President" in seed.people["Vladimir Putin"].aliases
    assert "Wang" in seed.people["Wang Yi"].aliases
    assert "Xi" in seed.people["Xi Jinping"].aliases


def test_three_moscow_meetings_with_their_dates(seed: Result) -> None:
    putin = seed.event_with("Wang Yi", "Vladimir Putin")
    assert (putin.date_start, putin.date_end) == ("2023-02-22", "2023-02-22")
    assert putin.date_precision == "day"
    assert "today" in putin.date_note
    for counterpart in ("Sergey Lavrov", "Nikolay Patrushev"):
        event = seed.event_with("Wang Yi", counterpart)
        assert (event.date_start, event.date_end) == ("2023-02-21", "2023-02-22")
        assert event.date_precision == "range"
        assert event.place == "Moscow"
        assert event.kind != "planned"
    assert putin.place == "Moscow"


def test_accompanying_officials_take_part_in_the_putin_meeting(seed: Result) -> None:
    putin = seed.event_with("Wang Yi", "Vladimir Putin")
    assert {"Zhang Hanhui", "Deng Li"} <= seed.participants(putin)


def test_expected_xi_visit_is_planned_with_unknown_date(seed: Result) -> None:
    planned = seed.events("planned")
    assert len(planned) == 1
    assert seed.participants(planned[0]) == {"Vladimir Putin", "Xi Jinping"}
    assert planned[0].date_start is None


DIRECT_QUOTES = {
    "additional impetus to our relations.": "Vladimir Putin",
    "the warmest words of gratitude for the joint work.": "Vladimir Putin",
    "We have a lot of joint work to do,": "Vladimir Putin",
    "stabilizing the international situation,": "Vladimir Putin",
    "We are here to emphasize that our relations": "Wang Yi",
    "We have gained quite an extensive experience": "Wang Yi",
}


@pytest.mark.parametrize(("fragment", "speaker"), DIRECT_QUOTES.items())
def test_direct_quotes_have_the_right_speaker(seed: Result, fragment: str, speaker: str) -> None:
    assert seed.speaker(fragment) == speaker


def test_quote_offsets_point_at_the_quoted_words(seed: Result) -> None:
    for quote in seed.extraction.quotes:
        assert seed.text[quote.start : quote.end] == quote.text
        assert quote.sentence_start <= quote.start < quote.end <= quote.sentence_end


def test_scare_quotes_are_kept_but_short(seed: Result) -> None:
    for word in ("complex", "volatile", "our friend"):
        quote = seed.quote(word)
        assert quote.short and quote.text == word


def test_every_direct_statement_of_four_words_is_attributed(seed: Result) -> None:
    statements = [q for q in seed.quotes() if len(q.text.split()) >= 4]
    assert len(statements) == 6
    assert all(q.speaker for q in statements)


def test_reported_speech_is_kept_as_reported(seed: Result) -> None:
    assert seed.speaker("progressing steadily", "reported") == "Vladimir Putin"
    assert seed.speaker("uphold an objective and fair stance", "reported") == "Wang Yi"


def test_sources_of_quotes_are_kept(seed: Result) -> None:
    assert seed.quote("We are here to emphasize").attribution == "the Kremlin transcript"
    assert seed.quote("We have gained").attribution == "the Kremlin transcript"
    assert seed.quote("uphold an objective", "reported").attribution == "Global Times"
    assert seed.quote("We have a lot of joint work").attribution.startswith("http://en.kremlin.ru/")


def test_putin_quotes_belong_to_the_putin_meeting(seed: Result) -> None:
    putin = seed.event_with("Wang Yi", "Vladimir Putin")
    assert seed.quote("additional impetus").event == putin.id


def test_meeting_topics_include_ukraine(seed: Result) -> None:
    labels = {t.id: t.label for t in seed.extraction.topics}
    for event in seed.events():
        assert "Ukraine crisis" in {labels[t] for t in event.topics}


def test_extraction_is_deterministic() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert run(text).extraction == run(text).extraction
