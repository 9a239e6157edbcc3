"""Provides a one-line prompt: a question, an answer typed (Enter) or none (Escape)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


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
