"""`extract` into JSON Lines shards and `ingest` of the shards: the same store as reading
the files, without reading them again; damaged shards refused whole; the Dask map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import cli

from diplotui.ingest import ingest
from diplotui.shards import extract, shard_records
from diplotui.store import Store

READOUTS = {
    "lisbon.txt": "Title: Talks in Lisbon\nPublished: 2024-01-10\n\n"
    "Foreign Minister Ana Pereira met Trade Minister Rui Costa in Lisbon on Monday.\n\n"
    '"We agreed on the next steps," Pereira said.\n',
    "madrid.md": "---\ntitle: Visit to Madrid\npublished: 2024-03-14\n---\n\n"
    "Defence Minister Tomas Silva held talks with General Ines Lopes in Madrid on Tuesday.\n",
    "rome.html": "<html><head><title>Rome call</title></head><body><p>Prime Minister Marco Neri "
    "spoke by phone with President Lena Hart on 20 June 2024.</p></body></html>",
}


@pytest.fixture
def readouts(tmp_path: Path) -> Path:
    folder = tmp_path / "readouts"
    folder.mkdir()
    for name, text in READOUTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _stored(store: Store) -> dict[str, dict]:
    """The store's documents by id, without the file's size and time (a shard leaves
    them to the next plain ingest)."""
    return {d["id"]: {k: v for k, v in d.items() if k != "file_stat"} for d in store.documents()}


def test_shards_ingest_into_the_store_reading_the_files_makes(
    readouts: Path, tmp_path: Path, db: Path
) -> None:
    report = extract([readouts], tmp_path / "shards", per_shard=2)
    assert report.documents == 3 and [p.name for p in report.shards] == [
        "part-00000.jsonl",
        "part-00001.jsonl",
    ]
    lines = [json.loads(line) for p in report.shards for line in p.read_text(encoding="utf-8").splitlines()]
    assert [line["format"] for line in lines] == ["diplotui/1"] * 3
    assert {line["title"] for line in lines} == {"Talks in Lisbon", "Visit to Madrid", "Rome call"}

    from_shards = Store(db)
    loaded = ingest(from_shards, [tmp_path / "shards"])
    assert (loaded.added, loaded.events, loaded.quotes) == (3, 3, 1)
    direct = Store(tmp_path / ("direct" + db.suffix))
    ingest(direct, [readouts])
    assert _stored(from_shards) == _stored(direct)
    # The files themselves are then found unchanged: nothing is extracted twice.
    again = ingest(from_shards, [readouts])
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)


def test_a_second_extract_adds_shards_and_a_bad_file_is_skipped(readouts: Path, tmp_path: Path) -> None:
    (readouts / "broken.txt").write_bytes(b"\x00\x01\x02 not text")
    folder = tmp_path / "shards"
    first = extract([readouts], folder)
    assert first.documents == 3 and [p.path.endswith("broken.txt") for p in first.problems] == [True]
    second = extract([readouts / "lisbon.txt"], folder)
    assert [p.name for p in second.shards] == ["part-00001.jsonl"]
    assert len(list(shard_records(first.shards[0]))) == 3


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("not json at all\n", "line 2 is not JSON"),
        ('{"format": "other/9", "id": "d-1"}\n', "line 2 is not a diplotui/1 record"),
        ('{"format": "diplotui/1", "id": "d-1"}\n', "line 2: 'abspath' is missing"),
    ],
)
def test_a_damaged_shard_is_refused_whole_and_the_others_stored(
    readouts: Path, tmp_path: Path, db: Path, damage: str, reason: str
) -> None:
    folder = tmp_path / "shards"
    good, bad = extract([readouts / "lisbon.txt"], folder).shards[0], folder / "part-00001.jsonl"
    bad.write_text(good.read_text(encoding="utf-8").replace("Lisbon", "Porto") + damage, encoding="utf-8")
    store = Store(db)
    report = ingest(store, [folder])
    assert report.added == 1 and [p.reason for p in report.problems] == [f"not a shard: {reason}"]
    assert [d["title"] for d in store.documents()] == ["Talks in Lisbon"]  # nothing of the bad one


def test_extract_on_the_command_line(capsys, readouts: Path, tmp_path: Path, db: Path) -> None:
    status, out, err = cli(capsys, "extract", str(readouts), "-o", str(tmp_path / "shards"), "--workers", "1")
    assert status == 0 and "3 documents extracted into 1 shard in" in err
    assert cli(capsys, "ingest", str(tmp_path / "shards"), "--db", str(db))[0] == 0
    status, out, _ = cli(capsys, "search", "person:pereira", "--db", str(db))
    assert status == 0 and "Rui Costa" in out
    # -o is required; an unreadable file is skipped with a line and exit 1.
    assert cli(capsys, "extract", str(readouts))[0] == 2
    (readouts / "empty.txt").write_bytes(b"")
    status, _, err = cli(capsys, "extract", str(readouts), "-o", str(tmp_path / "more"))
    assert status == 1 and "skipped" in err and "empty.txt" in err


def test_dask_is_asked_for_when_it_is_missing(capsys, readouts: Path, tmp_path: Path, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    status, _, err = cli(
        capsys, "extract", str(readouts), "-o", str(tmp_path / "s"), "--dask", "tcp://nowhere:8786"
    )
    assert status == 2 and "pip install 'diplotui[dask]'" in err


def test_extract_on_a_dask_cluster_writes_what_extract_here_writes(readouts: Path, tmp_path: Path) -> None:
    from dask import distributed

    from diplotui.shards import extract_on_dask

    here = extract([readouts], tmp_path / "here")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        there = extract_on_dask(
            [readouts, tmp_path / "missing"], tmp_path / "there", cluster.scheduler_address, per_shard=2
        )
    assert there.documents == 3 and len(there.shards) == 2
    assert [p.reason for p in there.problems] == ["no such file or folder"]
    assert not any(p.name.startswith(".") for p in (tmp_path / "there").iterdir())  # no partial folder left

    def records(paths: list[Path]) -> list[dict]:
        found = [{k: v for k, v in r.items() if k != "file_stat"} for p in paths for r in shard_records(p)]
        return sorted(found, key=lambda r: r["id"])

    assert records(there.shards) == records(here.shards)


def test_a_scheduler_that_cannot_be_reached_is_one_line(capsys, readouts: Path, tmp_path: Path) -> None:
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        status, _, err = cli(
            capsys, "extract", str(readouts), "-o", str(tmp_path / "s"), "--dask", "tcp://127.0.0.1:9"
        )
    assert status == 2 and err.startswith(
        "diplotui: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9"
    )
    assert len(err.strip().splitlines()) == 1
    assert not list((tmp_path / "s").glob("*"))  # nothing written


def test_other_json_lines_files_in_a_folder_are_passed_over(readouts: Path, tmp_path: Path, db: Path) -> None:
    (readouts / "notes.jsonl").write_text('{"note": "not a shard"}\n', encoding="utf-8")
    report = ingest(Store(db), [readouts])
    assert (report.added, report.problems) == (3, [])
    # Named on the command line, it is read as a shard, and refused with a line.
    report = ingest(Store(db), [readouts / "notes.jsonl"])
    assert [p.reason for p in report.problems] == ["not a shard: line 1 is not a diplotui/1 record"]
