"""Provides the list of documents whose own text holds the searched words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from diplotui.model import Document
from diplotui.query import View
from diplotui.tui.screens.source import SourceScreen


class TextsScreen(Screen[None]):
    """One row per document: its title, date and the first sentence holding the words;
    Enter opens the document at that sentence."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="texts.back", tooltip="Back to the timeline"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]
    """Escape (or q) returns to the explorer; arrows or j/k move; Enter opens."""

    DEFAULT_CSS = """
    TextsScreen #texts-title { padding: 0 1; text-style: bold; }
    TextsScreen OptionList { height: 1fr; }
    """

    def __init__(self, view: View) -> None:
        super().__init__()
        self.view = view
        self.spans: list[tuple[int, int] | None] = []

    def compose(self) -> ComposeResult:
        words = " ".join(f"“{w}”" for w in self.view.words)
        count = len(self.view.texts)
        heading = f"{count} document{'s' if count != 1 else ''} whose text holds {words}"
        yield Static(heading, id="texts-title", markup=False)
        options = []
        for document, span, text in self.view.text_matches():
            self.spans.append(span)
            sentence = " ".join(text.split()) if span else "(in the title)"
            # Document text is shown as text: never parsed as markup.
            prompt = Content.assemble(
                (document.title, "bold"), ("  " + (document.published or "undated"), "dim"), "\n  ", sentence
            )
            options.append(Option(prompt))
        yield OptionList(*options, id="texts")
        yield Footer()

    def on_mount(self) -> None:
        texts = self.query_one(OptionList)
        texts.highlighted = 0 if self.view.texts else None
        texts.focus()

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        document: Document = self.view.texts[message.option_index]
        span = self.spans[message.option_index] or (0, 0)
        self.app.push_screen(SourceScreen(document, span[0], span[1], "search match"))

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()
