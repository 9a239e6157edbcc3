"""Regenerate the README screenshot: `python assets/make_screenshot.py`.

Loads the bundled sample into a temporary store, drives the explorer with Pilot to
the Putin meeting, and saves an SVG next to this script.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from diplotui.ingest import bundled_seeds, ingest
from diplotui.query import Corpus
from diplotui.store import Store
from diplotui.tui.app import DiplotuiApp

HERE = Path(__file__).resolve().parent


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "store.json")
        seeds = bundled_seeds()
        assert seeds is not None, "the bundled seeds are missing"
        ingest(store, [seeds])
        app = DiplotuiApp(corpus=Corpus.from_records(store.documents()))
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("]")
            await pilot.pause()
            app.save_screenshot("screenshot.svg", path=str(HERE))
    print(HERE / "screenshot.svg")


if __name__ == "__main__":
    asyncio.run(main())
