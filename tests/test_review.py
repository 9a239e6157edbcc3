"""The analyst's layer: decisions kept apart from extraction, applied everywhere, and
never lost by ingest, `--force`, a new extractor or a store format upgrade."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli import cli
from test_stored_merges import _as_version_1

import diplotui.extract.pipeline as extract_module
import diplotui.ingest as ingest_module
from diplotui.annotate import annotate, remove
from diplotui.export import export_csv, export_json, export_markdown
from diplotui.ingest import ingest
from diplotui.query import Corpus, QueryError, corpus_for, parse_query
from diplotui.review import ReviewError, score
from diplotui.sqlstore import SQLITE_FORMAT_VERSION
from diplotui.store import Store, StoreError

# Texts written for these tests, in the genre: a wire story with two meetings and a
# quote, and a government readout of one of them.
WIRE = """Title: Ruiz and Tanaka meet in Lisbon
Published: 2025-06-11

LISBON, June 10 (Wire) - Chilean Foreign Minister Paula Ruiz met Japanese Foreign \
Minister Kenji Tanaka in Lisbon on Tuesday. "We will open a new trade route," Ruiz told reporters.
Tanaka also held talks with Portuguese Prime Minister Rui Matos on Tuesday.
"""
READOUT = """Title: Readout: Prime Minister Matos receives Minister Tanaka
Published: 2025-06-10

Prime Minister Rui Matos received Foreign Minister Kenji Tanaka of Japan in Lisbon on \
June 10, 2025. "Our partnership is deep," Matos said. The two discussed fisheries and \
climate finance.
"""
# A later report that names the Chilean minister by her title and surname only.
LATER = """Title: Ruiz in Madrid
Published: 2025-07-02

MADRID, July 1 (Wire) - Minister Ruiz met Spanish Foreign Minister Elena Vidal in Madrid \
on Tuesday. "Madrid is a friend," Ruiz said.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "wire.txt").write_text(WIRE)
    (docs / "readout.txt").write_text(READOUT)
    return docs


@pytest.fixture
def store(db: Path, folder: Path) -> Store:
    store = Store(db)
    ingest(store, [folder])
    return store


def event_with(corpus: Corpus, *names: str) -> str:
    found = [
        e.id
        for e in corpus.events
        if set(names) <= {corpus.person_by_id[p].name for p in e.participants if p in corpus.person_by_id}
    ]
    assert len(found) == 1, [e.title for e in corpus.events]
    return found[0]


def person(corpus: Corpus, name: str) -> str:
    return next(p.id for p in corpus.people if p.name == name)


def quote_with(corpus: Corpus, words: str) -> str:
    return next(q.id for q in corpus.quotes if words in q.text)


def ids(view: Any) -> set[str]:
    return {e.id for e in view.events} | {q.id for q in view.quotes}


# -- statuses, stars, tags, notes -------------------------------------------------------


def test_a_rejected_event_is_hidden_everywhere_until_asked_for(store: Store) -> None:
    corpus = corpus_for(store)
    talks = event_with(corpus, "Kenji Tanaka", "Rui Matos")
    meeting = event_with(corpus, "Paula Ruiz", "Kenji Tanaka")
    annotate(store, corpus, talks, "status", "rejected")
    annotate(store, corpus, meeting, "status", "accepted")

    again = corpus_for(store)  # read back from the store
    assert talks not in ids(again.search(""))
    assert talks not in ids(again.search("tanaka"))
    assert {e.id for e in again.search("status:rejected").events} == {talks}
    assert {e.id for e in again.search("status:accepted").events} == {meeting}
    data = orjson.loads(export_json(again, again.search("")))
    assert talks not in {e["id"] for e in data["events"]} | {q["event"] for q in data["quotes"]}
    assert "Rui Matos in Lisbon" not in export_markdown(again, again.search(""))
    # Taking it back shows it again.
    annotate(store, again, talks, "status", "unreviewed")
    assert talks in ids(corpus_for(store).search(""))


