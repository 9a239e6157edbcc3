"""The merges a SQLite store keeps (worked out at each commit) and the queries it narrows
with them: what readers get from them is what merging as they read gives."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli import cli

from diplotui.ingest import ingest
from diplotui.query import Corpus, View, corpus_for
from diplotui.sqlstore import SQLITE_FORMAT_VERSION
from diplotui.store import FORMAT_VERSION, Store

# Texts written for these tests, in the genre: one cast named in full in some reports and
# by surname in others, two reports of one meeting, and quotes.
REPORTS = {
    "wire.txt": """Title: Okafor and Halm meet in Berlin
Published: 2024-03-05

BERLIN, March 4 (Wire) - Nigerian Foreign Minister Amara Okafor met German Chancellor \
Dieter Halm and Economy Minister Greta Lind in Berlin on Monday. \
"We agreed to double our trade," Okafor told reporters.
""",
    "readout.txt": """Title: Readout of the Chancellor's meeting
Published: 2024-03-04

Chancellor Dieter Halm received Foreign Minister Amara Okafor of Nigeria in Berlin on \
March 4, 2024. The two discussed energy cooperation and the security of the Sahel.
"Germany stands ready to help," Halm said.
""",
    "brief.txt": """Title: Okafor heads to Paris
Published: 2024-03-06

Foreign Minister Okafor will travel to Paris next week. On Tuesday, Foreign Minister Okafor \
held talks with French Foreign Minister Claire Vautrin in Berlin, where both attended a \
conference on the Sahel. "The Sahel needs us," Okafor said.
""",
}

# A second Okafor: after it, "Okafor" alone no longer says which one.
TRADE = """Title: Trade talks in Abuja
Published: 2024-04-10

ABUJA, April 9 (Wire) - Trade Minister Chidi Okafor met Indian Commerce Minister Ravi \
Menon in Abuja on Tuesday. "Our exports will grow," Menon said.
"""

# A speech: a quote with no event, dated by its publication alone.
SPEECH = """Title: Sorvik on the north
Published: 2024-06-01

"The north must stay calm," President Lena Sorvik said in a speech.
"""

# Reports with no date of their meeting at all.
UNDATED = {
    "a.txt": "Title: A\n\nForeign Minister Amara Okafor met Chancellor Dieter Halm.\n",
    "b.txt": "Title: B\n\nPresident Lena Sorvik met Prime Minister Tomas Ekberg.\n",
}


def _picture(corpus: Corpus) -> dict[str, Any]:
    return {
        "people": [asdict(p) for p in corpus.people],
        "events": [asdict(e) for e in corpus.events],
        "quotes": [asdict(q) for q in corpus.quotes],
        "topics": [asdict(t) for t in corpus.topics],
    }


def _kept_merges_hold(store: Store) -> None:
    merged = store.merged()
    assert merged is not None
    kept = Corpus.from_records(store.documents(), merged)
    worked_out = Corpus.from_records(store.documents())
    assert _picture(kept) == _picture(worked_out)


def _write(folder: Path, texts: dict[str, str]) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_the_kept_merges_follow_every_change(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    _write(folder, REPORTS)
    store = Store(tmp_path / "s.sqlite")
    ingest(store, [folder])
    _kept_merges_hold(store)
    corpus = corpus_for(store)
    okafor = next(p for p in corpus.people if p.name == "Amara Okafor")
    assert len(okafor.documents) == 3  # "Okafor" alone joined the full name
    assert any(len(e.documents) == 2 for e in corpus.events)  # one meeting, two reports

    _write(folder, {"trade.txt": TRADE})  # a second Okafor: "Okafor" alone is no one's now
    ingest(store, [folder])
    _kept_merges_hold(store)
    assert len(next(p for p in corpus_for(store).people if p.name == "Amara Okafor").documents) == 2

    (folder / "trade.txt").unlink()
    (folder / "readout.txt").write_text(REPORTS["readout.txt"].replace("March 4", "March 5"))
    ingest(store, [folder])
    _kept_merges_hold(store)
    with store.transaction() as transaction:
        transaction.remove_path(str((folder / "trade.txt").resolve()))
    _kept_merges_hold(store)
    assert len(next(p for p in corpus_for(store).people if p.name == "Amara Okafor").documents) == 3


@pytest.fixture
def stores(tmp_path: Path) -> tuple[Store, Store]:
    folder = tmp_path / "docs"
    _write(folder, {**REPORTS, "trade.txt": TRADE, "b.txt": UNDATED["b.txt"], "speech.txt": SPEECH})
    pair = Store(tmp_path / "s.sqlite"), Store(tmp_path / "s.json")
    for store in pair:
        ingest(store, [folder])
    return pair


QUERIES = [
    "person:lind",  # named by one of the meeting's two reports: both are read
    "person:okafor",
    'person:"amara okafor"',
    "speaker:halm",
    "person:okafor person:halm",
    "person:okafor -person:halm",
    "person:okafor date:2024-03",
    "person:halm berlin",
    "person:okafor sahel",
    "person:nobody",
    "speaker:menon topic:trade",
    "doc:readout",
    "doc:wire okafor",
    "topic:energy",
    "topic:trade",  # a topic's keywords, or a quote's words
    "topic:double",  # a quote's words alone
    "date:2024-06",  # a quote dated by its document's publication
    "date:2024-03-04",
    "date:2024-04",
    "date:2024-03-01..2024-03-31 person:halm",
    "date:2024-03-06 -person:vautrin",
]


def _merged_as_read(store: Store) -> Corpus:
    """The whole corpus with its merges worked out as it is read: the reference."""
    return Corpus.from_records(store.documents())


def _selects_the_same(got: View, expected: View) -> None:
    """The same events, quotes, texts and people, record for record."""
    assert [asdict(e) for e in got.events] == [asdict(e) for e in expected.events]
    assert [asdict(q) for q in got.quotes] == [asdict(q) for q in expected.quotes]
    assert [d.id for d in got.texts] == [d.id for d in expected.texts]
    assert [asdict(p) for p in got.people] == [asdict(p) for p in expected.people]


# Free words, each found in a different part of the records or texts: a place, the
# words of a text alone, a title, a date, a kind, a phrase, a name, a quote's words, a
# document's title, a word of nothing, and words with a negation.
WORD_QUERIES = [
    "berlin",
    "conference",  # the text of one report only
    "chancellor",
    "2024-03",
    "talks",
    '"foreign minister"',
    "menon",
    "exports",
    "readout",
    "zzqx",
    "okafor -berlin",
    "sahel okafor",
    "nigeria",
    "germ",  # the start of a word, and within one ("German", "Germany")
    "defence",  # a topic's label alone ("Security and defence")
    "ouble",  # within a word of a quote, which the index of texts finds no word for
]


@pytest.mark.parametrize("backend", ["sqlite", "json"])
@pytest.mark.parametrize("query", QUERIES + WORD_QUERIES)
def test_a_narrowed_query_selects_what_the_whole_corpus_does(
    stores: tuple[Store, Store], query: str, backend: str
) -> None:
    narrowed = corpus_for(stores[backend == "json"], query)
    whole = _merged_as_read(stores[1])
    if backend == "sqlite" or query in QUERIES:  # (a JSON store reads all for a free word)
        assert len(narrowed.documents) < len(whole.documents)  # it did narrow
    _selects_the_same(narrowed.search(query), whole.search(query))


# A country named for a person in one report only: a word of it selects their
# meetings reported elsewhere too.
COUNTRY_OF_ANOTHER_REPORT = {
    "accra.txt": """Title: Visit to Accra
