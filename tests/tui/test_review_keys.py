"""The analyst's keys in the explorer, driven with Pilot: each key's effect on the
screen and in the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from diplotui.ingest import ingest
from diplotui.query import Corpus
from diplotui.store import Store
from diplotui.tui.app import DiplotuiApp
from diplotui.tui.screens.edit import EditScreen
from diplotui.tui.widgets.event_detail import EventDetail
from diplotui.tui.widgets.facet_lists import PeopleList
from diplotui.tui.widgets.quote_list import QuoteList
from diplotui.tui.widgets.timeline_list import TimelineList

SIZE = (120, 35)

# A readout written for these tests, with a source URL.
READOUT = """Title: Readout: President Okoye receives Minister Brandt
Published: 2024-09-12
Source: https://example.org/readouts/okoye-brandt

ABUJA, Sept. 11 - President Chidi Okoye received German Foreign Minister Lena Brandt in \
Abuja on Wednesday. "We have much to build together," Okoye said. Brandt also met Nigerian \
Finance Minister Wale Adeyemi in Abuja on Wednesday to discuss debt relief.
"""


@pytest.fixture
def readout_store(tmp_path: Path) -> Store:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "readout.txt").write_text(READOUT)
    store = Store(tmp_path / "store.json")
    ingest(store, [folder])
    return store


async def started(app: DiplotuiApp, pilot: Pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def press(app: DiplotuiApp, pilot: Pilot, *keys: str) -> None:
    """Press keys and wait for the review they ask for to be written and shown."""
    await pilot.press(*keys)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def header(app: DiplotuiApp) -> str:
    return str(app.main_screen.query_one("#header").render())


def detail(app: DiplotuiApp) -> str:
    return app.main_screen.query_one("#detail", EventDetail).content.plain


def timeline(app: DiplotuiApp) -> TimelineList:
    return app.main_screen.query_one(TimelineList)


def kinds(store: Store) -> list[tuple[str, object]]:
    return [(e["kind"], e["value"]) for e in store.annotations()]


async def test_a_accepts_the_highlighted_event_and_again_takes_it_back(seed_store: Store) -> None:
    app = DiplotuiApp(seed_store)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        event = timeline(app).current_event
        assert event is not None
        await press(app, pilot, "a")
        assert kinds(seed_store) == [("status", "accepted")]
        assert seed_store.annotations()[0]["target"] == event.id
        assert "reviewed 1 of 4 events" in header(app)
        assert "✓" in str(timeline(app).row_text(timeline(app).cursor))
        assert "Review accepted" in detail(app)
        assert timeline(app).current_event is not None and timeline(app).current_event.id == event.id
        await press(app, pilot, "a")
        assert kinds(seed_store) == [("status", "unreviewed")]
        assert "reviewed 0 of 4 events" in header(app)


async def test_r_rejects_the_event_which_leaves_the_view_and_the_next_takes_its_place(
    seed_store: Store,
) -> None:
    app = DiplotuiApp(seed_store)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        events = list(timeline(app).events)
        await press(app, pilot, "j", "r")
        assert [e.id for e in timeline(app).events] == [events[0].id, *(e.id for e in events[2:])]
        current = timeline(app).current_event
        assert current is not None and current.id == events[2].id
        # status:rejected shows it again.
        await pilot.press("slash", *"status:rejected", "enter")
        await pilot.pause()
        assert [e.id for e in timeline(app).events] == [events[1].id]


async def test_capital_e_corrects_an_events_fields_and_the_detail_shows_both_values(
    seed_store: Store,
) -> None:
    app = DiplotuiApp(seed_store)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        assert app.screen.query_one("#edit-place", Input).value == "Moscow"
        app.screen.query_one("#edit-place", Input).value = "Sochi"
        await press(app, pilot, "enter")
        assert app.screen is app.main_screen
        assert kinds(seed_store) == [("edit", {"place": "Sochi"})]
        assert "Sochi  (yours) — extracted: Moscow" in detail(app)
        assert "@ Sochi" in str(timeline(app).row_text(timeline(app).cursor))
        # Escape leaves everything as it was.
        await press(app, pilot, "E", "escape")
        assert len(seed_store.annotations()) == 1


async def test_a_date_that_is_not_one_is_said_and_nothing_is_written(seed_store: Store) -> None:
    app = DiplotuiApp(seed_store)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("E")
        await pilot.pause()
        app.screen.query_one("#edit-date", Input).value = "next Tuesday"
        await press(app, pilot, "enter")
        assert seed_store.annotations() == []
        assert any("a date YYYY-MM-DD" in str(n.message) for n in app._notifications)


async def test_star_then_the_starred_view(seed_store: Store) -> None:
    app = DiplotuiApp(seed_store)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("j")
        starred = timeline(app).current_event
        assert starred is not None
        await press(app, pilot, "asterisk")
        assert kinds(seed_store) == [("star", True)]
        assert str(timeline(app).row_text(timeline(app).cursor)).startswith("★")
        await press(app, pilot, "S")
        assert [e.id for e in timeline(app).events] == [starred.id]
        await press(app, pilot, "S")
        assert len(timeline(app).events) == 4
        await press(app, pilot, "asterisk")
        assert kinds(seed_store) == [("star", False)]


async def test_tags_and_notes(seed_store: Store) -> None:
    app = DiplotuiApp(seed_store)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("number_sign")
        await pilot.pause()
        app.screen.query_one("#tag-text", Input).value = "follow-up Energy"
        await press(app, pilot, "enter")
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#note-text", Input).value = "Ask [bold]the embassy[/bold]"
        await press(app, pilot, "enter")
        assert kinds(seed_store) == [
            ("tag", "follow-up"),
            ("tag", "energy"),
            ("note", "Ask [bold]the embassy[/bold]"),
        ]
        shown = detail(app)
        assert "tags: follow-up, energy" in shown
        assert "Ask [bold]the embassy[/bold]" in shown  # markup in a note is shown as typed
        await pilot.press("slash", *"tag:energy", "enter")
        await pilot.pause()
        assert len(timeline(app).events) == 1


async def test_u_moves_to_the_next_unreviewed_event(seed_store: Store) -> None:
    app = DiplotuiApp(seed_store)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        events = list(timeline(app).events)
        await press(app, pilot, "a")  # the first is reviewed now
        await press(app, pilot, "j", "a")  # and the second
        await press(app, pilot, "home", "u")
        current = timeline(app).current_event
        assert current is not None and current.id == events[2].id
        for _ in range(2):
            await press(app, pilot, "u", "a")
        await press(app, pilot, "u")
        assert any("Every event in view is reviewed" in str(n.message) for n in app._notifications)


async def test_review_keys_act_on_the_focused_quote_and_person(seed_store: Store) -> None:
    app = DiplotuiApp(seed_store)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        quotes = app.main_screen.query_one(QuoteList)
        quotes.focus()
        await pilot.pause()
        quote = quotes.current_quote
        assert quote is not None
        await press(app, pilot, "a")
        entry = seed_store.annotations()[-1]
        assert (entry["target"], entry["value"]) == (quote.id, "accepted")
        assert str(quotes.get_option_at_index(quotes.highlighted or 0).prompt).count("✓") == 1
        people = app.main_screen.query_one(PeopleList)
        people.focus()
        await pilot.pause()
        person = people.current_person
        assert person is not None
        await press(app, pilot, "r")  # not a person after all
        assert seed_store.annotations()[-1]["target"] == person
        assert person not in app.corpus.person_by_id
        assert person not in [o.id for o in people.options]


async def test_y_copies_the_quote_with_its_citation_and_o_opens_the_source_url(
    readout_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = DiplotuiApp(readout_store)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        quotes = app.main_screen.query_one(QuoteList)
        quotes.focus()
        await pilot.pause()
        await pilot.press("y")
        assert app.clipboard == (
            "“We have much to build together,” — Chidi Okoye (President), Readout: President Okoye "
            "receives Minister Brandt, 12 Sep 2024, https://example.org/readouts/okoye-brandt"
        )
        await pilot.press("o")
        assert opened == ["https://example.org/readouts/okoye-brandt"]
        # The source view shows the URL and opens it too.
        await pilot.press("s")
        await pilot.pause()
        assert "https://example.org/readouts/okoye-brandt" in str(
            app.screen.query_one("#source-about").render()
        )
        await pilot.press("o")
        assert len(opened) == 2


async def test_the_sample_without_a_store_says_reviews_need_one(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert any("ingest documents" in str(n.message) for n in app._notifications)
        assert app.corpus is seed_corpus and seed_corpus.review is None


async def test_capital_m_merges_the_highlighted_person_into_another(readout_store: Store) -> None:
    app = DiplotuiApp(readout_store)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        people = app.main_screen.query_one(PeopleList)
        await press(app, pilot, "M")  # not in the participants pane: says where to go
        assert any("participants pane" in str(n.message) for n in app._notifications)
        people.focus()
        await pilot.pause()
        names = {o.id: str(o.prompt) for o in people.options}
        adeyemi = next(pid for pid, row in names.items() if "Wale Adeyemi" in row)
        people.highlighted = [o.id for o in people.options].index(adeyemi)
        await pilot.press("M")
        await pilot.pause()
        app.screen.query_one("#merge-into", Input).value = "Okoye"
        await press(app, pilot, "enter")
        assert kinds(readout_store)[-1][0] == "merge"
        okoye = next(p for p in app.corpus.people if p.name == "Chidi Okoye")
        assert adeyemi not in app.corpus.person_by_id and "Wale Adeyemi" in okoye.aliases


async def test_the_source_view_stars_tags_and_notes_the_document(readout_store: Store) -> None:
    app = DiplotuiApp(readout_store)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("s")
        await pilot.pause()
        document = app.corpus.documents[0].id
        await press(app, pilot, "asterisk")
        await pilot.press("number_sign")
        await pilot.pause()
        app.screen.query_one("#tag-text", Input).value = "readout"
        await press(app, pilot, "enter")
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#note-text", Input).value = "Host's version"
        await press(app, pilot, "enter")
        assert [(e["target"], e["kind"]) for e in readout_store.annotations()] == [
            (document, "star"),
            (document, "tag"),
            (document, "note"),
        ]
        marks = str(app.screen.query_one("#source-marks", Static).render())
        assert marks == "★ starred · tags: readout · note: Host's version"
        await press(app, pilot, "asterisk")  # again: unstarred
        assert "starred" not in str(app.screen.query_one("#source-marks", Static).render())
        # The document's events are in the tag's view.
        await pilot.press("escape", "slash", *"tag:readout", "enter")
        await pilot.pause()
        assert len(timeline(app).events) == 2


async def test_the_header_counts_orphaned_annotations(readout_store: Store, tmp_path: Path) -> None:
    from diplotui.annotate import annotate
    from diplotui.query import corpus_for

    corpus = corpus_for(readout_store)
    annotate(readout_store, corpus, corpus.events[0].id, "star", True)
    with readout_store.transaction() as transaction:  # the document goes, the star stays
        transaction.remove_path(str(tmp_path / "docs" / "readout.txt"))
    app = DiplotuiApp(readout_store)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        assert "1 orphaned annotation" in header(app)


async def test_capital_e_on_a_person_and_on_a_quote(readout_store: Store) -> None:
    app = DiplotuiApp(readout_store)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        people = app.main_screen.query_one(PeopleList)
        people.focus()
        await pilot.pause()
        person = people.current_person
        await pilot.press("E")
        await pilot.pause()
        assert app.screen.query_one("#edit-name", Input).value == app.corpus.person_by_id[person].name
        app.screen.query_one("#edit-title", Input).value = "Minister of State"
        await press(app, pilot, "enter")
        assert app.corpus.person_by_id[person].title == "Minister of State"
        quotes = app.main_screen.query_one(QuoteList)
        quotes.focus()
        await pilot.pause()
        quote = quotes.current_quote
        assert quote is not None
        await pilot.press("E")
        await pilot.pause()
        app.screen.query_one("#edit-speaker", Input).value = "Lena Brandt"
        await press(app, pilot, "enter")
        brandt = next(p.id for p in app.corpus.people if p.name == "Lena Brandt")
        assert app.corpus.quote_by_id[quote.id].speaker == brandt
        assert [e["kind"] for e in readout_store.annotations()] == ["edit", "edit"]
