"""Provides a one-line prompt: a question, an answer typed (Enter) or none (Escape);
and the prompts for tags and notes that the review keys open."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from diplotui.tui.messages import ReviewAsked


class PromptScreen(ModalScreen[str | None]):
    """Ask `question`, offering `default`; dismiss with what was typed (Enter) or None
    (Escape). `input_id` names the input, for tests and styles."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]
    """Enter answers; Escape cancels."""

    def __init__(self, question: str, default: str = "", input_id: str = "prompt-input") -> None:
        super().__init__()
        self.question = question
        self.default = default
        self.input_id = input_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt-box"):
            yield Static(self.question, markup=False)
            yield Input(self.default, id=self.input_id)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        self.dismiss(message.value.strip() or None)

    def action_cancel(self) -> None:
        """Dismiss without an answer."""
        self.dismiss(None)


def ask_tags_or_note(screen: Screen[Any], kind: str, record_id: str, name: str) -> None:
    """Ask for tags (`kind` "tag": several, spaces between) or a note on a record, then
    post the review it makes from `screen` (Escape or nothing typed: none)."""
    if kind == "tag":
        question, input_id = f"Tags for {name} (space between):", "tag-text"
    else:
        question, input_id = f"Note on {name}:", "note-text"

    def answered(text: str | None) -> None:
        if not text:
            return
        if kind == "tag":
            changes: list[tuple[str, object]] = [("tag", tag) for tag in text.split()]
            said = f"Tagged {text}: {name}"
        else:
            changes, said = [("note", text)], f"Note added to {name}"
        screen.post_message(ReviewAsked(record_id, changes, said))

    screen.app.push_screen(PromptScreen(question, input_id=input_id), answered)
