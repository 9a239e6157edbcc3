"""The explorer driven with Pilot: every interaction a user has, asserted on app state."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.command import CommandList
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from diplotui.extract.sentences import split_sentences
from diplotui.ingest import ingest
from diplotui.query import Corpus
from diplotui.store import Store
from diplotui.tui.app import DiplotuiApp
from diplotui.tui.screens.help import HelpScreen
from diplotui.tui.screens.main import EXPORT_NAME, MainScreen
from diplotui.tui.screens.source import SourceScreen
from diplotui.tui.screens.texts import TextsScreen
from diplotui.tui.widgets.event_detail import EventDetail
from diplotui.tui.widgets.facet_lists import PeopleList, TopicList
from diplotui.tui.widgets.quote_list import QuoteList
from diplotui.tui.widgets.timeline_list import TimelineList

SIZE = (120, 35)


def titles(screen: MainScreen) -> list[str]:
    return [e.title for e in screen.query_one(TimelineList).events]


async def settled(pilot: Pilot[None]) -> None:
    """Wait for the panes that wait for typing to pause (see `MainScreen.refresh_view`)."""
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    while not screen.settled:
        await pilot.pause(0.02)


def detail_text(screen: MainScreen) -> str:
    return screen.query_one("#detail", EventDetail).content.plain


async def test_loads_the_store_in_a_worker_and_shows_everything(seed_store: Store) -> None:
    app = DiplotuiApp(seed_store)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.main_screen
        assert len(titles(screen)) == 4
        assert len(screen.query_one(PeopleList).options) == 7
        assert screen.query_one(QuoteList).quotes
        header = str(screen.query_one("#header").render())
        assert "1 document · 4 events · 7 people" in header


async def test_while_the_store_is_read_the_timeline_says_nothing_matches_nothing(
    seed_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Loading, the timeline is blank: "No events match" is for a view that has none.
    from diplotui import query
    from diplotui.tui import app as app_module

    release = threading.Event()

    def held(store: Store) -> Corpus:
        release.wait(timeout=10)
        return query.corpus_for(store)

    monkeypatch.setattr(app_module, "corpus_for", held)
    app = DiplotuiApp(seed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        timeline = app.main_screen.query_one(TimelineList)
        assert "loading" in str(app.main_screen.query_one("#header").render())
        assert timeline.render_line(0).text.strip() == ""
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert timeline.render_line(0).text.strip().startswith("── 21")  # the first day's heading
        await pilot.press("slash", *"zzqq", "enter")
        assert "No events match" in timeline.render_line(0).text


async def test_moving_selects_events_and_updates_the_detail(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        first = detail_text(screen)
        assert "Sergey Lavrov" in first
        await pilot.press("j")
        assert "Nikolay Patrushev" in detail_text(screen)
        await pilot.press("down")
        assert "Vladimir Putin" in detail_text(screen)
        assert "'today' → 2023-02-22" in detail_text(screen)
        await pilot.press("k", "k")
        assert detail_text(screen) == first


async def test_a_keystroke_draws_the_event_detail_once(
    seed_corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The timeline says which event is highlighted after each search; the detail that
    # the search has just drawn is not drawn again for it (at 10,000 events that was a
    # tenth of each keystroke).
    from diplotui.tui.screens import main

    drawn: list[str] = []
    real = main.event_detail
    monkeypatch.setattr(
        main, "event_detail", lambda event, corpus: drawn.append(event.id) or real(event, corpus)
    )
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        drawn.clear()
        await pilot.press("slash", "w")
        await pilot.pause()
        assert len(drawn) == 1
        await pilot.press("escape", "j")
        await pilot.pause()
        timeline = app.main_screen.query_one(TimelineList)
        assert drawn[-1] == timeline.current_event.id  # moving draws the new event
        assert "Nikolay Patrushev" in detail_text(app.main_screen)


async def test_event_detail_says_which_rules_found_it(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("]")  # the Putin meeting: "In today’s meeting with President Putin"
        event = app.main_screen.query_one(TimelineList).current_event
        assert event is not None and "event.met" in event.rules
        text = detail_text(app.main_screen)
        assert "Found by" in text
        assert "event.met — 'met (with)', 'meeting with' reports a meeting" in text
        # The evidence sentence carries its number in the document.
        document = seed_corpus.document_by_id[event.evidence[0].document]
        starts = [s.start for s in split_sentences(document.text)]
        number = starts.index(event.evidence[0].start) + 1
        assert number > 1 and f"(sentence {number})" in text


async def test_quotes_of_the_selected_event_come_first(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("]")  # the Putin meeting's day
        event = app.main_screen.query_one(TimelineList).current_event
        assert event is not None and "Vladimir Putin" in event.title
        quotes = app.main_screen.query_one(QuoteList).quotes
        assert quotes[0].event == event.id and quotes[0].kind == "direct"


async def test_search_as_you_type_narrows_everything(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await pilot.press("slash")
        assert screen.query_one("#search", Input).has_focus
        await pilot.press(*"Lav")
        assert titles(screen) == ["Talks: Wang Yi – Sergey Lavrov in Moscow"]
        await pilot.press(*"rov")
        names = {p.name for p in screen.view.people}
        assert names == {"Wang Yi", "Sergey Lavrov"}
        assert "query Lavrov" in str(screen.query_one("#header").render())
        await pilot.press("enter")
        assert screen.query_one(TimelineList).has_focus
        assert titles(screen) == ["Talks: Wang Yi – Sergey Lavrov in Moscow"]


async def test_while_typing_the_quotes_and_side_panes_wait_for_a_pause(
    seed_corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At each key the timeline, header and event detail follow the search; the quotes,
    # the count of texts, the axis, participants and topics once typing pauses (or at
    # once on Enter), so that a key is not kept waiting for them on a large store.
    from diplotui.tui.screens import main

    monkeypatch.setattr(main, "SIDE_PANES_DELAY", 60.0)  # a pause longer than the test
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        quotes, people = screen.query_one(QuoteList), screen.query_one(PeopleList)
        every_quote, everyone = len(quotes.quotes), people.option_count
        await pilot.press("slash", *"patrushev")
        assert titles(screen) == ["Talks: Wang Yi – Nikolay Patrushev in Moscow"]
        header = str(screen.query_one("#header").render())
        assert "query patrushev" in header and "searching the texts…" in header
        assert not screen.settled
        assert len(quotes.quotes) == every_quote > 2 and people.option_count == everyone > 2
        await pilot.press("enter")
        assert screen.settled
        header = str(screen.query_one("#header").render())
        assert "in the text of 1 document" in header and "searching" not in header
        assert people.option_count == 2  # Wang Yi and Nikolay Patrushev
        assert {q.id for q in quotes.quotes} == {q.id for q in screen.view.quotes if not q.short}
        assert len(quotes.quotes) < every_quote
        monkeypatch.setattr(main, "SIDE_PANES_DELAY", 0.05)
        await pilot.press("slash", *["backspace"] * 9, *"lavrov")
        await settled(pilot)
        assert "in the text of 1 document" in str(screen.query_one("#header").render())
        assert {p.name for p in screen.view.people} == {"Wang Yi", "Sergey Lavrov"}
        assert people.option_count == 2


async def test_search_language_fields_and_escape_closes(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await pilot.press("slash", *"date:2023-02-22 -planned")
        assert len(titles(screen)) == 3
        await pilot.press("escape")
        assert screen.query_one("#search").has_class("hidden")
        assert len(titles(screen)) == 4


async def test_unreadable_queries_are_said_in_the_search_bar(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        search = screen.query_one("#search", Input)
        await pilot.press("slash", *"russia's")  # an apostrophe is text, not a quote
        assert not search.has_class("invalid") and len(titles(screen)) == 0
        search.value = "lavrov"
        await pilot.pause()
        assert len(titles(screen)) == 1
        search.value = "lavrov foo:bar"  # pasted
        await pilot.pause()
        assert search.has_class("invalid")
        assert "unknown field foo:" in str(search.border_subtitle)
        assert len(titles(screen)) == 1  # the last readable query's view stays
        await pilot.press("end", *["backspace"] * 8)
        await pilot.pause()
        assert search.value == "lavrov"
        assert not search.has_class("invalid") and search.border_subtitle is None
        assert app.is_running


async def test_n_without_a_search_says_so_instead_of_counting_rows(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        before = app.main_screen.query_one(TimelineList).current_event
        await pilot.press("n")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("No search" in str(m) for m in messages)
        assert not any("Match" in str(m) for m in messages)
        assert app.main_screen.query_one(TimelineList).current_event == before


async def test_matches_are_highlighted_and_n_moves_between_them(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await pilot.press("slash", *"wang", "enter")
        timeline = screen.query_one(TimelineList)
        line = timeline.row_text(timeline.cursor)
        marked = [line.plain[s.start : s.end] for s in line.spans if "reverse" in str(s.style)]
        assert marked == ["Wang"]
        start = timeline.current_event
        await pilot.press("n")
        assert timeline.current_event != start
        await pilot.press("N")
        assert timeline.current_event == start


async def test_choosing_a_participant_filters_and_escape_removes_it(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        people = screen.query_one(PeopleList)
        people.focus()
        patrushev = next(p for p in seed_corpus.people if "Patrushev" in p.name)
        people.highlighted = next(i for i, o in enumerate(people.options) if o.id == patrushev.id)
        await pilot.press("enter")
        assert screen.filters == [("person", patrushev.id)]  # the identity, not the name
        assert titles(screen) == ["Talks: Wang Yi – Nikolay Patrushev in Moscow"]
        assert 'person:"Nikolay Patrushev"' in str(screen.query_one("#header").render())
        await pilot.press("escape")
        assert screen.filters == [] and len(titles(screen)) == 4


async def test_topic_and_participant_facets_combine(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        screen.add_filter("topic", "Trade and economy")
        await pilot.pause()
        assert len(titles(screen)) == 2
        topics = screen.query_one(TopicList)
        assert "Trade and economy" in [seed_corpus.topic_by_id[t].label for t in topics.values.values()]
        screen.add_filter("person", "Xi Jinping")
        await pilot.pause()
        assert titles(screen) == ["Planned: Vladimir Putin – Xi Jinping"]
        await pilot.press("x")
        assert screen.filters == [] and len(titles(screen)) == 4


async def test_day_jumps(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        timeline = app.main_screen.query_one(TimelineList)
        await pilot.press("]")
        assert timeline.current_event.date_start == "2023-02-22"
        await pilot.press("]")
        assert timeline.current_event.kind == "planned"
        await pilot.press("]")
        assert timeline.current_event.kind == "planned"
        await pilot.press("[", "[")
        assert timeline.current_event.date_start == "2023-02-21"


async def test_source_view_selects_the_evidence_sentence(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("]", "s")
        assert isinstance(app.screen, SourceScreen)
        area = app.screen.query_one(TextArea)
        assert area.selected_text.startswith("In today’s meeting with President Putin")
        await pilot.press("escape")
        assert app.screen is app.main_screen


async def test_source_view_of_a_quote(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        quotes = app.main_screen.query_one(QuoteList)
        quotes.focus()
        await pilot.pause()
        quote = quotes.current_quote
        await pilot.press("s")
        assert app.screen.query_one(TextArea).selected_text == quote.text


async def test_export_asks_for_the_name_and_before_replacing(
    seed_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = DiplotuiApp(seed_store)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("slash", *"patrushev", "enter", "e")
        await pilot.pause()
        prompt = app.screen.query_one("#export-name", Input)
        assert prompt.value == str(tmp_path / EXPORT_NAME)  # the default, offered
        await pilot.press("enter")
        await pilot.pause()
        target = tmp_path / EXPORT_NAME
        assert "query patrushev" in target.read_text()
        # Another name, typed over the default.
        await pilot.press("e")
        prompt = app.screen.query_one("#export-name", Input)
        prompt.value = "notes/patrushev.md"
        (tmp_path / "notes").mkdir()
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / "notes" / "patrushev.md").read_text().startswith("# diplotui briefing")
        # An existing file: asked first; n keeps it, y replaces it.
        target.write_text("mine")
        await pilot.press("e", "enter", "n")
        await pilot.pause()
        assert target.read_text() == "mine"
        await pilot.press("e", "enter", "y")
        await pilot.pause()
        assert target.read_text().startswith("# diplotui briefing")
        # Escape cancels; the store itself is never written over.
        await pilot.press("e", "escape")
        assert app.screen is app.main_screen
        before = seed_store.path.read_bytes()
        await pilot.press("e")
        app.screen.query_one("#export-name", Input).value = str(seed_store.path)
        await pilot.press("enter", "y")
        await pilot.pause()
        assert seed_store.path.read_bytes() == before


async def test_help_lists_keys_and_query_language(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        from rich.console import Console

        from diplotui.tui.screens.help import keys_content, query_content

        console = Console(width=200, record=True)
        console.print(keys_content(), query_content())
        text = console.export_text()
        assert "date:2023-02-01..2023-02-28" in text and "next / previous match" in text
        await pilot.press("escape")
        assert app.screen is app.main_screen


async def test_too_small_terminal_shows_a_notice(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        assert app.main_screen.has_class("too-small")
        assert app.main_screen.query_one("#too-small").display
        assert not app.main_screen.query_one("#body").display
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.main_screen.has_class("too-small")


async def test_command_palette_goes_to_a_participant(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"participant: lavrov")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        lavrov = next(p for p in seed_corpus.people if p.name == "Sergey Lavrov")
        assert app.main_screen.filters == [("person", lavrov.id)]
        assert 'person:"Sergey Lavrov"' in str(app.main_screen.query_one("#header").render())


async def test_command_palette_shows_markup_in_names_literally(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(
        "Title: T\nPublished: 2024-01-02\n\nAna Pereira, [/bogus] [@click=app.quit]chief[/] minister "
        "of trade, said the talks went well.\n"
    )
    store = Store(tmp_path / "store.json")
    ingest(store, [doc])
    corpus = Corpus.from_records(store.documents())
    title = corpus.people[0].title
    assert title is not None and "[/bogus]" in title
    app = DiplotuiApp(corpus=corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"ana pereira")
        await pilot.pause(0.5)
        prompts = [option.prompt for option in app.screen.query_one(CommandList).options]
        # The title is shown as written: brackets and all, no markup parsed, no link.
        assert any(
            isinstance(p, Content) and "[/bogus] [@click=app.quit]chief[/] minister" in p.plain
            for p in prompts
        )
        assert all("@click" not in str(span.style) for p in prompts for span in p.spans)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running  # no MarkupError, no action link followed


async def test_q_quits(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


HOSTILE = """Title: [bold red]Loud[/] \x1b[31mred\x1b[0m
Published: 2023-03-01

Foreign Minister Sergei Lavrov met Foreign Minister Mevlut [b]Cavusoglu[/b] in Ankara on \
Friday. "We discussed [link=https://evil.example]the grain deal[/link] and \x1b]0;pwned\x07more," \
Lavrov said.
"""


async def test_document_text_is_shown_literally(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE)
    store = Store(tmp_path / "s.json")
    ingest(store, [path])
    app = DiplotuiApp(corpus=Corpus.from_records(store.documents()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quotes = app.main_screen.query_one(QuoteList)
        prompt = quotes.get_option_at_index(0).prompt
        assert "[link=https://evil.example]the grain deal[/link]" in prompt.plain
        assert "pwned" not in prompt.plain and "\x1b" not in prompt.plain
        await pilot.press("s")
        text = app.screen.query_one(TextArea).text
        assert "[b]Cavusoglu[/b]" in text and "\x1b" not in text


async def test_mouse_click_selects_an_event(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        timeline = app.main_screen.query_one(TimelineList)
        # Row 0 is the first day heading, rows 1-2 its events, row 3 the next heading.
        await pilot.click(TimelineList, offset=(4, 5))
        assert timeline.has_focus
        assert timeline.current_event is not None and "Vladimir Putin" in timeline.current_event.title
        await pilot.click(TimelineList, offset=(4, 4))  # a heading: nothing changes
        assert "Vladimir Putin" in timeline.current_event.title


async def test_closing_search_moves_focus_at_once(seed_corpus: Corpus) -> None:
    # In a real terminal the next key can arrive before the next idle; focus must
    # already be on the timeline by then, or "Enter s" types an "s" into the search.
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"Lavrov")
        screen = app.main_screen
        screen.action_submit_search()  # what Enter does
        assert screen.focused is screen.query_one(TimelineList)  # no await in between
        screen.action_search()
        assert screen.focused is screen.query_one("#search", Input)  # no await in between
        screen.action_back()
        assert screen.focused is screen.query_one(TimelineList)


async def test_the_theme_chosen_is_the_theme_next_time(
    seed_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "config" / "settings.json"
    monkeypatch.setenv("DIPLOTUI_SETTINGS", str(settings))
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        default = app.theme
        app.theme = "nord" if default != "nord" else "gruvbox"
        await pilot.pause()
        chosen = app.theme
    assert chosen != default
    again = DiplotuiApp(corpus=seed_corpus)
    async with again.run_test(size=SIZE):
        assert again.theme == chosen
    # A settings file that is not what we wrote is no reason not to start.
    settings.write_text("{not json")
    third = DiplotuiApp(corpus=seed_corpus)
    async with third.run_test(size=SIZE):
        assert third.theme == default


async def test_a_screenshot_without_a_downloads_folder_lands_in_the_current_one(
    seed_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: tmp_path / "no-such-folder")
    monkeypatch.chdir(tmp_path)
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        app.action_screenshot()
        # Until the app says it is saved: the file is there from its first byte on, and
        # leaving earlier left Textual's writing thread to report to a closed app.
        for _ in range(100):
            await pilot.pause(0.05)
            if any(notice.title == "Screenshot" for notice in app._notifications):
                break
        saved = [notice.message for notice in app._notifications if notice.title == "Screenshot"]
    shots = list(tmp_path.glob("*.svg"))
    assert len(shots) == 1 and "<svg" in shots[0].read_text() and shots[0].read_text().endswith("</svg>\n")
    assert len(saved) == 1 and "Saved screenshot" in saved[0] and shots[0].name in saved[0]


async def test_t_lists_the_documents_whose_text_holds_a_word_and_opens_one(seed_corpus: Corpus) -> None:
    # "Ukrainian" is in the seed's text, in no event and no quote.
    document = seed_corpus.documents[0]
    assert "ukrainian" in document.text.lower()
    assert not seed_corpus.search("ukrainian").events and not seed_corpus.search("ukrainian").quotes
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")  # nothing searched yet: says so
        assert not isinstance(app.screen, TextsScreen)
        await pilot.press("slash", *"ukrainian", "enter")
        header = str(app.main_screen.query_one("#header").render())
        assert "in the text of 1 document" in header
        await pilot.press("t")
        assert isinstance(app.screen, TextsScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, SourceScreen)
        area = app.screen.query_one(TextArea)
        assert "ukrainian" in area.selected_text.lower()
        await pilot.press("escape", "escape")
        assert app.screen is app.main_screen


async def test_an_empty_result_looks_empty(seed_corpus: Corpus) -> None:
    from textual.widgets import Sparkline

    from diplotui.tui.widgets.time_axis import TimeAxis

    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        assert screen.query_one(TimeAxis).query_one(Sparkline).visible
        await pilot.press("slash", *"zzzqqq", "enter")
        await pilot.pause(0.3)  # the axis follows once typing pauses
        timeline = screen.query_one(TimelineList)
        assert timeline.current_event is None
        empty = timeline.row_text(0)
        assert empty.plain.startswith("No events match.") and not empty.plain.startswith("──")
        assert not screen.query_one(TimeAxis).query_one(Sparkline).visible
        assert "No event selected." in detail_text(screen)


async def test_a_late_highlight_does_not_bring_back_an_event_no_longer_in_view(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        timeline = screen.query_one(TimelineList)
        earlier = timeline.current_event
        assert earlier is not None
        await pilot.press("slash", *"zzzqqq")  # still typing: no Enter
        await pilot.pause(0.3)
        # What a fast typist sees: the first keystroke's highlight lands after the last's view.
        timeline.post_message(TimelineList.EventHighlighted(earlier))
        await pilot.pause()
        assert "No event selected." in detail_text(screen)


@pytest.mark.parametrize("size", [(80, 24), (120, 35), (200, 50)])
async def test_the_first_days_heading_shows_at_launch_and_after_home(seed_corpus: Corpus, size) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=size) as pilot:
        timeline = app.main_screen.query_one(TimelineList)
        await pilot.pause()
        assert timeline.scroll_offset.y == 0 and timeline.row_text(0).plain.startswith("── ")
        assert timeline.cursor == 1  # the first event, under its heading
        await pilot.press("end", "home")
        await pilot.pause()
        assert timeline.scroll_offset.y == 0 and timeline.cursor == 1


async def test_at_80x24_the_footer_is_compact_and_participants_take_one_line_each(
    seed_corpus: Corpus,
) -> None:
    from textual.widgets import Footer

    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        assert screen.query_one(Footer).compact and screen.has_class("short")
        people = screen.query_one(PeopleList)
        assert people.styles.text_wrap == "nowrap" and people.styles.text_overflow == "ellipsis"
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        assert not app.main_screen.query_one(Footer).compact and app.main_screen.has_class("tall")


async def test_a_focused_facet_pane_has_a_row_ready_and_keeps_focus_after_enter(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        people = screen.query_one(PeopleList)
        while app.focused is not people:
            await pilot.press("tab")
        assert people.highlighted == 0  # Enter works without pressing ↓ first
        first = people.options[0].id
        await pilot.press("enter")
        await pilot.pause()
        assert screen.filters == [("person", first)]
        assert app.focused is people  # focus did not jump to the timeline


async def test_a_notice_given_at_start_is_shown(seed_corpus: Corpus) -> None:
    app = DiplotuiApp(corpus=seed_corpus, notice="The bundled sample, shown from memory [not markup]")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert messages == ["The bundled sample, shown from memory [not markup]"]


async def test_quotes_show_their_date_and_a_long_one_opens_with_enter(tmp_path: Path) -> None:
    long_words = " ".join(f"point{n}" for n in range(80))
    (tmp_path / "briefing.txt").write_text(
        "Title: Briefing\nPublished: 2024-06-12\n\n"
        f'"We covered {long_words} and more," Foreign Minister Ana Pereira said.\n'
        '"Short and clear," Pereira added.\n',
        encoding="utf-8",
    )
    store = Store(tmp_path / "store.json")
    ingest(store, [tmp_path])
    corpus = Corpus.from_records(store.documents())
    app = DiplotuiApp(corpus=corpus)
    async with app.run_test(size=SIZE) as pilot:
        quotes = app.main_screen.query_one(QuoteList)
        long_quote = next(q for q in quotes.quotes if "point79" in q.text)
        index = quotes.get_option_index(long_quote.id)

        def shown() -> str:
            return quotes.get_option_at_index(index).prompt.plain

        assert shown().startswith("12 Jun 2024  Ana Pereira")  # undated quote: its document's date
        assert "point79" not in shown() and "(Enter: all" in shown()
        quotes.focus()
        quotes.highlighted = index
        await pilot.press("enter")
        assert "point79" in shown() and "(Enter: all" not in shown()
        await pilot.press("enter")
        assert "point79" not in shown()


def test_axis_ticks_mark_months_and_the_ends() -> None:
    from diplotui.tui.widgets.time_axis import ticks

    line = ticks("2022-11-03", "2023-06-20", 100)
    assert line.startswith("3 Nov 2022") and line.endswith("20 Jun 2023") and len(line) <= 100
    marks = [part.split()[0] for part in line.split("|")[1:]]
    assert marks[:3] == ["Dec", "2023", "Feb"]  # January is marked by its year
    years = ticks("2015-01-01", "2024-06-20", 100)
    assert "|2020" in years and "|Feb" not in years  # long spans are marked by year


def test_the_axis_counts_each_day_of_a_range_and_a_long_range_once() -> None:
    from diplotui.model import Event
    from diplotui.query import View
    from diplotui.tui.widgets.time_axis import day_counts as counted

    def event(start: str | None, end: str | None = None) -> Event:
        return Event("e", "meeting", "", start, end, "", "day", "", None)

    def day_counts(events: list[Event], buckets: int) -> tuple[list[float], str | None, str | None]:
        # The events' dates counted as the explorer counts those in view.
        return counted(View("", events, [], Corpus()).date_counts, buckets)

    events = [event("2024-03-01"), event("2024-03-01"), event("2024-03-02", "2024-03-04"), event(None)]
    assert day_counts(events, 60) == ([0, 2, 1, 1, 1, 0], "2024-03-01", "2024-03-04")
    # A range of more than a month (such as "this year") counts on its first day alone.
    events.append(event("2024-02-28", "2024-12-31"))
    assert day_counts(events, 60) == ([0, 1, 0, 2, 1, 1, 1, 0], "2024-02-28", "2024-03-04")
    # Six days in three bars: two days each.
    assert day_counts(events, 3) == ([0, 1, 3, 2, 0], "2024-02-28", "2024-03-04")
    assert day_counts([event(None)], 60) == ([0], None, None)


async def test_a_click_on_the_axis_moves_the_timeline_to_that_day(seed_corpus: Corpus) -> None:
    from textual.widgets import Sparkline

    from diplotui.tui.widgets.time_axis import TimeAxis

    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        timeline = app.main_screen.query_one(TimelineList)
        assert timeline.current_event.date_start == "2023-02-21"
        bars = app.main_screen.query_one(TimeAxis).query_one(Sparkline)
        await pilot.click(bars, offset=(bars.size.width - 1, 0))
        await pilot.pause()
        assert timeline.current_event.date_start == "2023-02-22"
        await pilot.click(bars, offset=(0, 0))
        await pilot.pause()
        assert timeline.current_event.date_start == "2023-02-21"


def _months_corpus(folder: Path) -> Corpus:
    """Meetings in January, March and June 2024, one document each."""
    for month, (day, place) in {"01": ("10", "Lisbon"), "03": ("14", "Madrid"), "06": ("20", "Rome")}.items():
        (folder / f"readout-{month}.txt").write_text(
            f"Title: Talks in {place}\nPublished: 2024-{month}-{day}\n\n"
            f"Foreign Minister Ana Pereira met Trade Minister Rui Costa in {place} on Monday.\n",
            encoding="utf-8",
        )
    store = Store(folder / "store.json")
    ingest(store, [folder])
    return Corpus.from_records(store.documents())


async def test_z_zooms_to_the_highlighted_events_month_and_escape_zooms_out(tmp_path: Path) -> None:
    from diplotui.tui.widgets.time_axis import TimeAxis

    app = DiplotuiApp(corpus=_months_corpus(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.main_screen
        timeline = screen.query_one(TimelineList)
        axis = screen.query_one(TimeAxis)
        assert len(screen.view.events) == 3 and (axis.first, axis.last) == ("2024-01-08", "2024-06-17")
        timeline.focus()
        await pilot.press("end")
        month = timeline.current_event.date_start[:7]
        await pilot.press("z")
        await pilot.pause()
        assert screen.filters == [("date", month)]
        assert [e.date_start[:7] for e in screen.view.events] == [month]
        assert axis.first == axis.last == timeline.current_event.date_start  # the axis spans the zoom
        await pilot.press("escape")
        await pilot.pause()
        assert screen.filters == [] and len(screen.view.events) == 3


async def test_a_drag_across_the_axis_zooms_to_the_days_dragged_over(tmp_path: Path) -> None:
    from textual.widgets import Sparkline

    from diplotui.tui.widgets.time_axis import TimeAxis

    app = DiplotuiApp(corpus=_months_corpus(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.main_screen
        bars = screen.query_one(TimeAxis).query_one(Sparkline)
        # From the first bar to about two thirds across: January and March, not June.
        await pilot.mouse_down(bars, offset=(0, 0))
        await pilot.mouse_up(bars, offset=(bars.size.width * 2 // 3, 0))
        await pilot.pause()
        [(field, value)] = screen.filters
        assert field == "date" and value.startswith("2024-01-08..2024-0")
        assert sorted(e.date_start[:7] for e in screen.view.events) == ["2024-01", "2024-03"]
        # A second drag replaces the first zoom rather than narrowing it further.
        bars = screen.query_one(TimeAxis).query_one(Sparkline)
        await pilot.mouse_down(bars, offset=(0, 0))
        await pilot.mouse_up(bars, offset=(bars.size.width - 1, 0))
        await pilot.pause()
        assert len(screen.filters) == 1 and len(screen.view.events) == 2


def test_rows_are_made_once_per_corpus_and_review(seed_corpus: Corpus) -> None:
    from diplotui.review import Review
    from diplotui.tui.render import RowCache

    made: list[str] = []

    def make(key: str) -> Content:
        made.append(key)
        return Content(key)

    rows = RowCache(size=2)
    first = rows.get(seed_corpus, "a", lambda: make("a"))
    assert rows.get(seed_corpus, "a", lambda: make("a")) is first and made == ["a"]
    rows.get(seed_corpus, "b", lambda: make("b"))
    rows.get(seed_corpus, "c", lambda: make("c"))  # past its size, the oldest row goes
    rows.get(seed_corpus, "a", lambda: make("a"))
    assert made == ["a", "b", "c", "a"]
    # A review marks the same corpus again: its rows (marks and all) are made again.
    review, seed_corpus.review = seed_corpus.review, Review(entries=[], landed={}, extracted={})
    try:
        rows.get(seed_corpus, "a", lambda: make("a"))
    finally:
        seed_corpus.review = review
    assert made == ["a", "b", "c", "a", "a"]


async def test_quote_rows_mark_the_words_of_the_search_typed_now(
    seed_corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diplotui.tui.screens import main

    # A pause longer than the test: on a slow machine keys pressed one after another
    # may be 150 ms apart, which the explorer rightly takes for a pause.
    monkeypatch.setattr(main, "SIDE_PANES_DELAY", 60.0)
    app = DiplotuiApp(corpus=seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        quotes = screen.query_one(QuoteList)

        def marked() -> set[str]:
            found = set()
            for option in quotes.options:
                prompt = option.prompt
                if isinstance(prompt, Content):
                    spans = [s for s in prompt.spans if "reverse" in str(s.style)]
                    found.update(prompt.plain[s.start : s.end] for s in spans)
            return found

        assert marked() == set()
        await pilot.press("slash", *"stab")
        assert marked() == set()  # the quotes wait for the typing to pause
        screen.settle()
        assert marked() == {"stab"}  # "stabilizing", "stable": the typed letters are marked
        await pilot.press(*["backspace"] * 4, *"warm")
        screen.settle()
        assert marked() == {"warm"}  # rows made for the first search are not shown marked


@pytest.fixture
def many_quotes(tmp_path: Path) -> Corpus:
    """A corpus of 130 statements: more than the pane shows (MAX_ROWS) and than it makes
    rows for at once (PAGE)."""
    cities = ["Rome", "Paris", "Madrid", "Lisbon", "Vienna"]
    for number in range(26):
        lines = [f"Title: Round {number}", f"Published: 2024-03-{number + 1:02d}", ""]
        city = cities[number % len(cities)]
        lines.append(f"Foreign Minister Ana Pereira met Foreign Minister Tomas Berg in {city} on Monday.")
        lines.extend(f'"Point {number}-{n} was agreed," Pereira said.' for n in range(5))
        (tmp_path / f"round{number:02d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = Store(tmp_path / "store.json")
    ingest(store, [tmp_path])
    return Corpus.from_records(store.documents())


async def test_the_quotes_pane_makes_its_rows_a_page_at_a_time(many_quotes: Corpus) -> None:
    from diplotui.tui.widgets.quote_list import MAX_ROWS, PAGE

    app = DiplotuiApp(corpus=many_quotes)
    async with app.run_test(size=SIZE) as pilot:
        quotes = app.main_screen.query_one(QuoteList)
        assert len(quotes.quotes) == MAX_ROWS < many_quotes.statement_count == 130
        assert quotes.option_count == PAGE  # a search as you type makes no more than these

        def plain(index: int) -> str:
            return quotes.get_option_at_index(index).prompt.plain

        # Moving down makes the next rows before the cursor reaches the last made: every
        # quote is reached, in order, and the pane ends saying how many are left out.
        quotes.focus()
        await pilot.pause()
        for index in range(MAX_ROWS - 1):
            await pilot.press("j")
            assert quotes.current_quote is quotes.quotes[index + 1]
            assert quotes.quotes[index + 1].text in plain(index + 1).replace("\n", " ")
        assert quotes.option_count == MAX_ROWS + 1
        assert plain(MAX_ROWS) == "… 30 more quotes: search or filter to narrow"


async def test_the_quotes_pane_makes_the_rows_a_jump_or_a_scroll_reaches(many_quotes: Corpus) -> None:
    from diplotui.tui.widgets.quote_list import MAX_ROWS, PAGE

    app = DiplotuiApp(corpus=many_quotes)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        quotes = screen.query_one(QuoteList)
        # N from the first match wraps to the last quote, whose row is not made yet.
        await pilot.press("slash", *"point", "enter")
        quotes.focus()
        await pilot.pause()
        assert quotes.option_count < MAX_ROWS
        await pilot.press("N")
        assert quotes.current_quote is quotes.quotes[-1]
        # End goes to the last quote too.
        await pilot.press("x")
        quotes.focus()
        await pilot.pause()
        await pilot.press("end")
        assert quotes.current_quote is quotes.quotes[-1]
        # Scrolling to the end (the mouse wheel, the scrollbar) makes the rows after.
        await pilot.press("x")
        await pilot.pause()
        assert quotes.option_count == PAGE
        quotes.scroll_end(animate=False)
        await pilot.pause()
        assert quotes.option_count > PAGE


async def test_source_view_reads_the_text_from_the_store(seed_store: Store) -> None:
    app = DiplotuiApp(seed_store)
    async with app.run_test(size=SIZE) as pilot:
        while app.main_screen.view is None:
            await pilot.pause(0.01)
        assert all(d.body is None for d in app.corpus.documents)  # left in the store
        await pilot.press("]", "s")
        area = app.screen.query_one(TextArea)
        assert area.selected_text.startswith("In today’s meeting with President Putin")
        await pilot.press("escape")
        # The document removed meanwhile (as `diplotui remove` does): its source says so.
        with seed_store.transaction() as transaction:
            for document in seed_store.documents():
                transaction.remove_path(document["abspath"])
        app.corpus.documents[0].reader._recent.clear()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen) and app.screen.query_one(TextArea).text == ""
        assert any("The text cannot be read" in n.message for n in app._notifications)


async def test_the_quotes_pane_lists_the_events_own_then_direct_then_reported(tmp_path: Path) -> None:
    from diplotui.tui.widgets.quote_list import MAX_ROWS

    for number in range(60):
        lines = [f"Title: Round {number}", f"Published: 2024-04-{number % 28 + 1:02d}", ""]
        lines.append("Foreign Minister Ana Pereira met Foreign Minister Tomas Berg in Rome on Monday.")
        lines.append(f'"Point {number} was agreed," Pereira said.')
        lines.append(f"Berg said that the talks on item {number} would go on next month.")
        lines.append(f'Pereira warned against so-called "red lines {number}" in the talks.')
        (tmp_path / f"round{number:02d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = Store(tmp_path / "store.json")
    ingest(store, [tmp_path])
    corpus = Corpus.from_records(store.documents())
    statements = [q for q in corpus.quotes if not q.short]
    assert len(statements) == 120 and len(corpus.quotes) == 180  # a scare quote in each
    app = DiplotuiApp(corpus=corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"round", "enter")  # every quote, through its document
        await pilot.pause()
        pane = app.main_screen.query_one(QuoteList)
        event = app.main_screen.query_one(TimelineList).current_event
        own = [q for q in corpus.quotes_by_event[event.id] if not q.short]
        own.sort(key=lambda q: q.kind != "direct")
        rest = [q for q in statements if q not in own]
        rest.sort(key=lambda q: q.kind != "direct")  # stable: corpus order within each kind
        assert own and pane.quotes == (own + rest)[:MAX_ROWS]
        pane.focus()
        await pilot.press("end")
        last = pane.get_option_at_index(pane.option_count - 1).prompt.plain
        assert last == f"… {120 - MAX_ROWS} more quotes: search or filter to narrow"


async def test_the_search_index_is_built_once_the_first_screen_is_drawn(
    seed_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Built while the screen is drawn, it would slow the first paint (one interpreter).
    order: list[str] = []
    prepare = Corpus.prepare_search
    monkeypatch.setattr(Corpus, "prepare_search", lambda self: (order.append("index"), prepare(self))[1])
    app = DiplotuiApp(seed_store)
    after_refresh = app.call_after_refresh

    def noted(callback, *args):  # type: ignore[no-untyped-def]
        return after_refresh(lambda *more: (order.append("drawn"), callback(*more)), *args)

    monkeypatch.setattr(app, "call_after_refresh", noted)
    async with app.run_test(size=SIZE):
        await app.workers.wait_for_complete()
    assert "index" in order and "drawn" in order[: order.index("index")]


async def test_a_free_word_does_not_wait_for_the_word_index_of_the_texts(
    seed_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The index takes seconds on a large store: meanwhile the records are searched, the
    # header says the texts are being indexed, and the view is shown again once they are.
    from diplotui import query

    release = threading.Event()
    build = query._Texts.index

    def slow(self: query._Texts) -> object:
        release.wait(timeout=10)
        return build(self)

    monkeypatch.setattr(query._Texts, "index", slow)
    app = DiplotuiApp(seed_store)
    async with app.run_test(size=SIZE) as pilot:
        while app.main_screen.view is None:
            await pilot.pause(0.01)
        await pilot.press("slash", *"ukrainian", "enter")
        header = str(app.main_screen.query_one("#header").render())
        assert "the texts are being indexed" in header and app.main_screen.view.texts_pending
        await pilot.press("t")
        assert not isinstance(app.screen, TextsScreen)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        header = str(app.main_screen.query_one("#header").render())
        assert "in the text of 1 document" in header
        await pilot.press("t")
        assert isinstance(app.screen, TextsScreen)


FIRST_SCREEN_TEXTS = {
    f"{day:02d}.txt": (
        f"Foreign Minister {first} Vidal met Prime Minister {second} Amrani in Rabat on {day} May 2024.\n\n"
        f"“Our ports will stay open,” {first} Vidal said after the talks on fisheries{more}.\n"
    )
    for day, first, second, more in [
        (3, "Lena", "Omar", " and trade"),
        (9, "Ines", "Jonas", " and energy"),
        (17, "Marta", "Karim", " and trade"),
    ]
}


@pytest.mark.parametrize("name", ["s.sqlite", "s.json"])
async def test_a_large_store_shows_its_first_events_while_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    from functools import partial

    from helpers import store_of

    from diplotui import query
    from diplotui.tui import app as app_module

    store = store_of(FIRST_SCREEN_TEXTS, tmp_path, name)
    monkeypatch.setattr(query, "FIRST_SCREEN_FROM", 3)  # "large": three documents
    monkeypatch.setattr(app_module, "first_screen", partial(query.first_screen, events=1))
    release = threading.Event()

    def held(store: Store) -> Corpus:  # the whole store, once the test has looked
        release.wait(timeout=10)
        return query.corpus_for(store)

    monkeypatch.setattr(app_module, "corpus_for", held)
    app = DiplotuiApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        while screen.view is None:
            await pilot.pause(0.01)
        await pilot.pause()
        header = str(screen.query_one("#header").render())
        assert "reading 3 documents · 3 events" in header and "the first 1 event, 3 May 2024" in header
        assert [e.date_start for e in screen.view.events] == ["2024-05-03"]
        assert "Lena Vidal" in detail_text(screen)
        assert screen.query_one(QuoteList).border_subtitle == "reading the store…"
        people, topics = screen.query_one(PeopleList), screen.query_one(TopicList)
        counted, counted_topics = [], []
        if name == "s.sqlite":
            # The whole store's participants and topics, counted by the store meanwhile:
            # to read, not to filter by, until the store is read.
            for _ in range(500):  # (the store's count comes from a worker of its own)
                if people.option_count:
                    break
                await pilot.pause(0.01)
            counted = [people.get_option_at_index(n).prompt for n in range(people.option_count)]
            assert len(counted) == 6 and "Lena Vidal" in str(counted) and "Omar Amrani" in str(counted)
            counted_topics = [str(topics.get_option_at_index(n).prompt) for n in range(topics.option_count)]
            assert counted_topics == ["Trade and economy  2", "Energy  1"]
            people.focus()
            await pilot.press("enter")
            assert screen.filters == [] and len(screen.view.events) == 1
            screen.query_one(TimelineList).focus()
        else:  # a JSON store counts none: they come with the whole store
            await pilot.pause(0.2)
            assert people.option_count == 0 and topics.option_count == 0
        await pilot.press("slash")  # waits for the whole store
        assert screen.query_one("#search", Input).has_class("hidden")
        axis = screen.query_one("#axis")  # the whole store's dates, from its indexes
        assert axis.query_one("#axis-bars").visible and (axis.first, axis.last) == (
            "2024-05-03",
            "2024-05-17",
        )
        await pilot.press("s")  # the event under the cursor is whole: its source shows
        assert isinstance(app.screen, SourceScreen)
        await pilot.press("asterisk")  # not recorded until the store is read, and said so
        await pilot.pause()
        assert any("still being read" in n.message for n in app._notifications)
        assert store.annotations() == []
        await pilot.press("escape")
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.reading_store is None and len(screen.view.events) == 3
        header = str(screen.query_one("#header").render())
        assert "reading" not in header and "3 documents" in header
        assert screen.query_one(QuoteList).border_subtitle is None
        assert screen.query_one(PeopleList).option_count == 6
        if name == "s.sqlite":  # as the store counted them
            whole = [people.get_option_at_index(n).prompt for n in range(people.option_count)]
            assert [str(row) for row in whole] == [str(row) for row in counted]
            shown = [str(topics.get_option_at_index(n).prompt) for n in range(topics.option_count)]
            assert shown == counted_topics
        assert axis.query_one("#axis-bars").visible and "May" in str(axis.query_one("#axis-ticks").render())
        await pilot.press("slash")
        assert not screen.query_one("#search", Input).has_class("hidden")


async def test_a_first_screen_given_before_the_screen_is_mounted_is_drawn_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A store read faster than the screen is mounted: its panes were not all there yet.
    from helpers import store_of

    from diplotui import query

    monkeypatch.setattr(query, "FIRST_SCREEN_FROM", 3)
    first = query.first_screen(store_of(FIRST_SCREEN_TEXTS, tmp_path, "s.json"), events=1)
    assert first is not None
    app = DiplotuiApp()
    app.main_screen.set_first_screen(first)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.main_screen
        assert [pane.border_subtitle for pane in screen.query("#right > *")] == ["reading the store…"] * 3
        assert screen.query_one("#axis").query_one("#axis-bars").visible
        assert [e.date_start for e in screen.view.events] == ["2024-05-03"]
        assert "reading 3 documents" in str(screen.query_one("#header").render())


@pytest.mark.parametrize("name", ["s.sqlite", "s.json"])
def test_a_small_store_has_no_first_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    from helpers import store_of

    from diplotui import query

    store = store_of(FIRST_SCREEN_TEXTS, tmp_path, name)
    assert query.first_screen(store) is None  # too few
    monkeypatch.setattr(query, "FIRST_SCREEN_FROM", 3)
    first = query.first_screen(store, events=1)
    assert first is not None and [e.date_start for e in first.events()] == ["2024-05-03"]
    assert first.dates and sum(n for _, _, n in first.dates) == 3  # the whole store's axis


@pytest.mark.parametrize("few", [0, 1000])  # people in view sorted, or picked from the corpus's order
def test_the_participants_pane_lists_the_most_active_in_view_first(
    monkeypatch: pytest.MonkeyPatch, few: int
) -> None:
    from diplotui.model import Event, Person
    from diplotui.tui.widgets import facet_lists

    monkeypatch.setattr(facet_lists, "_FEW", few)
    people = [Person(f"p-{n}", name) for n, name in enumerate(["Ada", "Bo", "Cy", "Di", "Ed"])]
    pairs = [("p-4", "p-2"), ("p-4", "p-1"), ("p-4", "p-2"), ("p-3", "p-0")]
    events = [
        Event(f"e-{n}", "meeting", "", None, None, "", "day", "", None, list(pair))
        for n, pair in enumerate(pairs)
    ]
    corpus = Corpus(people=people, events=events)
    names = [p.name for p in facet_lists._most_active(corpus.person_by_id.keys(), corpus)]
    assert names == ["Ed", "Cy", "Ada", "Bo", "Di"]  # 3 events, 2, then 1 each by name
    assert [p.name for p in facet_lists._most_active({"p-1", "p-9"}, corpus)] == ["Bo"]  # no p-9
    view = corpus.search("person:cy")  # a few of them
    assert [p.name for p in facet_lists._most_active(view.person_ids, corpus)] == ["Ed", "Cy"]
    view = corpus.search("-person:di")  # most of them
    assert [p.name for p in facet_lists._most_active(view.person_ids, corpus)] == ["Ed", "Cy", "Bo"]
    monkeypatch.setattr(facet_lists, "MAX_ROWS", 2)
    assert [p.name for p in facet_lists._most_active(corpus.search("-person:ed").person_ids, corpus)] == [
        "Ada",
        "Di",
    ]


async def test_a_store_that_cannot_be_read_whole_after_its_first_screen_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functools import partial

    from helpers import store_of

    from diplotui import query
    from diplotui.store import StoreError
    from diplotui.tui import app as app_module

    store = store_of(FIRST_SCREEN_TEXTS, tmp_path, "s.sqlite")
    monkeypatch.setattr(query, "FIRST_SCREEN_FROM", 3)
    monkeypatch.setattr(app_module, "first_screen", partial(query.first_screen, events=1))

    def broken(store: Store) -> Corpus:
        raise StoreError(f"{store.path}: corrupt store (a test)")

    monkeypatch.setattr(app_module, "corpus_for", broken)
    app = DiplotuiApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.main_screen
        header = str(screen.query_one("#header").render())
        assert "could not read the whole store of 3 documents" in header and "the first 1 event" in header
        assert "only these could be read" in header and "once the store is read" not in header
        assert any("corrupt store (a test)" in n.message for n in app._notifications)
        await pilot.press("slash")  # the first events alone: the other keys stay off
        assert screen.query_one("#search", Input).has_class("hidden")


def test_the_timeline_layout_puts_each_days_heading_before_its_events() -> None:
    """Its rows are worked out from where the days start, not listed: checked against
    the rows written out one by one, for days of one event, of several, and none."""
    import random

    from diplotui.model import Event
    from diplotui.tui.widgets.timeline_list import _EMPTY, _Layout

    rng = random.Random(7)
    for count in [1, 2, 5, 40]:
        keys = sorted(rng.choice(range(6)) for _ in range(count))
        events = [Event(f"e-{n}", "meeting", "", None, None, "", "day", "", None) for n in range(count)]
        headings = [f"day {k}" for k in range(6)]
        written: list[object] = []
        for at, (event, key) in enumerate(zip(events, keys, strict=True)):
            if at == 0 or keys[at - 1] != key:
                written.append(headings[key])
            written.append(event)
        layout = _Layout(events, keys, headings)
        assert layout.height == len(written)
        assert [layout.row(r) for r in range(len(written))] == written
        for r, row in enumerate(written):
            at = layout.event_of(r)
            assert (events[at] if at is not None else row) is row
            following = next((events.index(e) for e in written[r:] if isinstance(e, Event)), None)
            assert layout.event_at_or_after(r) == following
        assert [layout.row_of(at) for at in range(count)] == [written.index(e) for e in events]
        assert layout.event_of(len(written)) is None and layout.event_of(-1) is None
    empty = _Layout([], [], [])
    assert (empty.height, empty.row(0), empty.event_of(0)) == (1, _EMPTY, None)
