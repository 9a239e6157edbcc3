"""Provides the record types diplotui extracts, stores, queries and exports.

Every id is derived from content (a hash of what makes the record what it is), so the
same input gives the same ids on every run and machine.
"""

from __future__ import annotations

import gc
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from sys import intern
from typing import Any, Protocol

import orjson


def stable_id(prefix: str, *parts: object) -> str:
    """Return a short id that depends only on `parts`.

    Args:
        prefix: A letter naming the record type (`d`, `p`, `e`, `q`, `t`).
        parts: The values that identify the record.

    Returns:
        `prefix-` followed by twelve hex digits of a SHA-1 over the parts.
    """
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:12]}"


_MARKS = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u200b-\u200f\u2060\ufeff]"
)


def fold(text: str) -> str:
    """Return `text` lower-cased with accents (and zero-width characters) removed.

    Used for matching and search: "Sérgey" and "SERGEY" fold to "sergey".
    """
    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))


def folded_names(person: Person) -> str:
    """A person's name and aliases, folded: what `person:` and `speaker:` search, in the
    corpus and in either store's kept people."""
    return fold(" ".join([person.name, *person.aliases]))


KIND_LABELS = {
    "talks": "Talks",
    "meeting": "Meeting",
    "visit": "Visit",
    "call": "Call",
    "summit": "Summit",
    "planned": "Planned",
}


def event_title(kind: str, names: list[str], place: str | None) -> str:
    """A readable headline for an event: "Talks: Wang Yi – Sergey Lavrov in Moscow"."""
    title = f"{KIND_LABELS.get(kind, kind.title())}: {' – '.join(names)}"
    return f"{title} in {place}" if place else title


