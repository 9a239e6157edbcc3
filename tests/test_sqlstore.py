"""The SQLite backend's own guarantees (the shared ones run against both backends through
the `db` fixture): its format, refusal of foreign files, readers beside a writer, the
full-text index, and `diplotui migrate` in both directions."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from test_cli import cli

from diplotui.query import corpus_for
from diplotui.sqlstore import SQLITE_FORMAT_VERSION, SQLiteStore
from diplotui.store import JSONStore, Store, StoreError


def _doc(n: int, text: str = "") -> dict:
    return {"id": f"d-{n}", "abspath": f"/docs/{n}.txt", "text": text or f"text {n}", "title": f"T{n}"}


def test_the_file_name_chooses_the_backend(tmp_path: Path) -> None:
    assert isinstance(Store(tmp_path / "a.sqlite"), SQLiteStore)
    assert isinstance(Store(tmp_path / "a.DB"), SQLiteStore)
    assert isinstance(Store(tmp_path / "a.json"), JSONStore)
    assert isinstance(Store(tmp_path / "no-suffix"), JSONStore)


def test_a_new_store_records_its_format_and_version(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path).transaction() as tx:
        tx.put(_doc(1))
    with sqlite3.connect(path) as connection:
        meta = dict(connection.execute("SELECT key, value FROM meta"))
    assert meta == {"format": "diplotui-store", "version": str(SQLITE_FORMAT_VERSION)}
    assert Store(path).documents() == [_doc(1)]


def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE users (name TEXT)")
        connection.execute("INSERT INTO users VALUES ('ada')")
    connection.close()


def _store_then(sql: str):
    """A diplotui store, then changed by hand with `sql`."""

    def make(path: Path) -> None:
        with Store(path).transaction() as tx:
            tx.put(_doc(1))
        with sqlite3.connect(path) as connection:
            connection.execute(sql)
        connection.close()

    return make


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: p.write_bytes(b"plain text, not a database at all\n" * 40), "corrupt store"),
        (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 300), "corrupt store"),
        (_foreign, "not a diplotui store"),
        (_store_then("UPDATE meta SET value = 'someone-else' WHERE key = 'format'"), "not a diplotui store"),
        (_store_then("UPDATE meta SET value = '99' WHERE key = 'version'"), "newer diplotui"),
    ],
)
def test_bad_files_are_refused_and_left_untouched(tmp_path: Path, make, problem: str) -> None:
    path = tmp_path / "s.sqlite"
    make(path)
    before = path.read_bytes()
    with pytest.raises(StoreError) as info:
        Store(path).documents()
    assert problem in str(info.value) and str(path) in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(StoreError, match=problem), Store(path).transaction() as tx:
        tx.put(_doc(2))
    assert path.read_bytes() == before
    assert not path.with_name(path.name + "-wal").exists()


def test_a_failing_block_commits_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path).transaction() as tx:
        tx.put(_doc(1))
    with pytest.raises(RuntimeError), Store(path).transaction() as tx:
        tx.put(_doc(2))
        tx.remove_path("/docs/1.txt")
        raise RuntimeError("boom")
    assert [d["id"] for d in Store(path).documents()] == ["d-1"]


HOLDING_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from diplotui.store import Store
    with Store(sys.argv[1]).transaction() as tx:
        tx.put({"id": "d-new", "abspath": "/docs/new.txt", "text": "new"})
        Path(sys.argv[2]).touch()  # mid-transaction, lock held
        while not Path(sys.argv[3]).exists():
            time.sleep(0.01)
    """
)


def test_readers_are_not_blocked_by_a_writer_mid_transaction(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path).transaction() as tx:
        tx.put(_doc(1))
    holding, release = tmp_path / "holding", tmp_path / "release"
    writer = subprocess.Popen([sys.executable, "-c", HOLDING_WRITER, str(path), str(holding), str(release)])
    try:
        while not holding.exists():
            assert writer.poll() is None, "the writer failed"
        seen: list[list[str]] = []
        reader = threading.Thread(target=lambda: seen.append([d["id"] for d in Store(path).documents()]))
        reader.start()
        reader.join(timeout=20)  # a blocked reader would wait for the writer's release
        assert seen == [["d-1"]]  # the last commit, not the writer's uncommitted document
    finally:
        release.touch()
        writer.wait(timeout=30)
    assert [d["id"] for d in Store(path).documents()] == ["d-1", "d-new"]


