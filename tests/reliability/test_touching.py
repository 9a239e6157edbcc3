"""Nothing outside the store is touched, and the store is where the user said.

Links out of an ingested folder, a store reached through a link, exports onto the store
or onto something that is not a file, a read-only store, and the store option given
before the command.
"""

from __future__ import annotations

import os
from pathlib import Path

from conftest import diplotui, write_corpus

from diplotui.store import Store


def _stored_paths(db: Path) -> list[str]:
    return sorted(Path(d["path"]).name for d in Store(db).documents())


def test_links_out_of_the_folder_are_skipped_unless_asked(tmp_path: Path, db: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Title: Secret\n\nForeign Minister Ana Lima met Rui Costa in Lisbon.")
    folder = tmp_path / "in"
    write_corpus(folder, 1)
    (folder / "notes.txt").symlink_to(secret)
    (folder / "inner.txt").symlink_to(folder / "doc-0000.txt")  # inside: a duplicate, kept once
    done = diplotui("ingest", str(folder), "--db", str(db))
    assert done.returncode == 1
    assert "notes.txt: symbolic link to a file outside the folder; not followed" in done.stderr
    assert _stored_paths(db) == ["doc-0000.txt"]
    export = diplotui("export", "--format", "json", "--db", str(db))
    assert "Secret" not in export.stdout and "Ana Lima" not in export.stdout
    assert diplotui("ingest", str(folder), "--db", str(db), "--follow-links").returncode == 0
    assert _stored_paths(db) == ["doc-0000.txt", "secret.txt"]  # stored under its real path


def test_a_store_reached_through_a_link_is_written_through_it(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 2)
    real = tmp_path / "data" / "real.json"
    real.parent.mkdir()
    link = tmp_path / "store.json"
    assert diplotui("ingest", str(tmp_path / "in" / "doc-0000.txt"), "--db", str(real)).returncode == 0
    link.symlink_to(real)
    assert diplotui("ingest", str(tmp_path / "in"), "--db", str(link)).returncode == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert _stored_paths(real) == ["doc-0000.txt", "doc-0001.txt"]


def test_export_never_replaces_the_store_or_a_non_file(tmp_path: Path, db: Path) -> None:
    write_corpus(tmp_path / "in", 1)
    diplotui("ingest", str(tmp_path / "in"), "--db", str(db))
    before = db.read_bytes()
    done = diplotui("export", "--format", "json", "-o", str(db), "--force", "--db", str(db))
    assert done.returncode == 2 and "is the store itself" in done.stderr
    (tmp_path / "alias.json").symlink_to(db)
    done = diplotui("export", "-o", str(tmp_path / "alias.json"), "--force", "--db", str(db))
    assert done.returncode == 2 and db.read_bytes() == before
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    done = diplotui("export", "-o", str(fifo), "--force", "--db", str(db))
    assert done.returncode == 2 and "not a regular file" in done.stderr
    assert fifo.exists() and not fifo.is_file()  # still the pipe, not replaced by a file
    # An export through a link to an ordinary file lands in the file; the link stays.
    target = tmp_path / "briefing.md"
    (tmp_path / "latest.md").symlink_to(target)
    assert diplotui("export", "-o", str(tmp_path / "latest.md"), "--db", str(db)).returncode == 0
    assert (tmp_path / "latest.md").is_symlink() and target.read_text().startswith("#")


def test_a_read_only_store_is_refused_and_left_alone(tmp_path: Path, db: Path) -> None:
    write_corpus(tmp_path / "in", 2)
    diplotui("ingest", str(tmp_path / "in" / "doc-0000.txt"), "--db", str(db))
    before = db.read_bytes()
    db.chmod(0o444)
    try:
        done = diplotui("ingest", str(tmp_path / "in"), "--db", str(db))
        assert done.returncode == 2 and done.stderr.count("\n") == 1
        assert "read-only" in done.stderr
        assert db.read_bytes() == before and (db.stat().st_mode & 0o777) == 0o444
        # Reading is fine.
        assert diplotui("search", "Lavrov", "--db", str(db)).returncode == 0
    finally:
        db.chmod(0o644)


def test_the_store_option_before_the_command_is_honoured(tmp_path: Path, monkeypatch) -> None:
    # The default store would land in XDG_DATA_HOME: point it where we can look.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    write_corpus(tmp_path / "in", 1)
    db = tmp_path / "chosen.json"
    assert diplotui("--db", str(db), "ingest", str(tmp_path / "in")).returncode == 0
    assert db.exists() and not (tmp_path / "xdg").exists()
    # The command's own option wins over the group's.
    other = tmp_path / "other.json"
    assert diplotui("--db", str(db), "ingest", str(tmp_path / "in"), "--db", str(other)).returncode == 0
    assert other.exists()
    assert diplotui("--db", str(db), "search", "Lavrov").returncode == 0


def test_empty_or_missing_store_paths_are_errors(tmp_path: Path) -> None:
    done = diplotui("search", "x", "--db", "")
    assert done.returncode == 2 and "store path is empty" in done.stderr
    missing = tmp_path / "nowhere.json"
    for args in (["search", "x"], ["export"]):
        done = diplotui(*args, "--db", str(missing))
        assert done.returncode == 2 and done.stderr.count("\n") == 1
        assert "no store at" in done.stderr and not missing.exists()
