"""Provides the query layer: the corpus in memory, merged across documents, and search.

The explorer and the CLI both read through `Corpus`. It merges what each document
extracted: one person however many documents name them, one event however many
documents report it.
"""

from __future__ import annotations

import re
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain, compress, islice, repeat
from operator import attrgetter, contains
from sys import intern
from typing import TYPE_CHECKING, Any, TypeVar, cast

from diplotui.model import (
    Document,
    Event,
    Person,
    Quote,
    TextReader,
    Topic,
    event_title,
    extraction_from,
    fold,
    folded_names,
    load_person,
    load_topic,
    paused_gc,
)
from diplotui.textindex import TextIndex, find_word_start

if TYPE_CHECKING:
    from diplotui.merged import Merged
    from diplotui.review import Review
    from diplotui.store import Store

_START, _END = attrgetter("date_start"), attrgetter("date_end")
_PARTICIPANTS, _TOPICS, _SPEAKER = attrgetter("participants"), attrgetter("topics"), attrgetter("speaker")
_T = TypeVar("_T")

FIELDS = ("person", "speaker", "topic", "place", "date", "doc", "status", "star", "tag", "note")
REVIEW_FIELDS = ("status", "star", "tag", "note")
"""Fields of the analyst's layer (see `diplotui.review`)."""
STATUSES = ("accepted", "rejected", "unreviewed")


# A person's or topic's id as a field value: `person:p-41bd4280793a` selects that one
# identity (the explorer's filters use them), not every name that contains the text.
_RECORD_ID = re.compile(r"[pt]-[0-9a-f]{12}")
_ID_TERM = re.compile(r'\b(person|speaker|topic):"?([pt]-[0-9a-f]{12})"?')


class QueryError(ValueError):
    """A query that cannot be read; the message says what is wrong."""


@dataclass(frozen=True)
class Term:
    """One query term: a field (or None for free text), a folded value, and negation."""

    field: str | None
    value: str
    negated: bool = False
    date_from: str | None = None
    date_to: str | None = None


_QUERY_TOKEN = re.compile(r'(?P<neg>-?)(?:(?P<field>[A-Za-z]+):)?"(?P<phrase>[^"]*)"|(?P<word>\S+)')


def parse_query(query: str) -> list[Term]:
    """Parse the query language: words, "phrases", field:value, field:"a phrase",
    date ranges, -term. An apostrophe is part of a word ("Russia's").

    Raises:
        QueryError: An unclosed quotation mark, an unknown field, a `date:` value that
            is not `YYYY[-MM[-DD]]` or a range of those, or a range that ends before it
            starts.
    """
    terms = []
    for match in _QUERY_TOKEN.finditer(query):
        if match.group("word") is not None:
            part = match.group("word")
            if '"' in part:
                raise QueryError('a quotation mark is not closed: write "a phrase" with both marks')
            negated = part.startswith("-") and len(part) > 1
            if negated:
                part = part[1:]
            name, sep, value = part.partition(":")
        else:
            negated = bool(match.group("neg"))
            name, value = match.group("field") or "", match.group("phrase")
            sep = ":" if name else ""
            if not sep:
                terms.append(Term(None, fold(value), negated))
                continue
        if sep and re.fullmatch(r"[A-Za-z]+", name) and not value.startswith("//"):
            name = name.lower()
            if name not in FIELDS:
                fields = ", ".join(f"{f}:" for f in FIELDS)
                raise QueryError(f"unknown field {name}: — the fields are {fields}")
            if name == "star":
                value = value or "yes"
            if not value:
                example = {"status": "rejected", "tag": "follow-up", "note": "check"}.get(name, "lavrov")
                raise QueryError(f"{name}: needs a value, as in {name}:{example}")
            if name == "status" and fold(value) not in STATUSES:
                raise QueryError(f"status:{value} — the statuses are {', '.join(STATUSES)}")
            if name == "date":
                terms.append(_date_term(value, negated))
            else:
                terms.append(Term(name, fold(value), negated))
        elif part:
            terms.append(Term(None, fold(part), negated))
    return terms


def _date_term(value: str, negated: bool) -> Term:
    start, _, end = value.partition("..")
    end = end or start
    for bound in (start, end):
        if not _valid_bound(bound):
            raise QueryError(f"date:{value} — use date:YYYY-MM-DD or date:YYYY-MM-DD..YYYY-MM-DD")
    low, high = _pad(start, False), _pad(end, True)
    if high < low:
        raise QueryError(f"date:{value} — the range ends before it starts")
    return Term("date", value, negated, low, high)


