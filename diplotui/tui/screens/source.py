"""Provides the source view: a document's text with one fact's span selected."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea
from textual.widgets.text_area import Selection

from diplotui.model import Document
from diplotui.query import Corpus
from diplotui.tui.messages import ReviewAsked
from diplotui.tui.screens.prompt import ask_tags_or_note


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
        Binding("asterisk", "star", "Star", id="source.star", tooltip="Star the document (again: unstar)"),
        Binding("number_sign", "tag", "Tag", id="source.tag", show=False, tooltip="Tag the document"),
        Binding("c", "note", "Note", id="source.note", show=False, tooltip="Write a note on the document"),
    ]
    """Escape (or q) returns to the explorer; o opens the source URL; *, # and c star,
    tag and note the document."""

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
        yield Static("", id="source-marks", markup=False)
        yield TextArea(
            self.document.text, read_only=True, soft_wrap=True, show_line_numbers=False, id="source-text"
        )
        yield Footer()

    def on_mount(self) -> None:
        self._show_marks_at_start()
        problem = self.document.reader.problem if self.document.reader is not None else None
        if not self.document.text and problem:
            self.notify(f"The text cannot be read: {problem}", severity="error", markup=False)
        area = self.query_one(TextArea)
        first = _location(self.document.text, self.start)
        last = _location(self.document.text, self.end)
        area.selection = Selection(first, last)
        area.focus()
        self.call_after_refresh(area.scroll_cursor_visible, center=True, animate=False)

    def show_marks(self, corpus: Corpus) -> None:
        """Show the analyst's star, tags and notes on the document (after each change)."""
        review = corpus.review
        marks = []
        if review is not None:
            document_id = self.document.id
            if document_id in review.starred:
                marks.append("★ starred")
            if review.tags.get(document_id):
                marks.append("tags: " + ", ".join(review.tags[document_id]))
            marks += [f"note: {note}" for note in review.notes.get(document_id, [])]
        widget = self.query_one("#source-marks", Static)
        widget.update(" · ".join(marks))
        widget.display = bool(marks)

    def _show_marks_at_start(self) -> None:
        corpus = getattr(self.app, "corpus", None)
        if corpus is not None:
            self.show_marks(corpus)

    def action_star(self) -> None:
        """Star the document, or take its star away."""
        corpus = getattr(self.app, "corpus", None)
        starred = (
            corpus is not None and corpus.review is not None and self.document.id in corpus.review.starred
        )
        said = f"{'Unstarred' if starred else 'Starred'}: {self.document.title}"
        self.post_message(ReviewAsked(self.document.id, [("star", not starred)], said))

    def action_tag(self) -> None:
        """Tag the document (several tags: separate them with spaces)."""
        ask_tags_or_note(self, "tag", self.document.id, self.document.title)

    def action_note(self) -> None:
        """Write a note on the document."""
        ask_tags_or_note(self, "note", self.document.id, self.document.title)

    def action_open_url(self) -> None:
        """Open the document's source URL in the browser."""
        if not self.document.source:
            self.notify("No source URL is known for this document.", timeout=3)
            return
        self.app.open_url(self.document.source)
        self.notify(f"Opening {self.document.source}", timeout=3, markup=False)
