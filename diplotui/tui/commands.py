"""Provides the command palette's dynamic entries: go to a participant or a topic."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from diplotui.tui.screens.main import MainScreen


class GoToProvider(Provider):
    """ "Go to participant: …" and "Go to topic: …" for everyone and everything in the store."""

    def _entries(self) -> list[tuple[str, str, str, str]]:
        screen = self.app.screen_stack[0] if self.app.screen_stack else None
        main = next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), screen)
        corpus = getattr(main, "corpus", None)
        if corpus is None or getattr(main, "reading_store", None) is not None:
            return []  # not yet, or only a large store's first screen
        entries = [
            (
                f"Go to participant: {p.name}",
                "person",
                p.id,
                ", ".join(x for x in (p.title, p.country) if x),
            )
            for p in corpus.people
        ]
        entries += [(f"Go to topic: {t.label}", "topic", t.id, "") for t in corpus.topics]
        return entries

    def _main(self) -> MainScreen | None:
        return next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), None)

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None:
            return
        matcher = self.matcher(query)
        for text, field, value, help_text in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    _highlight(matcher, text),
                    partial(main.add_filter, field, value),
                    text=text,
                    help=escape(help_text) if help_text else None,
                )

    async def discover(self) -> Hits:
        main = self._main()
        if main is None:
            return
        for text, field, value, help_text in self._entries()[:20]:
            yield DiscoveryHit(
                Content(text),
                partial(main.add_filter, field, value),
                text=text,
                help=escape(help_text) if help_text else None,
            )


def _highlight(matcher: Matcher, text: str) -> Content:
    """The matched letters of `text` highlighted. Names and titles come from documents:
    they are never parsed as markup (Matcher.highlight would parse them)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize("reverse", offset, offset + 1)
    return content
