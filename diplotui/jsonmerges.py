"""Keeps a TinyDB store's cross-document merges, and narrows queries with them.

Every command parses a JSON store's rows and tables (not its documents' texts and
records: `diplotui.jsonfile`); what it need not do again is decide which per-document
people are one person and which reports are one event. The commit that changes documents
works that out (`work_out`: after a small change, only what the change reaches, see
`diplotui.jsonrefresh`) and keeps it in the file's `merges` table, with the counts
`ingest` prints, a digest of the documents it was worked out from, an index of the
documents' records (their ids, dates, folded quotes and topics: what the SQLite store
keeps in its tables), and what the merges read. A reader then unpacks only the documents
a query concerns (`Narrowing`, the same choice the SQLite store makes in SQL), and a
whole read skips the merge.

A file whose documents no longer match the digest (an older diplotui changed it) is read
as before: the reader merges as it reads.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import lru_cache
from typing import Any

import orjson

from diplotui.jsonfile import ContentsError
from diplotui.jsonrefresh import (
    Decisions,
    Member,
    Members,
    counts,
    pack,
    person_row,
    totals,
    worked_out_whole,
)
from diplotui.merged import Merged
from diplotui.model import Event, Person, Topic, fold, load_event, load_person, paused_gc

MERGES_TABLE = "merges"


def digest(documents: Iterable[dict[str, Any]]) -> str:
    """What the merges were worked out from: each document's id and fingerprint (which
    holds the extractor's version). The same as `stable_id("m", *sorted(parts))`, made
    without a call per part (every command on a JSON store checks it)."""
    parts = [f"{d.get('id', '')}:{d.get('fingerprint', '')}" for d in documents]
    parts.sort()
    return "m-" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def merge_records(
    documents: Iterable[dict[str, Any]],
) -> tuple[list[Person], list[Person], list[Event], Merged, int]:
    """The cross-document merges of stored documents: their people as read, the merged
    people and events, what the merges decided, and how many quotes are statements."""
    from diplotui.extract.merge import merge_across

    with paused_gc():
        people: list[Person] = []
        events: list[Event] = []
        statements = 0
        for document in documents:
            extraction = document.get("extraction") or {}
            people.extend(load_person(p) for p in extraction.get("people", []))
            events.extend(load_event(e) for e in extraction.get("events", []))
            statements += sum(1 for q in extraction.get("quotes", []) if not q.get("short"))
        merged_people, merged_events, merged = merge_across(people, events)
    return people, merged_people, merged_events, merged, statements


def work_out(
    rows: list[dict[str, Any]],
    unpack: Callable[[list[dict[str, Any]]], Iterator[dict[str, Any]]],
    previous: Any = None,
    previous_rows: list[dict[str, Any]] | None = None,
    untouched: set[str] | frozenset[str] = frozenset(),
    read_state: Callable[[Any], Any] | None = None,
) -> dict[str, Any]:
    """The `merges` row for these stored documents (`rows` as stored; `unpack` gives some
    of them unpacked, in the same order, one at a time): the maps of per-document ids
    that joined another record, the merged people made of more than one record, the
    counts, the index queries are narrowed with (`Narrowing`), and what the merges were
    worked out from (see `diplotui.jsonrefresh`).

    `previous` is the row kept for the documents `previous_rows` (the store before this
    commit) and `untouched` the ids of those the commit kept as they were: these are not
    unpacked again, and after a small change only what the others reach is merged again.
    What the merges read is not in the row but in an entry of the file's contents (its
    `state`, which `jsonfile.layout` moves there; readers do not parse it), which
    `read_state` reads from where the row says (`state_at`).

    Raises:
        StoreError: A document's records are corrupt (from `unpack`).
    """
    base = None
    # When most documents changed (a new extractor version re-reads them all), every one
    # is unpacked anyway: the kept state is not read (its parse and its memory, 100 MB
    # and more at 50,000 documents, held through the whole work).
    if previous_rows and read_state and len(untouched) * 2 >= len(rows):
        base = _Base.of(previous, previous_rows, read_state)
    if base is not None:
        try:
            return _worked_out(rows, unpack, base, untouched)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            pass  # the kept row is not what this version writes: work it all out again
    return _worked_out(rows, unpack, None, frozenset())


class _Base:
    """What a kept row says of the documents it was worked out from."""

    def __init__(self, decisions: Decisions, packed: dict[str, str], state: dict[str, Any]) -> None:
        self.decisions = decisions
        self.packed = packed
        """The index's records and quoted parts as the row keeps them (JSON texts): a
        small change is spliced into them (`_Packed`) rather than parsing them."""
        self.members = Members(state["members"])
        self.topics: dict[str, list[int]] = state["topics"]
        self.variants: list[list[Any]] = state["variants"]
        self.totals: list[int] = state["totals"]

    @classmethod
    def of(cls, row: Any, documents: list[dict[str, Any]], read_state: Callable[[Any], Any]) -> _Base | None:
        """The kept row's parts, if it was worked out from `documents` by this version
        (or by the one before, whose state is brought to this form)."""
        if row is None or row.get("kept") not in (_KEPT, 1) or kept_counts(row, documents) is None:
            return None
        try:
            with paused_gc():
                decided = orjson.loads(row["merges"])
                people = orjson.loads(row["index"]["people"])
                packed = {name: row["index"][name] for name in _SPLICED}
                state = read_state(row["state_at"])["state"]
                if row["kept"] == 1:
                    state = _from_form_1(state)
        except (KeyError, TypeError, ValueError, IndexError, ContentsError):
            return None
        parts = (decided.get("person_map"), decided.get("event_map"), decided.get("people"))
        if not all(isinstance(part, dict) for part in [*parts, people]):
            return None
        if not all(isinstance(text, str) and text[:1] + text[-1:] == "{}" for text in packed.values()):
            return None
        if not (
            isinstance(state, dict)
            and isinstance(state.get("members"), dict)
            and isinstance(state.get("topics"), dict)
            and isinstance(state.get("names"), dict)
            and isinstance(state.get("variants"), list)
            and _is_totals(state.get("totals"))
        ):
            return None
        return cls(Decisions(*parts, people, state["names"]), packed, state)


def _is_totals(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(type(n) is int for n in value)


def _from_form_1(state: Any) -> Any:
    """A state as form 1 kept it (each document's entry parsed with the state, its
    topics in it) in this form.

    Raises:
        KeyError, TypeError, IndexError: It is not one.
    """
    members = state["members"]
    entries = [[m[0], m[1], m[3]] for m in members.values()]
    return {
        "members": {doc: pack(entry) for doc, entry in zip(members, entries, strict=True)},
        "topics": {doc: m[2] for doc, m in members.items()},
        "variants": state["variants"],
        "names": state["names"],
        "totals": totals(entries),
    }


_KEPT = 2
"""The form of what a row keeps for `_Base` (a row of another form is worked out whole,
but for form 1's, brought to this one). 2: each document's entry in the merges' state
packed (a JSON text), its topics apart, and the totals of events and statements."""
_SMALL_SHARE = 0.1
"""Past this share of the documents changed (and 200 documents), the merges are worked out
again from every document."""


def _worked_out(
    rows: list[dict[str, Any]],
    unpack: Callable[[list[dict[str, Any]]], Iterator[dict[str, Any]]],
    base: _Base | None,
    untouched: set[str] | frozenset[str],
) -> dict[str, Any]:
    with paused_gc():  # hundreds of thousands of small records, no cycles
        records, quoted, read, unchanged = _read(rows, unpack, base, untouched)
        kept = [_variant(*variant) for variant in base.variants] if base is not None else []
        numbered, variants, topics, topic_records = _numbered(rows, read, base.topics if base else {}, kept)
        kept_packed = base.members.packed if base is not None else {}
        fresh = {doc: entry for doc, (entry, _) in read.items()}
        members = Members(
            {doc: kept_packed[doc] if doc in unchanged else pack(fresh[doc]) for doc in numbered}, fresh
        )
        del read
        # The kept documents changed or removed: their entries leave the index and totals.
        dropped = [doc for doc in kept_packed if doc not in unchanged]
        changed = len(fresh) + len(dropped)
        if base is not None and changed <= max(200, len(rows) * _SMALL_SHARE):
            decisions = base.decisions
            gone = totals(base.members.get(doc) for doc in dropped)
            counted = [
                before + new - old
                for before, new, old in zip(base.totals, totals(fresh.values()), gone, strict=True)
            ]
            decisions.refresh(base.members, members, unchanged)
        else:
            counted = totals(members.all())
            decisions = worked_out_whole(list(members.all()))
    decided = {
        "person_map": decisions.person_map,
        "event_map": decisions.event_map,
        "people": decisions.people,
        # Each topic whole (a lexicon topic's keywords are not in its records): a reader
        # then need not load the lexicon to show them.
        "topics": topic_records,
    }
    index: dict[str, Any] = {"people": decisions.search, "topics": topics}
    # "records", not "documents": a second key of a table's name is looked for.
    if base is None:
        index.update(records=records, quoted=quoted)
    else:
        index.update(records=_Packed(base.packed["records"], dropped, records))
        index.update(quoted=_Packed(base.packed["quoted"], dropped, quoted))
    state = {
        "members": members.packed,
        "topics": numbered,
        "variants": variants,
        "names": decisions.names,
        "totals": counted,
    }
    # Packed, as the documents' records are: each part is parsed only by a reader that
    # needs it (the index by a query it narrows, its quotes by `topic:` alone).
    return {
        "digest": digest(rows),
        "counts": counts(len(rows), counted, decisions),
        "kept": _KEPT,
        "merges": orjson.dumps(decided).decode(),
        "index": {
            name: part.text() if isinstance(part, _Packed) else orjson.dumps(part).decode()
            for name, part in index.items()
        },
        # What the next commit's merges read, as an entry of the file's contents.
        "state": b'{"id":"","state":' + orjson.dumps(state) + b"}",
    }


def _read(
    rows: list[dict[str, Any]],
    unpack: Callable[[list[dict[str, Any]]], Iterator[dict[str, Any]]],
    base: _Base | None,
    untouched: set[str] | frozenset[str],
) -> tuple[dict[str, Any], dict[str, list[str]], dict[str, tuple[Member, list[Variant]]], set[str]]:
    """The documents `untouched` that `base` has an entry for (kept as they are), and the
    others unpacked: the index's records and quotes of those (the others' stay in
    `base`), and each one's entry in `members` with its topics."""
    records: dict[str, Any] = {}
    quoted: dict[str, list[str]] = {}
    read: dict[str, tuple[Member, list[Variant]]] = {}
    unchanged: set[str] = set()
    if base is not None:
        # Their entries in the index's records and quoted stay where they are (`_Packed`).
        unchanged = set(untouched).intersection(base.members.packed, base.topics)
    fresh = [row for row in rows if row.get("id", "") not in unchanged]
    # One document unpacked at a time: only what the merges and the index read is kept.
    for document in unpack(fresh):
        extraction = document.get("extraction") or {}
        doc = document["id"]
        records[doc] = _entry(extraction)
        quoted[doc] = [fold(q["text"]) for q in extraction.get("quotes", [])]
        read[doc] = _member(extraction)
    return records, quoted, read, unchanged