def test_a_status_replaces_the_one_before_and_a_tag_is_kept_once(store: Store) -> None:
    corpus = corpus_for(store)
    meeting = event_with(corpus, "Paula Ruiz", "Kenji Tanaka")
    corpus = annotate(store, corpus, meeting, "status", "rejected")
    corpus = annotate(store, corpus, meeting, "status", "accepted")
    corpus = annotate(store, corpus, meeting, "tag", "Trade")
    corpus = annotate(store, corpus, meeting, "tag", "trade")
    kinds = sorted(e["kind"] for e in store.annotations())
    assert kinds == ["status", "tag"]
    assert corpus.review is not None and corpus.review.status_of(meeting) == "accepted"
    assert corpus.review.tags[meeting] == ["trade"]


def test_stars_tags_and_notes_are_queries_and_hold_through_people_and_documents(store: Store) -> None:
    corpus = corpus_for(store)
    meeting = event_with(corpus, "Paula Ruiz", "Kenji Tanaka")
    talks = event_with(corpus, "Kenji Tanaka", "Rui Matos")
    deep = quote_with(corpus, "partnership")
    corpus = annotate(store, corpus, meeting, "star", True)
    corpus = annotate(store, corpus, deep, "tag", "follow-up")
    corpus = annotate(store, corpus, talks, "note", "Ask the embassy about the fisheries deal")
    corpus = corpus_for(store)
    assert ids(corpus.search("star:")) == {meeting}
    assert ids(corpus.search("star:yes")) == ids(corpus.search("star:"))
    assert meeting not in ids(corpus.search("star:no"))
    assert ids(corpus.search("tag:follow")) == {deep}
    assert ids(corpus.search("note:embassy")) == {talks}
    assert ids(corpus.search("note:embassy -star:")) == {talks}
    # A starred person's events and quotes are in the starred view.
    corpus = annotate(store, corpus, person(corpus, "Rui Matos"), "star", True)
    assert ids(corpus.search("star:")) == {meeting, talks, deep}
    # Taking the star away.
    corpus = annotate(store, corpus, meeting, "star", False)
    assert meeting not in ids(corpus.search("star:"))


def test_review_queries_are_checked() -> None:
    corpus = Corpus()
    with pytest.raises(QueryError, match="statuses are"):
        corpus.search("status:done")
    assert [(t.field, t.value) for t in parse_query("status:Unreviewed star:")] == [
        ("status", "unreviewed"),
        ("star", "yes"),
    ]


# -- edits --------------------------------------------------------------------------------


def test_an_edit_wins_everywhere_and_the_extracted_value_is_kept(store: Store) -> None:
    corpus = corpus_for(store)
    meeting = event_with(corpus, "Paula Ruiz", "Kenji Tanaka")
    corpus = annotate(store, corpus, meeting, "edit", {"place": "Sintra"})
    corpus = annotate(store, corpus, meeting, "edit", {"date_start": "2025-06-09"})
    corpus = annotate(store, corpus, meeting, "edit", {"date_end": "2025-06-09"})
    corpus = corpus_for(store)
    event = corpus.event_by_id[meeting]
    assert (event.place, event.date_start, event.date_end) == ("Sintra", "2025-06-09", "2025-06-09")
    assert event.title.endswith("in Sintra")
    assert {e.id for e in corpus.search("place:sintra").events} == {meeting}
    assert meeting in ids(corpus.search("date:2025-06-09"))
    assert meeting not in ids(corpus.search("date:2025-06-10"))
    assert corpus.review is not None
    assert corpus.review.extracted[meeting] == {
        "place": "Lisbon",
        "date_start": "2025-06-10",
        "date_end": "2025-06-10",
    }
    data = orjson.loads(export_json(corpus, corpus.search("")))
    exported = next(e for e in data["events"] if e["id"] == meeting)
    assert exported["place"] == "Sintra" and exported["extracted"]["place"] == "Lisbon"
    assert {a["kind"] for a in data["annotations"]} == {"edit"}
    briefing = export_markdown(corpus, corpus.search(""))
    assert "Corrected by the analyst: date (extracted: 2025-06-10); place (extracted: Lisbon)" in briefing
    # The extracted corpus is untouched.
    assert corpus.base.event_by_id[meeting].place == "Lisbon"


