"""Several writers at once all land; a reader during the writes never fails."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import popen, write_corpus

from diplotui.store import Store

# A writer that ingests its files one at a time: one locked transaction per file, so
# writers interleave many read-modify-write cycles on the store.
WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from diplotui.ingest import ingest
    from diplotui.store import Store
    store = Store(sys.argv[1])
    for path in sorted(Path(sys.argv[2]).iterdir()):
        ingest(store, [path])
    """
)

READER = textwrap.dedent(
    """
    import sys, time
    from diplotui.store import Store
    store, deadline, reads = Store(sys.argv[1]), time.monotonic() + float(sys.argv[2]), 0
    while time.monotonic() < deadline:
        store.documents()
        reads += 1
    print(reads)
    """
)


@pytest.mark.parametrize("writers", [2, 4])
def test_writers_at_once_all_land_and_readers_never_fail(tmp_path: Path, db: Path, writers: int) -> None:
    expected = set()
    for n in range(writers):
        for path in write_corpus(tmp_path / f"w{n}", 12, f"w{n}-"):
            expected.add(path.resolve())
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db), "6"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), str(tmp_path / f"w{n}")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(writers)
    ]
    processes.append(popen("ingest", str(tmp_path / "w0"), "--db", str(db)))  # and the CLI too
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    assert int(out) > 0
    stored = {Path(d["abspath"]) for d in Store(db).documents()}
    assert stored == expected