_SPLICED = ("records", "quoted")
"""The index's parts of one entry per document, which a small change is spliced into."""
_SPLICE_AT_MOST = 1000
"""Past this many entries to take out, a part is parsed and written anew instead."""
_DECODER = json.JSONDecoder()


class _Packed:
    """A part of the index (a JSON object of one entry per document) as kept, without the
    entries of the documents `dropped`, with those `added`."""

    def __init__(self, kept: str, dropped: list[str], added: dict[str, Any]) -> None:
        self.kept, self.dropped, self.added = kept, dropped, added

    def text(self) -> str:
        """The part as a JSON text. A few entries are cut out of the kept text where they
        are: a key (`"d-…":`) can stand only as a key there, since a string's quotes are
        escaped, and the value after it is decoded alone to find where it ends.

        Raises:
            ValueError: An entry to take out is not in the kept text (or its JSON is bad).
        """
        if len(self.dropped) > _SPLICE_AT_MOST:
            entries = orjson.loads(self.kept)
            if not isinstance(entries, dict):
                raise ValueError("not an object")
            for doc in self.dropped:
                del entries[doc]
            entries.update(self.added)
            return orjson.dumps(entries).decode()
        text, cuts = self.kept, []
        for doc in self.dropped:
            key = orjson.dumps(doc).decode() + ":"
            start = text.find(key)
            if start < 1 or text[start - 1] not in "{,":
                raise ValueError(f"no entry for {doc}")
            _, end = _DECODER.raw_decode(text, start + len(key))
            cuts.append((start, end))
        pieces, position = [], 0
        for start, end in sorted(cuts):
            pieces.append(text[position:start])
            position = end + 1 if text[end] == "," else end
        pieces.append(text[position:])
        left = "".join(pieces)
        if left.endswith(",}"):  # the last entry was cut out
            left = left[:-2] + "}"
        if not self.added:
            return left
        more = orjson.dumps(self.added).decode()
        return more if left == "{}" else left[:-1] + "," + more[1:]


