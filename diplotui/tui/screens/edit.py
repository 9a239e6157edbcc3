"""Provides the edit form: the analyst's corrections to one event, quote or person."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from diplotui.query import Corpus
from diplotui.review import edits_from


def edit_fields(corpus: Corpus, record_id: str) -> list[tuple[str, str, str]]:
    """The form's lines for a record, with the values the corpus shows now (the
    analyst's where they set one): (field, label, value). None for a document."""
    if record_id in corpus.event_by_id:
        event = corpus.event_by_id[record_id]
        date = event.date_start or ""
        if event.date_end and event.date_end != event.date_start:
            date += f"..{event.date_end}"
        names = ", ".join(corpus.person_by_id[p].name for p in event.participants if p in corpus.person_by_id)
        return [
            ("date", "Date", date),
            ("place", "Place", event.place or ""),
            ("kind", "Kind", event.kind),
            ("participants", "Participants", names),
        ]
    if record_id in corpus.quote_by_id:
        speaker = corpus.person_by_id.get(corpus.quote_by_id[record_id].speaker or "")
        return [("speaker", "Speaker", speaker.name if speaker else "")]
    if record_id in corpus.person_by_id:
        person = corpus.person_by_id[record_id]
        return [
            ("name", "Name", person.name),
            ("title", "Title", person.title or ""),
            ("country", "Country", person.country or ""),
        ]
    return []


def edit_changes(changed: dict[str, str]) -> list[tuple[str, object]]:
    """The review changes for the fields the form changed."""
    return [("edit", edit) for edit in edits_from(changed)]


class EditScreen(ModalScreen[dict[str, str] | None]):
    """A form with one line per field, filled with the values shown now; dismiss with
    the fields changed (Enter on any line) or None (Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="edit.cancel")]
    """Enter saves; Escape cancels; Tab moves between fields."""

    def __init__(self, title: str, fields: list[tuple[str, str, str]]) -> None:
        """`fields`: (name, label, value now) per line."""
        super().__init__()
        self.title_text = title
        self.fields = fields

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-box"):
            yield Static(self.title_text, id="edit-heading", markup=False)
            with Grid(id="edit-grid"):
                for name, label, value in self.fields:
                    yield Label(label, markup=False)
                    yield Input(value, id=f"edit-{name}")
            yield Static(
                "Enter saves · Tab next field · Escape cancels · an empty line clears", id="edit-hint"
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        changed = {}
        for name, _, value in self.fields:
            typed = self.query_one(f"#edit-{name}", Input).value.strip()
            if typed != value.strip():
                changed[name] = typed
        self.dismiss(changed)

    def action_cancel(self) -> None:
        """Dismiss without changes."""
        self.dismiss(None)
