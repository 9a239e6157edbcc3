"""How diplotui scales with the corpus: `python bench/scale.py [N ...]` (default 1000 10000).

For each N, writes N generated documents (bench/corpus.py, about 4 KB each) into
bench/out/, then runs each step as its own process, as a user would, and prints its wall
time and peak memory:

- for each backend (TinyDB JSON and SQLite; `--backend` picks one):
- ingest of the whole folder (`--workers` = the machine's cores; pass `--workers 1 2` to
  compare), documents per second, and the store's size on disk;
- a no-op re-ingest, and the re-ingest of one changed file (the folder, and the file alone);
- `search` for a person, for a word in most documents, for a surname as a free word and
  for a date range;
- `export` of the whole corpus to Markdown, and of one person's events and quotes;
- `cadence` of two people named by name;
- the explorer's first paint, its participants shown, and the whole store shown
  (headless, with Textual's test driver; a large SQLite store shows its first screen,
  then the participants and topics its queries count, before the whole store).

With `--queries`, the stores bench/out/ holds already are used as they are (after a
no-op re-ingest, which brings a store made by an older diplotui to this one's format),
and only the searches, exports and the explorer are measured.

diplotui's modules are compiled to bytecode first (see `compile_package`). Figures vary
with the machine and its load; run twice and keep the better.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import subprocess
import sys
import tempfile
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
        # Drawn (see bench/explorer.py: not pilot.pause(), which waits for the process
        # to idle while the search index is built in the background).
        await pilot.pause(0)
        await pilot.pause(0)
        print(f"{time.perf_counter() - start:.3f}")
        # A large SQLite store's first screen comes before its participants (counted by
        # the store) and the whole store.
        people = app.main_screen.query_one("#people")
        while not people.option_count and app.corpus is None:
            await asyncio.sleep(0.005)
        await pilot.pause(0)
        print(f"{time.perf_counter() - start:.3f}")
        while app.main_screen.reading_store is not None or app.corpus is None:
            await asyncio.sleep(0.005)
        await pilot.pause(0)
        await pilot.pause(0)
        print(f"{time.perf_counter() - start:.3f}")

asyncio.run(main())
"""


# Runs a command and reports its wall time and peak memory. A child forked from this
# script would count the script's own memory (Linux keeps the parent's high-water mark
# across fork), so the command is started from this small process instead.
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
status = subprocess.call(sys.argv[1:])
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write(f"\\n@@measured {elapsed} {peak}\\n")
sys.exit(status)
"""


def compile_package() -> None:
    """Compile diplotui's modules to bytecode first, so that each command starts as an
    installed diplotui does: `pip install` compiles them, and Python writes the bytecode
    on a first run anyway, unless PYTHONDONTWRITEBYTECODE is set (as on the machine these
    figures come from). Each command would then compile every module it imports from its
    source again: 0.2-0.5 s more a command, the same whatever the store."""
    import diplotui

    package = Path(diplotui.__file__).resolve().parent
    compileall.compile_dir(package, quiet=1)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("  PYTHONDONTWRITEBYTECODE is set: the bytecode was compiled once, before the steps")


def run(*args: str) -> tuple[float, float, str, int]:
    """Run a command; return its wall time (s), peak memory (MB), the start of its
    standard output and how many lines that has (a long output is only counted, so it
    does not weigh on this script)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as errors:
        status = subprocess.call([sys.executable, "-c", MEASURE, *args], stdout=out, stderr=errors)
        errors.seek(0)
        said = errors.read().decode(errors="replace")
        if status != 0:
            raise SystemExit(f"{' '.join(args)} failed: {said.rsplit('@@measured', 1)[0].strip()}")
        elapsed, peak = said.rsplit("@@measured ", 1)[1].split()
        out.seek(0)
        head = out.read(4096).decode(errors="replace")
        out.seek(0)
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: out.read(1 << 20), b""))
    return float(elapsed), int(peak) / 1024, head, lines


def diplotui(*args: str) -> tuple[float, float, str, int]:
    return run(sys.executable, "-m", "diplotui", *args)


def row(label: str, seconds: float, memory: float, extra: str = "") -> None:
    print(f"  {label:34} {seconds:8.2f} s  {memory:7.0f} MB  {extra}", flush=True)


