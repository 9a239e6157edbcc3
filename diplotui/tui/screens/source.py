"""Provides the source view: a document's text with one fact's span selected."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea
from textual.widgets.text_area import Selection

from diplotui.model import Document


def _location(text: str, offset: int) -> tuple[int, int]:
    """(row, column) of a character offset, as TextArea counts them."""
    row = text.count("\n", 0, offset)
    return row, offset - (text.rfind("\n", 0, offset) + 1)


def _shown_path(path: str) -> str:
    """A document's path, relative to the working directory when it is under it."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


class SourceScreen(Screen[None]):
    """The stored text of a document, scrolled to and highlighting `start:end`."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="source.back", tooltip="Back to the timeline"),
        Binding("q", "app.pop_screen", "Back", show=False),
        Binding("o", "open_url", "Open URL", id="source.open-url", tooltip="Open the document's source URL"),
    ]
    """Escape (or q) returns to the explorer; o opens the source URL."""

    def __init__(self, document: Document, start: int, end: int, label: str) -> None:
        super().__init__()
        self.document = document
        self.start = start
        self.end = end
        self.label = label

    def compose(self) -> ComposeResult:
        document = self.document
        title = f"{document.title} — {document.published or 'undated'} — {self.label}"
        yield Static(title, id="source-title", markup=False)
        about = [
            _shown_path(document.path),
            document.source or "no source URL",
            f"by {document.author}" if document.author else "",
        ]
        about += [f"{key}: {value}" for key, value in sorted(document.extra.items())]
        yield Static(" · ".join(a for a in [*about, document.id] if a), id="source-about", markup=False)
        yield TextArea(
            self.document.text, read_only=True, soft_wrap=True, show_line_numbers=False, id="source-text"
        )
        yield Footer()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        first = _location(self.document.text, self.start)
        last = _location(self.document.text, self.end)
        area.selection = Selection(first, last)
        area.focus()
        self.call_after_refresh(area.scroll_cursor_visible, center=True, animate=False)

    def action_open_url(self) -> None:
        """Open the document's source URL in the browser."""
        if not self.document.source:
            self.notify("No source URL is known for this document.", timeout=3)
            return
        self.app.open_url(self.document.source)
        self.notify(f"Opening {self.document.source}", timeout=3, markup=False)
