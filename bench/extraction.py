"""Benchmark extraction and ingest: `python bench/extraction.py [N]` (default 2000).

Prints documents per second for extraction alone (one core), for `diplotui ingest` as a
whole (a fresh store, 300 documents), the time dateparser's `search_dates` alone takes
over the same 300 texts, and peak memory.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402

from diplotui.extract import extract_document  # noqa: E402
from diplotui.text import read_source  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as folder:
        paths = write_corpus(Path(folder) / "corpus", count)
        sources = [read_source(p.read_bytes(), ".txt") for p in paths]
        size = sum(len(s.body) for s in sources) / len(sources)
        start = time.perf_counter()
        for n, source in enumerate(sources):
            extract_document(source.body, source.published, f"d-{n}")
        elapsed = time.perf_counter() - start
        print(f"documents: {count}, mean size {size / 1024:.1f} KB")
        print(f"extraction alone: {count / elapsed:,.0f} documents/s on one core ({elapsed:.2f} s)")

        subset = Path(folder) / "subset"
        subset.mkdir()
        for path in paths[:300]:
            (subset / path.name).write_bytes(path.read_bytes())
        store = Path(folder) / "store.json"
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "diplotui", "ingest", str(subset), "--db", str(store)],
            check=True,
            capture_output=True,
        )
        ingest_time = time.perf_counter() - start
        print(
            f"diplotui ingest of 300 documents: {ingest_time:.2f} s "
            f"({300 / ingest_time:,.0f} documents/s, process start included)"
        )

        from dateparser.search import search_dates

        start = time.perf_counter()
        for source in sources[:300]:
            search_dates(source.body, languages=["en"])
        search_time = time.perf_counter() - start
        print(
            f"dateparser.search_dates alone over the same 300: {search_time:.2f} s "
            f"(ingest takes {ingest_time / search_time:.0%} of that)"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
