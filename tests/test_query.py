"""The query layer: merging across documents and the query language."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diplotui.ingest import ingest
from diplotui.query import Corpus, QueryError, View, _Holding, parse_query
from diplotui.store import Store

WIRE = """Title: Lavrov meets Wang in Moscow
Published: 2023-02-22

MOSCOW, Feb 21 (Wire) - Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister \
Wang Yi in Moscow on Tuesday. "Our relations are at an all-time high," Lavrov told reporters.
"""

ANALYSIS = """Title: Wang's Moscow trip
Published: 2023-02-23

Foreign Minister Sergey Lavrov held talks with Wang Yi, China's top diplomat, in Moscow on \
Feb. 21-22. Nikolai Patrushev, the Security Council secretary, also met Wang Yi on Feb. 21.
Later, Patrushev said cooperation on security would deepen.
"""

SEED_STYLE = """Title: Security talks
Published: 2023-02-22

Security Council Secretary Nikolay Patrushev met Wang Yi in Moscow on Tuesday. "Our relations \
are mature and stable," Patrushev said.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    for name, text in (("wire.txt", WIRE), ("analysis.txt", ANALYSIS), ("seed.txt", SEED_STYLE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = Store(tmp_path / "store.json")
    ingest(store, [tmp_path])
    return Corpus.from_records(store.documents())


def names(corpus: Corpus) -> list[str]:
    return [p.name for p in corpus.people]


def test_one_person_across_documents_and_spellings(corpus: Corpus) -> None:
    assert sum("Lavrov" in n for n in names(corpus)) == 1
    assert sum("Patrushev" in n for n in names(corpus)) == 1
    lavrov = next(p for p in corpus.people if "Lavrov" in p.name)
    assert len(lavrov.documents) == 2
    assert {"Sergey Lavrov", "Sergei Lavrov"} & ({lavrov.name} | set(lavrov.aliases)) == {
        "Sergey Lavrov",
        "Sergei Lavrov",
    }


def test_same_meeting_in_several_documents_is_one_event(corpus: Corpus) -> None:
    lavrov_wang = [
        e
        for e in corpus.events
        if {"Lavrov", "Wang"} <= set(" ".join(e.title.split()).split())
        or ("Lavrov" in e.title and "Wang" in e.title)
    ]
    assert len(lavrov_wang) == 1
    assert len(lavrov_wang[0].documents) == 2
    assert lavrov_wang[0].date_start == "2023-02-21"
    patrushev = [e for e in corpus.events if "Patrushev" in e.title]
    assert len(patrushev) == 1 and len(patrushev[0].documents) == 2


def test_quotes_point_at_merged_people_and_events(corpus: Corpus) -> None:
    for quote in corpus.quotes:
        assert quote.speaker is None or quote.speaker in corpus.person_by_id
        assert quote.event is None or quote.event in corpus.event_by_id


@pytest.mark.parametrize(
    ("query", "events", "quotes"),
    [
        ("lavrov", 1, 1),
        ("LAVRÓV", 1, 1),
        ('"all-time high"', 0, 1),
        ("person:patrushev", 1, 2),
        ("speaker:lavrov", 1, 1),
        ("place:moscow", 2, 3),
        ("date:2023-02-21", 2, 3),
        ("date:2023-02-22..2023-03-01", 0, 0),
        ("date:2023-03", 0, 0),
        ("doc:analysis", 2, 1),
        ("lavrov -trip", 0, 1),
        ("-lavrov", 1, 2),
    ],
)
def test_query_language(corpus: Corpus, query: str, events: int, quotes: int) -> None:
    view = corpus.search(query)
    statements = [q for q in view.quotes if not q.short]
    assert (len(view.events), len(statements)) == (events, quotes), [e.title for e in view.events]


def test_people_and_documents_follow_the_selection(corpus: Corpus) -> None:
    view = corpus.search("person:patrushev")
    assert {p.name.split()[-1] for p in view.people} == {"Patrushev", "Yi"}


@pytest.mark.parametrize(
    "bad", ["date:yesterday", "date:2023-02-30", "date:2023-13", "date:2023-02-01..soon"]
)
def test_bad_dates_in_queries_are_errors(bad: str) -> None:
    with pytest.raises(QueryError):
        parse_query(bad)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ('"wang yi', "not closed"),
        ('wang"', "not closed"),
        ("foo:bar", "unknown field foo:"),
        ("memo:x", "unknown field memo:"),
        ("status:maybe", "the statuses are"),
        ("tag:", "needs a value"),
        ("person:", "needs a value"),
        ("date:2024-02-01..2023-01-01", "ends before it starts"),
        ("date:2024..2023", "ends before it starts"),
    ],
)
def test_unreadable_queries_are_one_line_errors(bad: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(bad)


def test_apostrophes_phrases_and_urls_are_text() -> None:
    assert [(t.field, t.value) for t in parse_query("Russia's talks")] == [
        (None, "russia's"),
        (None, "talks"),
    ]
    assert [(t.field, t.value, t.negated) for t in parse_query('person:"wang yi" -"joint statement"')] == [
        ("person", "wang yi", False),
        (None, "joint statement", True),
    ]
    assert [(t.field, t.value) for t in parse_query("https://example.org/a")] == [
        (None, "https://example.org/a")
    ]
    assert [t.value for t in parse_query("12:30")] == ["12:30"]


def _corpus_of(folder: Path, *texts: str) -> Corpus:
    """The corpus of `texts`, each written to its own file in `folder` and ingested."""
    for number, text in enumerate(texts):
        (folder / f"doc{number}.txt").write_text(text, encoding="utf-8")
    store = Store(folder / "s.json")
    ingest(store, [folder])
    return Corpus.from_records(store.documents())


def _titles(view) -> list[str]:
    return [d.title for d in view.texts]


def test_a_word_in_a_documents_text_only_is_found_there(tmp_path: Path) -> None:
    corpus = _corpus_of(
        tmp_path,
        "Title: Port call\nPublished: 2024-03-04\n\nDefence Minister Ana Pereira met Rui Costa "
        "in Lisbon on Monday. Fishermen watched the frigates from the quay.\n",
        "Title: Budget\nPublished: 2024-03-05\n\nThe frigates will be paid for next year.\n",
    )
    view = corpus.search("fishermen")
    assert view.events == [] and view.quotes == []  # in no record, only in the text
    assert _titles(view) == ["Port call"]
    ((document, (start, end), sentence),) = view.text_matches()
    assert document.text[start:end] == sentence == "Fishermen watched the frigates from the quay."
    # Every free word must be in the text; a negated one must not.
    assert set(_titles(corpus.search("frigates"))) == {"Port call", "Budget"}
    assert _titles(corpus.search("frigates quay")) == ["Port call"]
    assert _titles(corpus.search("frigates -quay")) == ["Budget"]
    assert _titles(corpus.search('"paid for"')) == ["Budget"]
    # Through the word index: a word is found from its start, as while typing, but not
    # from its middle.
    assert _titles(corpus.search("fisher")) == ["Port call"]
    assert _titles(corpus.search("ishermen")) == []


def test_fields_narrow_the_documents_listed(corpus: Corpus) -> None:
    assert set(_titles(corpus.search("moscow"))) == {
        "Lavrov meets Wang in Moscow",
        "Wang's Moscow trip",
        "Security talks",
    }
    assert _titles(corpus.search("moscow doc:analysis")) == ["Wang's Moscow trip"]
    assert _titles(corpus.search("moscow date:2023-02-23")) == ["Wang's Moscow trip"]  # published
    # person: holds for a document through the events and quotes it reports.
    assert set(_titles(corpus.search("relations person:patrushev"))) == {"Security talks"}
    # No free word: no documents listed, whatever the fields.
    assert corpus.search("person:lavrov").texts == []


def test_the_matching_sentence_ignores_case_and_accents(tmp_path: Path) -> None:
    corpus = _corpus_of(
        tmp_path,
        "Title: Ties\nPublished: 2024-05-02\n\nThe delegation arrived on Monday. "
        "Officials praised the CAFÉ diplomacy of São Tomé. Nothing else happened.\n",
    )
    view = corpus.search("sao tome")
    ((document, (start, end), sentence),) = view.text_matches()
    assert document.text[start:end] == sentence == "Officials praised the CAFÉ diplomacy of São Tomé."
    assert list(corpus.search("ties").text_matches()) == [(document, None, "")]  # in the title only


def test_a_date_query_keeps_events_of_unknown_year_that_may_fall_in_it(tmp_path: Path) -> None:
    # No publication date: "on 21 February" keeps an unknown year.
    corpus = _corpus_of(
        tmp_path,
        "Title: Undated note\n\nForeign Minister Ana Pereira met Rui Costa in Lisbon on 21 February.\n",
    )
    event = corpus.events[0]
    assert event.date_start is None and event.date_partial == "--02-21"
    for query in (
        "date:2023",
        "date:2023-02",
        "date:2023-02-21",
        "date:2022-12-01..2023-03-01",
        "date:2020..2024",
    ):
        assert corpus.search(query).events == [event], query
    for query in ("date:2023-03", "date:2023-02-22..2023-02-28", "date:2022-03-01..2022-12-31"):
        assert corpus.search(query).events == [], query


def test_a_place_query_finds_meetings_at_a_venue_by_the_venue_or_its_city(tmp_path: Path) -> None:
    corpus = _corpus_of(
        tmp_path,
        "Title: Leaders meet\nPublished: 2022-03-04\n\n"
        "President Joe Biden met Prime Minister Ana Pereira at the White House on Thursday.\n\n"
        "Defence Minister Rui Costa met General Ines Lopes in Washington on March 1, 2022.\n\n"
        "President Vladimir Putin received Foreign Minister Tomas Silva at the Kremlin on March 2, 2022.\n",
    )

    def pairs(query: str) -> list[str]:
        names = {p.id: p.name for p in corpus.people}
        events = corpus.search(query).events
        return sorted(" & ".join(sorted(names[p] for p in e.participants)) for e in events)

    assert pairs("place:washington date:2022") == ["Ana Pereira & Joe Biden", "Ines Lopes & Rui Costa"]
    # The venue itself, written in full or begun: only the meeting held there.
    assert pairs('place:"white house"') == ["Ana Pereira & Joe Biden"]
    assert pairs("place:kreml") == ["Tomas Silva & Vladimir Putin"]
    assert pairs('place:"white house" -person:biden') == []


def test_a_filter_on_an_identity_selects_its_events_and_quotes(corpus: Corpus) -> None:
    # The explorer's filters name people and topics by id (a person's are looked up in
    # the search index); each selects what reading every record would: the events they
    # take part in (or touch) and the quotes the person said (or those of the topic's
    # events).
    assert corpus.quotes and any(q.speaker for q in corpus.quotes)
    for person in corpus.people:
        for field in ("person", "speaker"):
            view = corpus.search(f'{field}:"{person.id}"')
            assert view.events == [e for e in corpus.events if person.id in e.participants]
            assert view.quotes == [q for q in corpus.quotes if q.speaker == person.id]
        negated = corpus.search(f'-person:"{person.id}"')
        assert negated.events == [e for e in corpus.events if person.id not in e.participants]
    assert corpus.topics
    for topic in corpus.topics:
        view = corpus.search(f'topic:"{topic.id}"')
        assert view.events == [e for e in corpus.events if topic.id in e.topics]
        quotes = [q for q in corpus.quotes if q.event and topic.id in corpus.event_by_id[q.event].topics]
        assert view.quotes == quotes
        # A topic's id given as a person is no one.
        assert corpus.search(f'person:"{topic.id}"').events == []


def test_a_filter_on_a_name_selects_what_each_record_s_people_are_called(corpus: Corpus) -> None:
    from diplotui.model import fold, folded_names

    def called(person_id: str | None, value: str) -> bool:
        person = corpus.person_by_id.get(person_id or "")
        return person is not None and value in folded_names(person)

    for person in corpus.people:
        for value in {fold(person.name), fold(person.name.split()[-1]), fold(person.name)[1:4]}:
            view = corpus.search(f'person:"{value}"')
            assert view.events == [e for e in corpus.events if any(called(p, value) for p in e.participants)]
            assert view.quotes == [q for q in corpus.quotes if called(q.speaker, value)]
    assert corpus.search('person:"nobody of that name"').events == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text("abc ", max_size=6), min_size=1, max_size=12),
    st.lists(st.text("abc", min_size=1, max_size=3), min_size=1, max_size=10),
)
def test_words_typed_on_and_erased_find_what_a_fresh_look_finds(blobs: list[str], words: list[str]) -> None:
    # The kept answers narrow later words only where that cannot change the answer.
    holding = _Holding(blobs)
    for word in words:
        assert holding.find(word) == {n for n, blob in enumerate(blobs) if word in blob}, word


