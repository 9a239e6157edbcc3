"""Bad files are reported one line each, the rest ingested, exit status 1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import diplotui, write_corpus

from diplotui.store import Store


def _stored_names(db: Path) -> set[str]:
    return {Path(d["abspath"]).name for d in Store(db).documents()}


def test_a_folder_of_bad_files(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    write_corpus(folder, 2, "good-")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("  \n\n\t \n")
    (folder / "undecodable.txt").write_bytes(os.urandom(3000).replace(b"\x00", b"\x01"))
    (folder / "long-line.txt").write_text(
        "Foreign Minister Sergei Lavrov met Wang Yi in Moscow on Monday and said “we agree” " * 3000
    )
    (folder / "loop").symlink_to(folder / "loop")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    os.mkfifo(folder / "pipe.txt")
    db = tmp_path / "store.json"
    done = diplotui("ingest", str(folder), "--db", str(db))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    reasons = {
        line.split(": ", 2)[1].split("/")[-1]: line for line in lines if line.startswith("diplotui: skipped")
    }
    assert "binary" in reasons["binary.txt"]
    assert "empty file" in reasons["empty.txt"]
    assert "no text" in reasons["blank.md"]
    assert "undecodable" in reasons["undecodable.txt"] or "binary" in reasons["undecodable.txt"]
    assert "symbolic link" in reasons["loop.txt"]
    assert "not a regular file" in reasons["pipe.txt"]
    assert "Traceback" not in done.stderr
    assert _stored_names(db) == {"good-doc-0000.txt", "good-doc-0001.txt", "long-line.txt"}


def test_huge_file_is_refused_with_a_limit_a_flag_raises(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    paragraph = ("Foreign Minister Sergei Lavrov met Wang Yi in Moscow on Monday. " * 40 + "\n\n").encode()
    with big.open("wb") as handle:
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(paragraph)
    db = tmp_path / "store.json"
    done = diplotui("ingest", str(big), "--db", str(db))
    assert done.returncode == 1
    assert "larger than the 20 MB limit" in done.stderr and "--max-size" in done.stderr
    assert not db.exists()


def test_raised_limit_admits_a_larger_file(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("Title: T\n\n" + "Foreign Minister Sergei Lavrov met Wang Yi in Moscow. " * 30000)
    db = tmp_path / "store.json"
    assert (
        "larger than the 1 MB limit"
        in diplotui("ingest", str(doc), "--db", str(db), "--max-size", "1").stderr
    )
    assert diplotui("ingest", str(doc), "--db", str(db), "--max-size", "5").returncode == 0
    assert _stored_names(db) == {"doc.txt"}


def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    from diplotui.cli import main

    folder = tmp_path / "in"
    write_corpus(folder, 2)
    secret = folder / "secret.txt"
    secret.write_text("Title: S\n\nText.")
    real_open = Path.open

    def guarded(self: Path, *args: object, **kwargs: object):  # noqa: ANN202
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", guarded)
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest", str(folder), "--db", str(tmp_path / "s.json")])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "secret.txt: permission denied" in err
    assert "2 documents (2 new" in err


def test_malformed_metadata_is_reported_and_the_text_still_ingested(tmp_path: Path) -> None:
    folder = tmp_path / "meta"
    folder.mkdir()
    body = "Foreign Minister Sergei Lavrov met Wang Yi in Moscow on Monday."
    (folder / "bad-date.txt").write_text(f"Title: A\nPublished: the day after the summit\n\n{body}")
    (folder / "unclosed.md").write_text(f"---\ntitle: B\n\n{body}")
    header = "\n".join(f"Key{n}: value {n}" for n in range(1000))
    (folder / "long-header.txt").write_text(f"Title: C\n{header}\n\n{body}")
    db = tmp_path / "store.json"
    done = diplotui("ingest", str(folder), "--db", str(db))
    assert done.returncode == 0
    warnings = [line for line in done.stderr.splitlines() if "warning:" in line]
    assert any("bad-date.txt" in w and "unreadable Published date" in w for w in warnings)
    assert any("unclosed.md" in w and "no closing" in w for w in warnings)
    assert any("long-header.txt" in w and "longer than" in w for w in warnings)
    assert _stored_names(db) == {"bad-date.txt", "unclosed.md", "long-header.txt"}
    for document in Store(db).documents():
        assert body in document["text"]
