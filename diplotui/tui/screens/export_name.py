"""Provides the prompt for the briefing's file name."""

from __future__ import annotations

from diplotui.tui.screens.prompt import PromptScreen


class ExportNameScreen(PromptScreen):
    """Ask where to write the briefing, offering `default`; dismiss with the path typed
    (Enter) or None (Escape)."""

    def __init__(self, default: str) -> None:
        super().__init__("Write the briefing to (Enter writes, Escape cancels):", default, "export-name")