Published: 2024-05-02

ACCRA, May 2 (Wire) - Kenyan Foreign Minister Wanjiru Kamau met Ghanaian President \
Kofi Mensah in Accra on Thursday.
""",
    "lisbon.txt": """Title: Talks in Lisbon
Published: 2024-05-09

LISBON, May 8 (Wire) - Foreign Minister Wanjiru Kamau held talks with Portuguese Prime \
Minister Rui Costa in Lisbon on Wednesday.
""",
    "oslo.txt": """Title: Talks in Oslo
Published: 2024-05-10

OSLO, May 9 (Wire) - Prime Minister Ingrid Solberg met Finance Minister Lars Dahl in \
Oslo on Thursday.
""",
}


def test_a_word_of_a_persons_country_from_another_report_is_found_in_their_meetings(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "docs"
    _write(folder, COUNTRY_OF_ANOTHER_REPORT)
    store = Store(tmp_path / "s.sqlite")
    ingest(store, [folder])
    whole = corpus_for(store).search("kenya")
    assert {e.place for e in whole.events} == {"Accra", "Lisbon"}  # Lisbon by her country
    narrowed = corpus_for(store, "kenya")
    assert len(narrowed.documents) == 2
    assert [asdict(e) for e in narrowed.search("kenya").events] == [asdict(e) for e in whole.events]


def test_a_version_2_store_reads_everything_for_a_word_until_the_next_write(tmp_path: Path) -> None:
    folder, store = _reports_in_sqlite(tmp_path)
    before = corpus_for(store, "paris")
    assert len(before.documents) < len(REPORTS)
    _as_version_2(store.path)
    assert store.documents_for("words", "paris") is None
    assert len(corpus_for(store, "paris").documents) == len(REPORTS)  # every document
    ingest(store, [folder])  # nothing changed, but the writer upgrades the file
    with sqlite3.connect(store.path) as connection:
        version = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]
    connection.close()
    assert version == str(SQLITE_FORMAT_VERSION)
    assert _picture(corpus_for(store, "paris")) == _picture(before)
    assert "USING COVERING INDEX doc_events_dates" in _plans(store.path)  # format 4's too


def test_the_first_screens_counts_and_axis_read_indexes_not_records(tmp_path: Path) -> None:
    folder, store = _reports_in_sqlite(tmp_path)
    plans = _plans(store.path)
    for index in ("doc_events_dates", "doc_quotes_statement", "people_id"):
        assert f"USING COVERING INDEX {index}" in plans
    counts, dates = store.counts(), store.event_dates()
    _as_version_3(store.path)
    assert "doc_events_dates" not in _plans(store.path)
    assert (store.counts(), store.event_dates()) == (counts, dates)  # read from the tables
    ingest(store, [folder])  # nothing changed, but the writer upgrades the file
    with sqlite3.connect(store.path) as connection:
        version = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]
    connection.close()
    assert version == str(SQLITE_FORMAT_VERSION)
    assert _plans(store.path) == plans
    assert (store.counts(), store.event_dates()) == (counts, dates)


@pytest.mark.parametrize(
    "args",
    [
        ["export", "berlin"],
        ["export", "--format", "json", "okafor"],
        ["export", "--format", "csv", "talks", "-person:menon"],
        ["cadence", "Amara Okafor", "Halm"],
        ["cadence", "Okafor", "Halm"],  # two people are named Okafor: the same refusal
        ["cadence", "Amara Okafor", "Claire Vautrin", "--json"],
        ["cadence", "--countries", "Nigeria", "Germany"],
        ["search", "--json", "exports"],
    ],
)
def test_the_cli_answers_from_a_sqlite_stores_indexes_as_from_the_whole_store(
    stores: tuple[Store, Store], capsys, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from diplotui import query

    read: list[int] = []
    reading = query.Corpus.from_records

    def counted(records, *rest, **named):
        records = list(records)
        read.append(len(records))
        return reading(records, *rest, **named)

    monkeypatch.setattr(query.Corpus, "from_records", staticmethod(counted))
    answers = []
    for store in stores:
        read.clear()
        answers.append(cli(capsys, *args, "--db", str(store.path)))
        if store.path.suffix == ".sqlite":
            assert read and max(read) < 6  # of six documents
    assert answers[0] == answers[1]
    if args[1] == "Okafor":
        assert answers[0][0] == 2 and "2 people named 'Okafor'" in answers[0][2]
    else:
        assert answers[0][0] == 0 and answers[0][1]


def test_the_most_active_people_and_the_topics_a_store_counts_are_the_corpus_s(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    from collections import Counter

    # Besides: a second meeting for Halm, and a speaker who took part in no event.
    more = {
        "bonn.txt": "Title: Halm in Bonn\nPublished: 2024-05-04\n\nBONN, May 3 (Wire) - Chancellor "
        "Dieter Halm met President Lena Sorvik in Bonn on Friday. They discussed energy supplies.\n",
        "bonn-readout.txt": "Title: Readout: the Chancellor receives President Sorvik\nPublished: "
        "2024-05-03\n\nChancellor Dieter Halm received President Lena Sorvik in Bonn on May 3, 2024. "
        "The two discussed energy.\n",
        "speech.txt": SPEECH.replace("Sorvik", "Halvorsen"),
    }
    _write(tmp_path / "more", more)
    sqlite, json = stores
    for store in stores:
        ingest(store, [tmp_path / "more"])
    whole = _merged_as_read(json)
    assert json.most_active(5) is None and json.topic_counts() is None
    for count in (1, 3, len(whole.people) + 5):
        expected = [(p, whole.event_count(p.id), whole.quote_count(p.id)) for p in whole.by_activity[:count]]
        got = sqlite.most_active(count)
        assert got is not None
        assert [(asdict(p), e, q) for p, e, q in got] == [(asdict(p), e, q) for p, e, q in expected]
    assert got[0][0].name == "Dieter Halm" and got[0][1] == 2  # in Berlin and in Bonn
    assert (got[-1][0].name, got[-1][1:]) == ("Lena Halvorsen", (0, 1))  # no event, one quote
    # (The meeting in Bonn has two reports, each of energy: it is counted once.)
    counted = Counter(t for e in whole.events for t in e.topics)
    topics = sqlite.topic_counts()
    assert topics is not None and counted
    assert {t.id: n for t, n in topics} == {t.id: counted.get(t.id, 0) for t in whole.topics}
    assert [asdict(t) for t, _ in topics] == [asdict(t) for t in whole.topics]


@pytest.mark.parametrize("backend", ["sqlite", "json"])
def test_a_person_id_narrows_to_that_identity(stores: tuple[Store, Store], backend: str) -> None:
    whole = _merged_as_read(stores[1])
    okafor = next(p for p in whole.people if p.name == "Amara Okafor")
    query = f"person:{okafor.id}"
    got = corpus_for(stores[backend == "json"], query).search(query)
    assert [e.id for e in got.events] == [e.id for e in whole.search(query).events]
    assert got.events and all(okafor.id in e.participants for e in got.events)


def test_ingest_counts_the_same_on_either_backend(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "docs"
    _write(folder, {**REPORTS, "trade.txt": TRADE})
    lines = []
    for name in ("s.json", "s.sqlite"):
        status, _, err = cli(capsys, "ingest", str(folder), "--db", str(tmp_path / name))
        assert status == 0
        lines.append(err.strip().splitlines()[-1])
    assert lines[0] == lines[1] and lines[0].startswith("4 documents (4 new")


def _as_version_1(path: Path) -> None:
    """Take a store back to format 1: no record tables, no kept merges."""
    with sqlite3.connect(path) as connection:
        listed = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        for (table,) in listed:
            if table not in ("meta", "documents", "sqlite_sequence") and not table.startswith(
                "document_text"
            ):
                connection.execute(f"DROP TABLE {table}")
        connection.execute("DROP TRIGGER documents_records_delete")
        connection.execute("DROP TRIGGER documents_record_text_delete")
        connection.execute("UPDATE meta SET value = '1' WHERE key = 'version'")
    connection.close()


# What taking a store back to the format before undoes, format by format.
_UNDO_FORMAT_4 = [
    f"DROP INDEX {index}" for index in ("doc_events_dates", "doc_quotes_statement", "people_id")
]
_UNDO_FORMAT_3 = [
    "DROP TABLE doc_records",
    "DROP TABLE event_topics",
    "DROP TRIGGER documents_record_text_delete",
]


def _as_version(path: Path, version: int, undo: list[str]) -> None:
    with sqlite3.connect(path) as connection:
        for statement in undo:
            connection.execute(statement)
        connection.execute("UPDATE meta SET value = ? WHERE key = 'version'", (str(version),))
    connection.close()


def _as_version_2(path: Path) -> None:
    """Take a store back to format 2: no record text, no events' topics, no indexes of
    the first screen."""
    _as_version(path, 2, _UNDO_FORMAT_4 + _UNDO_FORMAT_3)


def _as_version_3(path: Path) -> None:
    """Take a store back to format 3: without the first screen's indexes."""
    _as_version(path, 3, _UNDO_FORMAT_4)


