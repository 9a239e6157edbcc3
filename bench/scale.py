"""How diplotui scales with the corpus: `python bench/scale.py [N ...]` (default 1000 10000).

For each N, writes N generated documents (bench/corpus.py, about 4 KB each) into
bench/out/, then runs each step as its own process, as a user would, and prints its wall
time and peak memory:

- for each backend (TinyDB JSON and SQLite; `--backend` picks one):
- ingest of the whole folder (`--workers` = the machine's cores; pass `--workers 1 2` to
  compare), documents per second, and the store's size on disk;
- a no-op re-ingest, and the re-ingest of one changed file (the folder, and the file alone);
- `search` for a person, for a word and for a date range;
- `export` of the whole corpus to Markdown;
- the explorer's first paint (headless, with Textual's test driver).

Figures vary with the machine and its load; run twice and keep the better.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"

FIRST_PAINT = """
import asyncio, sys, time
start = time.perf_counter()
from diplotui.store import Store
from diplotui.tui.app import DiplotuiApp

async def main():
    app = DiplotuiApp(Store(sys.argv[1]))
    async with app.run_test(size=(120, 35)) as pilot:
        while app.main_screen.view is None:
            await asyncio.sleep(0.005)
        await pilot.pause()
        print(f"{time.perf_counter() - start:.3f}")

asyncio.run(main())
"""


def run(*args: str) -> tuple[float, float, str]:
    """Run a command; return its wall time (s), peak memory (MB, the largest of it and
    its own children) and standard output."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=errors)
        assert process.stdout is not None
        out = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(args)} failed: {errors.read().decode(errors='replace').strip()}")
    return elapsed, usage.ru_maxrss / 1024, out.decode(errors="replace")


def diplotui(*args: str) -> tuple[float, float, str]:
    return run(sys.executable, "-m", "diplotui", *args)


def row(label: str, seconds: float, memory: float, extra: str = "") -> None:
    print(f"  {label:34} {seconds:8.2f} s  {memory:7.0f} MB  {extra}", flush=True)


def a_person(folder: Path) -> str:
    """A participant's surname from the first generated document."""
    text = (folder / "doc-00000.txt").read_text(encoding="utf-8")
    match = re.search(r"Minister ([A-Z][a-z]+) ([A-Z][a-z]+) met", text) or re.search(
        r"President ([A-Z][a-z]+) ([A-Z][a-z]+)", text
    )
    return match.group(2) if match else "Minister"


def measure(count: int, workers: list[int], backend: str) -> None:
    folder = OUT / f"corpus-{count}"
    if not folder.exists():
        write_corpus(folder, count)
    size = sum(p.stat().st_size for p in folder.iterdir())
    print(f"\n{count:,} documents ({size / 1e6:.0f} MB of text), {backend} store")
    db = OUT / f"scale-{count}.{backend}"
    for number in workers:
        db.unlink(missing_ok=True)
        seconds, memory, _ = diplotui("ingest", str(folder), "--db", str(db), "--workers", str(number))
        label = f"ingest, {number} worker{'s' if number > 1 else ''}"
        row(label, seconds, memory, f"{count / seconds:6.0f} docs/s")
    print(f"  {'store size':34} {db.stat().st_size / 1e6:8.1f} MB")
    seconds, memory, _ = diplotui("ingest", str(folder), "--db", str(db))
    row("re-ingest, nothing changed", seconds, memory)
    changed = folder / "doc-00001.txt"
    original = changed.read_bytes()
    try:
        changed.write_bytes(original + b"\nA line added for the benchmark.\n")
        seconds, memory, _ = diplotui("ingest", str(folder), "--db", str(db))
        row("re-ingest folder, one file changed", seconds, memory)
        changed.write_bytes(original + b"\nAnother line added for the benchmark.\n")
        seconds, memory, _ = diplotui("ingest", str(changed), "--db", str(db))
        row("re-ingest the changed file alone", seconds, memory)
    finally:
        changed.write_bytes(original)
        diplotui("ingest", str(folder), "--db", str(db))
    for label, query in (
        ("search a person", f"person:{a_person(folder)}"),
        ("search a word", "cooperation"),
        ("search a date range", "date:2023-03-01..2023-03-31"),
        ("search a topic", "topic:climate"),
    ):
        seconds, memory, out = diplotui("search", query, "--db", str(db))
        row(f"{label} ({query})", seconds, memory, f"{max(0, len(out.splitlines()) - 4):,} lines")
    target = OUT / f"scale-{count}-{backend}.md"
    target.unlink(missing_ok=True)
    seconds, memory, _ = diplotui("export", "-o", str(target), "--db", str(db))
    row("export Markdown", seconds, memory)
    seconds, memory, out = run(sys.executable, "-c", FIRST_PAINT, str(db))
    row("explorer first paint (process)", float(out.strip() or "nan"), memory)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000, 10_000])
    parser.add_argument("--workers", nargs="+", type=int, default=[os.cpu_count() or 1])
    parser.add_argument("--backend", nargs="+", choices=["json", "sqlite"], default=["json", "sqlite"])
    parser.add_argument("--clean", action="store_true", help="Delete bench/out/ afterwards.")
    options = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    print(f"diplotui scale benchmark on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for count in options.counts:
        for backend in options.backend:
            measure(count, options.workers, backend)
    if options.clean:
        shutil.rmtree(OUT)


if __name__ == "__main__":
    main()
