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

from diplotui.compare import cadence, country_cadence
from diplotui.export import format_day, format_event_date, plural
from diplotui.query import Corpus


class CadenceScreen(Screen[None]):
    """The meetings of a pair of people."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="cadence.back", tooltip="Back to the timeline"),
        Binding(
            "c",
            "countries",
            "People / countries",
            id="cadence.countries",
            tooltip="Their countries' meetings",
        ),
    ]
    """Escape (or q) returns to the explorer; c switches between the two people and
    their two countries."""

    def __init__(self, corpus: Corpus, a: str, b: str) -> None:
        super().__init__()
        self.corpus = corpus
        self.people = (corpus.person_by_id[a], corpus.person_by_id[b])
        self.by_country = False
        self.cadence = cadence(corpus, a, b)

    def compose(self) -> ComposeResult:
        yield Static("", id="cadence-summary", markup=False)
        yield Static("", id="cadence-strip", markup=False)
        with VerticalScroll(id="cadence-list"):
            yield Static("", id="cadence-meetings")
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    def action_countries(self) -> None:
        """Switch between the two people and their countries."""
        a, b = self.people
        if not self.by_country and not (a.country and b.country):
            self.notify("Their countries are not both known.", timeout=2.5)
            return
        self.by_country = not self.by_country
        if self.by_country:
            self.cadence = country_cadence(self.corpus, a.country or "", b.country or "")
        else:
            self.cadence = cadence(self.corpus, a.id, b.id)
        self._show()

    def _show(self) -> None:
        self.query_one("#cadence-summary", Static).update(self.cadence.summary())
        lines = []
        for event in [*self.cadence.meetings, *self.cadence.undated]:
            lines.append(
                Content.assemble(
                    (f"{format_event_date(event):<22}", "bold"),
                    f"{event.kind:<8} ",
                    (f"@ {event.place}" if event.place else "", "italic"),
                    (f"  ({plural(len(event.documents), 'source')})", "dim"),
                    (f"  {event.title}" if self.by_country else "", "dim"),
                )
            )
        meetings = Content("\n").join(lines) if lines else Content.styled("No meetings.", "dim")
        self.query_one("#cadence-meetings", Static).update(meetings)
        self._draw_strip(self.size.width)

    def on_resize(self, event: Resize) -> None:
        self._draw_strip(event.size.width)

    def _draw_strip(self, screen_width: int) -> None:
        width = max(10, screen_width - 4)
        strip = self.cadence.strip(width)
        ends = ""
        if len(self.cadence.meetings) > 1:
            first, last = format_day(self.cadence.first), format_day(self.cadence.last)
            ends = "\n" + first + last.rjust(max(1, width - len(first)))
        self.query_one("#cadence-strip", Static).update(strip + ends)
