"""Provides the timeline: events grouped by day, in date order.

A line-API widget: only the lines on screen are rendered, so a store of tens of
thousands of events scrolls and filters as fast as one of four.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from itertools import chain, compress, islice
from operator import attrgetter, ne

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from diplotui.export import format_event_date
from diplotui.model import Event
from diplotui.query import Corpus
from diplotui.tui.render import day_heading, review_marks


class _Note(str):
    """A line that is neither a day nor an event: the empty state."""


_ID = attrgetter("id")
_EMPTY = _Note("No events match. x clears the search and filters.")


class _Layout:
    """The rows of the timeline: each day's heading, then its events (`events`, whose
    day headings are `keys` into `headings`). Rows are worked out when drawn, not made
    for every event in view: a row's place comes from where the days start."""

    def __init__(self, events: list[Event], keys: list[int], headings: list[str], shown: bool = True) -> None:
        self.events, self._keys, self._headings = events, keys, headings
        count = len(keys)
        # Where a day starts among `events`, and the row of its heading.
        self.starts = [0, *compress(range(1, count), map(ne, islice(keys, 1, None), keys))] if keys else []
        self.heading_rows = [start + day for day, start in enumerate(self.starts)]
        # No events: the empty state's row, once a view is shown (none while loading).
        self.height = count + len(self.starts) if keys else int(shown)

    def row(self, index: int) -> Event | str:
        """What row `index` shows: an event, a day's heading or the empty state."""
        if not self.events:
            return _EMPTY
        day = bisect_right(self.heading_rows, index) - 1
        if self.heading_rows[day] == index:
            return self._headings[self._keys[self.starts[day]]]
        return self.events[index - day - 1]

    def event_of(self, index: int) -> int | None:
        """Which of `events` row `index` shows (None for a heading, or out of range)."""
        if not 0 <= index < self.height or not self.events:
            return None
        day = bisect_right(self.heading_rows, index) - 1
        return None if self.heading_rows[day] == index else index - day - 1

    def row_of(self, at: int) -> int:
        """The row of `events[at]`."""
        return at + bisect_right(self.starts, at)

    def event_at_or_after(self, index: int) -> int:
        """The first of `events` shown on row `index` or below."""
        return max(0, index - bisect_left(self.heading_rows, index))


