"""The readouts (d) and cadence (m) views in the explorer, driven with Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import store_of
from test_compare import TEXTS
from textual.widgets import Static

from diplotui.query import Corpus, corpus_for
from diplotui.tui.app import DiplotuiApp
from diplotui.tui.screens.cadence import CadenceScreen
from diplotui.tui.screens.readouts import ReadoutsScreen
from diplotui.tui.widgets.timeline_list import TimelineList

SIZE = (120, 35)


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return corpus_for(store_of(TEXTS, tmp_path))


async def test_d_shows_the_readouts_side_by_side_and_m_the_pairs_cadence(corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=corpus)
    async with app.run_test(size=SIZE) as pilot:
        timeline = app.main_screen.query_one(TimelineList)
        assert timeline.current_event is not None and timeline.current_event.date_start == "2024-01-15"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ReadoutsScreen)
        summary = str(app.screen.query_one("#readouts-summary", Static).render())
        assert summary == "2 documents report it; they differ on: kind, place"
        columns = [str(s.render()) for s in app.screen.query(".readout Static").results(Static)]
        assert len(columns) == 2 and "Place  not stated" in columns[0] and "Place  Rabat" in columns[1]
        await pilot.press("escape", "m")
        await pilot.pause()
        assert isinstance(app.screen, CadenceScreen)
        summary = str(app.screen.query_one("#cadence-summary", Static).render())
        assert "3 dated meetings, first 15 Jan 2024, last 14 Jun 2024" in summary
        strip = str(app.screen.query_one("#cadence-strip", Static).render())
        assert strip.splitlines()[0].count("●") == 3
        await pilot.press("c")  # their countries
        summary = str(app.screen.query_one("#cadence-summary", Static).render())
        assert summary.startswith("Morocco and Spain: 3 dated meetings") or summary.startswith(
            "Spain and Morocco"
        )
        await pilot.press("escape")
        assert app.screen is app.main_screen


async def test_d_on_an_event_one_document_reports_says_so(corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "d")
        await pilot.pause()
        assert app.screen is app.main_screen
        assert any("Only one document reports" in str(n.message) for n in app._notifications)