def test_a_field_set_back_to_its_extracted_value_drops_the_correction(store: Store) -> None:
    corpus = corpus_for(store)
    meeting = event_with(corpus, "Paula Ruiz", "Kenji Tanaka")
    corpus = annotate(store, corpus, meeting, "edit", {"place": "Sintra"})
    corpus = annotate(store, corpus, meeting, "edit", {"date_start": "2025-06-10"})  # as extracted
    assert [e["value"] for e in store.annotations()] == [{"place": "Sintra"}]
    corpus = annotate(store, corpus, meeting, "edit", {"place": "Lisbon"})
    assert store.annotations() == []
    assert corpus.event_by_id[meeting].place == "Lisbon" and corpus.review is not None
    assert meeting not in corpus.review.extracted


def test_an_edit_of_participants_and_of_a_quotes_speaker(store: Store) -> None:
    corpus = corpus_for(store)
    talks = event_with(corpus, "Kenji Tanaka", "Rui Matos")
    route = quote_with(corpus, "trade route")
    corpus = annotate(store, corpus, talks, "edit", {"participants": ["Rui Matos", "Paula Ruiz", "Tanaka"]})
    corpus = annotate(store, corpus, route, "edit", {"speaker": "Kenji Tanaka"})
    corpus = corpus_for(store)
    names = {corpus.person_by_id[p].name for p in corpus.event_by_id[talks].participants}
    assert names == {"Rui Matos", "Paula Ruiz", "Kenji Tanaka"}
    assert route in ids(corpus.search("speaker:tanaka"))
    assert route not in ids(corpus.search("speaker:ruiz"))
    # A person's edit is reached through SQLite's narrowing too (a layer with edits reads all).
    assert talks in ids(corpus_for(store, "person:ruiz").search("person:ruiz"))


@pytest.mark.parametrize(
    ("target", "kind", "value", "message"),
    [
        ("e", "edit", {"date_start": "2025-13-01"}, "a date YYYY-MM-DD"),
        ("e", "edit", {"kind": "banquet"}, "kind is one of"),
        ("e", "edit", {"speaker": "Rui Matos"}, "editable fields are"),
        ("e", "edit", {"participants": ["Nobody Here"]}, "no person named"),
        ("e", "status", "maybe", "a status is one of"),
        ("e", "merge", "p-000000000000", "applies to people"),
        ("d", "status", "accepted", "not accepted or rejected"),
        ("x", "star", True, "is not the id"),
    ],
)
def test_a_review_that_does_not_fit_is_refused_and_nothing_is_written(
    store: Store, target: str, kind: str, value: Any, message: str
) -> None:
    corpus = corpus_for(store)
    record = {"e": corpus.events[0].id, "d": corpus.documents[0].id, "x": "e-nothing"}[target]
    with pytest.raises(ReviewError, match=message):
        annotate(store, corpus, record, kind, value)
    assert store.annotations() == []


# -- people fixes ---------------------------------------------------------------------------


def test_merging_two_people_makes_one_and_applies_to_later_documents(store: Store, folder: Path) -> None:
    corpus = corpus_for(store)
    ruiz, tanaka = person(corpus, "Paula Ruiz"), person(corpus, "Kenji Tanaka")
    corpus = annotate(store, corpus, ruiz, "merge", tanaka)
    corpus = corpus_for(store)
    assert ruiz not in corpus.person_by_id
    merged = corpus.person_by_id[tanaka]
    assert "Paula Ruiz" in merged.aliases
    route = quote_with(corpus, "trade route")
    assert corpus.quote_by_id[route].speaker == tanaka
    assert all(ruiz not in e.participants for e in corpus.events)
    # A later document naming her ("Minister Ruiz") lands on the merged person.
    (folder / "later.txt").write_text(LATER)
    ingest(store, [folder])
    corpus = corpus_for(store)
    madrid = quote_with(corpus, "Madrid is a friend")
    assert corpus.quote_by_id[madrid].speaker == tanaka
    assert ruiz not in corpus.person_by_id