Variant = tuple[str, str, tuple[str, ...]]
"""A topic record as documents carry it: id, label, keywords."""


def _member(extraction: dict[str, Any]) -> tuple[Member, list[Variant]]:
    """A document's entry in `members` and its topics."""
    people = [person_row(load_person(p)) for p in extraction.get("people", [])]
    events = []
    for record in extraction.get("events", []):
        event = load_event(record)
        events.append(
            [
                event.id,
                event.participants,
                event.kind == "planned",
                event.date_start,
                event.date_end,
                event.documents,
            ]
        )
    statements = sum(1 for q in extraction.get("quotes", []) if not q.get("short"))
    topics = [
        (t.get("id", ""), t.get("label", ""), tuple(t.get("keywords") or ()))
        for t in extraction.get("topics", [])
    ]
    return [people, events, statements], topics


def _variant(tid: str, label: str, keywords: list[str]) -> Variant:
    return tid, label, tuple(keywords)


def _numbered(
    rows: list[dict[str, Any]],
    read: dict[str, tuple[Member, list[Variant]]],
    kept_topics: dict[str, list[int]],
    kept: list[Variant],
) -> tuple[dict[str, list[int]], list[list[Any]], dict[str, list[str]], dict[str, dict[str, Any]]]:
    """Every document's topics, in the store's order, as numbers in the list of distinct
    topic records in the order first read (a document not `read` has its topics as
    `kept_topics` numbers them in `kept`); that list; and each topic's folded labels and
    keywords (as documents have them) and whole record (as first read)."""
    numbered: dict[str, list[int]] = {}
    numbers: dict[Variant, int] = {}
    renumbered: dict[int, int] = {}  # a number in `kept`: its number now

    def number(variant: Variant) -> int:
        if variant not in numbers:
            numbers[variant] = len(numbers)
        return numbers[variant]

    # A kept list of numbers gives the same list again wherever it comes after its first
    # place (its numbers are given by then): most documents are one look-up.
    again: dict[tuple[int, ...], list[int]] = {}
    for row in rows:
        doc = row.get("id", "")
        found = read.get(doc)
        if found is None:
            old = kept_topics[doc]
            key = tuple(old)
            topics = again.get(key)
            if topics is None:
                topics = []
                for n in old:
                    if n not in renumbered:
                        renumbered[n] = number(kept[n])
                    topics.append(renumbered[n])
                topics = again[key] = old if topics == old else topics
            numbered[doc] = topics
        else:
            numbered[doc] = [number(variant) for variant in found[1]]
    search: dict[str, list[str]] = {}
    topic_records: dict[str, dict[str, Any]] = {}
    for tid, label, keywords in numbers:  # in the order first read, as documents are
        known = search.setdefault(tid, [])
        if _topic_search(label, keywords) not in known:
            known.append(_topic_search(label, keywords))
        if tid not in topic_records:
            topic_records[tid] = _whole_topic({"id": tid, "label": label, "keywords": list(keywords)})
    variants = [[tid, label, list(keywords)] for tid, label, keywords in numbers]
    return numbered, variants, search, topic_records


