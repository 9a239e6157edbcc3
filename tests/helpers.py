"""Shared helpers for the tests: run extraction and look records up by name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from diplotui.extract import extract_document
from diplotui.ingest import ingest
from diplotui.model import Event, Extraction, Person, Quote
from diplotui.store import Store
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


def store_of(texts: dict[str, str], root: Path, name: str = "store.json") -> Store:
    """A store at `root/name` holding `texts` (file name: text), written to `root/docs`."""
    folder = root / "docs"
    folder.mkdir(exist_ok=True)
    for file_name, text in texts.items():
        (folder / file_name).write_text(text)
    store = Store(root / name)
    ingest(store, [folder])
    return store