def test_not_a_person_leaves_events_and_quotes(store: Store) -> None:
    corpus = corpus_for(store)
    matos = person(corpus, "Rui Matos")
    annotate(store, corpus, matos, "not_person", True)
    corpus = corpus_for(store)
    assert matos not in corpus.person_by_id
    assert all(matos not in e.participants for e in corpus.events)
    assert all(q.speaker != matos for q in corpus.quotes)
    # Rejecting a person says the same.
    other = corpus_for(store)
    assert other.search("person:matos").events == []


def test_renaming_a_person(store: Store) -> None:
    corpus = corpus_for(store)
    tanaka = person(corpus, "Kenji Tanaka")
    corpus = annotate(store, corpus, tanaka, "edit", {"name": "Tanaka Kenji"})
    corpus = annotate(store, corpus, tanaka, "edit", {"country": "Japan"})
    corpus = corpus_for(store)
    assert corpus.person_by_id[tanaka].name == "Tanaka Kenji"
    assert corpus.review is not None and corpus.review.extracted[tanaka]["name"] == "Kenji Tanaka"
    titles = [e.title for e in corpus.events]
    assert all("Kenji Tanaka" not in t for t in titles) and any("Tanaka Kenji" in t for t in titles)
    assert any("Kenji Tanaka" in e.title for e in corpus.base.events)  # as extracted, untouched


# -- kept across everything ----------------------------------------------------------------


def marks(store: Store) -> set[tuple[str, str, str]]:
    """What the layer says, by the records' content: (kind, value, record's text)."""
    corpus = corpus_for(store)
    if corpus.review is None:
        assert store.annotations() == []
        return set()
    found = set()
    for entry in corpus.review.entries:
        landed = corpus.review.landed[entry["id"]]
        base = corpus.base
        what = (
            _event_content(base, landed)
            if landed in base.event_by_id
            else base.quote_by_id[landed].text
            if landed in base.quote_by_id
            else base.document_by_id[landed].title
            if landed in base.document_by_id
            else (base.person_by_id.get(landed) or corpus.person_by_id[landed]).name
            if landed
            else "ORPHAN"
        )
        found.add((entry["kind"], orjson.dumps(entry["value"]).decode(), what))
    return found


def _event_content(corpus: Corpus, event_id: str) -> str:
    """An event by what it is, not its id or its kind (which report of a merged event
    comes first, and so which kind it shows, follows the ids)."""
    event = corpus.event_by_id[event_id]
    names = sorted(corpus.person_by_id[p].name for p in event.participants)
    return f"{names} {event.date_start} {sorted(event.documents)}"


def review_everything(store: Store) -> None:
    corpus = corpus_for(store)
    corpus = annotate(store, corpus, event_with(corpus, "Paula Ruiz", "Kenji Tanaka"), "status", "accepted")
    corpus = annotate(
        store, corpus, event_with(corpus, "Kenji Tanaka", "Rui Matos"), "edit", {"place": "Porto"}
    )
    corpus = annotate(store, corpus, quote_with(corpus, "partnership"), "star", True)
    corpus = annotate(store, corpus, person(corpus, "Rui Matos"), "note", "Check his title")


# A document no review below touches: a narrowed read must leave it out.
ELSEWHERE = """Title: Okafor visits Nairobi
Published: 2025-08-04

NAIROBI, Aug. 3 (Wire) - Nigerian President Emeka Okafor met Kenyan President Wanjiru \
Kamau in Nairobi on Sunday.
"""

REVIEW_QUERIES = [
    "status:accepted",
    "status:rejected",
    "star:",
    "tag:follow",
    "note:embassy",
    "note:embassy -star:",
    "status:accepted lisbon",
    "star:no",
    "status:unreviewed",
]


