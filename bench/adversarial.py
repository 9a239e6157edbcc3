"""Time and memory of reading pathological inputs: `python bench/adversarial.py [SIZES]`.

For each input shape (runs of initials, unclosed quotation marks, stray full stops,
abbreviations, a paragraph without a full stop, "X said the" runs, transcripts with and
without quotation marks, HTML made of unclosed tags, one huge line, a million short
lines) and each size (default
100 KB and 1 MB; pass e.g. `100k 1m 10m`), prints seconds per MB and the peak memory
as a multiple of the input size. The goal: under 10 s per MB and under 20x memory.
Each case runs in a child process, so one case's memory does not count against the next;
it runs `--repeat` times (default 3) and the fastest time and the largest memory are
printed (a shared machine's other work only ever adds time). Each process first reads a
small document, so that loading word lists and patterns is not counted against the
input. `--only WORD` runs the shapes whose name holds WORD; `--json` also prints the
rows as JSON.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import time

SHAPES = {
    "initials 'A.'": "A.",
    "open quotes '‘a '": "‘a ",
    "full stops '. '": ". ",
    "abbreviations 'U.S. Mr. '": "U.S. Mr. ",
    "no full stop 'word '": "word ",
    "'Ana Lima said the '": "Ana Lima said the ",
    "meeting clauses": "Foreign Minister Ana Pereira met Rui Costa, ",
    "transcript turns": "PRESIDENT HALE: Thank you very much, Mr. Prime Minister.\n\n",
    "quoted turns": 'PRESIDENT HALE: "Thank you very much, Mr. Prime Minister."\n\n',
}
HTML_SHAPES = {
    "html '<p><a '": "<p>" + "<a ",
    "html one line": "<p>Foreign Minister Ana Pereira met Rui Costa in Lisbon. ",
    "html short lines": "<br>x\n",
}


def _size(text: str) -> int:
    units = {"k": 1024, "m": 1024 * 1024}
    return int(float(text[:-1]) * units[text[-1].lower()]) if text[-1].lower() in units else int(text)


def _run(kind: str, unit: str, size: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from diplotui.extract import extract_document
    from diplotui.text import read_source

    # A small document first: word lists, patterns and caches are loaded once per
    # process, and that start-up is not what a size of input costs.
    warm_up = "<p>Foreign Minister Ana Pereira met Rui Costa in Lisbon on Monday.</p>"
    extract_document(read_source(warm_up.encode(), ".html").body, "2024-01-01", "w")
    text = (unit * (size // len(unit) + 1))[:size]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    if kind == "html":
        source = read_source(("<html><body>" + text).encode(), ".html")
    else:
        source = read_source(("Title: T\n\n" + text).encode(), ".txt")
    extract_document(source.body, "2024-01-01", "d")
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((elapsed, max(peak - before, 0) * 1024))


def _measure(kind: str, unit: str, size: int) -> tuple[float, int] | None:
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    child = multiprocessing.Process(target=_run, args=(kind, unit, size, queue))
    child.start()
    child.join(timeout=600)
    if child.is_alive():
        child.kill()
        return None
    if child.exitcode != 0:
        raise SystemExit(f"the case failed in its process (exit status {child.exitcode})")
    elapsed, memory = queue.get()
    return elapsed, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", help="input sizes, e.g. 100k 1m 10m (default: 100k 1m)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (default 3)")
    parser.add_argument("--only", help="run only the shapes whose name holds this")
    parser.add_argument("--json", action="store_true", help="also print the rows as JSON")
    args = parser.parse_args()
    sizes = [_size(s) for s in args.sizes] or [100 * 1024, 1024 * 1024]
    rows = []
    cases = [("text", name, unit) for name, unit in SHAPES.items()]
    cases += [("html", name, unit) for name, unit in HTML_SHAPES.items()]
    for kind, name, unit in cases:
        if args.only and args.only not in name:
            continue
        for size in sizes:
            runs = [_measure(kind, unit, size) for _ in range(max(1, args.repeat))]
            finished = [r for r in runs if r is not None]
            if len(finished) < len(runs):
                print(f"{name:32} {size / 1024:8.0f} KB  did not finish in 600 s")
                continue
            elapsed = min(r[0] for r in finished)
            memory = max(r[1] for r in finished)
            per_mb = elapsed / (size / 1024 / 1024)
            ratio = memory / size
            flag = "" if per_mb <= 10 and ratio <= 20 else "  <-- over budget"
            print(f"{name:32} {size / 1024:8.0f} KB  {per_mb:7.2f} s/MB  {ratio:6.1f}x memory{flag}")
            rows.append({"case": name, "bytes": size, "seconds_per_mb": per_mb, "memory_ratio": ratio})
    if args.json:
        print(json.dumps(rows))


if __name__ == "__main__":
    main()