def _entry(extraction: dict[str, Any]) -> dict[str, Any]:
    """What the index keeps of one document's records (as the SQLite store's `doc_people`,
    `doc_events`, `doc_quotes` and `doc_topics` rows, but for the quotes' folded texts,
    kept apart)."""
    return {
        "people": [p["id"] for p in extraction.get("people", [])],
        "events": [
            [e["id"], e.get("date_start"), e.get("date_end"), e.get("date_partial")]
            for e in extraction.get("events", [])
        ],
        "quotes": [q["id"] for q in extraction.get("quotes", [])],
        "topics": [t.get("id", "") for t in extraction.get("topics", [])],
    }


def kept_counts(row: Any, documents: Iterable[dict[str, Any]]) -> tuple[int, int, int, int] | None:
    """The counts a `merges` row keeps, if it was worked out from these documents."""
    try:
        if row["digest"] != digest(documents):
            return None
        first, second, third, fourth = (int(n) for n in row["counts"])
    except (KeyError, TypeError, ValueError):
        return None
    return first, second, third, fourth


def kept(row: Any, documents: Iterable[dict[str, Any]]) -> tuple[Merged, tuple[int, int, int, int]] | None:
    """The merges and counts a `merges` row keeps, if it is well formed and was worked
    out from exactly these documents (else None: merge as you read)."""
    counts = kept_counts(row, documents)
    if counts is None:
        return None
    try:
        with paused_gc():
            # Packed; a format 1 file's row keeps them as objects.
            decided = orjson.loads(row["merges"]) if "merges" in row else row
            person_map, event_map, people = decided["person_map"], decided["event_map"], decided["people"]
            if not all(isinstance(m, dict) for m in (person_map, event_map, people)):
                return None
            loaded = {pid: load_person(record) for pid, record in people.items()}
            # Kept by this version on; an older file's readers look topics up as before.
            kept_topics = decided.get("topics", {})
            if not (isinstance(kept_topics, dict) and all(isinstance(t, dict) for t in kept_topics.values())):
                return None
            topics = {tid: Topic(**record) for tid, record in kept_topics.items()}
    except (KeyError, TypeError, ValueError):  # orjson.JSONDecodeError is a ValueError
        return None
    merged = Merged(person_map=dict(person_map), event_map=dict(event_map), people=loaded, topics=topics)
    return merged, counts