def test_review_queries_and_review_commands_read_only_what_they_need(
    store: Store, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "elsewhere.txt").write_text(ELSEWHERE)
    ingest(store, [folder])
    corpus = corpus_for(store)
    meeting = event_with(corpus, "Paula Ruiz", "Kenji Tanaka")
    talks = event_with(corpus, "Kenji Tanaka", "Rui Matos")
    corpus = annotate(store, corpus, meeting, "status", "accepted")
    corpus = annotate(store, corpus, talks, "status", "rejected")
    corpus = annotate(store, corpus, quote_with(corpus, "partnership"), "tag", "follow-up")
    corpus = annotate(store, corpus, talks, "note", "Ask the embassy")
    corpus = annotate(store, corpus, person(corpus, "Paula Ruiz"), "star", True)
    whole = corpus_for(store)
    for query in REVIEW_QUERIES:
        narrowed = corpus_for(store, query)
        assert ids(narrowed.search(query)) == ids(whole.search(query)), query
        unmarked = query in ("star:no", "status:unreviewed")
        # Both backends keep the merges that let them read only the documents concerned.
        assert narrowed.whole == unmarked, query
        assert (len(narrowed.documents) < 3) == (not unmarked), query
    # What names records by id reads the documents holding them, every report included.
    held = corpus_for(store, holding={talks})
    assert held.event_by_id[talks].documents == whole.event_by_id[talks].documents
    assert len(held.event_by_id[talks].documents) == 2
    assert "elsewhere" not in {d.path.split("/")[-1].split(".")[0] for d in held.documents}
    # After a new extractor gives every record a new id, the marks are found through the
    # documents they were made on.
    real = extract_module.stable_id
    monkeypatch.setattr(extract_module, "stable_id", lambda prefix, *parts: real(prefix, "next", *parts))
    monkeypatch.setattr(ingest_module, "EXTRACTOR_VERSION", ingest_module.EXTRACTOR_VERSION + "-next")
    ingest(store, [folder])
    whole = corpus_for(store)
    assert meeting not in whole.event_by_id
    for query in REVIEW_QUERIES:
        assert ids(corpus_for(store, query).search(query)) == ids(whole.search(query)), query
    assert len(whole.search("status:accepted").events) == 1


