"""Benchmark the explorer on a large store: `python bench/explorer.py [N] [--sqlite]`
(default 10000, a TinyDB store).

Builds (or reuses) a store of N generated documents in bench/out/ (`store-N.json`, or
`store-N.sqlite`), then prints the time to first paint (of a large store, its first
screen: see `diplotui.query.first_screen`) and to the whole store shown, keystroke
latency (p50/p95) for moving, filtering and search-as-you-type, and peak memory.

Each key is timed two ways. Until the explorer is idle: Textual's test driver waits
until the process stops working, which takes in whatever work the key set going (and,
once the keys are more than 150 ms apart with the driver's own cost, the panes that
follow a pause in typing). And, for the keys typed in the search, from the key to the
first frame drawn after the explorer showed the view of the text typed so far: what
the eye sees.
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import sys
import time
from pathlib import Path

from textual.widgets import Input

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402

from diplotui.ingest import ingest  # noqa: E402
from diplotui.store import Store  # noqa: E402
from diplotui.tui.app import DiplotuiApp  # noqa: E402
from diplotui.tui.screens.main import SIDE_PANES_DELAY  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"

FRAMES: list[float] = []
"""When each frame was drawn (the app's `_display`, which the test driver keeps)."""
VIEWS: list[tuple[float, str]] = []
"""When the explorer showed the view of each search text (`MainScreen.refresh_view`)."""


def _watch_frames_and_views() -> None:
    """Record frames and views as they happen, for the key-to-screen figure."""
    from textual.app import App

    from diplotui.tui.screens.main import MainScreen

    display, refresh_view = App._display, MainScreen.refresh_view

    def drawn(self: App, *args: object) -> None:
        FRAMES.append(time.perf_counter())
        display(self, *args)  # type: ignore[arg-type]

    def shown(self: MainScreen, *args: object, **named: object) -> None:
        refresh_view(self, *args, **named)  # type: ignore[arg-type]
        VIEWS.append((time.perf_counter(), self.query_text))

    App._display = drawn  # type: ignore[method-assign]
    MainScreen.refresh_view = shown  # type: ignore[method-assign]


def to_screen(since: float, typed: str) -> float | None:
    """From `since` to the first frame drawn after the view of `typed` was shown."""
    view = next((at for at, text in VIEWS if at >= since and text == typed), None)
    if view is None:
        return None
    return next((at for at in FRAMES if at >= view), view) - since


def build_store(count: int, suffix: str = ".json") -> Store:
    store = Store(OUT / f"store-{count}{suffix}")
    if not store.exists():
        folder = OUT / f"corpus-{count}"
        if not folder.exists():
            write_corpus(folder, count)
        start = time.perf_counter()
        ingest(store, [folder])
        print(f"ingested {count} documents in {time.perf_counter() - start:.1f} s")
    return store


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


async def measure(store: Store) -> None:
    app = DiplotuiApp(store)
    start = time.perf_counter()
    async with app.run_test(size=(120, 35)) as pilot:
        while app.main_screen.view is None:  # the first screen (a large store's) is shown
            await asyncio.sleep(0.005)
        # Every widget has handled what it was sent, twice over, and the screen is drawn.
        # (Not `pilot.pause()`: it waits for the process to idle, up to a second, and the
        # explorer builds its search index in the background once the screen is shown.)
        await pilot.pause(0)
        await pilot.pause(0)
        painted = time.perf_counter() - start
        while app.main_screen.reading_store is not None or app.corpus is None:  # the whole store
            await asyncio.sleep(0.005)
        await pilot.pause(0)
        await pilot.pause(0)
        whole = time.perf_counter() - start
        await app.workers.wait_for_complete()  # the search index, built after the first paint
        print(f"first paint: {painted:.2f} s")
        print(f"the whole store shown ({len(app.corpus.events):,} events): {whole:.2f} s")

        seen: list[float] = []  # key to screen, for the keys typed in the search

        async def timed(*keys: str) -> float:
            begin = time.perf_counter()
            await pilot.press(*keys)
            await pilot.pause()
            idle = time.perf_counter() - begin - harness
            search = app.screen.query("#search")
            if search and not search.first().has_class("hidden"):
                shown = to_screen(begin, search.first(Input).value)
                if shown is not None:
                    seen.append(shown)
            return idle

        # Pilot's own cost for a key that does nothing, subtracted from every figure.
        harness = 0.0
        harness = statistics.median([await timed("f12") for _ in range(15)])
        print(f"(test-harness cost per key, subtracted below: {harness * 1000:.0f} ms)")

        moves = [await timed("j") for _ in range(30)]
        print(f"move down: {percentiles(moves)}")
        screen = app.main_screen
        await pilot.press("slash")
        typing = []
        for word in ["kalo", "mira"]:  # 16 keys: a p95 of fewer would be their slowest
            typing += [await timed(key) for key in word] + [await timed("backspace") for _ in word]
        print(f"search as you type: {percentiles(typing)}")
        # The quotes, the count of texts, the axis and the side panes follow once typing
        # pauses, a pane at a time: how long after the last key they are all shown, and
        # how long a key typed while they are being shown waits.
        settling, interrupted = [], []
        for word in ["kal", "ka", "k", ""]:
            screen.query_one("#search", Input).value = word
            while screen.query_text != word:  # the timeline shows it: typing has paused
                await asyncio.sleep(0.001)
            begin = time.perf_counter()
            while not screen.settled:
                await asyncio.sleep(0.001)
            settling.append(time.perf_counter() - begin - SIDE_PANES_DELAY)
        for key in "kalo" + "\b" * 4 + "mira":
            await asyncio.sleep(SIDE_PANES_DELAY + 0.01)  # the panes are being shown
            interrupted.append(await timed("backspace" if key == "\b" else key))
        print(f"every pane shown after typing pauses: {percentiles(settling)} after the pause")
        print(f"a key typed while they are shown: {percentiles(interrupted)}")
        await pilot.press("escape")
        # As the participants pane does (Enter on a person: `person:` with their id).
        people = app.corpus.people
        filtering, filtered = [], []
        for n in range(20):
            begin = time.perf_counter()
            screen.add_filter("person", people[len(people) * n // 20].id)
            await pilot.pause()
            filtering.append(time.perf_counter() - begin - harness / 2)
            shown = to_screen(begin, screen.query_text)
            if shown is not None:
                filtered.append(shown)
            await pilot.press("escape")
        print(f"filter by participant: {percentiles(filtering)}")
        print(f"filter by participant, to the screen: {percentiles(filtered)} ({len(filtered)} filters)")
        name = app.corpus.people[len(app.corpus.people) // 3].name.split()[-1]
        await pilot.press("slash")
        naming = [await timed(key) for key in f"person:{name}"]
        print(f"typing `person:{name}`: {percentiles(naming)}")
        print(f"key to screen, of the {len(seen)} keys typed in the search above: {percentiles(seen)}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")


def main() -> None:
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    count = int(numbers[0]) if numbers else 10_000
    OUT.mkdir(exist_ok=True)
    _watch_frames_and_views()
    asyncio.run(measure(build_store(count, ".sqlite" if "--sqlite" in sys.argv else ".json")))


if __name__ == "__main__":
    main()
