"""The two views across documents: readouts of one event side by side, and the cadence
of a pair of people. Texts written for these tests, in the genre."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from helpers import store_of
from test_cli import cli

from diplotui.annotate import annotate
from diplotui.compare import cadence, country_cadence, disagreements, readouts
from diplotui.query import Corpus, corpus_for
from diplotui.store import Store

TEXTS = {
    # A wire story and the host's readout of one meeting: the readout names no place and
    # calls it talks.
    "wire.txt": """Title: Vidal visits Rabat
Published: 2024-01-16

RABAT, Jan 15 (Wire) - Spanish Foreign Minister Elena Vidal met Moroccan Foreign Minister \
Youssef Amrani in Rabat on Monday.
""",
    "readout.txt": """Title: Amrani receives Vidal
Published: 2024-01-15

Foreign Minister Youssef Amrani held talks with Foreign Minister Elena Vidal of Spain on \
January 15, 2024. "We share a sea," Amrani said.
""",
    "march.txt": """Title: Vidal and Amrani meet again
Published: 2024-03-16

MADRID, March 15 (Wire) - Moroccan Foreign Minister Youssef Amrani met Spanish Foreign \
Minister Elena Vidal in Madrid on Friday.
""",
    "june.txt": """Title: Talks in Tangier
Published: 2024-06-15