def test_only_the_last_large_answer_is_kept() -> None:
    # A large answer is never narrowed from, and at 50,000 documents each held 2 MB.
    holding = _Holding(["ab", "ac", "ad", "bd", "xy", "xz", "xq", "r"])
    for word in ["a", "d", "x", "q"]:
        holding.find(word)
    assert list(holding._recent) == ["d", "x", "q"]  # "a" (3 of 8) gave way to "x"


def test_terms_combine_as_each_alone_selects(corpus: Corpus) -> None:
    def alone(query: str) -> tuple[set[str], set[str]]:
        view = corpus.search(query)
        return {e.id for e in view.events}, {q.id for q in view.quotes}

    every = ({e.id for e in corpus.events}, {q.id for q in corpus.quotes})
    for first, second in [("moscow", "person:lavrov"), ("-moscow", "relations"), ("person:wang", "-talks")]:
        one, other = alone(first), alone(second)
        both = alone(f"{first} {second}")
        assert both == (one[0] & other[0], one[1] & other[1]), (first, second)
    # A negated term alone leaves every record but those it names.
    negated, named = alone("-patrushev"), alone("patrushev")
    assert negated == (every[0] - named[0], every[1] - named[1]) and named[0] and negated[0]


def test_without_waiting_free_words_skip_the_texts_until_their_index_is_built(corpus: Corpus) -> None:
    waited = corpus.search("moscow")  # builds the word index of the texts
    fresh = Corpus.from_records(
        [{"id": d.id, "path": d.path, "title": d.title, "text": d.text} for d in corpus.documents]
    )
    early = fresh.search("moscow", wait=False)
    assert early.texts_pending and early.texts == [] and early.words == ["moscow"]
    assert {d.id for d in fresh.search("moscow").texts} == {d.id for d in waited.texts}
    late = fresh.search("moscow", wait=False)  # built by the search before
    assert not late.texts_pending and {d.id for d in late.texts} == {d.id for d in waited.texts}
    # A query without free words never waits for it.
    assert not Corpus.from_records([]).search("person:x", wait=False).texts_pending


