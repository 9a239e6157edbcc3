"""Provides the help screen: every key, grouped, and the query language."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Move",
        [
            ("↑ ↓  j k", "move in a pane"),
            ("PgUp PgDn", "a screen up / down"),
            ("Home  End", "first / last"),
            ("Tab  Shift+Tab", "next / previous pane"),
            ("[  ]", "previous / next day with events"),
            ("Enter", "open the event's source; add a participant or topic filter"),
        ],
    ),
    (
        "Search and filter",
        [
            ("/", "search as you type (Enter keeps it, Escape closes)"),
            ("n  N", "next / previous match"),
            ("t", "the documents whose own text holds the searched words"),
            ("z", "zoom to the event's month"),
            ("Escape", "remove the last filter or zoom"),
            ("x", "clear the search and every filter"),
        ],
    ),
    (
        "Show and save",
        [
            ("s", "source text of the selected event or quote"),
            ("e", "export the view as a Markdown briefing"),
            ("Ctrl+P", "command palette: go to a participant or topic, change theme, screenshot"),
            ("?", "this help"),
            ("q", "quit"),
        ],
    ),
]

REVIEW_KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Review (the highlighted event, quote or person)",
        [
            ("a  r  E", "accept / reject (again: undo) / correct"),
            ("M", "merge the person into another (participants pane)"),
            ("*  #  c", "star / tag / write a note"),
            ("u  S", "next unreviewed event / only starred"),
            ("y  o", "copy with its citation / open its URL"),
            ("d  m", "its documents side by side / its two principals' meetings"),
        ],
    ),
]

QUERY_HELP = [
    ("lavrov", "a word in what was extracted and in documents' text (case, accents ignored)"),
    ('"strategic cooperation"', "an exact phrase"),
    ("person:putin  speaker:wang", "who took part / who is quoted"),
    ("topic:ukraine  place:moscow", "what was discussed / where"),
    ("date:2023-02-22", "one day (also 2023-02 or 2023)"),
    ("date:2023-02-01..2023-02-28", "a range of days"),
    ("doc:talks", "documents by title, path or id"),
    ("-planned", "leave out what matches"),
    ("status:rejected  star:", "your review; also tag: note:"),
]


def _table(title: str, rows: list[tuple[str, str]], key_width: int) -> Group:
    """A title over a two-column table whose second column wraps under itself."""
    table = Table.grid(padding=(0, 2))
    table.add_column(width=key_width, no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for key, text in rows:
        table.add_row(Text(key), Text(text))  # Text: never parsed as markup
    return Group(Text(title, style="bold"), table, Text(""))


def keys_content() -> Group:
    """Every key, grouped."""
    return Group(*(_table(group, rows, 16) for group, rows in KEYS))


def query_content() -> Group:
    """The query language, by example."""
    review = (_table(group, rows, 10) for group, rows in REVIEW_KEYS)
    return Group(_table("Query language (terms combine with AND)", QUERY_HELP, 28), *review)


class HelpScreen(ModalScreen[None]):
    """A modal listing every binding and the query language, side by side."""

    BINDINGS = [
        Binding("escape,question_mark,q", "app.pop_screen", "Close", id="help.close"),
    ]
    """Escape, ? or q close the help."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "diplotui keys"
            box.border_subtitle = "Escape, ? or q closes"
            with Horizontal(id="help-columns"):
                yield Static(keys_content(), id="help-keys")
                yield Static(query_content(), id="help-query")

    def on_resize(self, event: Resize) -> None:
        # Side by side from 110 columns; one above the other (scrolling) below that.
        self.set_class(event.size.width < 110, "narrow")
