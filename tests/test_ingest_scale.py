"""Ingest at scale: a pool of processes gives the same store as one, and files whose size
and modification time are as stored are not read again."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from diplotui import ingest as ingest_module
from diplotui.ingest import POOL_MIN_FILES, ingest
from diplotui.store import Store

MEETING = """Title: Talks in {city}
Published: 2024-0{month}-1{day}

Foreign Minister Ana Pereira{n} met Trade Minister Rui Costa{n} in {city} on Monday to discuss
energy cooperation. "We agreed to meet again in the autumn," Pereira{n} told reporters.
"""
CITIES = ["Lisbon", "Madrid", "Rome", "Vienna", "Athens"]


def _folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(count):
        text = MEETING.format(
            n=chr(ord("a") + n % 26) * (1 + n // 26), city=CITIES[n % 5], month=1 + n % 9, day=n % 10
        )
        (folder / f"doc{n:03}.txt").write_text(text)
    return folder


def _records(db: Path) -> list[tuple[str, bytes]]:
    return sorted((d["abspath"], orjson.dumps(d["extraction"])) for d in Store(db).documents())


def test_a_pool_of_workers_stores_what_one_process_stores(tmp_path: Path) -> None:
    folder = _folder(tmp_path, POOL_MIN_FILES + 4)
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    report_one = ingest(Store(one), [folder], workers=1)
    report_two = ingest(Store(two), [folder], workers=2)
    assert report_one.added == report_two.added == POOL_MIN_FILES + 4
    assert (report_one.events, report_one.people) == (report_two.events, report_two.people)
    assert _records(one) == _records(two)


def test_a_pool_reports_bad_files_in_their_place(tmp_path: Path) -> None:
    folder = _folder(tmp_path, POOL_MIN_FILES + 2)
    (folder / "doc005.txt").write_bytes(b"\x00\x01binary\x00")
    done: list[str] = []
    report = ingest(Store(tmp_path / "s.json"), [folder], workers=2, progress=lambda d, t, p: done.append(p))
    assert [Path(p.path).name for p in report.problems] == ["doc005.txt"]
    assert report.added == POOL_MIN_FILES + 1
    assert [Path(p).name for p in done[1:]] == sorted(p.name for p in folder.iterdir())


def test_files_with_the_stored_size_and_time_are_not_read(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path, 4)
    ingest(Store(db), [folder])
    reads: list[str] = []
    real_read = ingest_module.read_file
    monkeypatch.setattr(ingest_module, "read_file", lambda p, m: (reads.append(p.name), real_read(p, m))[1])
    report = ingest(Store(db), [folder])
    assert report.unchanged == 4 and reads == []
    # Touched (same bytes, new time): read, found unchanged by its hash.
    touched = folder / "doc001.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    report = ingest(Store(db), [folder])
    assert report.unchanged == 4 and reads == ["doc001.txt"]
    # Re-stamped: the next ingest, and one naming the file alone, read nothing.
    ingest(Store(db), [folder])
    ingest(Store(db), [touched])
    assert reads == ["doc001.txt"]
    # Changed: read and re-extracted.
    (folder / "doc002.txt").write_text(MEETING.format(n="zz", city="Oslo", month=5, day=5))
    reads.clear()
    report = ingest(Store(db), [folder])
    assert report.updated == 1 and reads == ["doc002.txt"]
    # --force reads everything.
    reads.clear()
    ingest(Store(db), [folder], force=True)
    assert sorted(reads) == sorted(p.name for p in folder.iterdir())


def test_a_new_publication_date_re_reads_files_whose_time_is_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "undated"
    folder.mkdir()
    (folder / "a.txt").write_text("Foreign Minister Ana Pereira met Rui Costa in Lisbon on Monday.\n")
    db = tmp_path / "s.json"
    ingest(Store(db), [folder], published="2024-03-06")
    report = ingest(Store(db), [folder], published="2024-05-08")
    assert report.updated == 1
    assert Store(db).documents()[0]["published"] == "2024-05-08"


def test_an_ingest_that_finds_nothing_changed_never_loads_the_extractor(tmp_path: Path, db: Path) -> None:
    import subprocess
    import sys

    folder = _folder(tmp_path, 3)
    ingest(Store(db), [folder])
    # A fresh process: this one has loaded the extractor already.
    script = (
        "import sys\n"
        "from diplotui.ingest import ingest\n"
        "from diplotui.store import Store\n"
        "report = ingest(Store(sys.argv[1]), [sys.argv[2]])\n"
        "print(report.unchanged, 'diplotui.extract.pipeline' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", script, str(db), str(folder)], capture_output=True, text=True)
    assert run.stdout.split() == ["3", "False"], run.stderr
    (folder / "doc001.txt").write_text(MEETING.format(n="zz", city="Oslo", month=5, day=5))
    run = subprocess.run([sys.executable, "-c", script, str(db), str(folder)], capture_output=True, text=True)
    assert run.stdout.split() == ["2", "True"], run.stderr


def test_a_folder_walk_takes_documents_by_their_suffix_in_any_case_and_skips_hidden_ones(
    tmp_path: Path,
) -> None:
    from diplotui.ingest import collect_files

    folder = tmp_path / "corpus"
    (folder / "b").mkdir(parents=True)
    (folder / ".drafts").mkdir()
    names = ["a.txt", "B.TXT", "c.Md", "d.markdown", "e.html", "f.HTM", "g.pdf", "h.txt.bak", ".i.txt", "j."]
    for name in names:
        (folder / name).write_text("x")
    (folder / "b" / "k.txt").write_text("x")
    (folder / ".drafts" / "l.txt").write_text("x")
    (folder / "m.jsonl").write_text("{}")
    for given in (str(folder), str(folder) + os.sep):  # with or without the separator at the end
        files, problems = collect_files([given])
        assert problems == []
        expected = ["B.TXT", "a.txt", "c.Md", "d.markdown", "e.html", "f.HTM", "b/k.txt"]
        assert [os.path.relpath(f.name, folder) for f in files] == expected
        assert [f.real for f in files] == [os.path.join(os.path.realpath(folder), n) for n in expected]
        assert all(f.name == os.path.join(given, n) for f, n in zip(files, expected, strict=True))
    files, _ = collect_files([folder], shards=True)
    assert [Path(f.name).name for f in files][-2:] == ["m.jsonl", "k.txt"]


def test_a_touched_file_is_stamped_anew_and_keeps_its_place_in_a_json_store(tmp_path: Path, db: Path) -> None:
    folder = _folder(tmp_path, 4)
    ingest(Store(db), [folder])
    order = [d["abspath"] for d in Store(db).documents()]
    touched = folder / "doc001.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    report = ingest(Store(db), [folder])
    assert report.unchanged == 4
    if db.suffix == ".json":  # (a SQLite store moves it to the end and merges it again)
        assert [d["abspath"] for d in Store(db).documents()] == order
    stamps = {d["abspath"]: d["file_stat"] for d in Store(db).documents()}
    assert stamps[str(touched.resolve())][1] == touched.stat().st_mtime_ns  # stamped anew