class TimelineList(ScrollView, can_focus=True):
    """The events in view, one line each, under a heading per day."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(-1)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
        Binding("enter", "choose", "Open", show=False),
    ]
    """Arrows, j/k, Page keys, Home/End move; Enter opens the event."""

    COMPONENT_CLASSES = {
        "timeline-list--heading",
        "timeline-list--cursor",
        "timeline-list--kind",
        "timeline-list--dim",
        "timeline-list--match",
    }

    DEFAULT_CSS = """
    TimelineList {
        background: $surface;
        overflow-x: hidden;
        padding: 0 1;
        & > .timeline-list--heading { color: $accent; text-style: bold; }
        & > .timeline-list--kind { text-style: bold; }
        & > .timeline-list--dim { color: $text-muted; }
        & > .timeline-list--match { text-style: reverse; }
        & > .timeline-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .timeline-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: bold;
        }
    }
    """

    cursor: reactive[int] = reactive(-1, init=False)
    """The row under the cursor (an event row), or -1."""

    class EventHighlighted(Message):
        """The cursor moved to an event."""

        def __init__(self, event: Event) -> None:
            super().__init__()
            self.event = event

    class EventChosen(Message):
        """Enter (or a double click) on an event."""

        def __init__(self, event: Event) -> None:
            super().__init__()
            self.event = event

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.events: list[Event] = []
        self._layout = _Layout([], [], [], shown=False)
        self._lines: dict[int, Text] = {}
        self._corpus: Corpus | None = None
        self._pattern: re.Pattern[str] | None = None
        self._headings: tuple[Corpus, list[int], list[str]] | None = None

    # -- data ------------------------------------------------------------------------------

    def show(
        self,
        events: list[Event],
        corpus: Corpus,
        pattern: re.Pattern[str] | None,
        keep_place: bool = False,
        positions: Sequence[int] | None = None,
    ) -> None:
        """Replace the timeline with `events` (at `positions` in the corpus's, if known),
        keeping the cursor on the same event if shown (by id: the analyst's edits give
        it a new record); if not, with `keep_place`, on the event that took its place
        (the next one), else on the first."""
        current, place = self.current_event, self.cursor
        self.events = events
        self._corpus, self._pattern = corpus, pattern
        key_at, headings = self._headings_of(corpus)
        # Laid out without a step per event in Python, nor a look at each event (50,000
        # in view took 50 ms an event at a time, 20 a day at a time, 25 by their ids).
        if positions is None:
            where = corpus.event_position
            positions = list(map(where.__getitem__, map(_ID, events)))
        keys = (
            key_at[positions.start : positions.stop]
            if isinstance(positions, range)
            else [*map(key_at.__getitem__, positions)]
        )
        self._layout = _Layout(events, keys, headings)
        self._lines.clear()
        self.virtual_size = Size(self.size.width, self._layout.height)
        target = -1
        if current is not None:
            at = self._index_of(current.id)
            target = self._layout.row_of(at) if at is not None else -1
        if target < 0 and keep_place and events:
            target = self._layout.row_of(min(self._layout.event_at_or_after(place), len(events) - 1))
        if target < 0 and events:
            target = self._layout.row_of(0)
        self._set_cursor(target, force=True)
        self.refresh()

    def _index_of(self, event_id: str) -> int | None:
        """Where the event with `event_id` is among `events`, if it is."""
        where = self._corpus.event_position if self._corpus is not None else {}
        position = where.get(event_id)
        if position is None:
            return None
        # The events in view are in the corpus's order: found by bisection of positions.
        events = self.events
        at = bisect_left(events, position, key=lambda e: where[e.id])
        return at if at < len(events) and events[at].id == event_id else None

    def _headings_of(self, corpus: Corpus) -> tuple[list[int], list[str]]:
        """Each of the corpus's events' day heading, by its position (a number into the
        list of headings), worked out once per corpus (at every key typed, it took 25 ms
        at 50,000 documents)."""
        if self._headings is None or self._headings[0] is not corpus:
            names: dict[str, int] = {}
            keys = [names.setdefault(day_heading(e), len(names)) for e in corpus.events]
            self._headings = (corpus, keys, list(names))
        return self._headings[1], self._headings[2]

    @property
    def current_event(self) -> Event | None:
        """The event under the cursor."""
        at = self._layout.event_of(self.cursor)
        return self.events[at] if at is not None else None

    def row_text(self, index: int) -> Text:
        """The text of row `index` as drawn, without the cursor."""
        if index not in self._lines:
            self._lines[index] = self._make_line(self._layout.row(index))
        return self._lines[index]

    def _make_line(self, row: Event | str) -> Text:
        if isinstance(row, _Note):
            note = Text(str(row))
            note.stylize(self.get_component_rich_style("timeline-list--dim") + Style(italic=True))
            return note
        if isinstance(row, str):
            heading = Text(f"── {row} ")
            # Text.render ignores a Text's own base style, so style it as a span.
            heading.stylize(self.get_component_rich_style("timeline-list--heading"))
            return heading
        corpus = self._corpus
        assert corpus is not None
        people = corpus.person_by_id
        text = Text(no_wrap=True, overflow="ellipsis")
        marks = review_marks(corpus, row.id)
        if marks:
            text.append(marks, self.get_component_rich_style("timeline-list--heading"))
        when = format_event_date(row) if row.date_start and row.date_precision != "day" else ""
        if when and when != day_heading(row):
            text.append(f"{when}  ", self.get_component_rich_style("timeline-list--dim"))
        text.append(f"{row.kind:<8} ", self.get_component_rich_style("timeline-list--kind"))
        text.append(", ".join(people[p].name for p in row.participants if p in people))
        if row.place:
            text.append(f"  @ {row.place}", Style(italic=True))
        if len(row.documents) > 1:
            text.append(
                f"  ({len(row.documents)} sources)", self.get_component_rich_style("timeline-list--dim")
            )
        if self._pattern is not None:
            text.highlight_regex(self._pattern, self.get_component_rich_style("timeline-list--match"))
        return text

    # -- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.size.width
        base = self.rich_style
        if index >= self._layout.height:
            return Strip.blank(width, base)
        text = self.row_text(index)
        if text.cell_len > width:
            text = text.copy()
            text.truncate(width, overflow="ellipsis")
        if index == self.cursor:
            text = text.copy()
            text.pad_right(max(0, width - text.cell_len))
            text.stylize(self.get_component_rich_style("timeline-list--cursor"))
        segments = list(text.render(self.app.console))
        return Strip(Segment.apply_style(segments, base)).crop_extend(0, width, base)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self._layout.height)
        if self.cursor >= 0:
            self._scroll_to_cursor()  # set before the widget had its height

    def _scroll_to_cursor(self) -> None:
        """Bring the cursor's row into view with its day's heading when that is just
        above it (the first event must never hide the first heading)."""
        row = self.cursor
        top = row - 1 if row > 0 and isinstance(self._layout.row(row - 1), str) else row
        self.scroll_to_region(Region(0, top, 1, row - top + 1), animate=False, force=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    # -- movement --------------------------------------------------------------------------

    def _set_cursor(self, row: int, force: bool = False) -> None:
        if row == self.cursor and not force:
            return
        self.cursor = row
        if row >= 0:
            self._scroll_to_cursor()
            event = self.current_event
            if event is not None:
                self.post_message(self.EventHighlighted(event))
        self.refresh()

    def _set_event(self, at: int) -> None:
        """Put the cursor on `events[at]`."""
        self._set_cursor(self._layout.row_of(at))

    def action_cursor(self, step: int) -> None:
        """Move to the previous (-1) or next (+1) event."""
        if not self.events:
            return
        at = self._layout.event_of(self.cursor)
        if at is None:  # on a heading: to the event below it
            at = self._layout.event_at_or_after(max(self.cursor, 0))
        else:
            at += step
        self._set_event(max(0, min(len(self.events) - 1, at)))

    def action_page(self, step: int) -> None:
        """Move a screen up or down."""
        for _ in range(max(1, self.size.height - 1)):
            self.action_cursor(step)

    def action_edge(self, step: int) -> None:
        """Move to the first or last event."""
        if self.events:
            self._set_event(0 if step < 0 else len(self.events) - 1)

    def action_choose(self) -> None:
        """Open the event under the cursor."""
        event = self.current_event
        if event is not None:
            self.post_message(self.EventChosen(event))

    def jump_to_date(self, day: str) -> None:
        """Move to the first event on or after `day` (the last one if none is)."""
        for at, event in enumerate(self.events):
            if event.date_start and event.date_start >= day:
                self._set_event(at)
                return
        if self.events:
            self._set_event(len(self.events) - 1)

    def jump_day(self, step: int) -> None:
        """Move to the first event of the previous (-1) or next (+1) day with events."""
        headings = self._layout.heading_rows
        if not headings:
            return
        current = max(bisect_right(headings, self.cursor) - 1, 0)
        target = min(max(current + step, 0), len(headings) - 1)
        self._set_cursor(headings[target] + 1)

    def next_where(self, wanted: Callable[[Event], bool]) -> bool:
        """Move to the next event (after the cursor, then from the top) that is `wanted`;
        return whether there was one."""
        events = self.events
        if not events:
            return False
        here = self._layout.event_of(self.cursor)
        start = here + 1 if here is not None else self._layout.event_at_or_after(max(self.cursor, 0))
        for at in chain(range(start, len(events)), range(min(start, len(events)))):
            if wanted(events[at]):
                self._set_event(at)
                return True
        return False

    def step_match(self, step: int) -> tuple[int, int]:
        """Move to the next or previous event, wrapping; return (position, count)."""
        if not self.events:
            return 0, 0
        here = self._layout.event_of(self.cursor)
        position = ((here if here is not None else -1) + step) % len(self.events)
        self._set_event(position)
        return position + 1, len(self.events)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)  # inside the border and padding
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if self._layout.event_of(index) is not None:
            self.focus()
            self._set_cursor(index)
            if event.chain >= 2:
                self.action_choose()