Foreign Minister Elena Vidal of Spain and Foreign Minister Youssef Amrani of Morocco met in \
Tangier on June 14, 2024.
""",
}


@pytest.fixture
def store(db: Path) -> Store:
    return store_of(TEXTS, db.parent, db.name)


def person(corpus: Corpus, name: str) -> str:
    return next(p.id for p in corpus.people if p.name == name)


def test_the_readouts_of_an_event_side_by_side_name_what_they_disagree_on(store: Store) -> None:
    corpus = corpus_for(store)
    rabat = next(e for e in corpus.events if e.date_start == "2024-01-15")
    found = readouts(corpus, rabat.id)
    assert [r.document.title for r in found] == ["Amrani receives Vidal", "Vidal visits Rabat"]  # by date
    host, wire = found
    assert (host.place, wire.place) == ("not stated", "Rabat")
    assert host.date == wire.date == "15 Jan 2024"
    assert sorted(host.participants) == sorted(wire.participants) == ["Elena Vidal", "Youssef Amrani"]
    assert disagreements(found) == {"place", "kind"}
    # An event one document reports has one readout, and nothing to disagree on.
    june = next(e for e in corpus.events if e.date_start == "2024-06-14")
    assert len(readouts(corpus, june.id)) == 1 and disagreements(readouts(corpus, june.id)) == set()


def test_the_cadence_of_a_pair(store: Store) -> None:
    corpus = corpus_for(store)
    vidal, amrani = person(corpus, "Elena Vidal"), person(corpus, "Youssef Amrani")
    found = cadence(corpus, vidal, amrani)
    assert [e.date_start for e in found.meetings] == ["2024-01-15", "2024-03-15", "2024-06-14"]
    assert (found.first, found.last) == ("2024-01-15", "2024-06-14")
    assert found.mean_interval == 151 / 2  # 15 Jan to 14 Jun 2024, two intervals
    assert cadence(corpus, amrani, vidal).meetings == found.meetings
    strip = found.strip(61)
    assert strip[0] == strip[-1] == "●" and strip.count("●") == 3
    assert strip.index("●", 1) == round(60 * 60 / 151)  # 15 Mar is day 60 of 151
    assert "3 dated meetings, first 15 Jan 2024, last 14 Jun 2024, every 76 days" in found.summary()
    # A meeting the analyst rejected is not one.
    corpus = annotate(store, corpus, found.meetings[1].id, "status", "rejected")
    assert len(cadence(corpus, vidal, amrani).meetings) == 2
    corpus = annotate(store, corpus, found.meetings[2].id, "status", "rejected")
    assert (
        cadence(corpus, vidal, amrani).summary()
        == "Elena Vidal and Youssef Amrani: 1 dated meeting, on 15 Jan 2024"
    )


def test_the_cadence_of_two_countries(store: Store) -> None:
    corpus = corpus_for(store)
    found = country_cadence(corpus, "Spain", "MOROCCO")
    assert [e.date_start for e in found.meetings] == ["2024-01-15", "2024-03-15", "2024-06-14"]
    assert found.summary().startswith("Spain and MOROCCO: 3 dated meetings")
    assert country_cadence(corpus, "Spain", "Spain").meetings == []  # one Spaniard is not a pair
    assert country_cadence(corpus, "Spain", "Portugal").meetings == []


def test_readouts_and_cadence_from_the_cli(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = corpus_for(store)
    rabat = next(e for e in corpus.events if e.date_start == "2024-01-15")
    db = str(store.path)
    status, out, _ = cli(capsys, "readouts", rabat.id, "--json", "--db", db)
    lines = [orjson.loads(line) for line in out.splitlines()]
    assert status == 0 and [line["place"] for line in lines] == ["not stated", "Rabat"]
    assert lines[0]["disagree"] == ["kind", "place"]
    status, out, _ = cli(capsys, "readouts", rabat.id, "--db", db)
    assert status == 0 and "they differ on kind, place" in " ".join(out.split())
    status, out, _ = cli(capsys, "cadence", "Vidal", "Amrani", "--json", "--db", db)
    data = orjson.loads(out)
    assert status == 0 and data["mean_interval_days"] == 75.5 and len(data["meetings"]) == 3
    assert data["pair"] == ["Elena Vidal", "Youssef Amrani"]
    status, out, _ = cli(capsys, "cadence", "--countries", "morocco", "Spain", "--json", "--db", db)
    assert status == 0 and len(orjson.loads(out)["meetings"]) == 3
    status, _, err = cli(capsys, "cadence", "Vidal", "Nobody", "--db", db)
    assert status == 2 and "no person named 'Nobody'" in err
    status, _, err = cli(capsys, "readouts", "e-000000000000", "--db", db)
    assert status == 2 and "no event e-000000000000" in err


def test_the_cadence_of_two_ids_reads_their_documents_and_the_analysts_edits(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    # A report whose names the extractor got wrong; the analyst gives it the pair.
    (store.path.parent / "docs" / "july.txt").write_text(
        "Title: Talks in Porto\nPublished: 2024-07-03\n\nForeign Minister Ana Costa met "
        "Foreign Minister Rui Lopes in Porto on July 2, 2024.\n"
    )
    (store.path.parent / "docs" / "nairobi.txt").write_text(
        "Title: Okafor in Nairobi\nPublished: 2024-08-04\n\nNigerian President Emeka Okafor met "
        "Kenyan President Wanjiru Kamau in Nairobi on Sunday.\n"
    )
    store = store_of({}, store.path.parent, store.path.name)
    corpus = corpus_for(store)
    vidal, amrani = person(corpus, "Elena Vidal"), person(corpus, "Youssef Amrani")
    porto = next(e for e in corpus.events if e.date_start == "2024-07-02")
    annotate(store, corpus, porto.id, "edit", {"participants": [vidal, amrani]})
    status, out, _ = cli(capsys, "cadence", vidal, amrani, "--json", "--db", str(store.path))
    assert status == 0
    assert [m["date_start"] for m in orjson.loads(out)["meetings"]] == [
        "2024-01-15",
        "2024-03-15",
        "2024-06-14",
        "2024-07-02",
    ]
    held = corpus_for(store, holding={vidal, amrani})
    assert porto.id in held.event_by_id
    titles = {d.title for d in held.documents}
    assert "Talks in Porto" in titles
    assert "Okafor in Nairobi" not in titles  # read only if need be
