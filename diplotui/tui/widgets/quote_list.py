"""Provides the quotes pane: speaker — quote, wrapped, with its document."""

from __future__ import annotations

import re
from itertools import islice

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from diplotui.model import Quote
from diplotui.query import Corpus, View
from diplotui.tui.render import RowCache, highlight, quote_row

MAX_ROWS = 100


class QuoteList(OptionList):
    """Quotes in view; those of the selected event first."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.quotes: list[Quote] = []
        self._base: list[Quote] = []
        self._view: View | None = None
        self._shown_for: tuple[str | None, int] | None = None
        self._corpus: Corpus | None = None
        self._pattern: re.Pattern[str] | None = None
        self.expanded: set[str] = set()  # quotes opened in full with Enter
        self._rows = RowCache()

    def set_quotes(self, view: View) -> None:
        """Take the quotes in view: statements only (not scare quotes), direct first."""
        direct: list[Quote] = []
        reported: list[Quote] = []
        for quote in view.quotes:
            if not quote.short:
                (direct if quote.kind == "direct" else reported).append(quote)
        self._base = direct + reported
        self._view = view
        self._shown_for = None

    def show(
        self, corpus: Corpus, event_id: str | None, pattern: re.Pattern[str] | None, keep_place: bool = False
    ) -> None:
        """Show the quotes in view with the event's own first; with `keep_place`, the
        cursor stays on the quote it was on (or the one that took its place).

        A pane is for reading, not for scrolling a whole archive: past MAX_ROWS the
        search and filters narrow things down.
        """
        current, place = self.current_quote, self.highlighted or 0
        view = self._view
        own = [
            q
            for q in corpus.quotes_by_event.get(event_id or "", [])
            if not q.short and view is not None and view.holds_quote(q)
        ]
        own.sort(key=lambda q: q.kind != "direct")
        key = (event_id if own else None, id(self._base))
        if key == self._shown_for:
            return  # The same rows as now: moving between quote-less events costs nothing.
        self._shown_for = key
        self._corpus, self._pattern = corpus, pattern
        own_ids = {q.id for q in own}
        rest = (q for q in self._base if q.id not in own_ids)
        self.quotes = own + list(islice(rest, max(0, MAX_ROWS - len(own))))
        options = [Option(self._row(q), id=q.id) for q in self.quotes]
        hidden = len(self._base) - len(self.quotes)
        if hidden > 0:
            more = f"… {hidden:,} more quotes: search or filter to narrow"
            options.append(Option(Content.styled(more, "dim italic"), disabled=True))
        if not options:
            options = [Option(Content.styled("No quotes match.", "dim italic"), disabled=True)]
        self.set_options(options)
        if self.quotes:
            ids = [q.id for q in self.quotes]
            if keep_place and current is not None and current.id in ids:
                self.highlighted = ids.index(current.id)
            else:
                self.highlighted = min(place, len(ids) - 1) if keep_place else 0

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        """Enter on a long quote shows all of it; again, its first lines."""
        message.stop()
        quote = next((q for q in self.quotes if q.id == message.option.id), None)
        if quote is None or self._corpus is None:
            return
        self.expanded.symmetric_difference_update({quote.id})
        self.replace_option_prompt(quote.id, self._row(quote))

    def _row(self, quote: Quote) -> Content:
        """A quote's row, with the search's words marked. Each row is made once for the
        corpus shown: moving between events, or typing a search, shows mostly the same
        rows again."""
        corpus = self._corpus
        assert corpus is not None
        expanded = quote.id in self.expanded
        row = self._rows.get(corpus, (quote.id, expanded), lambda: quote_row(quote, corpus, expanded))
        return highlight(row, self._pattern)

    def step_match(self, step: int) -> tuple[int, int]:
        """Move to the next or previous quote, wrapping; return (position, count)."""
        if not self.quotes:
            return 0, 0
        here = self.highlighted if self.highlighted is not None else -1
        self.highlighted = (here + step) % len(self.quotes)
        return self.highlighted + 1, len(self.quotes)

    @property
    def current_quote(self) -> Quote | None:
        """The quote under the cursor."""
        if self.highlighted is None or not self.quotes:
            return None
        option = self.get_option_at_index(self.highlighted)
        return next((q for q in self.quotes if q.id == option.id), None)