@pytest.mark.parametrize("ordered", [True, False])
def test_the_dates_in_view_are_the_first_and_last_of_the_events_selected(ordered: bool) -> None:
    import random

    from diplotui.model import Event
    from diplotui.query import Corpus, View, event_sort_key

    rng = random.Random(7)
    days = ["2024-03-01", "2024-03-02", "2024-03-05", "2024-04-10", None]
    events = []
    for n in range(60):
        start = rng.choice(days)
        end = None if start is None or n % 7 == 0 else max(start, rng.choice(days[:4]))
        kind = rng.choice(["meeting", "planned"])
        partial = "--03-04" if start is None and n % 3 == 0 else None
        events.append(
            Event(
                f"e-{n:02d}",
                kind,
                "",
                start,
                end,
                "",
                "day",
                "",
                rng.choice(["Rabat", "Lima"]),
                date_partial=partial,
            )
        )
    events.sort(key=event_sort_key)
    if not ordered:
        events.reverse()
    corpus = Corpus(events=events)
    assert (corpus.dates() is not None) == ordered
    for query in [
        "",
        "place:rabat",
        "place:lima",
        "-place:rabat",
        "place:nowhere",
        "date:2024-03-02..2024-03-05",
    ]:
        view = corpus.search(query)
        starts = [e.date_start for e in view.events if e.date_start]
        ends = [e.date_end for e in view.events if e.date_end]
        expected = (min(starts, default=None), max(ends, default=None))
        assert view.date_span() == expected, query
        plain = View(query, view.events, view.quotes, corpus)  # its positions not known
        assert plain.date_span() == expected and plain.span_text() == view.span_text()


