"""Killing a writer at any instant never costs the store what it held before."""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

from conftest import diplotui, popen, write_corpus

from diplotui.store import Store


def _ids(db: Path) -> set[str]:
    return {d["id"] for d in Store(db).documents()}


def _wait_for_write(db: Path, deadline: float) -> None:
    """Return as soon as a writer has a temporary store file open (mid-write)."""
    while time.monotonic() < deadline:
        if any(db.parent.glob(f".{db.name}.*.tmp")):
            return
        time.sleep(0.001)


def test_sigkill_at_varied_moments_leaves_a_loadable_store_with_everything_before(tmp_path: Path) -> None:
    db = tmp_path / "store.json"
    write_corpus(tmp_path / "base", 10, "base-")
    assert diplotui("ingest", str(tmp_path / "base"), "--db", str(db)).returncode == 0
    before = _ids(db)
    assert len(before) == 10
    rng = random.Random(20)
    kills = mid_write = 0
    for round_number in range(60):
        if kills >= 24:
            break
        corpus = tmp_path / f"round-{round_number}"
        write_corpus(corpus, 80, f"r{round_number}-")
        process = popen("ingest", str(corpus), "--db", str(db))
        if round_number % 2:
            _wait_for_write(db, time.monotonic() + 10)  # kill in the middle of the write
        else:
            time.sleep(rng.uniform(0.05, 0.9))  # kill at some moment of the run
        if process.poll() is None:
            writing = any(db.parent.glob(f".{db.name}.*.tmp"))
            process.send_signal(signal.SIGKILL)
            kills += 1
            mid_write += writing
        process.wait(timeout=30)
        now = _ids(db)  # raises if the store were damaged
        assert before <= now
        before = now
    assert kills >= 20
    assert mid_write >= 3  # some kills landed while the new store was being written


def test_interrupting_open_during_its_ingest_leaves_the_store_loadable(tmp_path: Path) -> None:
    db = tmp_path / "store.json"
    write_corpus(tmp_path / "base", 5, "base-")
    assert diplotui("ingest", str(tmp_path / "base"), "--db", str(db)).returncode == 0
    before = _ids(db)
    for number, sig in enumerate([signal.SIGINT, signal.SIGHUP, signal.SIGINT, signal.SIGHUP]):
        corpus = tmp_path / f"open-{number}"
        write_corpus(corpus, 40, f"o{number}-")
        process = popen("open", str(corpus), "--db", str(db))
        time.sleep(0.3 + 0.25 * number)
        if process.poll() is None:
            process.send_signal(sig)
        _, err = process.communicate(timeout=30)
        assert "Traceback" not in err
        assert before <= _ids(db)
