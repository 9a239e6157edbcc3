"""Time and memory of reading pathological inputs: `python bench/adversarial.py [SIZES]`.

For each input shape (runs of initials, unclosed quotation marks, stray full stops,
abbreviations, a paragraph without a full stop, "X said the" runs, transcripts, HTML
made of unclosed tags, one huge line, a million short lines) and each size (default
100 KB and 1 MB; pass e.g. `100k 1m 10m`), prints seconds per MB and the peak memory
as a multiple of the input size. The goal: under 10 s per MB and under 20x memory.
Each case runs in a child process, so one case's memory does not count against the next.
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import sys
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


def main() -> None:
    sizes = [_size(s) for s in sys.argv[1:]] or [100 * 1024, 1024 * 1024]
    rows = []
    cases = [("text", name, unit) for name, unit in SHAPES.items()]
    cases += [("html", name, unit) for name, unit in HTML_SHAPES.items()]
    for kind, name, unit in cases:
        for size in sizes:
            queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
            child = multiprocessing.Process(target=_run, args=(kind, unit, size, queue))
            child.start()
            child.join(timeout=600)
            if child.is_alive():
                child.kill()
                print(f"{name:32} {size / 1024:8.0f} KB  did not finish in 600 s")
                continue
            elapsed, memory = queue.get()
            per_mb = elapsed / (size / 1024 / 1024)
            ratio = memory / size
            flag = "" if per_mb <= 10 and ratio <= 20 else "  <-- over budget"
            print(f"{name:32} {size / 1024:8.0f} KB  {per_mb:7.2f} s/MB  {ratio:6.1f}x memory{flag}")
            rows.append({"case": name, "bytes": size, "seconds_per_mb": per_mb, "memory_ratio": ratio})
    if "--json" in sys.argv:
        print(json.dumps(rows))


if __name__ == "__main__":
    main()
