"""Provides the readouts view: one column per document reporting an event, with what
each says of its date, place, kind, participants and quotes; disagreements marked."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from diplotui.compare import Readout, disagreements
from diplotui.model import Event
from diplotui.query import Corpus

LABELS = {"date": "Date", "place": "Place", "kind": "Kind"}


def readout_column(readout: Readout, differ: set[str], corpus: Corpus) -> Content:
    """One document's readout; a field the documents disagree on is marked."""
    document = readout.document
    lines = [
        Content.styled(document.title, "bold"),
        Content.styled(f"published {document.published or 'date unknown'}", "dim"),
        Content(""),
    ]
    for name, label in LABELS.items():
        style = "bold $warning" if name in differ else ""
        lines.append(Content.assemble((f"{label:<7}", "dim"), (readout.value(name), style)))
    style = "bold $warning" if "participants" in differ else ""
    lines.append(Content.styled("Participants", "dim"))
    lines.extend(Content.assemble("  • ", (name, style)) for name in readout.participants)
    lines.append(Content.styled(f"Quotes ({len(readout.quotes)})", "dim"))
    for quote in readout.quotes:
        speaker = corpus.person_by_id.get(quote.speaker or "")
        lines.append(
            Content.assemble(
                "  “", (quote.text, "italic"), "” — ", speaker.name if speaker else "unattributed"
            )
        )
    return Content("\n").join(lines)


class ReadoutsScreen(Screen[None]):
    """The readouts of one event side by side."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="readouts.back", tooltip="Back to the timeline"),
    ]
    """Escape (or q) returns to the explorer."""

    def __init__(self, event: Event, found: list[Readout], corpus: Corpus) -> None:
        super().__init__()
        self.event = event
        self.found = found
        self.corpus = corpus

    def compose(self) -> ComposeResult:
        differ = disagreements(self.found)
        said = f"they differ on: {', '.join(sorted(differ))}" if differ else "they agree"
        yield Static(self.event.title, id="readouts-title", markup=False)
        yield Static(f"{len(self.found)} documents report it; {said}", id="readouts-summary", markup=False)
        with Horizontal(id="readouts"):
            for readout in self.found:
                with VerticalScroll(classes="readout"):
                    yield Static(readout_column(readout, differ, self.corpus))
        yield Footer()
