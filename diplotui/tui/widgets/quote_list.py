"""Provides the quotes pane: speaker — quote, wrapped, with its document."""

from __future__ import annotations

import re
from itertools import chain, islice
from operator import attrgetter

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from diplotui.model import Quote
from diplotui.query import Corpus, View
from diplotui.tui.render import RowCache, highlight, quote_row

MAX_ROWS = 100
PAGE = 20
"""Rows made at once: the pane shows a few quotes, and a search as you type replaces them
all at each key; the next rows are made as the cursor or the scroll comes near them."""
_SHORT = attrgetter("short")


class QuoteList(OptionList):
    """Quotes in view; those of the selected event first."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.quotes: list[Quote] = []
        self._base: list[Quote] = []  # the quotes in view, scare quotes too
        self._view: View | None = None
        self._shown_for: tuple[str | None, int] | None = None
        self._corpus: Corpus | None = None
        self._pattern: re.Pattern[str] | None = None
        self.expanded: set[str] = set()  # quotes opened in full with Enter
        self._rows = RowCache()
        self._made = 0  # of `quotes`, the rows made so far (see PAGE)

    def set_quotes(self, view: View) -> None:
        """Take the quotes in view: statements only (not scare quotes), direct first.

        Only the first rows are ever shown (MAX_ROWS), so only they are picked out, when
        shown; the rest are counted when the last row is (at 50,000 documents, sorting
        every quote in view took 20 ms of each key typed, and counting them 10)."""
        self._base = view.quotes
        self._view = view
        self._shown_for = None

    def _first_statements(self, count: int, skip: set[str]) -> list[Quote]:
        """The first `count` statements in view, direct ones first, but those in `skip`."""
        quotes = self._base
        direct = (q for q in quotes if not q.short and q.kind == "direct" and q.id not in skip)
        reported = (q for q in quotes if not q.short and q.kind != "direct" and q.id not in skip)
        return list(islice(chain(direct, reported), count))

    def show(
        self, corpus: Corpus, event_id: str | None, pattern: re.Pattern[str] | None, keep_place: bool = False
    ) -> None:
        """Show the quotes in view with the event's own first; with `keep_place`, the
        cursor stays on the quote it was on (or the one that took its place).

        A pane is for reading, not for scrolling a whole archive: past MAX_ROWS the
        search and filters narrow things down. The rows are made a page at a time (PAGE),
        as the cursor or the scroll comes near the last made.
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
        self.quotes = own + self._first_statements(max(0, MAX_ROWS - len(own)), {q.id for q in own})
        target = 0
        if self.quotes:
            ids = [q.id for q in self.quotes]
            if keep_place and current is not None and current.id in ids:
                target = ids.index(current.id)
            else:
                target = min(place, len(ids) - 1) if keep_place else 0
        self._made = len(self.quotes)  # no row is made while the list is emptied
        self.set_options([])
        self._made = 0
        self.add_options(self._more_rows(target + PAGE))
        if self.quotes:
            self.highlighted = target

    def _more_rows(self, upto: int) -> list[Option]:
        """The rows of `quotes` up to `upto` not made yet (a page at least), followed,
        once every quote has its row, by the last line (how many more there are)."""
        start, end = self._made, min(len(self.quotes), max(upto, self._made + PAGE))
        options = [Option(self._row(q), id=q.id) for q in self.quotes[start:end]]
        self._made = end
        if end == len(self.quotes):
            last = self._last_row()
            if last is not None:
                options.append(last)
        return options

    def _last_row(self) -> Option | None:
        """The row after the last quote: none, how many more there are, or that none match."""
        if not self.quotes:
            return Option(Content.styled("No quotes match.", "dim italic"), disabled=True)
        if len(self.quotes) < MAX_ROWS:  # every statement in view is shown
            return None
        hidden = len(self._base) - sum(map(_SHORT, self._base)) - len(self.quotes)
        if hidden <= 0:
            return None
        more = f"… {hidden:,} more quotes: search or filter to narrow"
        return Option(Content.styled(more, "dim italic"), disabled=True)

    def _make_rows_to(self, index: int) -> None:
        """Make the rows up to `index` and a page past it, if not made yet."""
        if index + PAGE // 2 >= self._made and self._made < len(self.quotes):
            self.add_options(self._more_rows(index + PAGE))

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None:
            self._make_rows_to(highlighted)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        # Scrolled (by the mouse wheel or the scrollbar) to within a screen of the end.
        if self._made < len(self.quotes) and new >= self.max_scroll_y - self.scrollable_content_region.height:
            self._make_rows_to(self._made)

    def action_last(self) -> None:
        self._make_rows_to(len(self.quotes))
        super().action_last()

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
        position = (here + step) % len(self.quotes)
        self._make_rows_to(position)
        self.highlighted = position
        return position + 1, len(self.quotes)

    @property
    def current_quote(self) -> Quote | None:
        """The quote under the cursor."""
        if self.highlighted is None or not self.quotes:
            return None
        option = self.get_option_at_index(self.highlighted)
        return next((q for q in self.quotes if q.id == option.id), None)
