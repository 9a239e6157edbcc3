"""Regenerate the README screenshots: `python assets/make_screenshot.py`.

- screenshot.svg: the bundled sample, with the Putin meeting selected;
- review.svg: the same, after a review (an event accepted, starred, its place corrected
  and noted; another rejected);
- readouts.svg: two reports of one meeting side by side (`d`), from two short texts
  written for this script.

Each is made in a temporary store and driven with Pilot; the SVGs land next to this script.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from diplotui.ingest import bundled_seeds, ingest
from diplotui.query import Corpus, corpus_for
from diplotui.review import apply, make
from diplotui.store import Store
from diplotui.tui.app import DiplotuiApp

HERE = Path(__file__).resolve().parent
SIZE = (120, 35)

REPORTS = {
    "wire.txt": """Title: Vidal visits Rabat
Published: 2024-01-16

RABAT, Jan 15 (Wire) - Spanish Foreign Minister Elena Vidal met Moroccan Foreign Minister \
Youssef Amrani in Rabat on Monday. "Our two shores share one future," Vidal told reporters.
""",
    "readout.txt": """Title: Amrani receives Vidal
Published: 2024-01-15

Foreign Minister Youssef Amrani held talks with Foreign Minister Elena Vidal of Spain on \
January 15, 2024. "We share a sea," Amrani said.
""",
}


async def shoot(app: DiplotuiApp, name: str, *keys: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        app.save_screenshot(name, path=str(HERE))
    print(HERE / name)


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "store.json")
        seeds = bundled_seeds()
        assert seeds is not None, "the bundled seeds are missing"
        ingest(store, [seeds])
        corpus = Corpus.from_records(store.documents())
        await shoot(DiplotuiApp(corpus=corpus), "screenshot.svg", "]")

        lavrov, patrushev = corpus.events[0].id, corpus.events[1].id
        when = "2026-01-05T10:00:00Z"
        entries = [
            make(corpus, lavrov, "status", "accepted", when),
            make(corpus, lavrov, "star", True, when),
            make(corpus, lavrov, "edit", {"place": "Moscow, Osobnyak"}, when),
            make(corpus, lavrov, "note", "Venue from the ministry's own readout", when),
            make(corpus, patrushev, "status", "rejected", when),
        ]
        await shoot(DiplotuiApp(corpus=apply(corpus, entries)), "review.svg")

        docs = Path(folder) / "reports"
        docs.mkdir()
        for name, text in REPORTS.items():
            (docs / name).write_text(text)
        other = Store(Path(folder) / "reports.json")
        ingest(other, [docs])
        await shoot(DiplotuiApp(corpus=corpus_for(other)), "readouts.svg", "d")


if __name__ == "__main__":
    asyncio.run(main())
