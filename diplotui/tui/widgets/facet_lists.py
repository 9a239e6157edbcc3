"""Provides the participants and topics panes: choosing a row adds a filter."""

from __future__ import annotations

import heapq
from collections.abc import Set as AbstractSet
from functools import partial
from itertools import islice

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from diplotui.model import Person, Topic
from diplotui.query import Corpus
from diplotui.tui.render import RowCache, counted_person_row, person_row, topic_row

MAX_ROWS = 100


class FacetList(OptionList):
    """A list whose rows are filters: Enter or a click posts `Chosen`."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]
    FIELD = ""

    class Chosen(Message):
        """A row was chosen: filter by `field:value`."""

        def __init__(self, field: str, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.values: dict[str, str] = {}
        self._rows = RowCache()

    def on_focus(self) -> None:
        # A row is highlighted as soon as the pane has focus, so Enter works at once.
        if self.highlighted is None and self.option_count:
            self.action_first()

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        if message.option.id in self.values:
            self.post_message(self.Chosen(self.FIELD, self.values[message.option.id]))


_FEW = 8


def _most_active(ids: AbstractSet[str], corpus: Corpus) -> list[Person]:
    """The first `MAX_ROWS` of the people with `ids` in the corpus's order of activity:
    picked from that order, not sorted again (70 ms of 98,000 people at each pause in
    typing)."""
    if len(ids) == len(corpus.people):  # all of them
        return corpus.by_activity[:MAX_ROWS]
    if len(ids) * _FEW < len(corpus.people):  # a few: sorted, rather than looked for
        rank, people = corpus.activity_rank, corpus.person_by_id
        known = [i for i in ids if i in people]  # (an id with no person is not listed)
        return [people[i] for i in heapq.nsmallest(MAX_ROWS, known, key=rank.__getitem__)]
    return list(islice((p for p in corpus.by_activity if p.id in ids), MAX_ROWS))


def _more(count: int) -> list[Option]:
    """The row that says how many people are not listed (none if none)."""
    if count <= 0:
        return []
    more = f"… {count:,} more: search or filter to narrow"
    return [Option(Content.styled(more, "dim italic"), disabled=True)]


class PeopleList(FacetList):
    """Participants: name, title, country, number of events and quotes."""

    FIELD = "person"

    def show(self, ids: AbstractSet[str], corpus: Corpus) -> None:
        """Replace the rows with the people of `ids` (the most active first), the cursor
        staying on the person it was on (or on the row that took their place)."""
        highlighted = self.highlighted
        current = self.get_option_at_index(highlighted).id if highlighted is not None else None
        shown = _most_active(ids, corpus)
        self.values = {p.id: p.id for p in shown}  # the filter selects the identity
        rows = [self._rows.get(corpus, p.id, partial(person_row, p, corpus)) for p in shown]
        options = [Option(row, id=p.id) for row, p in zip(rows, shown, strict=True)]
        self.set_options(options + _more(len(ids) - len(shown)))
        if highlighted is not None and shown:
            ids_shown = [p.id for p in shown]
            self.highlighted = (
                ids_shown.index(current) if current in ids_shown else min(highlighted, len(shown) - 1)
            )

    def show_counted(self, rows: list[tuple[Person, int, int]], total: int) -> None:
        """Show the most active people as the store counted them (a large store's first
        screen, of `total` people): rows to read, not filters, until the store is read."""
        self.values = {}
        options = [Option(counted_person_row(p, events, quotes), id=p.id) for p, events, quotes in rows]
        self.set_options(options + _more(total - len(rows)))

    @property
    def current_person(self) -> str | None:
        """The id of the person under the cursor."""
        if self.highlighted is None:
            return None
        option_id = self.get_option_at_index(self.highlighted).id
        return option_id if option_id in self.values else None


class TopicList(FacetList):
    """Topics with the number of events in view that touch each."""

    FIELD = "topic"

    def show(self, topics: list[Topic], counts: dict[str, int], filters: bool = True) -> None:
        """Replace the rows with `topics`, most discussed first (without `filters`, rows
        to read only: a large store's first screen)."""
        ordered = sorted(topics, key=lambda t: (-counts.get(t.id, 0), t.label))
        self.values = {t.id: t.id for t in ordered} if filters else {}
        self.set_options([Option(topic_row(t, counts.get(t.id, 0)), id=t.id) for t in ordered])
