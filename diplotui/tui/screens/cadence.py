"""Provides the cadence view: every meeting between two people on a strip, with the
count, the first and last date and the mean interval."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Static

from diplotui.compare import Cadence
from diplotui.export import format_day, format_event_date, plural


class CadenceScreen(Screen[None]):
    """The meetings of a pair of people."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="cadence.back", tooltip="Back to the timeline"),
    ]
    """Escape (or q) returns to the explorer."""

    def __init__(self, cadence: Cadence) -> None:
        super().__init__()
        self.cadence = cadence

    def compose(self) -> ComposeResult:
        yield Static(self.cadence.summary(), id="cadence-summary", markup=False)
        yield Static("", id="cadence-strip", markup=False)
        lines = []
        for event in [*self.cadence.meetings, *self.cadence.undated]:
            lines.append(
                Content.assemble(
                    (f"{format_event_date(event):<22}", "bold"),
                    f"{event.kind:<8} ",
                    (f"@ {event.place}" if event.place else "", "italic"),
                    (f"  ({plural(len(event.documents), 'source')})", "dim"),
                )
            )
        with VerticalScroll(id="cadence-list"):
            yield Static(Content("\n").join(lines) if lines else Content.styled("No meetings.", "dim"))
        yield Footer()

    def on_resize(self, event: Resize) -> None:
        width = max(10, event.size.width - 4)
        strip = self.cadence.strip(width)
        ends = ""
        if len(self.cadence.meetings) > 1:
            first, last = format_day(self.cadence.first), format_day(self.cadence.last)
            ends = "\n" + first + last.rjust(max(1, width - len(first)))
        self.query_one("#cadence-strip", Static).update(strip + ends)
