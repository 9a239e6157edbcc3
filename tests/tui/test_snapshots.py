"""One snapshot per screen at 100x30, driven by Pilot before the shot.

The SVGs under `__snapshots__` were looked at (rendered to PNG) before being committed;
update them with `pytest --snapshot-update` only after reading the diff report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from diplotui.query import Corpus
from diplotui.review import apply, make
from diplotui.tui.app import DiplotuiApp

SIZE = (100, 30)
SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"


def app_for(corpus: Corpus) -> DiplotuiApp:
    corpus.prepare_search().texts()  # as the explorer's worker would have by the shot
    return DiplotuiApp(corpus=corpus)


async def no_blink(pilot: Pilot) -> None:
    pilot.app.main_screen.query_one(Input).cursor_blink = False
    await pilot.pause()


class TestMainScreen:
    def test_first_screen(self, snap_compare, seed_corpus: Corpus) -> None:
        assert snap_compare(app_for(seed_corpus), terminal_size=SIZE, run_before=no_blink)

    def test_putin_meeting_selected(self, snap_compare, seed_corpus: Corpus) -> None:
        assert snap_compare(app_for(seed_corpus), terminal_size=SIZE, press=["]"], run_before=no_blink)


class TestSearch:
    def test_search_for_lavrov(self, snap_compare, seed_corpus: Corpus) -> None:
        async def search(pilot: Pilot) -> None:
            await no_blink(pilot)
            await pilot.press("slash", *"Lavrov")
            await pilot.pause(0.4)  # the side panes follow once typing pauses

        assert snap_compare(app_for(seed_corpus), terminal_size=SIZE, run_before=search)


class TestSourceView:
    def test_source_of_the_putin_meeting(self, snap_compare, tmp_path: Path) -> None:
        # The source view shows the document's path: a copy of the seeds in the working
        # directory (the test's own) is shown as seeds/…, wherever the repository is.
        import shutil

        from diplotui.ingest import ingest
        from diplotui.store import Store

        shutil.copytree(SEEDS, tmp_path / "seeds")
        store = Store(tmp_path / "store.json")
        ingest(store, [Path("seeds")])
        corpus = Corpus.from_records(store.documents())
        assert corpus.documents[0].path.startswith("seeds/")
        assert snap_compare(app_for(corpus), terminal_size=SIZE, press=["]", "s"], run_before=no_blink)


class TestReview:
    def test_reviewed_events_and_a_correction(self, snap_compare, seed_corpus: Corpus) -> None:
        # The layer as the store would give it, made at a fixed time: the first event
        # accepted, starred, its place corrected and noted; the second rejected (hidden).
        first, second = seed_corpus.events[0].id, seed_corpus.events[1].id
        when = "2026-01-05T10:00:00Z"
        entries = [
            make(seed_corpus, first, "status", "accepted", when),
            make(seed_corpus, first, "star", True, when),
            make(seed_corpus, first, "edit", {"place": "Sochi"}, when),
            make(seed_corpus, first, "note", "Venue given as Sochi by the Kremlin readout", when),
            make(seed_corpus, second, "status", "rejected", when),
        ]
        assert snap_compare(app_for(apply(seed_corpus, entries)), terminal_size=SIZE, run_before=no_blink)

    def test_edit_form(self, snap_compare, seed_corpus: Corpus) -> None:
        async def edit(pilot: Pilot) -> None:
            await no_blink(pilot)
            await pilot.press("E")
            await pilot.pause()
            for field in pilot.app.screen.query(Input):
                field.cursor_blink = False
            await pilot.pause()

        assert snap_compare(app_for(seed_corpus), terminal_size=SIZE, run_before=edit)


class TestReadouts:
    def test_two_readouts_side_by_side(self, snap_compare, tmp_path: Path) -> None:
        from helpers import store_of
        from test_compare import TEXTS

        from diplotui.query import corpus_for

        corpus = corpus_for(store_of(TEXTS, tmp_path))
        assert snap_compare(app_for(corpus), terminal_size=SIZE, press=["d"], run_before=no_blink)


class TestHelp:
    def test_help_screen(self, snap_compare, seed_corpus: Corpus) -> None:
        assert snap_compare(
            app_for(seed_corpus), terminal_size=SIZE, press=["question_mark"], run_before=no_blink
        )


class TestTooSmall:
    def test_notice_below_80x24(self, snap_compare, seed_corpus: Corpus) -> None:
        assert snap_compare(app_for(seed_corpus), terminal_size=(70, 20), run_before=no_blink)


@pytest.fixture(autouse=True)
def _stable_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


class TestSmallestSize:
    def test_main_screen_at_80x24(self, snap_compare, seed_corpus: Corpus) -> None:
        # Every key that matters in the footer (q and ? included), the first day's heading
        # above the first event, one line per participant.
        assert snap_compare(app_for(seed_corpus), terminal_size=(80, 24), run_before=no_blink)


class TestOtherSizes:
    @pytest.mark.parametrize("size", [(120, 35), (200, 50)])
    def test_main_screen(self, snap_compare, seed_corpus: Corpus, size: tuple[int, int]) -> None:
        assert snap_compare(app_for(seed_corpus), terminal_size=size, run_before=no_blink)

    def test_help_at_120x35_needs_no_scrolling(self, snap_compare, seed_corpus: Corpus) -> None:
        assert snap_compare(
            app_for(seed_corpus), terminal_size=(120, 35), press=["question_mark"], run_before=no_blink
        )

    @pytest.mark.parametrize("size", [(80, 24), (200, 50)])
    def test_help(self, snap_compare, seed_corpus: Corpus, size: tuple[int, int]) -> None:
        assert snap_compare(
            app_for(seed_corpus), terminal_size=size, press=["question_mark"], run_before=no_blink
        )

    @pytest.mark.parametrize("size", [(80, 24), (120, 35), (200, 50)])
    def test_empty_result(self, snap_compare, seed_corpus: Corpus, size: tuple[int, int]) -> None:
        async def search(pilot: Pilot) -> None:
            await no_blink(pilot)
            await pilot.press("slash", *"zzqqxx", "enter")
            await pilot.pause(0.4)

        assert snap_compare(app_for(seed_corpus), terminal_size=size, run_before=search)


class TestLargeStore:
    def test_first_screen_while_the_store_is_read(
        self, snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # The first screen of a large store, shown as the app's workers would show it (no
        # workers here: the whole store never comes, so the shot is of the first screen,
        # with the participants and topics the store counted).
        # Its SVG's text was read back line by line before it was committed.
        from diplotui import query
        from diplotui.ingest import ingest
        from diplotui.store import Store

        store = Store(tmp_path / "s.sqlite")
        ingest(store, [SEEDS])
        monkeypatch.setattr(query, "FIRST_SCREEN_FROM", 1)
        first = query.first_screen(store, events=1)
        # The one document reports four events; the first screen shows those of the first
        # day alone (the two talks of 21-22 February), not its later ones.
        assert first is not None and len(first.corpus.events) == 4
        assert [e.date_start for e in first.events()] == ["2023-02-21", "2023-02-21"]

        panes = query.first_panes(store, 100)
        assert panes is not None

        async def shown(pilot: Pilot) -> None:
            await no_blink(pilot)
            pilot.app.main_screen.set_first_screen(first)
            pilot.app.main_screen.set_first_panes(panes)  # the store's counts, from a worker
            await pilot.pause()

        assert snap_compare(DiplotuiApp(), terminal_size=SIZE, run_before=shown)
