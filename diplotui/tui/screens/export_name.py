"""Provides the prompt for the briefing's file name."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class ExportNameScreen(ModalScreen[str | None]):
    """Ask where to write the briefing, offering `default`; dismiss with the path typed
    (Enter) or None (Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export-name.cancel")]
    """Enter writes; Escape cancels."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static("Write the briefing to (Enter writes, Escape cancels):", markup=False)
            yield Input(self.default, id="export-name")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        self.dismiss(message.value.strip() or None)

    def action_cancel(self) -> None:
        """Dismiss without a name."""
        self.dismiss(None)
