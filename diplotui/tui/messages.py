"""Provides the messages screens send the app."""

from __future__ import annotations

from textual.message import Message


class ReviewAsked(Message):
    """The analyst decided something about a record: the app records it in the store
    (screens never touch the store) and shows the corpus after."""

    def __init__(self, target: str, changes: list[tuple[str, object]], said: str) -> None:
        super().__init__()
        self.target = target
        self.changes = changes
        self.said = said
