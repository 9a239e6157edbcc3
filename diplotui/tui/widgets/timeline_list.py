"""Provides the timeline: events grouped by day, in date order."""

from __future__ import annotations

import re

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from diplotui.model import Event
from diplotui.query import Corpus
from diplotui.tui.render import day_heading, event_row


class TimelineList(OptionList):
    """The events in view, one line each, under a heading per day."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class EventHighlighted(Message):
        """The cursor moved to an event."""

        def __init__(self, event: Event) -> None:
            super().__init__()
            self.event = event

    class EventChosen(Message):
        """Enter (or a click) on an event."""

        def __init__(self, event: Event) -> None:
            super().__init__()
            self.event = event

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.events: list[Event] = []
        self._groups: list[int] = []

    def show(self, events: list[Event], corpus: Corpus, pattern: re.Pattern[str] | None) -> None:
        """Replace the list with `events`, keeping the cursor on the same event if shown."""
        current = self.current_event
        self.events = events
        options: list[Option] = []
        self._groups = []
        heading = None
        for event in events:
            group = day_heading(event)
            if group != heading:
                heading = group
                self._groups.append(len(options))
                options.append(Option(Content.styled(f"── {group} ", "bold $accent"), disabled=True))
            options.append(Option(event_row(event, corpus, pattern), id=event.id))
        if not events:
            options.append(Option(Content.styled("No events match.", "dim italic"), disabled=True))
        self.set_options(options)
        target = current.id if current and current in events else (events[0].id if events else None)
        if target is not None:
            self.highlighted = self.get_option_index(target)

    @property
    def current_event(self) -> Event | None:
        """The event under the cursor."""
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return next((e for e in self.events if e.id == option.id), None)

    def jump_day(self, step: int) -> None:
        """Move to the first event of the previous (-1) or next (+1) day with events."""
        if not self._groups:
            return
        here = self.highlighted or 0
        current = max((i for i, g in enumerate(self._groups) if g <= here), default=0)
        target = min(max(current + step, 0), len(self._groups) - 1)
        self.highlighted = self._groups[target] + 1

    def on_option_list_option_highlighted(self, message: OptionList.OptionHighlighted) -> None:
        message.stop()
        event = self.current_event
        if event is not None:
            self.post_message(self.EventHighlighted(event))

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        event = self.current_event
        if event is not None:
            self.post_message(self.EventChosen(event))
