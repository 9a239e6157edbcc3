"""Keeps a TinyDB store's cross-document merges, and narrows queries with them.

A JSON store is parsed whole by every command; what it need not do again is decide which
per-document people are one person and which reports are one event. The commit that
changes documents works that out once (`work_out`) and keeps it in the file's `merges`
table, with the counts `ingest` prints and a digest of the documents it was worked out
from. A reader then builds only the documents a query concerns (`Narrowing`, the same
choice the SQLite store makes in SQL), and a whole read skips the merge.

A file whose documents no longer match the digest (an older diplotui changed it) is read
as before: the reader merges as it reads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from diplotui.merged import Merged
from diplotui.model import Event, Person, fold, load_event, load_person, paused_gc, stable_id, to_dict

MERGES_TABLE = "merges"


def digest(documents: Iterable[dict[str, Any]]) -> str:
    """What the merges were worked out from: each document's id and fingerprint (which
    holds the extractor's version)."""
    return stable_id("m", *sorted(f"{d.get('id', '')}:{d.get('fingerprint', '')}" for d in documents))


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


def work_out(documents: list[dict[str, Any]]) -> dict[str, Any]:
    """The `merges` row for these documents: the maps of per-document ids that joined
    another record, the merged people made of more than one record, and the counts."""
    people, merged_people, merged_events, merged, statements = merge_records(documents)
    members = Counter(merged.person_map.get(p.id, p.id) for p in people)
    several = [p for p in merged_people if members[p.id] > 1]
    # One serialisation for all of them (one each took seconds at 50,000 documents).
    combined = dict(zip([p.id for p in several], to_dict(several), strict=True))
    return {
        "digest": digest(documents),
        "person_map": merged.person_map,
        "event_map": merged.event_map,
        "people": combined,
        "counts": [len(documents), len(merged_events), len(merged_people), statements],
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
        person_map, event_map, people = row["person_map"], row["event_map"], row["people"]
        if not all(isinstance(m, dict) for m in (person_map, event_map, people)):
            return None
        with paused_gc():
            loaded = {pid: load_person(record) for pid, record in people.items()}
    except (KeyError, TypeError, ValueError):
        return None
    merged = Merged(person_map=dict(person_map), event_map=dict(event_map), people=loaded)
    return merged, counts


class Narrowing:
    """The documents a query term can concern, worked out from the parsed records and the
    kept merges as the SQLite store works them out from its indexes (`sqlstore._BASE`,
    `_HOLDING` and `_CLOSED`): a superset of what the term selects, closed over every
    report of the merged events it reaches."""

    def __init__(self, documents: list[dict[str, Any]], merged: Merged) -> None:
        self.documents = documents
        self.merged = merged
        self._people: dict[str, str] | None = None

    def _extraction(self, document: dict[str, Any]) -> dict[str, Any]:
        return document.get("extraction") or {}

    def people_search(self) -> dict[str, str]:
        """Each merged person's id and names, folded (as the SQLite `people` table)."""
        if self._people is None:
            found: dict[str, str] = {}
            person_map, combined = self.merged.person_map, self.merged.people
            for document in self.documents:
                for person in self._extraction(document).get("people", []):
                    pid = person_map.get(person["id"], person["id"])
                    if pid not in found:
                        whole = combined.get(pid)
                        if whole is not None:
                            names = [whole.name, *whole.aliases]
                        else:
                            names = [person["name"], *person.get("aliases", [])]
                        found[pid] = fold(" ".join(names))
            self._people = found
        return self._people

    def base(self, field: str, value: str, low: str | None, high: str | None) -> set[str] | None:
        """The documents a positive term on `field` can concern (None: a field not indexed)."""
        if field in ("person", "speaker"):
            named = {pid for pid, search in self.people_search().items() if pid == value or value in search}
            return self._naming(named)
        if field == "doc":
            return {
                d["id"]
                for d in self.documents
                if value in fold(f"{d['id']} {d.get('path', '')} {d.get('title', '')}")
            }
        if field == "topic":
            return self._topic(value)
        if field == "date" and low is not None and high is not None:
            return self._dated(low, high)
        return None

    def holding(self, ids: set[str]) -> set[str]:
        """The documents holding any of these records (as `sqlstore._HOLDING`)."""
        event_map = self.merged.event_map
        found: set[str] = set()
        for document in self.documents:
            extraction = self._extraction(document)
            if (
                document["id"] in ids
                or any(e["id"] in ids or event_map.get(e["id"]) in ids for e in extraction.get("events", []))
                or any(q["id"] in ids for q in extraction.get("quotes", []))
            ):
                found.add(document["id"])
        return found | self._naming(ids)

    def closed(self, base: set[str]) -> set[str]:
        """`base` and every document reporting a merged event one of it reports."""
        event_map = self.merged.event_map
        reported = {
            event_map.get(e["id"], e["id"])
            for d in self.documents
            if d["id"] in base
            for e in self._extraction(d).get("events", [])
        }
        return base | {
            d["id"]
            for d in self.documents
            if any(event_map.get(e["id"], e["id"]) in reported for e in self._extraction(d).get("events", []))
        }

    def _naming(self, merged_ids: set[str]) -> set[str]:
        """The documents naming one of these people (merged ids) or a person merged into one."""
        person_map = self.merged.person_map
        return {
            d["id"]
            for d in self.documents
            if any(
                p["id"] in merged_ids or person_map.get(p["id"]) in merged_ids
                for p in self._extraction(d).get("people", [])
            )
        }

    def _topic(self, value: str) -> set[str]:
        from diplotui.extract.topics import topic_record

        named: set[str] = set()
        for document in self.documents:
            for topic in self._extraction(document).get("topics", []):
                keywords = topic.get("keywords") or topic_record(topic.get("label", "")).keywords
                if topic.get("id") == value or value in fold(" ".join([topic.get("label", ""), *keywords])):
                    named.add(topic.get("id", ""))
        return {
            d["id"]
            for d in self.documents
            if any(t.get("id") in named for t in self._extraction(d).get("topics", []))
            or any(value in fold(q["text"]) for q in self._extraction(d).get("quotes", []))
        }

    def _dated(self, low: str, high: str) -> set[str]:
        found: set[str] = set()
        for document in self.documents:
            published = document.get("published")
            if published is not None and low <= published <= high:
                found.add(document["id"])
                continue
            for event in self._extraction(document).get("events", []):
                start = event.get("date_start")
                end = event.get("date_end") or start
                if event.get("date_partial") is not None or (
                    start is not None and start <= high and end is not None and end >= low
                ):
                    found.add(document["id"])
                    break
        return found
