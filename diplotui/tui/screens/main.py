"""Provides the main screen: header, time axis, timeline, event detail, participants,
topics and quotes, with search and filters.

The screen owns the view state (query text and filters), asks the query layer for
what they select, and hands plain records to its widgets.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from diplotui.compare import readouts
from diplotui.export import citation, export_markdown, save_export
from diplotui.model import Document, Event
from diplotui.query import Corpus, FirstPanes, FirstScreen, QueryError, View, parse_query
from diplotui.review import clip
from diplotui.tui.messages import ReviewAsked
from diplotui.tui.render import event_detail
from diplotui.tui.screens.cadence import CadenceScreen
from diplotui.tui.screens.confirm import ConfirmScreen
from diplotui.tui.screens.edit import EditScreen, edit_changes, edit_fields
from diplotui.tui.screens.export_name import ExportNameScreen
from diplotui.tui.screens.help import HelpScreen
from diplotui.tui.screens.prompt import PromptScreen, ask_tags_or_note
from diplotui.tui.screens.readouts import ReadoutsScreen
from diplotui.tui.screens.source import SourceScreen
from diplotui.tui.screens.texts import TextsScreen
from diplotui.tui.widgets.corpus_header import CorpusHeader
from diplotui.tui.widgets.event_detail import EventDetail
from diplotui.tui.widgets.facet_lists import FacetList, PeopleList, TopicList
from diplotui.tui.widgets.quote_list import QuoteList
from diplotui.tui.widgets.time_axis import TimeAxis
from diplotui.tui.widgets.timeline_list import TimelineList

MIN_WIDTH, MIN_HEIGHT = 80, 24
EXPORT_NAME = "diplotui-briefing.md"
SIDE_PANES_DELAY = 0.15
SHORT_HEIGHT = 32  # below it, the event detail is shorter
TALL_HEIGHT = 45  # from it on, taller
NARROW_WIDTH = 100  # below it, the footer is compact


def _parts_of(step: Callable[[], object]) -> Iterator[None]:
    """Take `step` of `MainScreen.settle` when first asked for the next part, and then
    the parts it gives (an iterator of them: see `View.in_parts`), if it gives any."""
    done = step()
    if isinstance(done, Iterator):
        yield from done
    else:
        yield None


def match_pattern(query: str) -> re.Pattern[str] | None:
    """A regex for the free words and phrases of `query`, to highlight matches."""
    try:
        terms = parse_query(query)
    except QueryError:
        return None
    words = [re.escape(t.value) for t in terms if t.field is None and not t.negated and t.value]
    return re.compile("|".join(words), re.IGNORECASE) if words else None


class MainScreen(Screen[None]):
    """The explorer's one main screen."""

    BINDINGS = [
        Binding("slash", "search", "Search", id="search", tooltip="Search as you type"),
        Binding("escape", "back", "Back", id="back", tooltip="Close search, or remove the last filter"),
        Binding("s", "source", "Source", id="source", tooltip="Show the sentence this came from"),
        Binding("e", "export", "Export", id="export", tooltip="Write the view as a Markdown briefing"),
        # Not in the footer, so that q and ? fit at 80 columns; the help lists them.
        Binding(
            "left_square_bracket",
            "jump_day(-1)",
            "Prev day",
            id="day.prev",
            show=False,
            tooltip="Previous day with events",
        ),
        Binding(
            "right_square_bracket",
            "jump_day(1)",
            "Next day",
            id="day.next",
            show=False,
            tooltip="Next day with events",
        ),
        Binding(
            "z", "zoom", "Zoom", id="zoom", show=False, tooltip="Show only the month of the highlighted event"
        ),
        Binding("n", "match(1)", "Next match", id="match.next", show=False),
        Binding("N", "match(-1)", "Prev match", id="match.prev", show=False),
        Binding("x", "clear", "Clear", id="clear", tooltip="Clear the search and all filters"),
        # Not in the footer (the header says "(t)" when it applies; the help lists it).
        Binding("t", "texts", "Texts", id="texts", show=False, tooltip="Documents holding the words"),
        # The analyst's layer: on the event, quote or person under the cursor of the
        # focused pane (the help lists them; the footer has no room at 80 columns).
        Binding(
            "a",
            "review('accepted')",
            "Accept",
            id="review.accept",
            show=False,
            tooltip="Accept (again: undo)",
        ),
        Binding(
            "r", "review('rejected')", "Reject", id="review.reject", show=False, tooltip="Reject: hide it"
        ),
        Binding("E", "edit", "Edit", id="review.edit", show=False, tooltip="Correct its fields"),
        Binding("asterisk", "star", "Star", id="review.star", show=False, tooltip="Star it (again: unstar)"),
        Binding("number_sign", "tag", "Tag", id="review.tag", show=False, tooltip="Tag it"),
        Binding("c", "note", "Note", id="review.note", show=False, tooltip="Write a note on it"),
        Binding(
            "M", "merge", "Merge", id="review.merge", show=False, tooltip="Merge the person into another"
        ),
        Binding(
            "u",
            "next_unreviewed",
            "Unreviewed",
            id="review.next",
            show=False,
            tooltip="Next unreviewed event",
        ),
        Binding(
            "S", "starred", "Starred", id="review.starred", show=False, tooltip="Show only starred things"
        ),
        Binding("y", "cite", "Cite", id="cite", show=False, tooltip="Copy it with its citation"),
        Binding("d", "readouts", "Readouts", id="readouts", show=False, tooltip="Its documents side by side"),
        Binding(
            "m", "cadence", "Cadence", id="cadence", show=False, tooltip="Meetings of its two principals"
        ),
        Binding("o", "open_url", "Open URL", id="open-url", show=False, tooltip="Open the source's URL"),
        # Enter in the search bar is handled here, before the next key is read: the
        # input's own Submitted message would arrive only after keys typed right after.
        Binding("enter", "submit_search", "Keep search", id="search.submit", show=False, priority=True),
    ]
    """Keys of the explorer; `?` and `q` are the app's."""

    def __init__(self, corpus: Corpus | None = None) -> None:
        super().__init__()
        self.corpus = corpus
        self.query_text = ""
        self.filters: list[tuple[str, str]] = []
        self.view: View | None = None
        self.pattern: re.Pattern[str] | None = None
        self._side_timer: Timer | None = None
        self._mounted = False
        self._shown: tuple[Event | None, View | None] | None = None
        """The event the detail pane and quotes show, and for which view."""
        self.reading_store: FirstScreen | None = None
        """While a large store's first screen is shown (`set_first_screen`), what it
        shows; the whole store is still being read."""
        self.reading_failed = False
        """Whether reading the whole store failed after its first screen was shown."""
        self._unsettled: View | None = None
        """The view whose quotes, axis and side panes are not shown yet (see `settle`)."""

    def compose(self) -> ComposeResult:
        yield CorpusHeader(id="header")
        with Container(id="body"):
            yield TimeAxis(id="axis")
            with Horizontal(id="columns"):
                with Vertical(id="left"):
                    yield TimelineList(id="timeline")
                    yield EventDetail(id="detail")
                with Vertical(id="right"):
                    yield PeopleList(id="people")
                    yield TopicList(id="topics")
                    yield QuoteList(id="quotes")
            yield Input(
                placeholder='Search: words, "phrases", person: topic: place: date: doc: -term',
                id="search",
                classes="hidden",
            )
        yield Static(
            f"The terminal is too small for diplotui.\nMake it at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            id="too-small",
            markup=False,
        )
        yield Footer()

    def on_mount(self) -> None:
        titles = {
            "timeline": "Timeline",
            "detail": "Event",
            "people": "Participants",
            "topics": "Topics",
            "quotes": "Quotes",
        }
        for widget_id, title in titles.items():
            self.query_one(f"#{widget_id}").border_title = title
        self.query_one(TimelineList).focus()
        self._mounted = True
        if self.reading_store is not None:
            self._show_first_screen()
        elif self.corpus is not None:
            self.refresh_view()

    # -- data ----------------------------------------------------------------------------

    def set_corpus(self, corpus: Corpus, keep_place: bool = False) -> None:
        """Show `corpus` (called once the app has loaded it, and after each review
        action: then with `keep_place`, the cursors stay where they were)."""
        self.corpus = corpus
        if self.reading_store is not None:  # the first screen was shown: now the whole store
            self.reading_store = None
            keep_place = True
            for pane in self.query("#right > *"):
                pane.border_subtitle = None
            self.refresh_bindings()
        if self._mounted:  # otherwise on_mount shows it
            self.refresh_view(keep_place=keep_place)

    def set_first_screen(self, first: FirstScreen) -> None:
        """Show the first events of a large store (`diplotui.query.first_screen`) while
        the app reads the whole of it: the timeline, the event under the cursor, and the
        axis of the whole store's events (counted from its indexes). The side panes say
        the store is being read; only the keys that concern the event under the cursor
        work (its source, citation, URL and readouts)."""
        if self.corpus is not None:
            return  # the whole store came first
        self.reading_store = first
        self.corpus = first.corpus
        if self._mounted:  # otherwise on_mount shows it
            self._show_first_screen()

    def _show_first_screen(self) -> None:
        """Draw what `set_first_screen` was given (once the screen is mounted: before,
        some of the panes may not be there yet)."""
        first = self.reading_store
        assert first is not None
        # (Said in words: an animated indicator per pane slowed the reading by a third.)
        for pane in self.query("#right > *"):
            pane.border_subtitle = "reading the store…"
        if first.dates is not None:  # the whole store's, from its indexes
            self.query_one(TimeAxis).show(first.dates)
        self.refresh_bindings()
        self.refresh_view()

    def set_first_panes(self, panes: FirstPanes) -> None:
        """Show the whole store's most active participants and its topics, counted by
        the store (`diplotui.query.first_panes`), on a large store's first screen: to
        read, not yet to filter by, until the whole store is read."""
        if self.reading_store is None:
            return  # the whole store came first
        counts = self.reading_store.counts
        self.query_one(PeopleList).show_counted(panes.people, counts[2])
        topics = self.query_one(TopicList)
        topics.show([t for t, _ in panes.topics], {t.id: n for t, n in panes.topics}, filters=False)

    def store_unreadable(self) -> None:
        """Reading the whole store failed (the app says why): a first screen shown stays,
        its header saying so, with only its keys."""
        if self.reading_store is not None and self.view is not None:
            self.reading_failed = True
            self.query_one(CorpusHeader).show_loading(self.reading_store.counts, self.view, failed=True)

    # Screen actions that concern only the event or quote under the cursor: whole on
    # the first screen, since it holds every report of each event it shows.
    _ON_FIRST_SCREEN = {"source", "open_url", "cite", "readouts", "help"}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.reading_store is not None and action not in self._ON_FIRST_SCREEN:
            return None  # shown dimmed until the whole store is read
        return True

    @property
    def filter_terms(self) -> list[str]:
        """The filters as query terms: `person:p-41bd4280793a` (an id: one identity)."""
        return [f'{name}:"{value}"' for name, value in self.filters]

    @property
    def filter_labels(self) -> list[str]:
        """The filters as a person reads them: `person:"Sergey Lavrov"`."""
        if self.corpus is None:
            return self.filter_terms
        return [self.corpus.describe(term) for term in self.filter_terms]

    @property
    def effective_query(self) -> str:
        """The typed query and the filters, combined."""
        return " ".join([self.query_text, *self.filter_terms]).strip()

    def refresh_view(self, deferred: bool = False, keep_place: bool = False) -> None:
        """Run the query and hand the results to every pane.

        With `deferred` (typing in the search bar), the timeline, header and event detail
        update at once, and the rest once typing pauses (`settle`): the quotes, the
        header's count of texts, the axis, participants and topics.
        """
        if self.corpus is None:
            return
        search = self.query_one("#search", Input)
        try:
            # Not waiting for the word index of the texts (seconds at 50,000 documents
            # after the explorer opens): `texts_ready` shows the view again once it is built.
            if self.reading_store is not None:  # a large store's first screen
                view = View("", self.reading_store.events(), [], self.corpus)
            else:
                view = self.corpus.search(self.effective_query, wait=False)
        except QueryError as exc:
            # Said in the search bar itself, where the typing is; the last good view stays
            # (and, typing on, still waits for a pause to show the rest of it).
            search.border_subtitle = Content(str(exc))
            search.add_class("invalid")
            if deferred and self._side_timer is not None:
                self._side_timer.reset()
            return
        search.border_subtitle = None
        search.remove_class("invalid")
        self._stop_settling()
        self.view = view
        self.pattern = match_pattern(self.query_text)
        corpus = self.corpus
        timeline = self.query_one(TimelineList)
        timeline.show(view.events, corpus, self.pattern, keep_place, view.event_positions)
        if self.reading_store is not None:  # the side panes wait for the whole store
            self.query_one(CorpusHeader).show_loading(self.reading_store.counts, view, self.reading_failed)
            self._show_event(timeline.current_event, keep_place)
            return
        self._unsettled = view
        self._show_header(texts=False)
        self._show_event(timeline.current_event, keep_place)
        if deferred:
            self._side_timer = self.set_timer(SIDE_PANES_DELAY, self._start_settling)
        else:
            self.settle(keep_place)

    def _show_header(self, texts: bool = True) -> None:
        """The header for the view; without `texts`, not counting the texts yet."""
        if self.corpus is not None and self.view is not None:
            header = self.query_one(CorpusHeader)
            header.show(self.corpus, self.view, self.query_text, self.filter_labels, texts)

    def _settling_steps(self, keep_place: bool = False) -> list[Callable[[], object]]:
        """What a view shows besides its timeline, header and event detail, a pane at a
        time (the quotes and texts it selects are worked out in steps of their own)."""
        view, corpus = self.view, self.corpus
        assert view is not None and corpus is not None
        quotes = self.query_one(QuoteList)

        def show_quotes() -> None:
            event = self.query_one(TimelineList).current_event
            quotes.set_quotes(view)
            quotes.show(corpus, event.id if event else None, self.pattern, keep_place)

        return [
            lambda: view.quote_hits,
            show_quotes,
            lambda: view.texts_pending,
            self._show_header,
            lambda: view.in_parts("date_counts"),
            lambda: self.query_one(TimeAxis).show(view.date_counts),
            lambda: view.in_parts("person_ids"),
            lambda: self.query_one(PeopleList).show(view.person_ids, corpus),
            lambda: view.in_parts("topic_counts"),
            lambda: self.query_one(TopicList).show(view.topics, view.topic_counts),
        ]

    @property
    def settled(self) -> bool:
        """Whether every pane shows the view (see `refresh_view`)."""
        return self._unsettled is None

    def settle(self, keep_place: bool = False) -> None:
        """Show at once what the view still waits for (see `refresh_view`)."""
        if self._unsettled is None or self._unsettled is not self.view:
            return
        self._stop_settling()
        for step in self._settling_steps(keep_place):
            for _ in _parts_of(step):
                pass
        self._unsettled = None

    def _start_settling(self) -> None:
        self._side_timer = None
        if self._unsettled is not None and self._unsettled is self.view:
            # The function, not a coroutine: one cancelled before it ran is never made.
            # (mypy infers Textual's result type of an async function as Never.)
            work = self._settle_gradually
            self.run_worker(work, group="settle", exclusive=True, exit_on_error=True)  # type: ignore[arg-type]

    async def _settle_gradually(self) -> None:
        """`settle`, a part of a step at a time, letting the keys typed meanwhile in
        between (at 50,000 documents the parts take up to 50 ms each, 150 to 350 ms in
        all)."""
        view = self.view
        for step in self._settling_steps():
            parts = _parts_of(step)
            while True:
                if self.view is not view:
                    return  # typed on: a new view
                if next(parts, True):  # (each part gives None; True: the step is done)
                    break
                await asyncio.sleep(0.002)
        self._unsettled = None

    def _stop_settling(self) -> None:
        if self._side_timer is not None:
            self._side_timer.stop()
            self._side_timer = None
        self.workers.cancel_group(self, "settle")

    def texts_ready(self) -> None:
        """The word index of the texts is built: show again a view that waited for it."""
        if self.view is not None and self.view.texts_pending:
            self.refresh_view(keep_place=True)

    def _show_event(self, event: Event | None, keep_place: bool = False) -> None:
        if self.corpus is None or self.view is None:
            return
        self._shown = (event, self.view)
        self.query_one(EventDetail).update(
            event_detail(event, self.corpus) if event else Content.styled("No event selected.", "dim")
        )
        if self.reading_store is None and self._unsettled is None:  # else the quotes wait
            self.query_one(QuoteList).show(self.corpus, event.id if event else None, self.pattern, keep_place)

    # -- messages from the panes ------------------------------------------------------------

    def on_timeline_list_event_highlighted(self, message: TimelineList.EventHighlighted) -> None:
        # Typing fast, a keystroke's message can arrive after a later keystroke's view: an
        # event no longer under the cursor is not shown.
        # The event refresh_view has just shown is not shown again (for the same view).
        event, shown = message.event, self._shown
        if event is not self.query_one(TimelineList).current_event:
            return
        if shown is None or shown[0] is not event or shown[1] is not self.view:
            self._show_event(event)

    def on_timeline_list_event_chosen(self, message: TimelineList.EventChosen) -> None:
        self.action_source()

    def on_time_axis_day_chosen(self, message: TimeAxis.DayChosen) -> None:
        timeline = self.query_one(TimelineList)
        timeline.focus()
        timeline.jump_to_date(message.day)

    def on_time_axis_range_chosen(self, message: TimeAxis.RangeChosen) -> None:
        self.zoom_to(f"{message.first}..{message.last}")

    def action_zoom(self) -> None:
        """Show only the month of the highlighted event (Escape zooms back out)."""
        event = self.query_one(TimelineList).current_event
        if event is None or not event.date_start:
            self.notify("Highlight a dated event first: z shows only its month.")
            return
        self.zoom_to(event.date_start[:7])

    def zoom_to(self, dates: str) -> None:
        """Show only the events of `dates` (a `date:` value), in place of any date filter
        before; the axis then spans just those days."""
        self.filters = [f for f in self.filters if f[0] != "date"]
        self.add_filter("date", dates)

    def on_facet_list_chosen(self, message: FacetList.Chosen) -> None:
        # Focus stays in the pane the filter was chosen in: Tab order is not upset.
        self.add_filter(message.field, message.value, focus_timeline=False)

    def add_filter(self, field: str, value: str, focus_timeline: bool = True) -> None:
        """Filter the view by `field:value` (a participant or topic, by id or name)."""
        if (field, value) not in self.filters:
            self.filters.append((field, value))
        self.refresh_view()
        if focus_timeline:
            self.query_one(TimelineList).focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, message: Input.Changed) -> None:
        if message.value.strip() == self.query_text and self.view is not None:
            return  # already shown (a clear sets the bar's value after showing the view)
        self.query_text = message.value.strip()
        self.refresh_view(deferred=True)

    def action_submit_search(self) -> None:
        """Keep the typed search and go back to the timeline (Enter in the search bar)."""
        if self.focused is not self.query_one("#search", Input):
            raise SkipAction()
        self._close_search()
        self.settle()

    def _close_search(self) -> None:
        self.query_one("#search").add_class("hidden")
        # Focus at once (not on the next idle, as widget.focus() does), so that a key
        # typed right after Enter or Escape reaches the timeline, not the hidden input.
        self.set_focus(self.query_one(TimelineList))

    # -- actions ---------------------------------------------------------------------------

    def action_search(self) -> None:
        """Open the search bar."""
        search = self.query_one("#search", Input)
        search.remove_class("hidden")
        self.set_focus(search)

    def action_back(self) -> None:
        """Close the search bar (dropping what was typed), else remove the last filter."""
        search = self.query_one("#search", Input)
        if self.focused is search:
            search.value = ""
            self._close_search()
        elif self.filters:
            self.filters.pop()
            self.refresh_view()
        elif self.query_text:
            search.value = ""

    def action_clear(self) -> None:
        """Clear the search and every filter."""
        self.filters.clear()
        self.query_one("#search", Input).value = ""
        self.query_text = ""
        self.refresh_view()

    def action_jump_day(self, step: int) -> None:
        """Move the timeline to the previous or next day with events."""
        timeline = self.query_one(TimelineList)
        timeline.focus()
        timeline.jump_day(step)

    def action_match(self, step: int) -> None:
        """Move to the next (or previous) result in the timeline or the quotes."""
        if not self.query_text.strip():
            # Without a search every row "matches"; counting them would mislead.
            self.notify("No search: press / to search, then n and N move between matches.", timeout=2.5)
            return
        focused = self.focused
        if isinstance(focused, QuoteList):
            position, count = focused.step_match(step)
        else:
            timeline = self.query_one(TimelineList)
            timeline.focus()
            position, count = timeline.step_match(step)
        if count:
            self.notify(f"Match {position} of {count}", timeout=1.5)
        else:
            self.notify("No matches.", timeout=2)

    def action_source(self) -> None:
        """Show the source sentence of the selected quote (in the quotes pane) or event."""
        if self.corpus is None:
            return
        quotes = self.query_one(QuoteList)
        if self.focused is quotes and quotes.current_quote is not None:
            quote = quotes.current_quote
            document = self.corpus.document_by_id[quote.document]
            self.app.push_screen(SourceScreen(document, quote.start, quote.end, "quote"))
            return
        event = self.query_one(TimelineList).current_event
        if event is None or not event.evidence:
            self.notify("Select an event or a quote first.", timeout=2)
            return
        span = event.evidence[0]
        document = self.corpus.document_by_id[span.document]
        self.app.push_screen(SourceScreen(document, span.start, span.end, event.title))

    def action_export(self) -> None:
        """Write the current view as a Markdown briefing, asking for the file name (the
        working directory's diplotui-briefing.md is offered) and before replacing."""
        if self.corpus is None or self.view is None:
            return
        data = export_markdown(self.corpus, self.view).encode()

        store = getattr(getattr(self.app, "store", None), "path", None)

        def write(path: Path) -> None:
            try:
                save_export(path, data, replace=True, store=store)
            except ValueError as exc:  # the store itself
                self.notify(f"Not written: {exc}", severity="error", markup=False)
                return
            except OSError as exc:
                self.notify(f"Cannot write {path}: {exc.strerror or exc}", severity="error", markup=False)
                return
            self.notify(f"Briefing written to {path}", title="Export", timeout=6, markup=False)

        def named(name: str | None) -> None:
            if not name:
                self.notify("Export cancelled.", timeout=2)
                return
            path = (Path.cwd() / Path(name).expanduser()).resolve()
            if path.is_dir():
                path = path / EXPORT_NAME
            if path.exists():
                self.app.push_screen(
                    ConfirmScreen(f"{path} exists. Replace it?"),
                    lambda replace: write(path) if replace else self.notify("Export cancelled.", timeout=2),
                )
            else:
                write(path)

        self.app.push_screen(ExportNameScreen(str(Path.cwd() / EXPORT_NAME)), named)

    def action_texts(self) -> None:
        """List the documents whose own text holds the searched words."""
        view = self.view
        if view is None or not view.words:
            self.notify("No words searched: press / and type; then t lists the texts that hold them.")
            return
        if view.texts_pending:
            self.notify("The documents' texts are still being indexed: t again in a moment.", timeout=3)
            return
        if not view.texts:
            self.notify("No document's text holds that.", timeout=2.5)
            return
        self.app.push_screen(TextsScreen(view))

    # -- the analyst's layer -------------------------------------------------------------

    def _target(self) -> tuple[str, str] | None:
        """The record review keys act on: the quote or person under the cursor when the
        quotes or participants pane has focus, else the highlighted event; with a name
        to say it by."""
        corpus = self.corpus
        if corpus is None:
            return None
        focused = self.focused
        if isinstance(focused, QuoteList) and focused.current_quote is not None:
            quote = focused.current_quote
            return quote.id, f"the quote “{clip(quote.text, 40)}”"
        if isinstance(focused, PeopleList) and focused.current_person in corpus.person_by_id:
            person = corpus.person_by_id[focused.current_person]
            return person.id, person.name
        event = self.query_one(TimelineList).current_event
        if event is None:
            self.notify("Highlight an event, a quote or a person first.", timeout=2.5)
            return None
        return event.id, event.title

    def action_review(self, status: str) -> None:
        """Accept or reject what is under the cursor (the same key again takes it back)."""
        target = self._target()
        if target is None or self.corpus is None:
            return
        review = self.corpus.review
        now = review.status_of(target[0]) if review else "unreviewed"
        if now == status:
            self.post_message(ReviewAsked(target[0], [("status", "unreviewed")], f"Unreviewed: {target[1]}"))
        else:
            said = "Accepted:" if status == "accepted" else "Rejected (status:rejected shows it):"
            self.post_message(ReviewAsked(target[0], [("status", status)], f"{said} {target[1]}"))

    def action_star(self) -> None:
        """Star what is under the cursor, or take its star away."""
        target = self._target()
        if target is None or self.corpus is None:
            return
        starred = self.corpus.review is not None and target[0] in self.corpus.review.starred
        said = "Unstarred:" if starred else "Starred:"
        self.post_message(ReviewAsked(target[0], [("star", not starred)], f"{said} {target[1]}"))

    def action_note(self) -> None:
        """Write a note on what is under the cursor."""
        target = self._target()
        if target is not None:
            ask_tags_or_note(self, "note", *target)

    def action_tag(self) -> None:
        """Tag what is under the cursor (several tags: separate them with spaces)."""
        target = self._target()
        if target is not None:
            ask_tags_or_note(self, "tag", *target)

    def action_edit(self) -> None:
        """Correct the fields of what is under the cursor."""
        target = self._target()
        corpus = self.corpus
        if target is None or corpus is None:
            return
        record_id, name = target
        fields = edit_fields(corpus, record_id)
        if not fields:
            self.notify("Documents are starred, tagged and noted, not edited.", timeout=2.5)
            return

        def edited(changed: dict[str, str] | None) -> None:
            if changed:
                self.post_message(ReviewAsked(record_id, edit_changes(changed), f"Corrected {name}"))

        self.app.push_screen(EditScreen(f"Correct {name}", fields), edited)

    def action_merge(self) -> None:
        """Merge the person under the cursor (participants pane) into another: one
        person, their names the other's aliases, in later documents too."""
        people = self.query_one(PeopleList)
        corpus = self.corpus
        if self.focused is not people or corpus is None or people.current_person not in corpus.person_by_id:
            self.notify("Highlight a person in the participants pane first (Tab moves there).", timeout=3)
            return
        person = corpus.person_by_id[people.current_person]

        def merged(into: str | None) -> None:
            if into:
                said = f"Merged {person.name} into {into}"
                self.post_message(ReviewAsked(person.id, [("merge", into)], said))

        question = f"Merge {person.name} into (a name or id):"
        self.app.push_screen(PromptScreen(question, input_id="merge-into"), merged)

    def action_next_unreviewed(self) -> None:
        """Move to the next event in view no one has accepted or rejected."""
        review = self.corpus.review if self.corpus else None
        timeline = self.query_one(TimelineList)
        timeline.focus()
        if not timeline.next_where(lambda e: review is None or review.status_of(e.id) == "unreviewed"):
            self.notify("Every event in view is reviewed.", timeout=2.5)

    def action_starred(self) -> None:
        """Show only what is starred (or everything again)."""
        if ("star", "yes") in self.filters:
            self.filters.remove(("star", "yes"))
            self.refresh_view()
        else:
            self.add_filter("star", "yes")

    def _document_of_target(self) -> tuple[Document, str] | None:
        target = self._target()
        corpus = self.corpus
        if target is None or corpus is None:
            return None
        record_id = target[0]
        if record_id in corpus.quote_by_id:
            document_id = corpus.quote_by_id[record_id].document
        elif record_id in corpus.event_by_id and corpus.event_by_id[record_id].documents:
            document_id = corpus.event_by_id[record_id].documents[0]
        else:
            self.notify("Highlight an event or a quote.", timeout=2.5)
            return None
        return corpus.document_by_id[document_id], record_id

    def action_cite(self) -> None:
        """Copy the quote (or event) under the cursor with its citation (OSC 52)."""
        found = self._document_of_target()
        if found is None or self.corpus is None:
            return
        self.app.copy_to_clipboard(citation(self.corpus, found[1]))
        self.notify("Copied with its citation.", timeout=2)

    def action_open_url(self) -> None:
        """Open the source URL of the event's or quote's document in the browser."""
        found = self._document_of_target()
        if found is None:
            return
        document = found[0]
        if not document.source:
            self.notify(f"{document.title}: no source URL is known.", timeout=3, markup=False)
            return
        self.app.open_url(document.source)
        self.notify(f"Opening {document.source}", timeout=3, markup=False)

    def action_readouts(self) -> None:
        """Show what each document reporting the highlighted event says of it."""
        event = self.query_one(TimelineList).current_event
        if event is None or self.corpus is None:
            self.notify("Highlight an event first.", timeout=2)
            return
        found = readouts(self.corpus, event.id)
        if len(found) < 2:
            self.notify("Only one document reports this event: nothing to compare.", timeout=3)
            return
        self.app.push_screen(ReadoutsScreen(event, found, self.corpus))

    def action_cadence(self) -> None:
        """Show every meeting between the highlighted event's first two participants."""
        event = self.query_one(TimelineList).current_event
        if event is None or self.corpus is None or len(event.participants) < 2:
            self.notify("Highlight an event with two participants first.", timeout=2.5)
            return
        self.app.push_screen(CadenceScreen(self.corpus, *event.participants[:2]))

    def action_help(self) -> None:
        """Show every key and the query language."""
        self.app.push_screen(HelpScreen())

    # -- size ------------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT, "too-small")
        self.set_class(event.size.height < SHORT_HEIGHT, "short")
        self.set_class(event.size.height >= TALL_HEIGHT, "tall")
        self.query_one(Footer).compact = event.size.width < NARROW_WIDTH
