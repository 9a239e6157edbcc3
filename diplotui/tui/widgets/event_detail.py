"""Provides the event detail: the event under the cursor in full, scrolled when long.

A line-API widget: showing another event redraws this pane alone. (A `Static` in a
scrolling container, whose height follows its text, laid out the whole screen again at
each move of the cursor: 40 ms of it at 120×35.)
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual


class EventDetail(ScrollView, can_focus=True):
    """The text it is given, wrapped to its width, from the top."""

    DEFAULT_CSS = "EventDetail { overflow-x: hidden; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content("")
        self._strips: list[Strip] | None = None

    @property
    def content(self) -> Content:
        """What the pane shows."""
        return self._content

    def update(self, content: Content) -> None:
        """Show `content` from its first line."""
        self._content = content
        self._strips = None
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._wrapped()
        self.refresh()

    def _wrapped(self) -> list[Strip]:
        """The content's lines at the pane's width (made once per content and width),
        less the scrollbar's when they are more than it shows."""
        if self._strips is None:
            region = self.content_region
            strips = self._wrap(region.width)
            if len(strips) > region.height:
                strips = self._wrap(region.width - self.styles.scrollbar_size_vertical)
            self._strips = strips
            self.virtual_size = Size(strips[0].cell_length if strips else 0, len(strips))
        return self._strips

    def _wrap(self, width: int) -> list[Strip]:
        return Visual.to_strips(self, self._content, width, None, self.visual_style) if width > 0 else []

    def render_line(self, y: int) -> Strip:
        strips = self._wrapped()
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index < len(strips):
            return strips[index].crop_extend(0, width, self.visual_style.rich_style)
        return Strip.blank(width, self.visual_style.rich_style)

    def on_resize(self, event: events.Resize) -> None:
        self._strips = None
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = None