@contextmanager
def paused_gc(freeze: bool = True) -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects.

    Loading a large store creates hundreds of thousands of small objects and no
    cycles; without the pause the collector runs over and over and doubles the time.
    In a process that runs one command and ends (see `freeze_after_pauses`), what was
    built is then frozen: moved out of the collector's reach (`gc.freeze`), which would
    otherwise walk all of it once more on its next run. Not with `freeze=False`: what
    is built is dropped soon after (one document's extraction, over and over).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze and _FREEZING:
            gc.freeze()
        if enabled:
            gc.enable()


_FREEZING = False


def freeze_after_pauses(freezing: bool = True) -> None:
    """Say whether this process runs one command and ends (`paused_gc`): the command
    line's commands, not the explorer, which lives on and drops what it built.

    Frozen objects are still freed when no longer used; only a cycle among objects
    alive at a pause's end would outlive its use, and a short process ends anyway. At
    50,000 documents this saves the 0.1 s the collector took after the store's loads.
    """
    global _FREEZING
    _FREEZING = freezing


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a document's stored text: `text[start:end]`."""

    document: str
    start: int
    end: int


class TextReader(Protocol):
    """Reads documents' texts from where they are stored (see `diplotui.query.StoredTexts`)."""

    problem: str | None
    """Why the text last asked for could not be read (None when it could)."""

    def __call__(self, document_id: str) -> str:
        """The text of one document ("" when it is not there)."""

    def read(self, ids: set[str]) -> dict[str, str]:
        """The texts of the documents with these ids that are there, by id."""


@dataclass(slots=True)
class Document:
    """One ingested file: its normalised text and metadata."""

    id: str
    path: str
    title: str
    published: str | None
    source: str | None
    sha256: str
    body: str | None
    """The text, or None where it is left in the store until read (see `text`)."""
    author: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    reader: TextReader | None = field(default=None, repr=False, compare=False)
    """Reads the text from the store, where the body is left there."""

    @property
    def text(self) -> str:
        """The document's normalised text (read from its store if it was left there)."""
        if self.body is not None:
            return self.body
        return self.reader(self.id) if self.reader is not None else ""


@dataclass(slots=True)
class Person:
    """One person, however many documents name them and however they are named."""

    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    title: str | None = None
    country: str | None = None
    documents: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Topic:
    """A subject from the topic lexicon (or a key phrase) that events touch."""

    id: str
    label: str
    keywords: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Event:
    """A meeting, talks, visit, call or planned encounter between people."""

    id: str
    kind: str
    title: str
    date_start: str | None
    date_end: str | None
    date_text: str
    date_precision: str
    date_note: str
    place: str | None
    participants: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    # A date the text gives without a year: "--02-21" (month and day) or "--02".
    date_partial: str | None = None
    rules: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    """Words someone said: direct (inside quotation marks) or reported."""

    id: str
    text: str
    speaker: str | None
    kind: str
    event: str | None
    document: str
    start: int
    end: int
    attribution: str | None = None
    sentence_start: int = 0
    sentence_end: int = 0
    short: bool = False
    rules: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document; ids of people and topics are global."""

    people: list[Person] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    keyphrases: list[str] = field(default_factory=list)
    # Things the user should hear about this document ("a date falls off the calendar").
    warnings: list[str] = field(default_factory=list)


def to_dict(record: Any) -> dict[str, Any]:
    """Return a dataclass record as plain JSON-ready data (what `asdict` gives, tuples
    as lists, made by orjson's dataclass support in a third of the time)."""
    return orjson.loads(orjson.dumps(record))


def _load(cls: type[Any], data: dict[str, Any]) -> Any:
    """Build a (non-frozen) dataclass from trusted stored data without calling __init__.

    Loading a large store builds tens of thousands of records; this is several times
    faster than `cls(**data)`. Missing optional fields take their defaults; keys that
    are no field (written by another version) are left out. The records keep their
    fields in slots, not a dictionary each: a store of 10,000 documents takes 11 % less
    memory in the explorer.
    """
    record = object.__new__(cls)
    defaults = _DEFAULTS[cls]
    for name in cls.__slots__:
        setattr(record, name, data[name] if name in data else defaults[name])
    return record


_DEFAULTS: dict[type[Any], dict[str, Any]] = {
    Person: {"aliases": [], "title": None, "country": None, "documents": [], "rules": []},
    Topic: {"keywords": []},
    Event: {
        "participants": [],
        "topics": [],
        "documents": [],
        "evidence": [],
        "date_partial": None,
        "rules": [],
    },
    Quote: {"attribution": None, "sentence_start": 0, "sentence_end": 0, "short": False, "rules": []},
}


# A store's records repeat a few short strings over and over: the rules that found
# them, topic ids, kinds, titles, countries, and the ids of the documents, events and
# people they point at. Loaded, each is one shared string (`sys.intern`), not a copy
# per record: 100 MB less at 50,000 documents.


def _shared(value: str | None) -> str | None:
    return intern(value) if value is not None else None


def load_person(data: dict[str, Any]) -> Person:
    """A Person from the dict form the store keeps."""
    person: Person = _load(Person, data)
    person.aliases = list(person.aliases)
    person.documents = list(map(intern, person.documents))
    person.rules = list(map(intern, person.rules))
    person.title = _shared(person.title)
    person.country = _shared(person.country)
    return person


def load_topic(data: dict[str, Any]) -> Topic:
    """A Topic from the dict form the store keeps."""
    topic: Topic = _load(Topic, data)
    return topic


def load_event(data: dict[str, Any]) -> Event:
    """An Event from the dict form the store keeps."""
    event: Event = _load(Event, data)
    event.participants = list(map(intern, event.participants))
    event.topics = list(map(intern, event.topics))
    event.documents = list(map(intern, event.documents))
    event.rules = list(map(intern, event.rules))
    event.kind = intern(event.kind)
    event.date_precision = intern(event.date_precision)
    event.date_note = intern(event.date_note)
    # Events share their dates: one string each, read without a cache miss per event
    # when the dates in view are scanned.
    event.date_start = intern(event.date_start) if event.date_start else event.date_start
    event.date_end = intern(event.date_end) if event.date_end else event.date_end
    event.evidence = [Span(intern(s["document"]), s["start"], s["end"]) for s in data.get("evidence", [])]
    return event


def load_quote(data: dict[str, Any]) -> Quote:
    """A Quote from the dict form the store keeps."""
    quote: Quote = _load(Quote, data)
    quote.kind = intern(quote.kind)
    quote.document = intern(quote.document)
    quote.event = _shared(quote.event)
    quote.speaker = _shared(quote.speaker)
    quote.rules = list(map(intern, quote.rules))
    return quote


def extraction_from(data: dict[str, Any], people_and_topics: bool = True) -> Extraction:
    """Rebuild an Extraction from the dict form the store keeps (without
    `people_and_topics`, leaving those out: a reader of merges kept makes only the
    merged ones, once each)."""
    persons = [load_person(p) for p in data.get("people", [])] if people_and_topics else []
    events = [load_event(e) for e in data.get("events", [])]
    quotes = [load_quote(q) for q in data.get("quotes", [])]
    topics = [load_topic(t) for t in data.get("topics", [])] if people_and_topics else []
    return Extraction(
        people=persons,
        events=events,
        quotes=quotes,
        topics=topics,
        organisations=list(data.get("organisations", [])),
        keyphrases=list(data.get("keyphrases", [])),
    )