def _whole_topic(topic: dict[str, Any]) -> dict[str, Any]:
    """A topic's record with its keywords (the lexicon's, when the record has none)."""
    label = topic.get("label", "")
    keywords = topic.get("keywords") or _lexicon_keywords(label)
    return {"id": topic.get("id", ""), "label": label, "keywords": list(keywords)}


@lru_cache(maxsize=4096)
def _lexicon_keywords(label: str) -> tuple[str, ...]:
    from diplotui.extract.topics import topic_record

    return tuple(topic_record(label).keywords)


@lru_cache(maxsize=4096)
def _topic_search(label: str, keywords: tuple[str, ...]) -> str:
    """A topic's label and keywords (the lexicon's, when the record has none), folded: the
    same few topics recur in every document."""
    return fold(" ".join([label, *(keywords or _lexicon_keywords(label))]))


class MalformedIndex(Exception):
    """The kept index is not what `work_out` writes (the file was edited): read everything."""


class Narrowing:
    """The documents a query term can concern, worked out from the kept index and merges
    as the SQLite store works them out from its tables (`sqlstore._BASE`, `_HOLDING` and
    `_CLOSED`): a superset of what the term selects, closed over every report of the
    merged events it reaches.

    Raises (from each method):
        MalformedIndex: The kept index cannot be read.
    """

    def __init__(self, documents: list[dict[str, Any]], merged: Merged, index: Any) -> None:
        self.documents = documents
        self.merged = merged
        self._packed = index if isinstance(index, dict) else {}
        self._parts: dict[str, dict[str, Any]] = {}
        self._pairs: dict[str, list[tuple[str, Any]]] = {}

    def part(self, name: str) -> dict[str, Any]:
        """One part of the kept index (people, topics, records or quoted), unpacked
        when a query first needs it."""
        if name not in self._parts:
            try:
                with paused_gc():
                    part = orjson.loads(self._packed.get(name, ""))
            except (orjson.JSONDecodeError, TypeError):
                part = None
            if not isinstance(part, dict):
                raise MalformedIndex
            self._parts[name] = part
        return self._parts[name]

    def _entries(self, name: str = "records") -> list[tuple[str, Any]]:
        """Each document's id and entry in a part of the index, in the store's order."""
        if name not in self._pairs:
            entries = self.part(name)
            try:
                self._pairs[name] = [(d["id"], entries[d["id"]]) for d in self.documents]
            except (KeyError, TypeError) as exc:
                raise MalformedIndex from exc
        return self._pairs[name]

    def base(self, field: str, value: str, low: str | None, high: str | None) -> set[str] | None:
        """The documents a positive term on `field` can concern (None: a field not indexed)."""
        try:
            if field in ("person", "speaker"):
                people = self.part("people").items()
                return self._naming({pid for pid, search in people if pid == value or value in search})
            if field == "doc":
                return {
                    d["id"]
                    for d in self.documents
                    if value in fold(f"{d['id']} {d.get('path', '')} {d.get('title', '')}")
                }
            if field == "topic":
                named = {
                    tid
                    for tid, searches in self.part("topics").items()
                    if tid == value or any(value in search for search in searches)
                }
                found = {doc for doc, entry in self._entries() if any(t in named for t in entry["topics"])}
                quoted = self._entries("quoted")
                return found | {doc for doc, quotes in quoted if any(value in q for q in quotes)}
            if field == "date" and low is not None and high is not None:
                return self._dated(low, high)
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedIndex from exc
        return None

    def holding(self, ids: set[str]) -> set[str]:
        """The documents holding any of these records (as `sqlstore._HOLDING`)."""
        event_map = self.merged.event_map
        try:
            found = {
                doc
                for doc, entry in self._entries()
                if doc in ids
                or any(e[0] in ids or event_map.get(e[0]) in ids for e in entry["events"])
                or any(q in ids for q in entry["quotes"])
            }
        except (KeyError, TypeError, IndexError) as exc:
            raise MalformedIndex from exc
        return found | self._naming(ids)

    def closed(self, base: set[str]) -> set[str]:
        """`base` and every document reporting a merged event one of it reports."""
        event_map = self.merged.event_map
        try:
            entries = self._entries()
            # The merged events `base` reports, then every per-document event of those.
            reported = {
                event_map.get(e[0], e[0]) for doc, entry in entries if doc in base for e in entry["events"]
            }
            reports = reported | {eid for eid, merged in event_map.items() if merged in reported}
            return base | {
                doc
                for doc, entry in entries
                if entry["events"] and not reports.isdisjoint(e[0] for e in entry["events"])
            }
        except (KeyError, TypeError, IndexError) as exc:
            raise MalformedIndex from exc

    def _naming(self, merged_ids: set[str]) -> set[str]:
        """The documents naming one of these people (merged ids) or a person merged into one."""
        # The people as documents name them who are, merged, one of these.
        named = merged_ids | {pid for pid, merged in self.merged.person_map.items() if merged in merged_ids}
        try:
            return {doc for doc, entry in self._entries() if not named.isdisjoint(entry["people"])}
        except (KeyError, TypeError) as exc:
            raise MalformedIndex from exc

    def undated(self) -> set[str]:
        """The documents reporting a merged event one of whose reports has no date at all
        (with every report of each: only such an event can be undated once merged)."""
        try:
            base = {
                doc
                for doc, entry in self._entries()
                if any(e[1] is None and e[3] is None for e in entry["events"])
            }
        except (KeyError, TypeError, IndexError) as exc:
            raise MalformedIndex from exc
        return self.closed(base)

    def first_events(self, count: int, ties: int) -> tuple[set[str], str] | None:
        """The reports dated up to the day of the `count`th first (as
        `sqlstore._FIRST_EVENTS`), and that day; None when there are none or more than
        `ties` times `count` of them."""
        try:
            events = [e for _, entry in self._entries() for e in entry["events"]]
            dated = [(e[1], e[0]) for e in events if e[1] is not None]
        except (KeyError, TypeError, IndexError) as exc:
            raise MalformedIndex from exc
        if not dated:
            return None
        day = heapq.nsmallest(count, (start for start, _ in dated))[-1]
        found = {eid for start, eid in dated if start <= day}
        return (found, day) if len(found) <= count * ties else None

    def event_dates(self) -> list[tuple[str, str | None, int]]:
        """How many merged events have each pair of dates, each dated as its report with
        the shortest span (as `sqlstore._EVENT_DATES`), undated ones left out."""
        event_map = self.merged.event_map
        best: dict[str, tuple[int, str, str | None]] = {}  # (the first report of the least span)
        try:
            for _, entry in self._entries():
                for eid, start, end, _ in entry["events"]:
                    if start is None:
                        continue
                    span = (date.fromisoformat(end or start) - date.fromisoformat(start)).days
                    merged = event_map.get(eid, eid)
                    if merged not in best or span < best[merged][0]:
                        best[merged] = (span, start, end)
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedIndex from exc
        counted = Counter((start, end) for _, start, end in best.values())
        return [(start, end, n) for (start, end), n in counted.items()]

    def _dated(self, low: str, high: str) -> set[str]:
        found: set[str] = set()
        for document, (doc, entry) in zip(self.documents, self._entries(), strict=True):
            published = document.get("published")
            if published is not None and low <= published <= high:
                found.add(doc)
                continue
            for _, start, end, partial in entry["events"]:
                last = end or start
                if partial is not None or (start is not None and start <= high and last >= low):
                    found.add(doc)
                    break
        return found