def test_a_search_selects_its_quotes_and_texts_only_when_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing a search pays at each key for the events (the timeline); the quotes and the
    texts holding its words are looked for when a pane asks for them, once."""
    (tmp_path / "a.txt").write_text(
        "Title: Port talks\nPublished: 2024-05-03\n\n"
        "Foreign Minister Lena Vidal met Prime Minister Omar Amrani in Rabat on 3 May 2024.\n"
        "“Our ports will stay open,” Vidal said after the talks.\n",
        encoding="utf-8",
    )
    store = Store(tmp_path / "store.json")
    ingest(store, [tmp_path])
    corpus = Corpus.from_records(store.documents())
    corpus.prepare_search()
    looked_up: list[str] = []
    find = _Holding.find

    def counted(self: _Holding, value: str) -> frozenset[int]:
        looked_up.append("quotes" if self is corpus.prepare_search().quotes_holding else "events")
        return find(self, value)

    monkeypatch.setattr(_Holding, "find", counted)
    view = corpus.search("vidal")
    assert looked_up == ["events"] and len(view.events) == 1
    assert [q.text for q in view.quotes] == ["Our ports will stay open,"]
    assert [d.title for d in view.texts] == ["Port talks"]
    assert view.quotes and looked_up == ["events", "quotes"]


def test_a_person_term_holds_within_one_persons_names() -> None:
    """`person:` finds the events of whoever a name (or part of one) is among the names
    of, and the quotes they said; never a name made of two people's names side by side."""
    from diplotui.model import Event, Person, Quote

    people = [
        Person("p-000000000001", "Ana Berg", aliases=["Berg"]),
        Person("p-000000000002", "Tomas Lind"),
        Person("p-000000000003", "Bo Lindqvist"),
    ]
    events = [
        Event("e-1", "meeting", "", None, None, "", "day", "", None, ["p-000000000001", "p-000000000002"]),
        Event("e-2", "call", "", None, None, "", "day", "", None, ["p-000000000003"]),
    ]
    quotes = [Quote("q-1", "We agreed.", "p-000000000002", "direct", "e-1", "d-1", 0, 10)]
    corpus = Corpus(people=people, events=events, quotes=quotes)

    def found(query: str) -> tuple[list[str], list[str]]:
        view = corpus.search(query)
        return [e.id for e in view.events], [q.id for q in view.quotes]

    assert found("person:lind") == (["e-1", "e-2"], ["q-1"])
    assert found("person:berg") == (["e-1"], [])
    assert found('person:"berg tomas"') == ([], [])
    assert found("speaker:tomas") == (["e-1"], ["q-1"])
    assert found("person:p-000000000003") == (["e-2"], [])
    assert found("speaker:p-000000000002") == (["e-1"], ["q-1"])  # an id: their events and quotes
    assert found("person:p-000000000009") == ([], [])
    assert found("-person:lindqvist") == (["e-1"], ["q-1"])