def test_review_commands_name_people_merged_by_the_analyst(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    (store.path.parent / "docs" / "later.txt").write_text(LATER)
    ingest(store, [store.path.parent / "docs"])
    corpus = corpus_for(store)
    ruiz, vidal = person(corpus, "Paula Ruiz"), person(corpus, "Elena Vidal")
    db = str(store.path)
    assert cli(capsys, "review", "merge", vidal, ruiz, "--db", db)[0] == 0
    status, _, err = cli(capsys, "review", "star", vidal, "--db", db)
    assert status == 0 and "star on" in err
    # The person merged away is the one they became, named in other documents too.
    held, whole = corpus_for(store, holding={vidal}), corpus_for(store)
    assert vidal not in held.person_by_id and vidal not in whole.person_by_id
    assert [e.id for e in held.events_by_person[ruiz]] == [e.id for e in whole.events_by_person[ruiz]]
    assert len(held.events_by_person[ruiz]) == 2  # in Lisbon and in Madrid


@pytest.mark.parametrize("change", ["merge", "speaker"])
def test_people_named_by_name_are_found_through_the_stores_indexes(
    store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    from diplotui import query

    (store.path.parent / "docs" / "later.txt").write_text(LATER)
    (store.path.parent / "docs" / "oslo.txt").write_text(
        "Title: Talks in Oslo\nPublished: 2025-06-12\n\nOSLO, June 11 (Wire) - Prime Minister Ingrid "
        "Solberg met Finance Minister Lars Dahl in Oslo on Wednesday.\n"
    )
    ingest(store, [store.path.parent / "docs"])
    corpus = corpus_for(store)
    read: list[int] = []
    reading = query.Corpus.from_records

    def counted(records: Any, *rest: Any, **named: Any) -> Corpus:
        records = list(records)
        read.append(len(records))
        return reading(records, *rest, **named)

    monkeypatch.setattr(query.Corpus, "from_records", staticmethod(counted))
    db = str(store.path)
    if change == "merge":  # into the one person whose names hold "paula ruiz"
        vidal = person(corpus, "Elena Vidal")
        status, _, err = cli(capsys, "review", "merge", vidal, "Paula Ruiz", "--db", db)
        assert status == 0, err
        (entry,) = store.annotations()
        assert entry["value"]["into"] == person(corpus, "Paula Ruiz")
    else:  # the documents naming Tanaka: the wire story and the readout
        quote = quote_with(corpus, "partnership")
        status, _, err = cli(capsys, "review", "edit", quote, "speaker=Tanaka", "--db", db)
        assert status == 0, err
        (entry,) = store.annotations()
        assert entry["value"] == {"speaker": person(corpus, "Kenji Tanaka")}
    if store.path.suffix == ".sqlite":
        # Of four documents: those naming them (the wire story's meeting of Tanaka and
        # Matos is whole, with the readout), not the one from Oslo.
        assert read == [3 if change == "merge" else 2]
    # Once the layer moves records, a name is looked for in every document.
    read.clear()
    status, _, err = cli(capsys, "review", "edit", quote_with(corpus, "Madrid"), "speaker=Vidal", "--db", db)
    assert status == 0, err
    assert read == [4]


def test_annotations_survive_ingest_force(store: Store, folder: Path) -> None:
    review_everything(store)
    before = marks(store)
    ingest(store, [folder], force=True)
    assert marks(store) == before
    assert "ORPHAN" not in {m[2] for m in before}


def test_annotations_reattach_when_a_new_extractor_gives_every_record_a_new_id(
    store: Store, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    review_everything(store)
    before = marks(store)
    old_ids = {e["target"] for e in store.annotations()}
    real = extract_module.stable_id
    monkeypatch.setattr(extract_module, "stable_id", lambda prefix, *parts: real(prefix, "next", *parts))
    monkeypatch.setattr(ingest_module, "EXTRACTOR_VERSION", ingest_module.EXTRACTOR_VERSION + "-next")
    report = ingest(store, [folder])
    assert report.updated == 2  # re-extracted because the extractor changed
    corpus = corpus_for(store)
    assert not old_ids & (set(corpus.event_by_id) | set(corpus.quote_by_id) | set(corpus.person_by_id))
    assert marks(store) == before
    assert corpus.event_by_id[event_with(corpus, "Kenji Tanaka", "Rui Matos")].place == "Porto"


def test_annotations_follow_a_document_ingested_again_from_another_path(store: Store, folder: Path) -> None:
    review_everything(store)
    before = marks(store)
    moved = folder.parent / "moved"
    moved.mkdir()
    for name in ("wire.txt", "readout.txt"):
        (folder / name).rename(moved / name)
    ingest(store, [folder, moved])  # the old paths are gone; the same texts come from new ones
    assert {d["path"].split("/")[-2] for d in store.documents()} == {"moved"}
    assert marks(store) == before


def test_a_removed_document_leaves_its_annotations_orphaned_and_they_come_back(
    store: Store, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = corpus_for(store)
    route = quote_with(corpus, "trade route")
    annotate(store, corpus, route, "star", True)
    cli(capsys, "remove", str(folder / "wire.txt"), "--db", str(store.path))
    corpus = corpus_for(store)
    assert corpus.review is not None and len(corpus.review.orphans) == 1
    status, out, _ = cli(capsys, "review", "list", "--orphans", "--json", "--db", str(store.path))
    assert status == 0
    line = orjson.loads(out.splitlines()[0])
    assert line["orphaned"] is True and "trade route" in line["what"]
    ingest(store, [folder])
    corpus = corpus_for(store)
    assert corpus.review is not None and corpus.review.orphans == []
    assert ids(corpus.search("star:")) == {route}


def test_a_store_format_upgrade_keeps_the_layer(tmp_path: Path, folder: Path) -> None:
    # A version 1 SQLite store (made before the analyst's layer) is annotated: the write
    # upgrades it, and the layer is there after, and after a later ingest.
    db = tmp_path / "old.sqlite"
    store = Store(db)
    ingest(store, [folder])
    _as_version_1(db)  # drops the annotations table too: a store made before it
    assert Store(db).annotations() == []
    review_everything(store)
    before = marks(store)
    with sqlite3.connect(db) as connection:
        version = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]
        assert version == str(SQLITE_FORMAT_VERSION)
    ingest(store, [folder], force=True)
    assert marks(store) == before


def test_migrate_carries_the_layer_both_ways(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review_everything(store)
    before = marks(store)
    other = tmp_path / ("copy.json" if store.path.suffix == ".sqlite" else "copy.sqlite")
    status, _, err = cli(capsys, "migrate", str(store.path), str(other))
    assert status == 0 and "4 annotations" in err
    assert marks(Store(other)) == before


def test_a_malformed_annotations_table_is_a_one_line_error_and_the_file_is_untouched(
    json_db: Path, folder: Path
) -> None:
    store = Store(json_db)
    ingest(store, [folder])
    data = orjson.loads(json_db.read_bytes())
    data["annotations"] = {"1": {"id": "a-1", "kind": "star"}}
    json_db.write_bytes(orjson.dumps(data))
    before = json_db.read_bytes()
    with pytest.raises(StoreError, match="annotations table is malformed"):
        Store(json_db).documents()
    assert json_db.read_bytes() == before


# Random review actions, then a re-ingest with --force and one with a new extractor:
# every annotation is still there and lands on the same record.
ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["event", "quote", "person", "document"]),
        st.integers(min_value=0, max_value=5),
        st.sampled_from(["accept", "reject", "star", "unstar", "tag", "note", "place", "undo"]),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_random_review_actions_then_reingest_lose_nothing(
    actions: list[tuple[str, int, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("random")
    folder = root / "docs"
    folder.mkdir()
    (folder / "wire.txt").write_text(WIRE)
    (folder / "readout.txt").write_text(READOUT)
    store = Store(root / "store.sqlite")
    ingest(store, [folder])
    corpus = corpus_for(store)
    for record, number, action in actions:
        pool = {
            "event": corpus.base.events,
            "quote": corpus.base.quotes,
            "person": corpus.base.people,
            "document": corpus.base.documents,
        }[record]
        target = pool[number % len(pool)].id
        change: tuple[str, Any] = {
            "accept": ("status", "accepted"),
            "reject": ("status", "rejected"),
            "star": ("star", True),
            "unstar": ("star", False),
            "tag": ("tag", f"t{number}"),
            "note": ("note", f"note {number}"),
            "place": ("edit", {"place": f"Place {number}"}),
            "undo": ("undo", None),
        }[action]
        if change[0] == "undo":
            entries = store.annotations()
            if entries:
                corpus, _ = remove(store, corpus, [entries[number % len(entries)]["id"]])
            continue
        try:
            corpus = annotate(store, corpus, target, *change)
        except ReviewError:
            assert record in ("document", "quote", "person")  # a field they do not have
    before = marks(store)
    count = len(store.annotations())
    ingest(store, [folder], force=True)
    assert marks(store) == before and len(store.annotations()) == count
    real = extract_module.stable_id
    try:
        extract_module.stable_id = lambda prefix, *parts: real(prefix, "next", *parts)  # type: ignore[assignment]
        ingest_module.EXTRACTOR_VERSION += "-next"
        ingest(store, [folder])
    finally:
        extract_module.stable_id = real
        ingest_module.EXTRACTOR_VERSION = ingest_module.EXTRACTOR_VERSION.removesuffix("-next")
    assert marks(store) == before and len(store.annotations()) == count
    assert "ORPHAN" not in {m[2] for m in before}


# -- score and exports --------------------------------------------------------------------


def test_the_score_counts_what_the_analyst_judged(store: Store) -> None:
    corpus = corpus_for(store)
    meeting = event_with(corpus, "Paula Ruiz", "Kenji Tanaka")
    talks = event_with(corpus, "Kenji Tanaka", "Rui Matos")
    corpus = annotate(store, corpus, meeting, "status", "accepted")
    corpus = annotate(store, corpus, talks, "edit", {"place": "Porto"})
    corpus = annotate(store, corpus, quote_with(corpus, "partnership"), "status", "rejected")
    corpus = annotate(store, corpus, quote_with(corpus, "trade route"), "status", "accepted")
    figures = {f.label: (f.right, f.judged) for f in score(corpus_for(store))}
    assert figures["events that happened"] == (2, 2)
    assert figures["event places"] == (1, 2)
    assert figures["event dates"] == (2, 2)
    assert figures["quotes that are quotes"] == (1, 2)
    assert figures["quote speakers"] == (1, 1)
    assert figures["people who are people"] == (0, 0)


def test_csv_export_has_effective_values_and_marks_and_no_formulas(store: Store) -> None:
    corpus = corpus_for(store)
    meeting = event_with(corpus, "Paula Ruiz", "Kenji Tanaka")
    corpus = annotate(store, corpus, meeting, "edit", {"place": "Sintra"})
    corpus = annotate(store, corpus, meeting, "note", '=HYPERLINK("http://x")')
    rows = list(csv.DictReader(io.StringIO(export_csv(corpus, corpus.search("")).decode())))
    row = next(r for r in rows if r["id"] == meeting)
    assert row["type"] == "event" and row["place"] == "Sintra" and row["corrected"] == "place"
    assert row["notes"].startswith("'=")  # shown as text, never run as a formula
    assert {r["type"] for r in rows} == {"event", "quote"}


# -- the CLI ---------------------------------------------------------------------------------


def test_review_commands_for_scripts(store: Store, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "elsewhere.txt").write_text(ELSEWHERE)  # a document no review touches
    ingest(store, [folder])
    corpus = corpus_for(store)
    meeting = event_with(corpus, "Paula Ruiz", "Kenji Tanaka")
    db = str(store.path)
    status, _, err = cli(capsys, "review", "accept", meeting, "--db", db)
    assert status == 0 and "Paula Ruiz" in err
    status, _, err = cli(
        capsys, "review", "edit", meeting, "date=2025-06-08..2025-06-09", "place=Sintra", "--db", db
    )
    assert status == 0
    status, out, _ = cli(capsys, "search", "--json", "place:sintra", "--db", db)
    event = orjson.loads(out.splitlines()[0])
    assert (event["id"], event["date_start"], event["date_end"]) == (meeting, "2025-06-08", "2025-06-09")
    status, _, _ = cli(capsys, "review", "tag", meeting, "trade", "lisbon", "--db", db)
    status, _, _ = cli(capsys, "review", "note", meeting, "Seen", "on", "TV", "--db", db)
    status, _, _ = cli(capsys, "review", "star", meeting, "--db", db)
    status, out, _ = cli(capsys, "review", "list", "--json", "--db", db)
    listed = [orjson.loads(line) for line in out.splitlines()]
    assert sorted(e["kind"] for e in listed) == [
        "edit",
        "edit",
        "edit",
        "note",
        "star",
        "status",
        "tag",
        "tag",
    ]
    assert all(e["record"] == meeting for e in listed)
    note = next(e for e in listed if e["kind"] == "note")
    assert note["value"] == "Seen on TV"
    # The table reads only the reviewed records, and still counts every event.
    status, out, _ = cli(capsys, "review", "list", "--db", db)
    assert status == 0 and f"reviewed 1 of {len(corpus.events)} events" in " ".join(out.split())
    status, _, err = cli(capsys, "review", "undo", note["id"], "--db", db)
    assert status == 0 and "removed 1 annotation" in err
    status, out, _ = cli(capsys, "review", "score", "--json", "--db", db)
    places = next(orjson.loads(line) for line in out.splitlines() if "places" in line)
    assert (places["right"], places["judged"]) == (0, 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("review", "accept", "e-000000000000"), "no event e-000000000000"),
        (("review", "accept", "lisbon"), "is not the id of"),
        (("review", "edit", "E", "place"), "write FIELD=VALUE"),
        (("review", "undo", "a-000000000000"), "no annotation a-000000000000"),
        (("search", "status:maybe"), "the statuses are"),
    ],
)
def test_review_mistakes_are_one_line_errors(
    store: Store, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    corpus = corpus_for(store)
    args = tuple(corpus.events[0].id if a == "E" else a for a in args)
    status, _, err = cli(capsys, *args, "--db", str(store.path))
    assert status == 2
    assert message in err and len(err.strip().splitlines()) == 1
    assert store.annotations() == []
