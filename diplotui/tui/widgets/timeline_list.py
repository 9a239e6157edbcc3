"""Provides the timeline: events grouped by day, in date order.

A line-API widget: only the lines on screen are rendered, so a store of tens of
thousands of events scrolls and filters as fast as one of four.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import groupby

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
        self._rows: list[Event | str] = []
        self._event_rows: list[int] = []
        self._heading_rows: list[int] = []
        self._lines: dict[int, Text] = {}
        self._corpus: Corpus | None = None
        self._pattern: re.Pattern[str] | None = None
        self._headings: tuple[Corpus, dict[str, str]] | None = None

    # -- data ------------------------------------------------------------------------------

    def show(
        self, events: list[Event], corpus: Corpus, pattern: re.Pattern[str] | None, keep_place: bool = False
    ) -> None:
        """Replace the timeline with `events`, keeping the cursor on the same event if shown
        (by id: the analyst's edits give it a new record); if not, with `keep_place`, on
        the event that took its place (the next one), else on the first."""
        current, place = self.current_event, self.cursor
        self.events = events
        self._corpus, self._pattern = corpus, pattern
        self._rows, self._event_rows, self._heading_rows = [], [], []
        headings = self._headings_of(corpus)
        rows, event_rows, heading_rows = self._rows, self._event_rows, self._heading_rows
        # A day at a time, not an event at a time: 50,000 events in view took 50 ms.
        for group, members in groupby(events, key=lambda e: headings.get(e.id) or day_heading(e)):
            heading_rows.append(len(rows))
            rows.append(group)
            start = len(rows)
            rows.extend(members)
            event_rows.extend(range(start, len(rows)))
        if not events:
            self._rows.append(_Note("No events match. x clears the search and filters."))
        self._lines.clear()
        self.virtual_size = Size(self.size.width, len(self._rows))
        target = -1
        if current is not None:
            target = next(
                (r for r in self._event_rows if getattr(self._rows[r], "id", None) == current.id), -1
            )
        if target < 0 and keep_place and self._event_rows:
            target = self._event_rows[min(bisect_left(self._event_rows, place), len(self._event_rows) - 1)]
        if target < 0 and self._event_rows:
            target = self._event_rows[0]
        self._set_cursor(target, force=True)
        self.refresh()

    def _headings_of(self, corpus: Corpus) -> dict[str, str]:
        """Each event's day heading, by id, worked out once per corpus (at 50,000
        documents, working them out at every key typed took 25 ms of it)."""
        if self._headings is None or self._headings[0] is not corpus:
            self._headings = (corpus, {e.id: day_heading(e) for e in corpus.events})
        return self._headings[1]

    @property
    def current_event(self) -> Event | None:
        """The event under the cursor."""
        if 0 <= self.cursor < len(self._rows):
            row = self._rows[self.cursor]
            return row if isinstance(row, Event) else None
        return None

    def row_text(self, index: int) -> Text:
        """The text of row `index` as drawn, without the cursor."""
        if index not in self._lines:
            self._lines[index] = self._make_line(self._rows[index])
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
        if index >= len(self._rows):
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
        self.virtual_size = Size(event.size.width, len(self._rows))
        if self.cursor >= 0:
            self._scroll_to_cursor()  # set before the widget had its height

    def _scroll_to_cursor(self) -> None:
        """Bring the cursor's row into view with its day's heading when that is just
        above it (the first event must never hide the first heading)."""
        row = self.cursor
        top = row - 1 if row > 0 and isinstance(self._rows[row - 1], str) else row
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

    def action_cursor(self, step: int) -> None:
        """Move to the previous (-1) or next (+1) event."""
        if not self._event_rows:
            return
        here = bisect_left(self._event_rows, self.cursor)
        if self.cursor not in self._event_rows:
            here = min(here, len(self._event_rows) - 1)
        else:
            here = max(0, min(len(self._event_rows) - 1, here + step))
        self._set_cursor(self._event_rows[here])

    def action_page(self, step: int) -> None:
        """Move a screen up or down."""
        for _ in range(max(1, self.size.height - 1)):
            self.action_cursor(step)

    def action_edge(self, step: int) -> None:
        """Move to the first or last event."""
        if self._event_rows:
            self._set_cursor(self._event_rows[0 if step < 0 else -1])

    def action_choose(self) -> None:
        """Open the event under the cursor."""
        event = self.current_event
        if event is not None:
            self.post_message(self.EventChosen(event))

    def jump_to_date(self, day: str) -> None:
        """Move to the first event on or after `day` (the last one if none is)."""
        for row in self._event_rows:
            event = self._rows[row]
            if isinstance(event, Event) and event.date_start and event.date_start >= day:
                self._set_cursor(row)
                return
        if self._event_rows:
            self._set_cursor(self._event_rows[-1])

    def jump_day(self, step: int) -> None:
        """Move to the first event of the previous (-1) or next (+1) day with events."""
        if not self._heading_rows:
            return
        current = max(bisect_right(self._heading_rows, self.cursor) - 1, 0)
        target = min(max(current + step, 0), len(self._heading_rows) - 1)
        self._set_cursor(self._heading_rows[target] + 1)

    def next_where(self, wanted: Callable[[Event], bool]) -> bool:
        """Move to the next event (after the cursor, then from the top) that is `wanted`;
        return whether there was one."""
        if not self._event_rows:
            return False
        here = bisect_right(self._event_rows, self.cursor)
        for row in [*self._event_rows[here:], *self._event_rows[:here]]:
            event = self._rows[row]
            if isinstance(event, Event) and wanted(event):
                self._set_cursor(row)
                return True
        return False

    def step_match(self, step: int) -> tuple[int, int]:
        """Move to the next or previous event, wrapping; return (position, count)."""
        if not self._event_rows:
            return 0, 0
        position = self._event_rows.index(self.cursor) if self.cursor in self._event_rows else -1
        position = (position + step) % len(self._event_rows)
        self._set_cursor(self._event_rows[position])
        return position + 1, len(self._event_rows)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)  # inside the border and padding
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < len(self._rows) and isinstance(self._rows[index], Event):
            self.focus()
            self._set_cursor(index)
            if event.chain >= 2:
                self.action_choose()
