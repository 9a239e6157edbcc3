"""Provides the help screen: every key, grouped, and the query language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Move",
        [
            ("↑ ↓  j k", "move in a pane"),
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
            ("Escape", "remove the last filter"),
            ("x", "clear the search and every filter"),
        ],
    ),
    (
        "Show and save",
        [
            ("s", "source text of the selected event or quote"),
            ("e", "export the view as a Markdown briefing"),
            ("Ctrl+P", "command palette: go to a participant or topic, change theme"),
            ("?", "this help"),
            ("q", "quit"),
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
    ("doc:kremlin", "documents by title, path or id"),
    ("-planned", "leave out what matches"),
]


def help_content() -> Content:
    """The help text, built from the tables above."""
    lines: list[Content] = [Content.styled("diplotui keys", "bold $accent"), Content("")]
    for group, rows in KEYS:
        lines.append(Content.styled(group, "bold"))
        lines += [Content.assemble((f"  {key:<16}", "bold"), text) for key, text in rows]
        lines.append(Content(""))
    lines.append(Content.styled("Query language (terms combine with AND)", "bold"))
    lines += [Content.assemble((f"  {example:<30}", "bold"), text) for example, text in QUERY_HELP]
    lines += [Content(""), Content.styled("Escape or ? to close", "dim")]
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """A modal listing every binding and the query language."""

    BINDINGS = [
        Binding("escape,question_mark,q", "app.pop_screen", "Close", id="help.close"),
    ]
    """Escape, ? or q close the help."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(help_content(), markup=False)