def _plans(path: Path) -> str:
    """How SQLite reads the first screen's counts and time axis."""
    from diplotui.sqlstore import _COUNTS, _EVENT_DATES

    with sqlite3.connect(path) as connection:
        steps = [
            row[3]
            for sql in (_COUNTS, _EVENT_DATES)
            for row in connection.execute("EXPLAIN QUERY PLAN " + sql)
        ]
    connection.close()
    return "\n".join(steps)


def _reports_in_sqlite(tmp_path: Path) -> tuple[Path, Store]:
    """The reports, written to a folder and ingested into a SQLite store."""
    folder = tmp_path / "docs"
    _write(folder, REPORTS)
    store = Store(tmp_path / "s.sqlite")
    ingest(store, [folder])
    return folder, store


def test_a_version_1_store_is_read_as_before_and_upgraded_by_the_next_write(tmp_path: Path) -> None:
    folder, store = _reports_in_sqlite(tmp_path)
    before = _picture(corpus_for(store))
    _as_version_1(store.path)
    assert store.merged() is None and store.documents_for("person", "okafor") is None
    assert _picture(corpus_for(store, "person:okafor")) == before  # every document, merged as read
    ingest(store, [folder])  # nothing changed, but the writer upgrades the file
    with sqlite3.connect(store.path) as connection:
        version = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]
    connection.close()
    assert version == str(SQLITE_FORMAT_VERSION)
    _kept_merges_hold(store)
    assert _picture(corpus_for(store)) == before


