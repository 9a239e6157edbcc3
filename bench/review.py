"""How the analyst's layer costs with the corpus: `python bench/review.py [N] [K]` (default
10000 documents, 1000 annotations).

Uses (or builds) the SQLite store bench/scale.py makes for N documents, copies it, and
prints the wall time of:

- reading the whole corpus without a layer;
- writing K annotations (statuses, stars, tags on events) in one transaction;
- reading the corpus with those K marks, and with K/10 place corrections besides;
- attaching the K annotations when every record has a new id (a new extractor): each
  is found again by its content;
- one `diplotui review accept` from the command line (a process, as a user runs it).

Figures vary with the machine and its load; run twice and keep the better.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402

from diplotui.ingest import ingest  # noqa: E402
from diplotui.query import corpus_for  # noqa: E402
from diplotui.review import apply, attach, make  # noqa: E402
from diplotui.store import Store  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def timed(label: str, work, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = work(*args)
    print(f"{label:<58} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    marks = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    source = OUT / f"scale-{count}.sqlite"
    if not source.exists():
        folder = OUT / f"corpus-{count}"
        if not folder.exists():
            write_corpus(folder, count)
        ingest(Store(source), [folder], workers=2)
    with tempfile.TemporaryDirectory() as temp:
        db = Path(temp) / "review.sqlite"
        shutil.copy(source, db)
        store = Store(db)
        print(f"{count:,} documents, {marks:,} annotations")
        corpus = timed("read the corpus, no layer", corpus_for, store)
        events = corpus.events[:marks]
        kinds = [("status", "accepted"), ("star", True), ("tag", "bench")]
        entries = [make(corpus, e.id, *kinds[n % 3]) for n, e in enumerate(events)]

        def write() -> None:
            with store.transaction() as transaction:
                for entry in entries:
                    transaction.put_annotation(entry)

        timed(f"write {len(entries):,} annotations (one transaction)", write)
        timed(f"read the corpus with {len(entries):,} marks", corpus_for, store)
        edits = [
            make(corpus, e.id, "edit", {"place": f"Place {n}"}) for n, e in enumerate(events[: marks // 10])
        ]

        def write_edits() -> None:
            with store.transaction() as transaction:
                for entry in edits:
                    transaction.put_annotation(entry)

        write_edits()
        timed(f"read it with {len(edits):,} place corrections besides", corpus_for, store)
        # A new extractor: every record under another id, found again by its anchor.
        moved = [{**e, "target": "e-000000000000"} for e in entries]
        landed = timed(f"attach {len(moved):,} annotations whose ids all changed", attach, corpus, moved)
        found = sum(1 for e in moved if landed[e["id"]] is not None)
        print(f"{'':<58} {found:,} of {len(moved):,} found again")
        timed("apply them", apply, corpus, moved)
        command = [
            sys.executable,
            "-m",
            "diplotui",
            "review",
            "accept",
            corpus.events[-1].id,
            "--db",
            str(db),
        ]
        timed("diplotui review accept (a process)", subprocess.run, command)


if __name__ == "__main__":
    main()
