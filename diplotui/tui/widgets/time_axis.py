"""Provides the time axis: events per day across the dates in view."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label, Sparkline

from diplotui.export import format_day
from diplotui.model import Event


def day_counts(events: list[Event], buckets: int) -> tuple[list[float], str | None, str | None]:
    """Count events per day between the first and last date, folded into `buckets` bars."""
    days: list[date] = []
    for event in events:
        if not event.date_start:
            continue
        first_day = date.fromisoformat(event.date_start)
        last_day = date.fromisoformat(event.date_end or event.date_start)
        # A range counts on each of its days (a long one, such as "last year", only once).
        length = (last_day - first_day).days + 1
        days += [first_day + timedelta(days=n) for n in range(length if length <= 31 else 1)]
    if not days:
        return [0.0], None, None
    first, last = min(days), max(days)
    span = (last - first).days + 1
    width = max(1, min(buckets, span))
    counts = [0.0] * width
    for day in days:
        counts[min(width - 1, (day - first).days * width // span)] += 1
    # Zeros at both ends give the bars a baseline, so equal days do not look empty.
    return [0.0, *counts, 0.0], first.isoformat(), (first + timedelta(days=span - 1)).isoformat()


class TimeAxis(Widget):
    """A sparkline of events per day with the first and last day as labels."""

    DEFAULT_CSS = """
    TimeAxis { height: 2; }
    TimeAxis Sparkline { height: 1; width: 1fr; }
    TimeAxis Horizontal { height: 1; }
    TimeAxis .edge { width: auto; color: $text-muted; }
    TimeAxis .middle { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Sparkline([0.0], id="axis-bars")
        with Horizontal():
            yield Label("", id="axis-first", classes="edge", markup=False)
            yield Label("", classes="middle", markup=False)
            yield Label("", id="axis-last", classes="edge", markup=False)

    def show(self, events: list[Event]) -> None:
        """Draw the axis for `events`."""
        counts, first, last = day_counts(events, max(10, self.size.width or 60))
        bars = self.query_one(Sparkline)
        bars.data = counts
        # With nothing dated, no bar at all (a sparkline of one zero draws a full one).
        bars.visible = first is not None
        self.query_one("#axis-first", Label).update(format_day(first) if first else "no dated events")
        self.query_one("#axis-last", Label).update(format_day(last) if last and last != first else "")
