"""Disk trouble: an unwritable directory, a full disk, a store path that is a folder.

Each gives one line on stderr and exit status 2, and the old store is left as it was.
The failures are injected where the store writes (root ignores permissions, and a test
cannot mount a small file system everywhere), so the real error paths run.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from conftest import write_corpus

from diplotui import store as store_module
from diplotui.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    try:
        main(list(args))
        status = 0
    except SystemExit as exc:
        status = int(exc.code or 0)
    return status, capsys.readouterr().err


@pytest.fixture
def populated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "store.json"
    write_corpus(tmp_path / "old", 3, "old-")
    assert run(capsys, "ingest", str(tmp_path / "old"), "--db", str(db))[0] == 0
    write_corpus(tmp_path / "new", 3, "new-")
    return db


def _fail_with(code: int, message: str):  # noqa: ANN202
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, message)

    return fail


def test_unwritable_store_directory(populated: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    before = populated.read_bytes()
    monkeypatch.setattr(store_module.tempfile, "mkstemp", _fail_with(errno.EACCES, "Permission denied"))
    status, err = run(capsys, "ingest", str(populated.parent / "new"), "--db", str(populated))
    assert status == 2 and err.count("\n") == 1
    assert "Permission denied" in err and str(populated) in err
    assert populated.read_bytes() == before


def test_full_disk(populated: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    before = populated.read_bytes()
    monkeypatch.setattr(store_module.os, "fsync", _fail_with(errno.ENOSPC, "No space left on device"))
    status, err = run(capsys, "ingest", str(populated.parent / "new"), "--db", str(populated))
    assert status == 2 and err.count("\n") == 1 and "No space left on device" in err
    assert populated.read_bytes() == before
    assert not list(populated.parent.glob(".*.tmp"))


def test_lock_file_cannot_be_created(populated: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    before = populated.read_bytes()
    monkeypatch.setattr(store_module.FileLock, "acquire", _fail_with(errno.EROFS, "Read-only file system"))
    status, err = run(capsys, "ingest", str(populated.parent / "new"), "--db", str(populated))
    assert status == 2 and err.count("\n") == 1 and "Read-only file system" in err
    assert populated.read_bytes() == before


def test_store_path_that_is_a_directory(tmp_path: Path, capsys) -> None:
    write_corpus(tmp_path / "docs", 1)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    for args in (["ingest", str(tmp_path / "docs")], ["search", "x"], ["export"]):
        status, err = run(capsys, *args, "--db", str(folder))
        assert status == 2 and err.count("\n") == 1 and "is a directory" in err
    assert os.listdir(folder) == []