@pytest.mark.parametrize("backend", ["json", "sqlite"])
def test_the_date_note_counts_the_undated_events_the_rest_of_the_query_selects(
    tmp_path: Path, capsys, backend: str
) -> None:
    folder = tmp_path / "docs"
    _write(folder, UNDATED)
    db = str(tmp_path / f"s.{backend}")
    assert cli(capsys, "ingest", str(folder), "--db", db)[0] == 0
    _, _, err = cli(capsys, "search", "date:2024", "--db", db)
    assert "note: 2 events without any date" in err
    _, _, err = cli(capsys, "search", "person:okafor date:2024", "--db", db)
    assert "note: 1 event without any date" in err


# -- the merges kept in step a change at a time are those worked out whole ----------------

# A cast in which surnames are shared (two Okafors) and people are named in full in some
# reports and by title and surname in others.
CAST = [
    ("Foreign Minister", "Amara Okafor"),
    ("Trade Minister", "Chidi Okafor"),
    ("Chancellor", "Dieter Halm"),
    ("Economy Minister", "Greta Lind"),
    ("Prime Minister", "Ravi Menon"),
]


def _report(number: int, first: int, second: int, full: tuple[bool, bool], day: int, planned: bool) -> str:
    def named(who: int, in_full: bool) -> str:
        title, name = CAST[who]
        return f"{title} {name if in_full else name.split()[-1]}"

    verb = "will meet" if planned else "met"
    return (
        f"Title: Report {number}\nPublished: 2024-05-{day + 1:02d}\n\n"
        f"{named(first, full[0])} {verb} {named(second, full[1])} in Vienna on May {day}, 2024. "
        f'"We spoke of {SUBJECTS[number % len(SUBJECTS)]}," {CAST[first][1].split()[-1]} said.\n'
    )


# Reports of different topics, so that a change can renumber the distinct topics kept.
SUBJECTS = ["trade", "climate change and emissions", "energy security and gas supplies"]


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """Records of reports of meetings within the cast, read once for every example."""
    folder = tmp_path_factory.mktemp("pool")
    texts = {}
    number = 0
    for first in range(len(CAST)):
        for second in range(len(CAST)):
            if first == second:
                continue
            for full, day, planned in (
                ((True, True), 6, False),
                ((False, True), 6, False),
                ((True, False), 7, True),
            ):
                texts[f"r{number:03d}.txt"] = _report(number, first, second, full, day, planned)
                number += 1
    _write(folder, texts)
    store = Store(folder / "pool.json")
    ingest(store, [folder])
    return store.documents()


