"""Shared helpers for the tests: run extraction and look records up by name."""

from __future__ import annotations

from dataclasses import dataclass

from diplotui.extract import extract_document
from diplotui.model import Event, Extraction, Person, Quote
from diplotui.text import read_source


@dataclass
class Result:
    """An extraction with look-ups by readable names."""

    text: str
    extraction: Extraction

    @property
    def people(self) -> dict[str, Person]:
        return {p.name: p for p in self.extraction.people}

    def name(self, person_id: str | None) -> str | None:
        return next((p.name for p in self.extraction.people if p.id == person_id), None)

    def events(self, kind: str | None = None) -> list[Event]:
        return [e for e in self.extraction.events if kind is None or e.kind == kind]

    def participants(self, event: Event) -> set[str]:
        return {self.name(p) or p for p in event.participants}

    def event_with(self, *names: str) -> Event:
        wanted = set(names)
        found = [e for e in self.extraction.events if wanted <= self.participants(e)]
        assert len(found) == 1, (
            f"{len(found)} events with {names}: {[e.title for e in self.extraction.events]}"
        )
        return found[0]

    def quotes(self, kind: str = "direct") -> list[Quote]:
        return [q for q in self.extraction.quotes if q.kind == kind]

    def quote(self, fragment: str, kind: str = "direct") -> Quote:
        found = [q for q in self.quotes(kind) if fragment in q.text]
        assert len(found) == 1, f"{len(found)} {kind} quotes containing {fragment!r}"
        return found[0]

    def speaker(self, fragment: str, kind: str = "direct") -> str | None:
        return self.name(self.quote(fragment, kind).speaker)


def run(raw: str, published: str | None = None, suffix: str = ".txt") -> Result:
    """Read `raw` as a file would be read, then extract it."""
    source = read_source(raw.encode("utf-8"), suffix)
    title = source.title if source.title and source.title not in source.body[:500] else None
    extraction = extract_document(source.body, published or source.published, "d-test", title=title)
    return Result(source.body, extraction)