def test_the_full_text_index_follows_puts_and_removals(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    assert isinstance(store, SQLiteStore)
    with store.transaction() as tx:
        tx.put(_doc(1, "The ministers discussed grain corridors and fertiliser."))
        tx.put(_doc(2, "Talks in São Tomé turned to Arctic shipping."))
    ids = ["d-1", "d-2", "d-1b"]
    finder = store.text_finder(ids)
    assert finder is not None

    def find(phrase: str) -> set[str]:
        return {ids[n] for n in finder(phrase)}

    assert find("grain corridors") == {"d-1"}
    assert find("arctic") == {"d-2"}
    assert find("sao tome") == {"d-2"}  # accents folded
    assert find("corridors grain") == set()  # a phrase: in that order
    assert find("gra") == {"d-1"} and find("rain") == set()  # where a word begins
    assert find("grain corr") == {"d-1"}  # the last word begun
    with store.transaction() as tx:
        tx.put({**_doc(1, "Only fisheries this time."), "id": "d-1b"})  # same path, new text
        tx.remove_path("/docs/2.txt")
    assert find("grain") == set() and find("arctic") == set()
    assert find("fisheries") == {"d-1b"}  # a document put after the finder was made
    assert finder("only") == {2} and store.text_finder(["d-2"]) is not None
    assert store.text_finder(["d-2"])("fisheries") == set()  # not of the documents given
    # The index itself holds nothing of the replaced and removed texts.
    with sqlite3.connect(store.path) as connection:
        stale = connection.execute(
            "SELECT rowid FROM document_text WHERE document_text MATCH 'grain'"
        ).fetchall()
    connection.close()
    assert stale == []
    assert find('quote " inside') == set()


def test_the_full_text_index_reads_a_phrase_as_written_where_words_alone_cannot_tell(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    with store.transaction() as tx:
        tx.put(_doc(1, "Russia's envoy spoke first."))
        tx.put(_doc(2, "Russia says the envoy spoke first."))
        tx.put(_doc(3, "The U.S. delegation left early; Côte d'Ivoire's stayed."))
        tx.put(_doc(4, "Us sat down; the session began."))
        tx.put(_doc(5, "Envoy Großmann met the Strassburg delegation."))
    ids = ["d-1", "d-2", "d-3", "d-4", "d-5"]
    finder = store.text_finder(ids[::-1])  # positions in the list given
    assert finder is not None

    def find(phrase: str) -> set[str]:
        return {ids[::-1][n] for n in finder(phrase)}

    assert find("russia's") == {"d-1"}  # not "Russia says": the same words to the index
    assert find("russia") == {"d-1", "d-2"}
    assert find("u.s.") == {"d-3"}
    assert find("cote d'iv") == {"d-3"}  # folded, and begun
    assert find(";") == {"d-3", "d-4"}  # punctuation alone: read in every text
    # "ß" folds to "ss", as the query layer folds; the index keeps it as written.
    assert find("grossmann") == find("gross") == find("envoy grossmann met") == {"d-5"}
    assert find("strassburg") == {"d-5"}


def test_a_store_without_a_full_text_index_has_no_finder(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    with store.transaction() as tx:
        tx.put(_doc(1, "Grain."))
    with sqlite3.connect(store.path) as connection:
        connection.execute("DROP TABLE document_text")
    connection.close()
    assert store.text_finder(["d-1"]) is None
    assert Store(tmp_path / "s.json").text_finder(["d-1"]) is None


@pytest.mark.parametrize(("first", "second"), [("json", "sqlite"), ("sqlite", "json")])
def test_migrate_copies_every_document_both_ways(
    capsys, tmp_path: Path, seed_dir: Path, first: str, second: str
) -> None:
    source, target = tmp_path / f"a.{first}", tmp_path / f"b.{second}"
    assert cli(capsys, "ingest", str(seed_dir), "--db", str(source))[0] == 0
    before = source.read_bytes()
    status, _, err = cli(capsys, "migrate", str(source), str(target))
    assert status == 0 and "copied 1 document" in err
    assert source.read_bytes() == before
    assert Store(target).documents() == Store(source).documents()
    exported = [cli(capsys, "export", "--format", "json", "--db", str(p))[1] for p in (source, target)]
    assert exported[0] == exported[1] and '"events"' in exported[0]
    # Never into an existing file, and never from a missing one.
    status, _, err = cli(capsys, "migrate", str(source), str(target))
    assert status == 2 and "exists" in err and err.count("\n") == 1
    status, _, err = cli(capsys, "migrate", str(tmp_path / "none.json"), str(tmp_path / "c.sqlite"))
    assert status == 2 and "no store" in err


def test_topic_rows_carry_the_lexicons_keywords_or_their_own(tmp_path: Path) -> None:
    from helpers import store_of

    talks = "Foreign Minister Ana Lima met Minister Omar Said in Oslo on 2 May 2024 to discuss {}.\n"
    store = store_of(
        {
            f"{n}.txt": talks.format(subject)
            for n, subject in enumerate(["gas pipelines", "oil and gas", "emissions"])
        },
        tmp_path,
        "s.sqlite",
    )
    with sqlite3.connect(store.path) as connection:
        rows = connection.execute("SELECT doc, tid, search, record FROM doc_topics").fetchall()
    energy = [row for row in rows if '"label":"Energy"' in row[3]]
    assert len(energy) == 2 and energy[0][1:] == energy[1][1:]  # one row, for each document
    assert "pipeline" in energy[0][2] and '"keywords":["energy","oil","gas","pipeline"' in energy[0][3]
    assert any('"label":"Climate"' in row[3] and "emissions" in row[2] for row in rows)


@pytest.mark.parametrize("name", ["s.sqlite", "s.json"])
def test_the_first_events_are_those_of_the_earliest_days_ties_and_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    from helpers import store_of

    from diplotui import sqlstore
    from diplotui import store as store_module

    texts = {
        f"{n}.txt": f"Foreign Minister {a} Vidal met Prime Minister {b} Amrani in Rabat on {day} May 2024.\n"
        for n, (day, a, b) in enumerate(
            [(9, "Lena", "Omar"), (3, "Ines", "Jonas"), (3, "Marta", "Karim"), (17, "Rosa", "Ali")]
        )
    }
    store = store_of(texts, tmp_path, name)
    days = {e.id: e.date_start for e in corpus_for(store).events}

    def first(count: int) -> list[str | None] | None:
        found = store.first_events(count)
        if found is None:
            return None
        assert found[1] == max(days[eid] for eid in found[0])  # the last day
        return sorted(days[eid] for eid in found[0])

    assert first(1) == ["2024-05-03", "2024-05-03"]  # the first day's every event
    assert first(3) == ["2024-05-03", "2024-05-03", "2024-05-09"]
    assert first(9) == sorted(days.values())
    monkeypatch.setattr(sqlstore, "FIRST_EVENT_TIES", 1)
    monkeypatch.setattr(store_module, "FIRST_EVENT_TIES", 1)
    assert first(1) is None  # more share the first day than the count allows


@pytest.mark.parametrize("name", ["s.sqlite", "s.json"])
def test_the_event_dates_count_each_merged_event_once_as_the_corpus_dates_it(
    tmp_path: Path, name: str
) -> None:
    """The first screen's axis: events by their dates, from the store's indexes. Two
    readouts of one meeting, one dating it to a day and one to its week, count once, on
    the day (as the merged event is dated); an undated event is left out."""
    from collections import Counter

    from helpers import store_of

    texts = {
        "a.txt": "Foreign Minister Lena Vidal met Prime Minister Omar Amrani in Rabat on 9 May 2024.\n",
        "b.txt": "Published: 2024-05-12\n\nLena Vidal, the foreign minister, met Prime Minister Omar Amrani "
        "in Rabat this week.\n",
        "c.txt": "Foreign Minister Ines Vidal met Prime Minister Jonas Amrani in Tunis on 17 May 2024.\n",
        "d.txt": "Foreign Minister Rosa Lind met Prime Minister Ali Berg in Oslo.\n",
    }
    store = store_of(texts, tmp_path, name)
    corpus = corpus_for(store)
    expected = Counter((e.date_start, e.date_end) for e in corpus.events if e.date_start)
    assert sum(expected.values()) == 2 and len(corpus.events) == 3  # the readouts merged; one undated
    assert {(start, end): count for start, end, count in store.event_dates() or []} == expected