def _valid_bound(value: str) -> bool:
    if not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value):
        return False
    parts = [int(p) for p in value.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return False
    if len(parts) == 3:
        from diplotui.dates import parse_iso

        return parse_iso(value) is not None
    return True


def _pad(value: str, end: bool) -> str:
    if len(value) == 4:
        return value + ("-12-31" if end else "-01-01")
    if len(value) == 7:
        return value + ("-31" if end else "-01")
    return value


def _narrow(
    terms: list[Term],
    every: range,
    find: Callable[[Term, Iterable[int]], AbstractSet[int] | None],
    hidden: AbstractSet[int] = frozenset(),
) -> AbstractSet[int] | None:
    """The positions of the records (of `every`) that each term leaves, combined, but
    the `hidden` ones; None: every record. A term leaves those `find` gives for it (among
    the records the terms before it leave), or all but them when negated; one it gives
    None for does not narrow. (Sets of every position made at each key took 10 ms at
    50,000 documents; the sets found may be kept by the index, so they are combined
    into new ones.)"""
    hits: AbstractSet[int] | None = None
    for term in terms:
        found = find(term, every if hits is None else hits)
        if found is None or (term.negated and not found):
            continue
        if term.negated:
            hits = (hits if hits is not None else set(every)) - found
        else:
            hits = found if hits is None else hits & found
    if hidden:
        hits = (hits if hits is not None else set(every)) - hidden
    return hits


def _parts(values: Iterable[_T], size: int) -> Iterator[list[_T]]:
    """`values`, `size` at a time."""
    each = iter(values)
    while part := list(islice(each, size)):
        yield part


def _last(steps: Iterator[_T | None]) -> _T:
    """What the last of `steps` gives (the others give None: see `View.in_parts`)."""
    *_, last = steps
    assert last is not None
    return last


class View:
    """What a query selects: records to show, each list in display order.

    The events are selected at once; the quotes and the documents whose text holds the
    query's words when first asked for (`select_quotes` and `select_texts` work them
    out), so that typing a search pays at each key only for what is drawn at each key."""

    def __init__(
        self,
        query: str,
        events: list[Event],
        quotes: list[Quote] | None,
        corpus: Corpus,
        everything: bool = False,
        event_positions: Sequence[int] | None = None,
        words: list[str] | None = None,
        select_quotes: Callable[[], AbstractSet[int] | None] | None = None,
        select_texts: Callable[[View], tuple[list[Document], bool]] | None = None,
    ) -> None:
        self.query = query
        self.events = events
        self.corpus = corpus
        self.everything = everything
        self.event_positions = event_positions
        """Where `events` are in the corpus's, in order (None: not known)."""
        self.words = words or []
        """The query's free words and phrases, folded, that a document's text must hold."""
        self._select_quotes, self._select_texts = select_quotes, select_texts
        if select_quotes is None:
            self.quotes, self.quote_hits = quotes or [], None
        if select_texts is None:
            self.texts, self.texts_pending = [], False

    @cached_property
    def quote_hits(self) -> AbstractSet[int] | None:
        """Where `quotes` are in the corpus's (None: all of them)."""
        assert self._select_quotes is not None
        return self._select_quotes()

    @cached_property
    def quotes(self) -> list[Quote]:
        """The quotes selected."""
        hits, every = self.quote_hits, self.corpus.quotes
        return list(every) if hits is None else list(map(every.__getitem__, sorted(hits)))

    @cached_property
    def _texts(self) -> tuple[list[Document], bool]:
        assert self._select_texts is not None
        return self._select_texts(self)

    @cached_property
    def texts(self) -> list[Document]:
        """Documents whose own text holds the query's words (empty without free words)."""
        return self._texts[0]

    @cached_property
    def texts_pending(self) -> bool:
        """Whether the documents holding the free words are not known yet: the word index
        of the texts was still being built (see `Corpus.search`); `texts` is then empty."""
        return self._texts[1]

    def __repr__(self) -> str:
        return f"View({self.query!r}, {len(self.events)} events)"

    def text_matches(self) -> Iterator[tuple[Document, tuple[int, int] | None, str]]:
        """Each of `texts` with the span and text of its first sentence that holds the
        query's first free word (None and "" when only its title does); the texts are
        read from the store a few hundred at a time."""
        for document, text in _each_text(self.texts):
            span = self._text_match(text)
            yield document, span, text[span[0] : span[1]] if span else ""

    def _text_match(self, text: str) -> tuple[int, int] | None:
        if not self.words:
            return None
        from diplotui.extract.sentences import split_sentences

        word = self.words[0]
        if text.isascii():
            # Folding keeps offsets: split only the line the word is on into sentences.
            at = find_word_start(text.lower(), word)
            if at < 0:
                return None
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            line = text[start : end if end >= 0 else len(text)]
            for sentence in split_sentences(line):
                if sentence.start <= at - start < sentence.end:
                    return start + sentence.start, start + sentence.end
        for sentence in split_sentences(text):
            if find_word_start(fold(text[sentence.start : sentence.end]), word) >= 0:
                return sentence.start, sentence.end
        return None

    def holds_quote(self, quote: Quote) -> bool:
        """Whether `quote` is in view (without building a set of the view's quotes)."""
        if self.everything or self.quote_hits is None:
            return True
        return self.corpus.quote_position.get(quote.id, -1) in self.quote_hits

    # People, topics and documents follow from the events and quotes; they are worked
    # out when first asked for, so typing a search only pays for what is drawn.
    # What the panes count over the records in view: worked out without a step per
    # record in Python, from the corpus's lists by position, and a part at a time (see
    # `in_parts`): at 50,000 documents the participants of a search's first letter,
    # 97,000 people, took 115 ms, and the explorer lets the keys in between the parts.
    PART = 5000
    """Records counted at a time (see `in_parts`)."""

    @cached_property
    def person_ids(self) -> AbstractSet[str]:
        """The ids of `people`."""
        return _last(self._person_ids())

    @cached_property
    def topic_counts(self) -> Counter[str]:
        """How many of the events touch each topic, by topic id."""
        return _last(self._topic_counts())

    @cached_property
    def date_counts(self) -> list[tuple[str | None, str | None, int]]:
        """How many events in view have each pair of first and last dates."""
        return _last(self._date_counts())

    def in_parts(self, name: str) -> Iterator[None]:
        """Work out `person_ids`, `topic_counts` or `date_counts` (`name`) a part of the
        records at a time, yielding between the parts (nothing if already known)."""
        if name in self.__dict__:
            return
        steps: dict[str, Callable[[], Iterator[object]]] = {
            "person_ids": self._person_ids,
            "topic_counts": self._topic_counts,
            "date_counts": self._date_counts,
        }
        result: object = None
        for result in steps[name]():
            if result is None:
                yield
        self.__dict__[name] = result

    def _person_ids(self) -> Iterator[AbstractSet[str] | None]:
        if self.everything:
            yield self.corpus.person_by_id.keys()
            return
        corpus, quote_hits = self.corpus, self.quote_hits
        ids: set[str | None] = set()
        for part in _parts(self._by_position(corpus.participants_at, _PARTICIPANTS), self.PART):
            ids.update(chain.from_iterable(part))
            yield None
        speakers: Iterable[str | None]
        if self._select_quotes is None:  # quotes given, not selected from the corpus's
            speakers = map(_SPEAKER, self.quotes)
        elif quote_hits is None:  # selected: every quote
            speakers = corpus.speaker_at
        else:
            speakers = map(corpus.speaker_at.__getitem__, quote_hits)
        for names in _parts(speakers, self.PART * 4):
            ids.update(names)
            yield None
        ids.discard(None)
        ids.discard("")
        yield cast("set[str]", ids)

    def _topic_counts(self) -> Iterator[Counter[str] | None]:
        counts: Counter[str] = Counter()
        for part in _parts(self._by_position(self.corpus.topics_at, _TOPICS), self.PART):
            counts.update(chain.from_iterable(part))
            yield None
        yield counts

    def _date_counts(self) -> Iterator[list[tuple[str | None, str | None, int]] | None]:
        counts: Counter[tuple[str | None, str | None]] = Counter()
        starts, ends = self.corpus.dates_at
        pairs = zip(self._by_position(starts, _START), self._by_position(ends, _END), strict=True)
        for part in _parts(pairs, self.PART * 4):
            counts.update(part)
            yield None
        yield [(start, end, count) for (start, end), count in counts.items()]

    def _by_position(self, values: Sequence[_T], of_event: Callable[[Event], _T]) -> Iterable[_T]:
        """The values of the events in view, from the corpus's list of them by position
        (`of_event` of each event when their positions are not known)."""
        positions = self.event_positions
        if positions is None:
            return map(of_event, self.events)
        if isinstance(positions, range):
            return values[positions.start : positions.stop]
        return map(values.__getitem__, positions)

    @cached_property
    def people(self) -> list[Person]:
        """Participants of the events and speakers of the quotes, in corpus order."""
        if self.everything:
            return list(self.corpus.people)
        ids = self.person_ids
        return [p for p in self.corpus.people if p.id in ids]

    @cached_property
    def documents(self) -> list[Document]:
        """Documents that report the events or hold the quotes."""
        if self.everything:
            return list(self.corpus.documents)
        ids: set[str] = set().union(*(e.documents for e in self.events))
        ids.update(q.document for q in self.quotes)
        return [d for d in self.corpus.documents if d.id in ids]

    @cached_property
    def topics(self) -> list[Topic]:
        """Topics of the events."""
        if self.everything:
            return list(self.corpus.topics)
        ids = self.topic_counts
        return [t for t in self.corpus.topics if t.id in ids]

    def span_text(self) -> str:
        """The dates in view as a person reads them, saying how many events have no full
        date (of an unknown year, or undated) rather than leaving them out."""
        from diplotui.export import format_day

        first, last, dated = self._span()
        text = f"{format_day(first)} – {format_day(last)}" if first else "no dated events"
        undated = len(self.events) - dated
        if undated and first:
            text += f" and {undated} without a full date"
        return text

    def date_span(self) -> tuple[str | None, str | None]:
        """The first and last known dates of the selected events."""
        return self._span()[:2]

    def _span(self) -> tuple[str | None, str | None, int]:
        """The first and last known dates of the selected events, and how many have a
        full date."""
        dates = self.corpus.dates()
        positions = self.event_positions if not self.everything else range(len(self.events))
        if dates is None or positions is None:
            starts = list(filter(None, map(_START, self.events)))
            last = max(filter(None, map(_END, self.events)), default=None)
            return min(starts, default=None), last, len(starts)
        # The corpus's events are in timeline order, the dated ones first by date: the
        # first date is the first event's, and the dated ones are those before the rest.
        starts, ends, count = dates
        dated = bisect_left(positions, count)
        if not dated:
            return None, None, 0
        last = max(filter(None, map(ends.__getitem__, positions[:dated])), default=None)
        return starts[positions[0]], last, dated


class _SearchIndex:
    """Folded text of every record, for search; built on first use (or ahead of it in
    a worker), since the first screen of the explorer needs none of it."""

    def __init__(self, corpus: Corpus) -> None:
        people, topics, documents = corpus.person_by_id, corpus.topic_by_id, corpus.document_by_id
        self.person = {p.id: folded_names(p) for p in corpus.people}
        self.topic = {t.id: fold(" ".join([t.label, *t.keywords])) for t in corpus.topics}
        self._documents = corpus.documents
        event_blobs = []
        for event in corpus.events:
            names = " ".join(self.person.get(p, "") for p in event.participants)
            titles = " ".join(
                (people[p].title or "") + " " + (people[p].country or "")
                for p in event.participants
                if p in people
            )
            labels = " ".join(topics[t].label for t in event.topics if t in topics)
            docs = " ".join(documents[d].title for d in event.documents if d in documents)
            event_blobs.append(
                fold(
                    f"{event.title} {event.kind} {names} {titles} {event.place or ''} {labels} "
                    f"{event.date_text} {event.date_start or ''} {docs}"
                )
            )
        quote_blobs = []
        for quote in corpus.quotes:
            speaker = self.person.get(quote.speaker or "", "")
            document = documents.get(quote.document)
            quote_blobs.append(
                fold(f"{quote.text} {speaker} {quote.attribution or ''} {document.title if document else ''}")
            )
        # Positions, shared by the holders' answers (a number past 256 is an object of
        # its own: at 50,000 documents, a list of them per holder took 11 MB).
        self._positions = positions = list(range(max(len(event_blobs), len(quote_blobs))))
        self.events_holding = _Holding(event_blobs, positions)
        self.quotes_holding = _Holding(quote_blobs, positions)
        # The names of each event's participants and of each quote's speaker, for
        # `person:` and `speaker:` (a name typed as the first letters of a search finds
        # tens of thousands of people, and their records took 150 ms to gather one by
        # one). "\0", which a query cannot hold, keeps a name from running into the next.
        self.participants_holding = _Holding(
            ["\0".join([self.person.get(p, "") for p in e.participants]) for e in corpus.events], positions
        )
        speakers = [self.person.get(q.speaker or "", "") for q in corpus.quotes]
        self.speakers_holding = _Holding(speakers, positions)
        self._texts = corpus.texts
        # Where each person is, by position: a filter on one identity (the explorer's
        # filters name people by id) reads no other record.
        self._events_of = _Postings(corpus.participants_at, positions)
        self._quotes_of = _Postings(([s] if s else [] for s in corpus.speaker_at), positions)

    @cached_property
    def document(self) -> dict[str, str]:
        """Each document's id, path and title, folded: what `doc:` searches (made when
        first asked for: 10 MB at 50,000 documents)."""
        return {d.id: fold(f"{d.id} {d.path} {d.title}") for d in self._documents}

    def events_holding_person(self, term: Term) -> AbstractSet[int] | None:
        """The positions of the events a `person:` or `speaker:` term selects (None for
        another term): those that the people it names (by id, or by a name they are
        called) take part in."""
        if term.field not in ("person", "speaker") or not term.value:
            return None
        if _RECORD_ID.fullmatch(term.value):  # a topic's id names no one
            return self._events_of.find(term.value)
        return self.participants_holding.find(term.value) if "\0" not in term.value else set()

    def quotes_holding_person(self, term: Term) -> AbstractSet[int] | None:
        """The positions of the quotes a `person:` or `speaker:` term selects (None for
        another term): those that the people it names said."""
        if term.field not in ("person", "speaker") or not term.value:
            return None
        if _RECORD_ID.fullmatch(term.value):
            return self._quotes_of.find(term.value)
        return self.speakers_holding.find(term.value) if "\0" not in term.value else set()

    def texts(self) -> TextIndex | _InStore:
        """A word index of documents' own text (title and body), for words no extracted
        record holds; built on the first free-word search (or ahead of it in a worker)."""
        return self._texts.index()

    def texts_if_built(self) -> TextIndex | _InStore | None:
        """The word index of documents' own text if it is built, without waiting for it."""
        return self._texts.built


class _Texts:
    """The word index of a list of documents' texts, built once on first use; shared by
    a corpus and the reviewed corpora made from it (the analyst's layer changes records,
    never texts). A store with a full-text index of its own (SQLite) is searched
    through it instead: nothing is built, and no text is held."""

    def __init__(self, documents: list[Document], store: Store | None = None) -> None:
        self._documents = documents
        self._store = store
        self._index: TextIndex | _InStore | None = None
        self._lock = threading.Lock()

    @property
    def built(self) -> TextIndex | _InStore | None:
        """The index, if it is built (without waiting for it)."""
        return self._index

    def index(self) -> TextIndex | _InStore:
        with self._lock:
            if self._index is None:
                self._index = self._in_store() or self._in_memory()
            return self._index

    def _in_store(self) -> _InStore | None:
        from diplotui.store import StoreError

        if self._store is None:
            return None
        try:
            finder = self._store.text_finder([d.id for d in self._documents])
        except StoreError:
            return None
        return _InStore(finder, self._documents) if finder is not None else None

    def _in_memory(self) -> TextIndex:
        # The folded texts are kept to check phrases in: folding a candidate again on
        # every keystroke of a phrase costs far more than holding them. They are kept
        # as UTF-8, half the memory of texts with a curly quote.
        kept: list[bytes] = []

        def folded() -> Iterator[str]:
            for document, text in _each_text(self._documents):
                found = fold(f"{document.title}\n{text}")
                kept.append(found.encode())
                yield found

        return TextIndex(folded(), kept.__getitem__)


class _InStore:
    """The documents whose title or text holds a phrase: the texts found by their
    store's full-text index, the titles looked through here (the store's index has the
    texts alone)."""

    def __init__(self, finder: Callable[[str], set[int]], documents: list[Document]) -> None:
        self._finder = finder
        titles = [fold(d.title) for d in documents]
        self._titles = TextIndex(titles, titles.__getitem__)

    def search(self, phrase: str) -> set[int]:
        """The positions of the documents holding `phrase` (folded) where a word begins."""
        from diplotui.store import StoreError

        found = self._titles.search(phrase)
        if not phrase:
            return found
        try:
            return found | self._finder(phrase)
        except StoreError:
            return found  # the store became unreadable: the source view says why


def _each_text(documents: list[Document]) -> Iterator[tuple[Document, str]]:
    """Each document with its text, those left in the store read a few hundred at a time."""
    for begin in range(0, len(documents), _TEXTS_AT_ONCE):
        chunk = documents[begin : begin + _TEXTS_AT_ONCE]
        stored = [d for d in chunk if d.body is None and d.reader is not None]
        read = stored[0].reader.read({d.id for d in stored}) if stored and stored[0].reader else {}
        for document in chunk:
            yield document, document.body if document.body is not None else read.get(document.id, "")


_TEXTS_AT_ONCE = 500


class _ById(Mapping[str, Quote]):
    """Records by id, through their positions (a second dict of every quote took 17 MB
    at 50,000 documents)."""

    def __init__(self, records: list[Quote], position: dict[str, int]) -> None:
        self._records = records
        self._position = position

    def __getitem__(self, record_id: str) -> Quote:
        return self._records[self._position[record_id]]

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._position

    def __iter__(self) -> Iterator[str]:
        return iter(self._position)

    def __len__(self) -> int:
        return len(self._position)


class _DocumentLists:
    """The lists each document's records hold besides people, events, quotes and topics
    (its organisations and key phrases), read from the store when first asked for:
    only the JSON export reads them, and they took 34 MB of the explorer's memory at
    50,000 documents."""

    KEYS = ("organisations", "keyphrases")

    def __init__(self, store: Store, ids: list[str]) -> None:
        self._store = store
        self._ids = ids
        self._read: dict[str, dict[str, list[str]]] | None = None
        self._lock = threading.Lock()

    def by_document(self, key: str) -> dict[str, list[str]]:
        with self._lock:
            if self._read is None:
                records = self._store.documents_by_id(set(self._ids), texts=False)
                extracted = [(r["id"], r.get("extraction") or {}) for r in records]
                self._read = {k: {d: list(x.get(k, [])) for d, x in extracted} for k in self.KEYS}
            return self._read[key]


class _PerDocument(Mapping[str, list[str]]):
    """One of `_DocumentLists`, by document id."""

    def __init__(self, lists: _DocumentLists, key: str) -> None:
        self._lists = lists
        self._key = key

    def __getitem__(self, document_id: str) -> list[str]:
        return self._lists.by_document(self._key)[document_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lists.by_document(self._key))

    def __len__(self) -> int:
        return len(self._lists.by_document(self._key))


class StoredTexts:
    """Documents' texts, read from their store when asked for: a corpus read through
    `corpus_for` holds none (they took 80 MB of its 180 at 10,000 documents), and the
    explorer needs a few at a time (the source, a quote's sentence, a text's match).
    The last few read are kept.

    What cannot be read (the store became unreadable, or the document was removed from
    it meanwhile) reads as "", and `problem` says why (of the last text asked for).
    """

    KEEP = 64

    def __init__(self, store: Store) -> None:
        self._store = store
        self._recent: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()
        self.problem: str | None = None

    def __call__(self, document_id: str) -> str:
        with self._lock:
            text = self._recent.get(document_id)
            if text is not None:
                self._recent.move_to_end(document_id)
                return text
        self.problem = None
        text = self.read({document_id}).get(document_id)
        if text is None:
            self.problem = self.problem or f"document {document_id} is no longer in the store"
            return ""
        with self._lock:
            self._recent[document_id] = text
            while len(self._recent) > self.KEEP:
                self._recent.popitem(last=False)
        return text

    def read(self, ids: set[str]) -> dict[str, str]:
        from diplotui.store import StoreError

        try:
            return self._store.texts(ids)
        except StoreError as exc:
            self.problem = str(exc)
            return {}


@dataclass
class Corpus:
    """Every document with its merged people, events, quotes and topics."""

    documents: list[Document] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    organisations: Mapping[str, list[str]] = field(default_factory=dict)
    keyphrases: Mapping[str, list[str]] = field(default_factory=dict)
    """Each document's organisations and key phrases (only the JSON export reads them;
    a corpus read from a store leaves them there until then: see `_PerDocument`)."""
    reports: dict[str, list[Event]] = field(default_factory=dict)
    """Per merged event that several documents report, each document's own report of it
    (what that document said of the date, place and people: the readout comparison)."""

    def __post_init__(self) -> None:
        self.whole = False
        """Whether this is every document of its store (`corpus_for` without narrowing)."""
        self.person_by_id = {p.id: p for p in self.people}
        self.event_by_id = {e.id: e for e in self.events}
        self.topic_by_id = {t.id: t for t in self.topics}
        self.document_by_id = {d.id: d for d in self.documents}
        self._index: _SearchIndex | None = None
        self._index_lock = threading.Lock()
        self.texts = _Texts(self.documents)
        """The word index of the documents' texts (see `_Texts`)."""
        self.statement_count = sum(1 for q in self.quotes if not q.short)
        self.quote_position = {q.id: n for n, q in enumerate(self.quotes)}
        self.quote_by_id: Mapping[str, Quote] = _ById(self.quotes, self.quote_position)
        self.review: Review | None = None
        """The analyst's layer as applied (`diplotui.review.apply`), if any."""
        self.merged_into: dict[str, str] = {}
        """People the analyst merged into another: their id, the other's."""
        self._base: Corpus | None = None  # (see `base`)
        self.quotes_by_event: dict[str, list[Quote]] = defaultdict(list)
        for quote in self.quotes:
            if quote.event:
                self.quotes_by_event[quote.event].append(quote)
        self.quotes_by_speaker: dict[str, list[Quote]] = defaultdict(list)
        for quote in self.quotes:
            if quote.speaker and not quote.short:
                self.quotes_by_speaker[quote.speaker].append(quote)
        self.events_by_person: dict[str, list[Event]] = defaultdict(list)
        for event in self.events:
            for person in event.participants:
                self.events_by_person[person].append(event)
        # Most active first: the order the participants pane lists people in.
        self.by_activity = sorted(
            self.people, key=lambda p: (-len(self.events_by_person.get(p.id, ())), p.name)
        )
        self.activity_rank = {p.id: n for n, p in enumerate(self.by_activity)}

    @property
    def base(self) -> Corpus:
        """The corpus as extracted, before the analyst's layer (itself, without one).
        Kept as None for itself: a corpus that held itself was a cycle, which only the
        collector frees, and the explorer moves its corpora out of the collector's sight
        (a large store's first screen, dropped for the whole store, stayed for good)."""
        return self if self._base is None else self._base

    @base.setter
    def base(self, corpus: Corpus) -> None:
        self._base = None if corpus is self else corpus

    def __repr__(self) -> str:
        # Short: the generated one spelled out every record (seconds, and a string of
        # hundreds of megabytes, on a large store, wherever a corpus was shown).
        sizes = (len(self.documents), len(self.events), len(self.people), len(self.quotes))
        return "Corpus({:,} documents, {:,} events, {:,} people, {:,} quotes)".format(*sizes)

    # -- building ----------------------------------------------------------------------

    @classmethod
    def from_records(
        cls, records: Iterable[dict[str, Any]], merged: Merged | None = None, texts: TextReader | None = None
    ) -> Corpus:
        """Build the merged corpus from the store's document records.

        Args:
            records: Documents as the store keeps them (each read once, in turn).
            merged: What the cross-document merges decided, as the store kept it at
                ingest; without it they are worked out here. With it, `records` may be
                a part of the store, closed over the merged events it reports (every
                document of each): the corpus then holds exactly those events.
            texts: Where the documents' texts are read from when asked for; without it,
                the corpus holds those of `records`.
        """
        with paused_gc():
            return cls._from_records(records, merged, texts)

    @classmethod
    def _from_records(
        cls, records: Iterable[dict[str, Any]], stored: Merged | None, texts: TextReader | None
    ) -> Corpus:
        # Imported here: reading a few documents of an indexed store (`search person:X`)
        # needs none of the extraction package, whose word lists take a while to load.
        from diplotui.merged import combine_events, event_clusters, unique

        documents: list[Document] = []
        people: list[Person] = []
        events: list[Event] = []
        quotes: list[Quote] = []
        topics: dict[str, Topic] = {}
        warnings: dict[str, list[str]] = {}
        organisations: dict[str, list[str]] = {}
        keyphrases: dict[str, list[str]] = {}
        kept_people: dict[str, Person] = {}
        for record in records:
            document = Document(
                id=intern(record["id"]),
                path=record.get("path", ""),
                title=record.get("title", ""),
                published=record.get("published"),
                source=record.get("source"),
                sha256=record.get("sha256", ""),
                body=None if texts is not None else record.get("text", ""),
                author=record.get("author"),
                extra=dict(record.get("extra") or {}),
                reader=texts,
            )
            documents.append(document)
            if record.get("warnings"):
                warnings[document.id] = list(record["warnings"])
            extracted = record.get("extraction") or {}
            if stored is None:
                extraction = extraction_from(extracted)
                people.extend(extraction.people)
                for topic in extraction.topics:
                    if topic.id not in topics:
                        topics[topic.id] = _topic(topic)
            else:
                # The merged people and topics are kept: the document's own are made
                # only where the store holds none (written before it kept them).
                extraction = extraction_from(extracted, people_and_topics=False)
                for data in extracted.get("people", ()):
                    pid = stored.person_map.get(data["id"], data["id"])
                    if pid not in kept_people:
                        kept_people[pid] = stored.people.get(pid) or load_person(data)
                for data in extracted.get("topics", ()):
                    if data["id"] not in topics:
                        topics[data["id"]] = stored.topics.get(data["id"]) or _topic(load_topic(data))
            if texts is None:
                organisations[document.id] = extraction.organisations
                keyphrases[document.id] = extraction.keyphrases
            events.extend(extraction.events)
            quotes.extend(extraction.quotes)
        documents.sort(key=lambda d: (d.published or "9999", d.path, d.id))
        if stored is None:
            from diplotui.extract.merge import merge_across

            merged_people, merged_events, stored = merge_across(people, events)
            clusters = event_clusters(events, stored.event_map)
        else:
            merged_people = list(kept_people.values())
            person_map = stored.person_map
            for event in events:
                event.participants = unique(person_map.get(p, p) for p in event.participants)
            clusters = event_clusters(events, stored.event_map)
            # A lone report of one document is its own merged event (no report of it
            # is kept apart, to be changed with it).
            merged_events = [
                cluster[0] if len(cluster) == 1 and len(cluster[0].documents) < 2 else combine_events(cluster)
                for cluster in clusters.values()
            ]
        person_map, event_map = stored.person_map, stored.event_map
        # Each document's own report of an event several report (participants are
        # already the merged people's ids: both ways of merging rewrite them in place).
        reports = {
            merged_id: cluster
            for merged_id, cluster in clusters.items()
            if len({d for e in cluster for d in e.documents}) > 1
        }
        for quote in quotes:
            if quote.speaker:
                quote.speaker = person_map.get(quote.speaker, quote.speaker)
            if quote.event:
                quote.event = event_map.get(quote.event, quote.event)
        names = {p.id: p.name for p in merged_people}
        for event in merged_events:
            event.title = event_title(
                event.kind, [names.get(p, p) for p in event.participants[:2]], event.place
            )
        order = {d.id: n for n, d in enumerate(documents)}
        quotes.sort(key=lambda q: (order.get(q.document, 0), q.start))
        return cls(
            documents=documents,
            people=sorted(merged_people, key=lambda p: (fold(p.name), p.id)),
            events=sorted(merged_events, key=event_sort_key),
            quotes=quotes,
            topics=sorted(topics.values(), key=lambda t: fold(t.label)),
            warnings=warnings,
            organisations=organisations,
            keyphrases=keyphrases,
            reports=reports,
        )

    # -- search ------------------------------------------------------------------------

    def dates(self) -> tuple[list[str | None], list[str | None], int] | None:
        """Each event's first and last date, by position, and how many have a first date,
        when the events are in timeline order (`event_sort_key`: those before the rest,
        by it); else None. Worked out once: the header's span over every event in view,
        at each key typed, took 77 ms at 50,000 documents from the events themselves."""
        return self._dates

    @cached_property
    def event_position(self) -> dict[str, int]:
        """Where each event is in `events`, by id."""
        return {e.id: n for n, e in enumerate(self.events)}

    # What the panes count over the records in view, by position: read through the
    # positions in view without a look at each record (at 50,000 documents, reading
    # them from the records took 30-120 ms after each pause in typing).
    @cached_property
    def participants_at(self) -> list[list[str]]:
        """Each event's participants, by position."""
        return list(map(_PARTICIPANTS, self.events))

    @cached_property
    def topics_at(self) -> list[list[str]]:
        """Each event's topics, by position."""
        return list(map(_TOPICS, self.events))

    @cached_property
    def dates_at(self) -> tuple[list[str | None], list[str | None]]:
        """Each event's first date, and each event's last, by position."""
        return list(map(_START, self.events)), list(map(_END, self.events))

    @cached_property
    def speaker_at(self) -> list[str | None]:
        """Each quote's speaker, by position."""
        return list(map(_SPEAKER, self.quotes))

    @cached_property
    def _dates(self) -> tuple[list[str | None], list[str | None], int] | None:
        starts, ends = self.dates_at
        count = sum(map(bool, starts))
        dated = cast("list[str]", starts[:count])
        ordered = not any(starts[count:]) and all(a <= b for a, b in zip(dated, dated[1:], strict=False))
        return (starts, ends, count) if ordered else None

    def prepare_search(self) -> _SearchIndex:
        """Build the search index now (it is otherwise built by the first search)."""
        with self._index_lock:
            if self._index is None:
                self._index = _SearchIndex(self)
            return self._index

    def search(self, query: str = "", wait: bool = True) -> View:
        """Return what `query` selects (everything when it is empty).

        Without `wait`, free words are not looked for in the documents' texts until the
        word index of the texts is built (the view says so: `texts_pending`), rather than
        waiting for it: at 50,000 documents it takes seconds after the explorer opens.

        Raises:
            QueryError: The query cannot be read.
        """
        terms = parse_query(query)
        hidden = self._rejected(terms)
        if not terms and not hidden:
            every = range(len(self.events))
            return View(
                query, list(self.events), list(self.quotes), self, everything=True, event_positions=every
            )
        index = self.prepare_search()

        def find_events(term: Term, within: Iterable[int]) -> AbstractSet[int] | None:
            if term.field is None:
                return index.events_holding.find(term.value)
            if (held := index.events_holding_person(term)) is not None:
                return held
            return {i for i in within if self._event_term(self.events[i], term, index)}

        def find_quotes(term: Term, within: Iterable[int]) -> AbstractSet[int] | None:
            if term.field is None:
                return index.quotes_holding.find(term.value)
            if (held := index.quotes_holding_person(term)) is not None:
                return held
            return {i for i in within if self._quote_term(self.quotes[i], term, index)}

        # Rejected records are hidden unless the query asks about statuses.
        hidden_events = {self.event_position[i] for i in hidden if i in self.event_position}
        hidden_quotes = {self.quote_position[i] for i in hidden if i in self.quote_position}
        event_hits = _narrow(terms, range(len(self.events)), find_events, hidden_events)
        positions = sorted(event_hits) if event_hits is not None else None
        events = list(self.events) if positions is None else list(map(self.events.__getitem__, positions))
        words = [t.value for t in terms if t.field is None and not t.negated and t.value]
        return View(
            query,
            events,
            None,
            self,
            event_positions=positions if positions is not None else range(len(self.events)),
            words=words,
            select_quotes=lambda: _narrow(terms, range(len(self.quotes)), find_quotes, hidden_quotes),
            select_texts=lambda view: self._texts_holding(terms, words, index, wait, view),
        )

    def _texts_holding(
        self,
        terms: list[Term],
        words: list[str],
        index: _SearchIndex,
        wait: bool,
        view: View,
    ) -> tuple[list[Document], bool]:
        """The documents whose own text holds the query's free words (none without
        them), and whether they are not known yet (see `search`)."""
        if not words:
            return [], False
        text_index = index.texts() if wait else index.texts_if_built()
        if text_index is None:
            return [], True

        def find_texts(term: Term, within: Iterable[int]) -> AbstractSet[int] | None:
            if term.field is None:
                return text_index.search(term.value)
            if term.field in ("doc", "date"):
                return {i for i in within if self._text_term(self.documents[i], term, index)}
            return None  # a field of records: see below

        text_hits = _narrow(terms, range(len(self.documents)), find_texts)
        # Fields of records (person:, topic:, place:, speaker:) hold for a document
        # through what it reports: it must hold a selected event or quote.
        record_fields = ("person", "speaker", "topic", "place", *REVIEW_FIELDS)
        if any(t.field in record_fields and not t.negated for t in terms):
            holding = {d for e in view.events for d in e.documents} | {q.document for q in view.quotes}
            texts_in = range(len(self.documents)) if text_hits is None else text_hits
            text_hits = {i for i in texts_in if self.documents[i].id in holding}
        if text_hits is None:
            return list(self.documents), False
        return [self.documents[i] for i in sorted(text_hits)], False

    def _rejected(self, terms: list[Term]) -> set[str]:
        """Ids of the rejected events and quotes this query hides: all of them, unless
        it has a `status:` term."""
        if self.review is None or any(t.field == "status" for t in terms):
            return set()
        return {k for k, v in self.review.status.items() if v == "rejected"}

    def _review_term(self, record: str, related: list[str], term: Term) -> bool:
        """A `status:`, `star:`, `tag:` or `note:` term on a record (an event or quote id),
        which holds through the people and documents `related` to it for stars, tags
        and notes (a starred person's events are in the starred view)."""
        review = self.review
        if term.field == "status":
            return (review.status_of(record) if review else "unreviewed") == term.value
        if review is None:
            return False
        wanted = term.value not in ("no", "false")
        for key in (record, *related):
            if term.field == "star" and key in review.starred:
                return wanted
            if term.field == "tag" and any(term.value in t for t in review.tags.get(key, ())):
                return True
            if term.field == "note" and any(term.value in fold(n) for n in review.notes.get(key, ())):
                return True
        return term.field == "star" and not wanted

    def _text_term(self, document: Document, term: Term, index: _SearchIndex) -> bool:
        if term.field == "doc":
            return term.value in index.document.get(document.id, "")
        return document.published is not None and _overlaps(document.published, document.published, term)

    # Field terms, record by record; free text is scanned in `search`.

    def _event_term(self, event: Event, term: Term, index: _SearchIndex) -> bool:
        if term.field in REVIEW_FIELDS:
            return self._review_term(event.id, [*event.participants, *event.documents], term)
        if term.field in ("person", "speaker"):
            if _RECORD_ID.fullmatch(term.value):
                return term.value in event.participants  # one identity, however named
            return any(term.value in index.person.get(p, "") for p in event.participants)
        if term.field == "topic":
            if _RECORD_ID.fullmatch(term.value):
                return term.value in event.topics
            return any(term.value in index.topic.get(t, "") for t in event.topics)
        if term.field == "place":
            return term.value in fold(event.place or "") or self._at_venue(event, term.value)
        if term.field == "date":
            if event.date_start is None and event.date_partial:
                return _may_fall_in(event.date_partial, term)
            return _overlaps(event.date_start, event.date_end, term)
        if term.field == "doc":
            return any(term.value in index.document.get(d, "") for d in event.documents)
        return False

    def _at_venue(self, event: Event, value: str) -> bool:
        """Whether the event was at a venue named like `value` ("white house"): its place
        is the venue's city (the place a venue gives) and its evidence names the venue."""
        venues = _venues_named(value).get(fold(event.place or ""))
        if not venues:
            return False
        for span in event.evidence:
            document = self.document_by_id.get(span.document)
            sentence = fold(document.text[span.start : span.end]) if document else ""
            if any(v in sentence for v in venues):
                return True
        return False

    def _quote_term(self, quote: Quote, term: Term, index: _SearchIndex) -> bool:
        if term.field in REVIEW_FIELDS:
            return self._review_term(quote.id, [quote.speaker or "", quote.document], term)
        event = self.event_by_id.get(quote.event or "")
        if term.field in ("person", "speaker"):
            if _RECORD_ID.fullmatch(term.value):
                return quote.speaker == term.value
            return bool(quote.speaker) and term.value in index.person.get(quote.speaker or "", "")
        if term.field == "topic":
            if _RECORD_ID.fullmatch(term.value):
                return event is not None and term.value in event.topics
            if event and any(term.value in index.topic.get(t, "") for t in event.topics):
                return True
            return term.value in fold(quote.text)
        if term.field == "place":
            return event is not None and self._event_term(event, term, index)
        if term.field == "date":
            if event and event.date_start:
                return _overlaps(event.date_start, event.date_end, term)
            document = self.document_by_id.get(quote.document)
            published = document.published if document else None
            return published is not None and _overlaps(published, published, term)
        if term.field == "doc":
            return term.value in index.document.get(quote.document, "")
        return False

    def describe(self, query: str) -> str:
        """`query` as a person reads it: a person's or topic's id (as the explorer's
        filters write them) shown as the name or label, quoted."""

        def named(match: re.Match[str]) -> str:
            record = self.person_by_id.get(match.group(2)) or self.topic_by_id.get(match.group(2))
            name = getattr(record, "name", None) or getattr(record, "label", None)
            return f'{match.group(1)}:"{name}"' if name else match.group(0)

        return _ID_TERM.sub(named, query)

    # -- convenience for views ---------------------------------------------------------------

    def event_count(self, person_id: str) -> int:
        """How many events a person took part in (that the analyst did not reject)."""
        return self._not_rejected(self.events_by_person.get(person_id, []))

    def quote_count(self, person_id: str) -> int:
        """How many quotes a person is the speaker of (that the analyst did not reject)."""
        return self._not_rejected(self.quotes_by_speaker.get(person_id, []))

    def _not_rejected(self, records: list[Event] | list[Quote]) -> int:
        status = self.review.status if self.review is not None else None
        if not status:
            return len(records)
        return sum(1 for r in records if status.get(r.id) != "rejected")


def merged_counts(records: list[dict[str, Any]]) -> tuple[int, int, int, int]:
    """Documents, merged events, merged people and quotes that are statements: what
    the corpus of `records` would count, from the merges alone (no corpus is built)."""
    from diplotui.jsonmerges import merge_records

    _, people, events, _, statements = merge_records(records)
    return len(records), len(events), len(people), statements


def corpus_for(store: Store, query: str = "", holding: set[str] | None = None) -> Corpus:
    """The corpus `query` needs, read from `store` (every document when it has no
    indexes to narrow the query with).

    `holding`: ids of the records (events, quotes, people, documents) the caller needs,
    and only those: a store with indexes then gives only the documents holding them,
    with every report of their events and the people the analyst merged with them.

    A store that keeps its merges and indexes (SQLite) gives, for a query with a
    positive field term (`person:`, `speaker:`, `topic:`, `doc:`, `date:`) or free word,
    only the documents each such term can concern (those naming such a person, those
    whose records or text hold the word, and so on) and every document of each merged
    event they report: every event and quote the query selects is then whole, as in
    the full corpus, and little else is read.

    Raises:
        QueryError: The query cannot be read.
        StoreError: The store is unusable.
    """
    terms = parse_query(query)
    entries = store.annotations()
    wanted: set[str] | None = None
    from diplotui.review import apply, changes_records

    if holding is not None:
        # Edits change no record's documents; a merge joins people named elsewhere.
        wanted = _documents_of(store, holding, entries)
    for term in terms:
        marked = None if term.negated else _marked_by(entries, term)
        if marked is not None:
            found = _documents_of(store, marked, entries)
            if found is not None:
                wanted = found if wanted is None else wanted & found
    # The analyst's edits and people fixes may move a record to where no index of the
    # store points (an event given another participant): such a layer reads everything.
    if not any(changes_records(e) for e in entries):
        for term in terms:
            if term.negated:
                continue
            if term.field is None:
                # A free word or phrase: each of its parts must be found in the
                # documents of a record it selects, or in a text that holds it.
                for part in term.value.split():
                    found = store.documents_for("words", part)
                    if found is not None:
                        wanted = found if wanted is None else wanted & found
                continue
            found = store.documents_for(term.field, term.value, term.date_from, term.date_to)
            if found is not None:
                wanted = found if wanted is None else wanted & found
    texts = StoredTexts(store)
    if wanted is None:
        corpus = Corpus.from_records(store.each_document(texts=False), store.merged(), texts)
        corpus.whole = True
    else:
        records = store.each_document_by_id(wanted, texts=False)
        corpus = Corpus.from_records(records, store.merged(wanted), texts)
    corpus.texts = _Texts(corpus.documents, store)
    lists = _DocumentLists(store, [d.id for d in corpus.documents])
    corpus.organisations = _PerDocument(lists, "organisations")
    corpus.keyphrases = _PerDocument(lists, "keyphrases")
    if entries:
        corpus = apply(corpus, entries)
    return corpus


def documents_naming(store: Store, names: list[str], countries: bool = False) -> set[str] | None:
    """The documents to read to tell who `names` are (and what they took part in), from
    the store's indexes: those naming anyone whose names hold one of them, or with
    `countries`, those naming people of each of those countries. None when the store
    cannot tell without reading everything, or the analyst's layer changes records (a
    person renamed or merged is where no index points)."""
    from diplotui.review import changes_records

    if any(changes_records(entry) for entry in store.annotations()):
        return None
    found: set[str] | None = None
    for name in names:
        if countries:
            # Every meeting of the two has someone of each: the documents of both.
            for part in fold(name).split():
                of = store.documents_for("words", part)
                if of is None:
                    return None
                found = of if found is None else found & of
        else:
            named = store.documents_for("person", fold(name.strip()))
            if named is None:
                return None
            found = named if found is None else found | named
    return found


FIRST_SCREEN_FROM = 10_000
"""From this many documents, the explorer shows a first screen before the whole store."""


@dataclass
class FirstScreen:
    """What the explorer shows of a large store while it reads the rest (`first_screen`)."""

    corpus: Corpus
    """The documents reporting the first events, with every report of each."""
    counts: tuple[int, int, int, int]
    """The whole store's documents, events, people and quotes."""
    until: str
    """The last day of the first events: those of the corpus up to it are the whole
    store's first (its documents report later events too)."""
    dates: list[tuple[str, str | None, int]] | None = None
    """How many of the whole store's events have each pair of dates (`Store.event_dates`),
    for its time axis."""

    def events(self) -> list[Event]:
        """The whole store's first events, in timeline order."""
        return [e for e in self.corpus.events if e.date_start and e.date_start <= self.until]


def first_screen(store: Store, events: int = 200) -> FirstScreen | None:
    """The first `events` events on a large store's timeline (with every other of their
    last day), read from its indexes in a fraction of the time of the whole store: what
    the explorer shows while it reads the rest. None for a store of fewer than
    `FIRST_SCREEN_FROM` documents, or one without such indexes.

    Raises:
        StoreError: The store is unusable.
    """
    counts = store.counts()  # (None at once from a store without the indexes)
    if counts is None or counts[0] < FIRST_SCREEN_FROM:
        return None
    first = store.first_events(events)
    if not first:
        return None
    ids, until = first
    return FirstScreen(corpus_for(store, holding=ids), counts, until, store.event_dates())


@dataclass
class FirstPanes:
    """The participants and topics panes of a large store's first screen (`first_panes`)."""

    people: list[tuple[Person, int, int]]
    """The most active people, each with their events and statements counted."""
    topics: list[tuple[Topic, int]]
    """Every topic, with the events that touch it counted."""


def first_panes(store: Store, people: int) -> FirstPanes | None:
    """The whole store's `people` most active participants and its topics, counted by
    the store's aggregate queries, for the first screen while the rest is read. None when
    the store keeps no such counts, or when the analyst's layer has any decision (a
    rejected record is not counted, a starred person is marked: the whole store says).

    Raises:
        StoreError: The store is unusable.
    """
    if store.annotations():
        return None
    active, topics = store.most_active(people), store.topic_counts()
    if active is None or topics is None:
        return None
    return FirstPanes(active, topics)


def _marked_by(entries: list[dict[str, Any]], term: Term) -> set[str] | None:
    """What a positive `status:`, `star:`, `tag:` or `note:` term can select: the ids of
    the records annotations of its kind could match. None for another term, or one
    that an unmarked record fits (`status:unreviewed`, `star:no`)."""
    if term.field not in REVIEW_FIELDS or (term.field, term.value) in _UNMARKED:
        return None
    found: set[str] = set()
    for entry in entries:
        value = entry.get("value")
        if entry.get("kind") != term.field:
            continue
        if term.field in ("tag", "note") and term.value not in fold(str(value)):
            continue
        if term.field == "status" and value != term.value:
            continue
        found.add(entry.get("target", ""))
    return found


# Review terms an unmarked record fits: they cannot narrow what is read.
_UNMARKED = {("status", "unreviewed"), ("star", "no"), ("star", "false")}


def _documents_of(store: Store, ids: set[str], entries: list[dict[str, Any]]) -> set[str] | None:
    """The documents holding the records `ids` name (None: the store cannot tell without
    reading everything), as the analyst's layer finds them: with the people merged with
    them (either way, in chains), the events and quotes the analyst gave those people,
    and, for a record annotated before a new extractor gave it another id, the documents
    its annotations were made on (a person's: the documents naming them)."""
    merges = {e["target"]: e["value"].get("into", "") for e in entries if e.get("kind") == "merge"}
    found, grew = set(ids), True
    while grew:
        grew = False
        for person, into in merges.items():
            if (person in found) != (into in found):
                found.update((person, into))
                grew = True
    # An event or quote the analyst gave one of them as a participant or speaker.
    for entry in entries:
        value = entry.get("value")
        if entry.get("kind") == "edit" and isinstance(value, dict):
            people = value.get("participants") or [value.get("speaker")]
            if found.intersection(people):
                found.add(entry["target"])
    documents: set[str] = set()
    names: set[str] = set()
    for entry in entries:
        if entry.get("target") not in found:
            continue
        anchor = entry.get("anchor") or {}
        documents.update(anchor.get("documents", []))
        documents.add(anchor.get("document", ""))
        if anchor.get("type") == "person":
            names.add(anchor.get("name", ""))
        if entry.get("kind") == "merge":
            names.add(entry["value"].get("name", ""))
    held = store.documents_holding(found | documents - {""})
    for name in names - {""}:
        if held is None:
            break
        named = store.documents_for("person", fold(name))
        held = None if named is None else held | named
    return held


_DATE_TERM = re.compile(r"(?:^|(?<=\s))date:\S+", re.IGNORECASE)


def without_dates(query: str) -> str:
    """`query` without its (positive) `date:` terms."""
    return _DATE_TERM.sub("", query)


def _topic(topic: Topic) -> Topic:
    """A document's topic as the corpus holds it: one of the lexicon's (stored without
    its keywords) with them."""
    if topic.keywords:
        return topic
    from diplotui.extract.topics import topic_record

    return topic_record(topic.label)


class _Postings:
    """The positions of the records each key (a person's id) is among the keys of: the
    pairs of a key and a position, sorted. (At 50,000 documents, a map of each person's
    list of positions took 22 MB, and these take 3.)"""

    def __init__(self, keys_at: Iterable[Iterable[str]], positions: list[int]) -> None:
        pairs = sorted({(key, at) for at, keys in enumerate(keys_at) for key in keys})
        self._keys = [key for key, _ in pairs]
        self._at = array("i", [at for _, at in pairs])
        self._positions = positions  # (shared numbers: see `_Holding`)

    def find(self, key: str) -> frozenset[int]:
        """The positions of the records `key` is among the keys of."""
        start = bisect_left(self._keys, key)
        end = bisect_right(self._keys, key, start)
        return frozenset(map(self._positions.__getitem__, self._at[start:end]))


class _Holding:
    """Which records' folded texts hold a free word: a test of each (a search of all the
    texts joined cost as much per record found, and the first letters typed find nearly
    every record). The last few words' answers are kept: a word typed on from one of
    them ("kal" after "ka") is looked for only in that one's records when they are few,
    and a word erased back to one of them is answered at once."""

    KEEP = 4

    def __init__(self, blobs: list[str], positions: list[int] | None = None) -> None:
        self._blobs = blobs
        # The sets found share these numbers (a number past 256 is an object of its own:
        # at 50,000 documents a few recent answers of most records held 20 MB of them):
        # `positions`, if given, counts from 0 to as many as there are blobs, or more.
        self._positions = positions if positions is not None else list(range(len(blobs)))
        self._recent: OrderedDict[str, frozenset[int]] = OrderedDict()
        self._lock = threading.Lock()

    def find(self, value: str) -> frozenset[int]:
        """The positions of the records whose folded text holds `value`."""
        with self._lock:
            found = self._recent.get(value)
            if found is not None:
                self._recent.move_to_end(value)
                return found
            # Whatever holds `value` holds each part of it.
            wider = max((v for v in self._recent if v in value), key=len, default=None)
            narrowed = self._recent[wider] if wider is not None else None
        blobs = self._blobs
        # Picking the records of a large answer out one by one costs more than testing
        # every record in turn (38 ms against 17 for 150,000 records).
        if narrowed is None or self._large(narrowed):
            found = frozenset(compress(self._positions, map(contains, blobs, repeat(value))))
        else:
            found = frozenset(at for at in narrowed if value in blobs[at])
        with self._lock:
            if self._large(found):
                # Only the last large answer is kept: none is narrowed from (see above),
                # and each held 2 MB at 50,000 documents.
                for large in [v for v, held in self._recent.items() if self._large(held)]:
                    del self._recent[large]
            self._recent[value] = found
            while len(self._recent) > self.KEEP:
                self._recent.popitem(last=False)
        return found

    def _large(self, found: AbstractSet[int]) -> bool:
        return len(found) > len(self._blobs) // 4


@lru_cache(maxsize=256)
def _venues_named(value: str) -> dict[str, list[str]]:
    """The venues whose name holds `value` (folded), by their city (folded): worked out
    once per query word, not once per event."""
    from diplotui import lexicon

    found: dict[str, list[str]] = {}
    for venue, city in lexicon.VENUES.items():
        if value in venue:
            found.setdefault(fold(city), []).append(venue)
    return found


def _may_fall_in(partial: str, term: Term) -> bool:
    """Whether a date of unknown year ("--02-21", or "--02" for a month) may fall in the
    term's range: its month and day do in some year of the range. Such events are kept
    (in their own "year unknown" group), never silently dropped."""
    if not term.date_from or not term.date_to:
        return False
    month_day = partial[2:]
    low, high = term.date_from, term.date_to
    if int(high[:4]) - int(low[:4]) >= 2:
        return True  # a whole year lies inside the range
    if low[:4] == high[:4]:
        return low[5 : 5 + len(month_day)] <= month_day <= high[5 : 5 + len(month_day)]
    # Across one new year: from the start's day to the year's end, or up to the end's day.
    return month_day >= low[5 : 5 + len(month_day)] or month_day <= high[5 : 5 + len(month_day)]


def _overlaps(start: str | None, end: str | None, term: Term) -> bool:
    if not start or not term.date_from or not term.date_to:
        return False
    return start <= term.date_to and (end or start) >= term.date_from


def event_sort_key(event: Event) -> tuple[int, str, str, str]:
    """Dated events by date; then unknown-year and undated ones; planned ones last."""
    if event.kind == "planned" and not event.date_start:
        group = 3
    elif event.date_start:
        group = 0
    elif event.date_partial:
        group = 1
    else:
        group = 2
    return (group, event.date_start or event.date_partial or "", event.date_end or "", event.id)