def two_people(folder: Path) -> tuple[str, str]:
    """The two participants' full names in the first generated document."""
    text = (folder / "doc-00000.txt").read_text(encoding="utf-8")
    names = re.findall(r"(?:Minister|President) ([A-Z][a-z]+ [A-Z][a-z]+)", text)
    return (names[0], names[1]) if len(names) > 1 else ("Minister", "President")


def measure(count: int, workers: list[int], backend: str, queries: bool = False) -> None:
    folder = OUT / f"corpus-{count}"
    if not folder.exists():
        write_corpus(folder, count)
    size = sum(p.stat().st_size for p in folder.iterdir())
    print(f"\n{count:,} documents ({size / 1e6:.0f} MB of text), {backend} store")
    db = OUT / f"scale-{count}.{backend}"
    if queries and db.exists():
        seconds, memory, _, _ = diplotui("ingest", str(folder), "--db", str(db))
        row("re-ingest, nothing changed", seconds, memory)
    else:
        build(folder, db, count, workers)
    first, second = two_people(folder)
    surname = first.split()[-1]
    for label, query in (
        ("search a person", f"person:{surname}"),
        ("search a word", "cooperation"),
        ("search a surname as a word", surname),
        ("search a date range", "date:2023-03-01..2023-03-31"),
        ("search a topic", "topic:climate"),
    ):
        seconds, memory, _, lines = diplotui("search", query, "--db", str(db))
        row(f"{label} ({query})", seconds, memory, f"{max(0, lines - 4):,} lines")
    target = OUT / f"scale-{count}-{backend}.md"
    target.unlink(missing_ok=True)
    seconds, memory, _, _ = diplotui("export", "-o", str(target), "--db", str(db))
    row("export Markdown", seconds, memory)
    seconds, memory, _, _ = diplotui("export", f"person:{surname}", "--db", str(db))
    row(f"export person:{surname}", seconds, memory)
    seconds, memory, _, _ = diplotui("cadence", first, second, "--db", str(db))
    row(f"cadence {first!r} {second!r}", seconds, memory)
    seconds, memory, head, _ = run(sys.executable, "-c", FIRST_PAINT, str(db))
    first_paint, panes, whole = ([float(line) for line in head.split()] + [float("nan")] * 3)[:3]
    row("explorer first paint (process)", first_paint, memory)
    row("explorer, its participants shown", panes, memory)
    row("explorer, the whole store shown", whole, memory)


def build(folder: Path, db: Path, count: int, workers: list[int]) -> None:
    """Ingest the corpus anew with each number of workers, then re-ingest it."""
    for number in workers:
        db.unlink(missing_ok=True)
        seconds, memory, _, _ = diplotui("ingest", str(folder), "--db", str(db), "--workers", str(number))
        label = f"ingest, {number} worker{'s' if number > 1 else ''}"
        row(label, seconds, memory, f"{count / seconds:6.0f} docs/s")
    print(f"  {'store size':34} {db.stat().st_size / 1e6:8.1f} MB")
    seconds, memory, _, _ = diplotui("ingest", str(folder), "--db", str(db))
    row("re-ingest, nothing changed", seconds, memory)
    changed = folder / "doc-00001.txt"
    original = changed.read_bytes()
    try:
        changed.write_bytes(original + b"\nA line added for the benchmark.\n")
        seconds, memory, _, _ = diplotui("ingest", str(folder), "--db", str(db))
        row("re-ingest folder, one file changed", seconds, memory)
        changed.write_bytes(original + b"\nAnother line added for the benchmark.\n")
        seconds, memory, _, _ = diplotui("ingest", str(changed), "--db", str(db))
        row("re-ingest the changed file alone", seconds, memory)
    finally:
        changed.write_bytes(original)
        diplotui("ingest", str(folder), "--db", str(db))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000, 10_000])
    parser.add_argument("--workers", nargs="+", type=int, default=[os.cpu_count() or 1])
    parser.add_argument("--backend", nargs="+", choices=["json", "sqlite"], default=["json", "sqlite"])
    parser.add_argument("--clean", action="store_true", help="Delete bench/out/ afterwards.")
    parser.add_argument(
        "--queries", action="store_true", help="Use the stores in bench/out/; measure only the queries."
    )
    options = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    print(f"diplotui scale benchmark on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    compile_package()
    for count in options.counts:
        for backend in options.backend:
            measure(count, options.workers, backend, options.queries)
    if options.clean:
        shutil.rmtree(OUT)


if __name__ == "__main__":
    main()
