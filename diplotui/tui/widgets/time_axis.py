"""Provides the time axis: events per day across the dates in view."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

from textual import events
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Label, Sparkline

from diplotui.export import format_day


def day_counts(
    dates: Sequence[tuple[str | None, str | None, int]], buckets: int
) -> tuple[list[float], str | None, str | None]:
    """Count events per day between the first and last date, folded into `buckets` bars,
    from how many events have each pair of first and last dates (`View.date_counts`)."""
    spans = [(*_day_span(start, end), count) for start, end, count in dates if start]
    if not spans:
        return [0.0], None, None
    first = min(start for start, _, _ in spans)
    span = max(start + length for start, length, _ in spans) - first
    width = max(1, min(buckets, span))
    counts = [0.0] * width
    for start, length, count in spans:
        for day in range(start - first, start - first + length):
            counts[min(width - 1, day * width // span)] += count
    # Zeros at both ends give the bars a baseline, so equal days do not look empty.
    return (
        [0.0, *counts, 0.0],
        date.fromordinal(first).isoformat(),
        date.fromordinal(first + span - 1).isoformat(),
    )


@lru_cache(maxsize=8192)
def _day_span(start: str, end: str | None) -> tuple[int, int]:
    """An event's first day (as an ordinal) and how many days it counts on: each day of
    a range, but a long one (such as "last year") only once. Made once per pair of dates:
    the axis is counted again as the search is typed."""
    first = date.fromisoformat(start).toordinal()
    length = date.fromisoformat(end or start).toordinal() - first + 1
    return first, length if length <= 31 else 1


def ticks(first: str, last: str, width: int) -> str:
    """One line of `width` characters: the first and last day at the ends, and month
    (or, over long spans, year) marks in between where they fit."""
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    span = max(1, (end - start).days + 1)
    line = [" "] * width
    left, right = format_day(first), format_day(last) if last != first else ""

    def put(at: int, text: str) -> bool:
        around = line[max(0, at - 1) : at + len(text) + 1]
        if at < 0 or at + len(text) > width or any(c != " " for c in around):
            return False
        line[at : at + len(text)] = list(text)
        return True

    def following(day: date) -> date:
        if yearly:
            return date(day.year + 1, 1, 1)
        return date(day.year + (day.month == 12), day.month % 12 + 1, 1)

    put(0, left)
    if right:
        put(width - len(right), right)
    yearly = span > 3 * 366
    mark = following(start)
    while mark <= end:
        label = f"|{mark.year}" if yearly or mark.month == 1 else f"|{mark.strftime('%b')}"
        put((mark - start).days * width // span, label)
        mark = following(mark)
    return "".join(line).rstrip()


class TimeAxis(Widget):
    """A sparkline of events per day with the first and last day and month marks below;
    a click on a bar moves the timeline to that day, a drag across bars zooms to them."""

    DEFAULT_CSS = """
    TimeAxis { height: 2; }
    TimeAxis Sparkline { height: 1; width: 1fr; }
    TimeAxis #axis-ticks { height: 1; width: 1fr; color: $text-muted; }
    """

    class DayChosen(Message):
        """A day on the axis was clicked."""

        def __init__(self, day: str) -> None:
            super().__init__()
            self.day = day

    class RangeChosen(Message):
        """Days on the axis were dragged across, from `first` to `last`."""

        def __init__(self, first: str, last: str) -> None:
            super().__init__()
            self.first = first
            self.last = last

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.first: str | None = None
        self.last: str | None = None
        self._pressed_at: int | None = None  # the column a press on the bars began at
        self._drawn = False
        """Whether `show` has drawn the axis: until then (the store is being read) it
        is blank."""

    def compose(self) -> ComposeResult:
        bars = Sparkline([0.0], id="axis-bars")
        bars.visible = False
        yield bars
        yield Label("", id="axis-ticks", markup=False)

    def show(self, dates: Sequence[tuple[str | None, str | None, int]]) -> None:
        """Draw the axis for events counted by their first and last dates (see
        `day_counts`)."""
        counts, first, last = day_counts(dates, max(10, self.size.width or 60))
        bars = self.query_one(Sparkline)
        bars.data = counts
        # With nothing dated, no bar at all (a sparkline of one zero draws a full one).
        bars.visible = first is not None
        self.first, self.last = first, last
        self._drawn = True
        self._draw_ticks()

    def _draw_ticks(self) -> None:
        label = self.query_one("#axis-ticks", Label)
        if not self._drawn:
            return
        if self.first is None or self.last is None:
            label.update("no dated events")
            return
        label.update(ticks(self.first, self.last, max(10, self.content_size.width or 60)))

    def on_resize(self) -> None:
        self._draw_ticks()

    def day_at(self, x: int) -> str | None:
        """The day under column `x` of the bars."""
        if self.first is None or self.last is None:
            return None
        width = max(1, self.query_one(Sparkline).size.width)
        start, end = date.fromisoformat(self.first), date.fromisoformat(self.last)
        offset = round((end - start).days * min(max(x, 0), width - 1) / max(1, width - 1))
        return (start + timedelta(days=offset)).isoformat()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._pressed_at = event.x if event.y == 0 and self.first is not None else None

    def on_mouse_up(self, event: events.MouseUp) -> None:
        """A press and release on one bar is a click (go to that day); across bars, a
        drag (zoom to those days)."""
        pressed, self._pressed_at = self._pressed_at, None
        if pressed is None:
            return
        if pressed == event.x:
            day = self.day_at(event.x)
            if day is not None:
                self.post_message(self.DayChosen(day))
            return
        first, last = self.day_at(min(pressed, event.x)), self.day_at(max(pressed, event.x))
        if first is not None and last is not None:
            self.post_message(self.RangeChosen(first, last))