def _merge_tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    tables = ("person_map", "event_map", "people", "person_names", "person_aliases", "event_keys")
    with sqlite3.connect(path) as connection:
        found = {t: sorted(connection.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}
    connection.close()
    return found


def _changes_one_at_a_time(store: Store, pool: list[dict[str, Any]], data: st.DataObject) -> Iterator[None]:
    """Put drawn documents of `pool` in a new store (whose merges are worked out whole),
    then make drawn changes one commit at a time, pausing after each."""
    start = data.draw(st.lists(st.sampled_from(pool), max_size=12, unique_by=lambda r: r["id"]))
    with store.transaction() as transaction:
        for record in start:
            transaction.put(record)
    actions = st.sampled_from(["put", "remove", "restamp", "other records", "edited records"])
    steps = data.draw(st.lists(st.tuples(actions, st.sampled_from(pool)), min_size=1, max_size=6))
    for number, (action, record) in enumerate(steps):
        with store.transaction() as transaction:
            if action == "put":
                transaction.put(record)
            elif action == "remove":
                transaction.remove_path(record["abspath"])
            elif action == "restamp":  # the same file touched: its records unchanged
                transaction.put({**record, "file_stat": [1, number]})
            else:  # extracted again by other rules (another fingerprint), or edited
                people = record["extraction"]["people"][1:]
                changed = {**record["extraction"], "people": people}
                fingerprint = f"other-{number}" if action == "other records" else record["fingerprint"]
                transaction.put({**record, "fingerprint": fingerprint, "extraction": changed})
        yield


@pytest.mark.parametrize("backend", ["sqlite", "json"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_merges_kept_a_change_at_a_time_are_those_worked_out_whole(
    pool: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, backend: str
) -> None:
    from diplotui import sqlmerge

    path = tmp_path_factory.mktemp("inc") / f"s.{backend}"
    store = Store(path)
    for _ in _changes_one_at_a_time(store, pool, data):
        if Store(path).is_empty():
            continue
        if backend == "json":
            assert _kept_row(path) == _worked_out_whole(Store(path))
            continue
        kept = _merge_tables(path)
        with sqlite3.connect(path) as connection:
            sqlmerge.refresh_all(connection)
        connection.close()
        assert kept == _merge_tables(path)
    if not Store(path).is_empty():
        _kept_merges_hold(Store(path))


def _kept_row(path: Path) -> dict[str, Any]:
    """The kept merges row of a JSON store, its packed parts parsed, with its state (read
    from the file where the row says)."""
    raw = path.read_bytes()
    data = orjson.loads(raw)
    row = next(iter(data["merges"].values()))
    segment = int(data["diplotui"]["1"]["contents_at"]) + len(b',"contents":')
    start, end = row["state_at"]
    assert data["contents"]["state"] == orjson.loads(raw[segment + start : segment + end])
    return _parsed(row, data["contents"]["state"])


def _parsed(row: dict[str, Any], state: dict[str, Any] | None = None) -> dict[str, Any]:
    """A kept row's parts, parsed (and its state, given or as `work_out` made it)."""
    return {
        "digest": row["digest"],
        "counts": row["counts"],
        "kept": row["kept"],
        "merges": orjson.loads(row["merges"]),
        "index": {name: orjson.loads(part) for name, part in row["index"].items()},
        "state": state if state is not None else orjson.loads(row["state"]),
    }


def _worked_out_whole(store: Store) -> dict[str, Any]:
    from diplotui import jsonmerges

    with store.transaction() as transaction:
        return _parsed(jsonmerges.work_out(transaction.rows(), transaction.each_document))


def _store_watched(
    path: Path, records: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> tuple[Store, list[str]]:
    """A JSON store of these records, and the ids of the entries read from its contents
    from then on ("": the merges' state)."""
    from diplotui import jsonfile

    store = Store(path)
    with store.transaction() as transaction:
        for record in records:
            transaction.put(record)
    read: list[str] = []
    entry = jsonfile.Contents.entry

    def spy(self: jsonfile.Contents, doc: str, at: Any, text: bool = True) -> dict[str, Any]:
        read.append(doc)
        return entry(self, doc, at, text)

    monkeypatch.setattr(jsonfile.Contents, "entry", spy)
    return store, read


def test_a_json_commit_reads_only_the_documents_it_changed(
    pool: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, read = _store_watched(tmp_path / "s.json", pool[:30], monkeypatch)
    with store.transaction() as transaction:
        transaction.put(pool[40])
        transaction.remove_path(pool[3]["abspath"])
    # The new document's records came with it: only what the merges read was read from
    # the file (its entry without a document).
    assert read == [""]
    assert _kept_row(store.path) == _worked_out_whole(Store(store.path))
    # A write that changes no document (a note) copies that entry as it is, and the next
    # commit reads it from its new place.
    with store.transaction() as transaction:
        transaction.put_annotation(
            {"id": "a1", "target": pool[5]["id"], "kind": "note", "created": "now", "value": "n"}
        )
    read.clear()
    with store.transaction() as transaction:
        transaction.remove_path(pool[6]["abspath"])
    assert read == [""]
    assert _kept_row(store.path) == _worked_out_whole(Store(store.path))


def test_a_kept_row_without_what_the_merges_read_is_worked_out_whole(
    pool: list[dict[str, Any]], tmp_path: Path
) -> None:
    from diplotui import jsonmerges

    store = Store(tmp_path / "s.json")
    with store.transaction() as transaction:
        for record in pool[:10]:
            transaction.put(record)
    kept = next(iter(orjson.loads(store.path.read_bytes())["merges"].values()))
    # As an earlier version kept it, or spoilt: of another form, without its state or not
    # where it says, its index without the changed document's entries or not an object;
    # the state without `members` or `topics`, with `names` not a table, with the totals
    # not two numbers, with a document's entry not JSON or its people not a list, or
    # empty.
    row_spoils = [
        lambda row: row.update(kept=0),
        lambda row: row.pop("state_at"),
        lambda row: row.update(state_at=[row["state_at"][0] + 1, row["state_at"][1]]),
        lambda row: row.update(index={**row["index"], "records": "{}"}),
        lambda row: row.update(index={**row["index"], "quoted": "[]"}),
    ]
    state_spoils = [
        lambda state: state.pop("members"),
        lambda state: state.pop("topics"),
        lambda state: state.update(names=[1, 2]),
        lambda state: state.update(totals=[1]),
        lambda state: state["members"].update({rows[0]["id"]: "not JSON"}),
        lambda state: state["members"].update({rows[0]["id"]: '["not a list",[],0]'}),
        lambda state: state.clear(),
    ]
    with store.transaction() as transaction:
        rows = transaction.rows()
        untouched = {row["id"] for row in rows[1:]}  # the first document put again

        def worked_out(row: dict[str, Any], read: Any) -> dict[str, Any]:
            return _parsed(jsonmerges.work_out(rows, transaction.each_document, row, rows, untouched, read))

        whole = _parsed(jsonmerges.work_out(rows, transaction.each_document))
        assert worked_out(kept, transaction.read_entry) == whole
        for spoil in row_spoils:
            spoilt = dict(kept)
            spoil(spoilt)
            assert worked_out(spoilt, transaction.read_entry) == whole
        for state_spoil in state_spoils:
            entry = transaction.read_entry(kept["state_at"])
            state_spoil(entry["state"])
            assert worked_out(kept, lambda at, entry=entry: entry) == whole
        # As the version before kept it (form 1: each document's entry parsed with the
        # state, its topics in it): brought to this form, the same row.
        entry = transaction.read_entry(kept["state_at"])
        state = entry["state"]
        members = {
            doc: [*orjson.loads(text)[:2], state["topics"][doc], orjson.loads(text)[2]]
            for doc, text in state["members"].items()
        }
        form_1 = {"members": members, "variants": state["variants"], "names": state["names"]}
        read_form_1 = lambda at: {"id": "", "state": form_1}  # noqa: E731
        assert worked_out({**kept, "kept": 1}, read_form_1) == whole
        # ... not only because it was worked out whole: that reads every document.
        read: list[str] = []
        each_document = transaction.each_document

        def spy(rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
            read.extend(row["id"] for row in rows)
            return each_document(rows)

        assert (
            _parsed(jsonmerges.work_out(rows, spy, {**kept, "kept": 1}, rows, untouched, read_form_1))
            == whole
        )
        assert read == [rows[0]["id"]]


@pytest.mark.parametrize(
    ("dropped", "added"),
    [
        ([], {}),
        (["a"], {}),  # the first entry
        (["b"], {"b": [1]}),  # one in the middle, put back at the end
        (["b", "c"], {"e": {}}),  # two side by side
        (["c", "d"], {}),  # the last two
        (["a", "b", "c", "d"], {}),  # every one
        (["a", "b", "c", "d"], {"f": ["x"]}),
        (["d"], {}),  # the last, whose key has characters JSON escapes
    ],
)
@pytest.mark.parametrize("most", [1000, 0])  # cut out of the text, or parsed and written anew
def test_an_index_part_is_spliced_as_if_written_anew(
    dropped: list[str], added: dict[str, Any], most: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diplotui import jsonmerges
    from diplotui.jsonmerges import _Packed

    monkeypatch.setattr(jsonmerges, "_SPLICE_AT_MOST", most)

    # Quoted texts hold what looks like another entry's key, which must not be cut.
    entries: dict[str, Any] = {
        "a": ['he said "b": no', '"c":[1]'],
        "b": {"people": ["p-1"], "events": [["e-1", None, None, None]]},
        "c": [],
        'd"\\': ["d"],
    }
    keys = {"d": 'd"\\'}
    dropped = [keys.get(name, name) for name in dropped]
    expected = {doc: entry for doc, entry in entries.items() if doc not in dropped} | added
    spliced = _Packed(orjson.dumps(entries).decode(), dropped, added).text()
    assert orjson.loads(spliced) == expected


def test_an_index_part_without_an_entry_to_cut_is_refused() -> None:
    from diplotui.jsonmerges import _Packed

    with pytest.raises(ValueError):
        _Packed(orjson.dumps({"a": ['he said "b": no']}).decode(), ["b"], {}).text()


def test_an_ingest_in_batches_merges_after_its_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from diplotui.sqlstore import SQLiteStore

    folder = tmp_path / "docs"
    _write(folder, {**REPORTS, "trade.txt": TRADE, "speech.txt": SPEECH})
    monkeypatch.setattr(SQLiteStore, "batch_size", 2)
    store = Store(tmp_path / "s.sqlite")
    report = ingest(store, [folder], workers=1)
    assert report.added == 5 and report.documents == 5
    _kept_merges_hold(store)
    assert len(next(p for p in corpus_for(store).people if p.name == "Dieter Halm").documents) == 2


def test_merges_left_behind_by_a_cut_short_ingest_are_not_used_and_are_redone(tmp_path: Path) -> None:
    folder, store = _reports_in_sqlite(tmp_path)
    whole = _picture(corpus_for(store))
    _write(folder, {"trade.txt": TRADE})
    records = Store(tmp_path / "other.json")
    ingest(records, [folder / "trade.txt"])
    with store.transaction(more=True) as transaction:  # a batch, and then the ingest was killed
        transaction.put(records.documents()[0])
    assert store.merged() is None and store.documents_for("person", "okafor") is None
    assert store.counts() is None
    assert _picture(corpus_for(store, "person:okafor")) != whole  # the new document is in
    assert _picture(corpus_for(store)) == _picture(Corpus.from_records(store.documents()))
    with store.transaction():  # the next write, of anything, works them out
        pass
    assert store.merged() is not None
    _kept_merges_hold(store)


def test_ingest_counts_what_the_corpus_holds(stores: tuple[Store, Store]) -> None:
    from diplotui.query import merged_counts

    for store in stores:
        corpus = Corpus.from_records(store.documents())
        statements = sum(1 for q in corpus.quotes if not q.short)
        expected = (len(corpus.documents), len(corpus.events), len(corpus.people), statements)
        assert merged_counts(store.documents()) == expected
        assert store.counts() in (None, expected)


def _same_corpus(got: Corpus, expected: Corpus) -> None:
    assert [asdict(e) for e in got.events] == [asdict(e) for e in expected.events]
    assert [asdict(p) for p in got.people] == [asdict(p) for p in expected.people]
    assert [asdict(q) for q in got.quotes] == [asdict(q) for q in expected.quotes]
    assert got.reports.keys() == expected.reports.keys()


def test_a_json_store_keeps_its_merges_in_step_with_its_documents(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    _write(folder, {**REPORTS, "trade.txt": TRADE})
    store = Store(tmp_path / "s.json")
    report = ingest(store, [folder])
    row = next(iter(orjson.loads(store.path.read_bytes())["merges"].values()))
    assert row["counts"] == [report.documents, report.events, report.people, report.quotes]
    decided = orjson.loads(row["merges"])  # packed, as the documents' records
    assert decided["event_map"] and decided["people"]  # reports of one meeting; people named twice
    assert store.merged() is not None and store.counts() == tuple(row["counts"])
    _same_corpus(corpus_for(store), _merged_as_read(store))
    # A change (a report dropped, one edited) works them out again.
    (folder / "trade.txt").unlink()
    first = sorted(folder.iterdir())[0]
    first.write_text(first.read_text().replace("Berlin", "Vienna"))
    ingest(store, [folder])
    with store.transaction() as transaction:
        transaction.remove_path(str(tmp_path.resolve() / "docs" / "trade.txt"))
    assert store.counts() == (3, *store.counts()[1:])  # type: ignore[misc]
    _same_corpus(corpus_for(store), _merged_as_read(store))
    assert "Vienna" in {e.place for e in corpus_for(store, "person:okafor").events}


def test_merges_an_older_version_left_behind_are_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    _write(folder, {**REPORTS, "trade.txt": TRADE})
    store = Store(tmp_path / "s.json")
    ingest(store, [folder])
    # An older diplotui changes the documents and keeps the merges table as it found it.
    data = orjson.loads(store.path.read_bytes())
    gone = next(k for k, d in data["documents"].items() if d["title"].startswith("Trade"))
    del data["documents"][gone]
    store.path.write_bytes(orjson.dumps(data))
    fresh = Store(store.path)
    assert fresh.merged() is None and fresh.counts() is None
    assert fresh.documents_for("person", "okafor") is None  # reads everything, as before
    _same_corpus(corpus_for(fresh, "person:okafor"), _merged_as_read(fresh))
    # An index that is not what a commit writes is not used.
    ingest(fresh, [folder])
    real = orjson.loads(store.path.read_bytes())["merges"]["1"]["index"]
    assert Store(store.path).documents_for("person", "okafor") is not None
    broken = [7, {}, {**real, "records": '{"x": {}}'}, {**real, "records": "{"}]
    for index in [*broken, {**real, "people": "[]"}]:
        data = orjson.loads(store.path.read_bytes())
        data["merges"]["1"]["index"] = index
        store.path.write_bytes(orjson.dumps(data))
        fresh = Store(store.path)
        assert fresh.merged() is not None and fresh.documents_for("person", "okafor") is None, index
        assert (fresh.documents_holding({"x"}) is None) == (index in broken), index
        _same_corpus(corpus_for(fresh, "person:okafor"), _merged_as_read(fresh))
    # A malformed row is no row.
    data["merges"] = {"1": {"digest": 3}}
    store.path.write_bytes(orjson.dumps(data))
    assert Store(store.path).merged() is None


@pytest.mark.parametrize("backend", ["sqlite", "json"])
def test_the_documents_holding_a_record_are_its_own_and_its_events_reports(
    stores: tuple[Store, Store], backend: str
) -> None:
    store = stores[backend == "json"]
    whole = _merged_as_read(stores[1])
    every = {d.id for d in whole.documents}
    quote = next(q for q in whole.quotes if not q.event)
    shared = next(e for e in whole.events if len(e.documents) > 1)
    person = next(p for p in whole.people if p.name == "Amara Okafor")
    document = whole.documents[0]
    expected = {
        quote.id: {quote.document},
        shared.id: set(shared.documents),
        person.id: {d for e in whole.events_by_person[person.id] for d in e.documents}
        | set(person.documents),
        document.id: {document.id}
        | {d for e in whole.events if document.id in e.documents for d in e.documents},
    }
    for record, documents in expected.items():
        assert store.documents_holding({record}) == documents, record
        assert documents < every, record


def _as_json_version(path: Path, version: int) -> None:
    """Take a JSON store back to format 1 (each document's text and records as objects in
    its row, and kept merges without an index) or 2 (its records packed as one JSON text)."""
    data = orjson.loads(path.read_bytes())
    data["diplotui"]["1"] = {"format": "diplotui-store", "version": version}
    contents = {row["id"]: row for row in data.pop("contents").values()}  # and the merges' state
    for name in ("kept", "state_at"):
        data["merges"]["1"].pop(name, None)
    for document in data["documents"].values():
        del document["content_at"]
        entry = contents[document["id"]]
        document["text"] = entry["text"]
        document["extraction"] = (
            entry["extraction"] if version == 1 else orjson.dumps(entry["extraction"]).decode()
        )
    if version == 1:
        row = data["merges"]["1"]
        del row["index"]
        row.update(orjson.loads(row.pop("merges")))
    path.write_bytes(orjson.dumps(data))


def _older_store(tmp_path: Path, version: int) -> tuple[Store, list[dict[str, Any]], dict[str, Any]]:
    """A JSON store of REPORTS taken back to an older format, with its documents and the
    corpus they make as this version wrote them."""
    _write(tmp_path / "docs", REPORTS)
    store = Store(tmp_path / "s.json")
    ingest(store, [tmp_path / "docs"])
    documents, before = store.documents(), _picture(corpus_for(store))
    assert all(isinstance(d["extraction"], dict) for d in documents)  # unpacked for readers
    _as_json_version(store.path, version)
    return store, documents, before


def test_a_json_store_of_format_1_is_read_and_laid_out_by_the_next_write(tmp_path: Path) -> None:
    store, documents, before = _older_store(tmp_path, 1)
    old = Store(store.path)
    assert old.documents() == documents
    assert old.merged() is not None  # its kept merges are used
    assert old.documents_for("person", "okafor") is None  # no index: reads everything
    assert _picture(corpus_for(old, "person:okafor")) == before  # every document, merged as read
    # A write of anything (here a note, no document) writes the file in this format.
    with old.transaction() as transaction:
        note = {"id": "a1", "target": "d-x", "kind": "note", "created": "now", "value": "n"}
        transaction.put_annotation(note)
    data = orjson.loads(store.path.read_bytes())
    assert data["diplotui"]["1"]["version"] == FORMAT_VERSION
    assert not any("extraction" in d or "text" in d for d in data["documents"].values())  # at the end
    assert all(isinstance(entry["extraction"], dict) for entry in data["contents"].values() if entry["id"])
    new = Store(store.path)
    assert new.documents() == documents and _picture(corpus_for(new)) == before
    narrowed = new.documents_for("person", "okafor")
    assert narrowed is not None and len(narrowed) == 3


def test_a_json_write_works_the_merges_out_again_only_when_records_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from diplotui import jsonmerges

    folder = tmp_path / "docs"
    _write(folder, REPORTS)
    store = Store(tmp_path / "s.json")
    ingest(store, [folder])
    worked: list[int] = []
    real = jsonmerges.work_out
    monkeypatch.setattr(jsonmerges, "work_out", lambda *args: (worked.append(1), real(*args))[1])
    # A file touched but not changed is stamped anew: its records, and so the merges, stand.
    wire = folder / "wire.txt"
    os.utime(wire, (1_000_000_000, 1_000_000_000))
    report = ingest(store, [folder])
    assert report.unchanged == 3 and worked == []
    assert store.counts() == (report.documents, report.events, report.people, report.quotes)
    assert store.documents_for("person", "okafor") is not None
    # The same document with other records (rules switched off, say) is merged again.
    document = next(d for d in store.documents() if d["path"].endswith("brief.txt"))
    before = store.counts()
    document["extraction"]["events"] = []
    with store.transaction() as transaction:
        transaction.put(document)
    assert worked == [1] and store.counts() != before
    _same_corpus(corpus_for(store, "person:okafor"), _merged_as_read(store))


@pytest.mark.parametrize("name", ["s.json", "s.sqlite"])
def test_a_reader_shows_lexicon_topics_without_loading_the_lexicon(tmp_path: Path, name: str) -> None:
    # The lexicon's gazetteer takes a good part of a second to load; the store keeps each
    # topic whole (keywords included), so reading it needs none of the extractor.
    import subprocess
    import sys

    folder = tmp_path / "docs"
    _write(folder, REPORTS)  # the readout's "energy cooperation": a lexicon topic
    store = Store(tmp_path / name)
    ingest(store, [folder])
    code = (
        "import sys; from diplotui.store import Store; from diplotui.query import corpus_for; "
        "c = corpus_for(Store(sys.argv[1])); "
        "print(sorted(t.label for t in c.topics if t.keywords)); "
        "print(sorted(m for m in sys.modules if m in ('diplotui.lexicon', 'diplotui.extract.topics')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(store.path)], capture_output=True, text=True, check=True
    )
    labels, loaded = done.stdout.splitlines()
    assert "energy" in labels.lower()
    assert loaded == "[]"


def test_a_json_store_of_format_2_is_read_and_laid_out_by_the_next_write(tmp_path: Path) -> None:
    store, documents, before = _older_store(tmp_path, 2)
    folder = tmp_path / "docs"
    old = Store(store.path)
    assert old.documents() == documents
    assert _picture(corpus_for(old, "person:okafor")) == before
    (folder / "wire.txt").write_text(REPORTS["wire.txt"].replace("Monday", "Tuesday"))
    ingest(old, [folder])  # a changed document: the file is laid out anew
    data = orjson.loads(store.path.read_bytes())
    assert data["diplotui"]["1"]["version"] == FORMAT_VERSION
    assert not any("extraction" in d or "text" in d for d in data["documents"].values())
    new = Store(store.path).documents()
    assert [d for d in new if not d["path"].endswith("wire.txt")] == [
        d for d in documents if not d["path"].endswith("wire.txt")
    ]
    assert "Tuesday" in next(d["text"] for d in new if d["path"].endswith("wire.txt"))


@pytest.mark.parametrize("name", ["s.json", "s.sqlite"])
def test_the_undated_events_a_store_counts_are_those_of_the_whole_corpus(tmp_path: Path, name: str) -> None:
    # Reports of one meeting with and without a date, undated meetings, dated ones.
    folder = tmp_path / "docs"
    _write(folder, {**REPORTS, **UNDATED, "trade.txt": TRADE, "speech.txt": SPEECH})
    store = Store(tmp_path / name)
    ingest(store, [folder])
    whole = sum(1 for e in corpus_for(store).events if not e.date_start and not e.date_partial)
    assert whole > 0
    assert store.undated_events() == whole


def test_a_commit_that_changes_most_documents_does_not_read_the_kept_state(
    pool: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A new extractor version re-reads every document: each is unpacked anyway, and the
    # state (parsed, then held through the work) would only cost time and memory.
    store, read = _store_watched(tmp_path / "s.json", pool[:10], monkeypatch)
    with store.transaction() as transaction:
        for record in pool[:6]:  # six of ten documents extracted again, by other rules
            transaction.put({**record, "fingerprint": "other"})
    assert "" not in read and len(read) == 4  # the four untouched ones, unpacked
    assert _kept_row(store.path) == _worked_out_whole(Store(store.path))
    read.clear()
    with store.transaction() as transaction:  # one of ten: the state is read
        transaction.put({**pool[0], "fingerprint": "other again"})
    assert read == [""]