@pytest.mark.parametrize(
    "query", ["", "lavrov", "patrushev", "-lavrov", "moscow -patrushev", "person:wang", "zzz"]
)
def test_what_the_panes_count_through_positions_is_what_the_records_hold(corpus: Corpus, query: str) -> None:
    """The participants, topics and days the panes show, read from the corpus's lists by
    position, against the same worked out from the records in view."""
    from collections import Counter

    view = corpus.search(query)
    people = {p for e in view.events for p in e.participants} | {q.speaker for q in view.quotes if q.speaker}
    assert set(view.person_ids) == people and [p.id for p in view.people] == [
        p.id for p in corpus.people if p.id in people
    ]
    assert view.topic_counts == Counter(t for e in view.events for t in e.topics)
    dates = Counter((e.date_start, e.date_end) for e in view.events)
    assert sorted(view.date_counts, key=str) == sorted(((s, e, n) for (s, e), n in dates.items()), key=str)
    plain = View(query, view.events, view.quotes, corpus)  # positions not known
    assert set(plain.person_ids) == people and plain.topic_counts == view.topic_counts
    # A part at a time, as the explorer works them out while typing pauses: the same.
    parted = corpus.search(query)
    parted.PART = 1
    for name in ("person_ids", "topic_counts", "date_counts"):
        parts = list(parted.in_parts(name))
        assert len(parts) >= len(view.events) // 4  # (dates are counted four parts at a time)
        assert list(parted.in_parts(name)) == []  # known now
    assert parted.person_ids == view.person_ids and parted.topic_counts == view.topic_counts
    assert sorted(parted.date_counts, key=str) == sorted(view.date_counts, key=str)


def test_a_corpus_no_longer_held_is_freed_without_the_collector(tmp_path: Path) -> None:
    # The explorer moves its corpora out of the collector's sight (`gc.freeze`): one in
    # a cycle (it held itself as its own `base`) was never freed, as a large store's
    # first screen was not once the whole store was shown.
    import gc
    import weakref

    from diplotui.review import apply

    store = Store(tmp_path / "s.json")
    ingest(store, [Path(__file__).resolve().parent.parent / "seeds"])
    enabled = gc.isenabled()
    gc.disable()
    try:
        corpus = Corpus.from_records(store.documents())
        assert corpus.base is corpus
        reviewed = apply(corpus, [])
        assert reviewed.base is corpus
        held = weakref.ref(corpus), weakref.ref(reviewed)
        del corpus, reviewed
        assert [ref() for ref in held] == [None, None]
    finally:
        if enabled:
            gc.enable()
