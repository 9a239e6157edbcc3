"""Provides the quotes pane: speaker — quote, wrapped, with its document."""

from __future__ import annotations

import re

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from diplotui.model import Quote
from diplotui.query import Corpus
from diplotui.tui.render import quote_row


class QuoteList(OptionList):
    """Quotes in view; those of the selected event first."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.quotes: list[Quote] = []

    def show(
        self, quotes: list[Quote], corpus: Corpus, event_id: str | None, pattern: re.Pattern[str] | None
    ) -> None:
        """Replace the rows; statements (not scare quotes) only, the event's first."""
        statements = [q for q in quotes if not q.short]
        # The event's own quotes first; within each group, words in quotation marks
        # before reported speech.
        self.quotes = sorted(
            statements, key=lambda q: (not (event_id and q.event == event_id), q.kind != "direct")
        )
        options = [Option(quote_row(q, corpus, pattern), id=q.id) for q in self.quotes]
        if not options:
            options = [Option(Content.styled("No quotes match.", "dim italic"), disabled=True)]
        self.set_options(options)
        if self.quotes:
            self.highlighted = 0

    @property
    def current_quote(self) -> Quote | None:
        """The quote under the cursor."""
        if self.highlighted is None or not self.quotes:
            return None
        option = self.get_option_at_index(self.highlighted)
        return next((q for q in self.quotes if q.id == option.id), None)
