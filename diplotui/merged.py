"""Provides what the cross-document merges decided, as a store keeps it, and how one
merged record is made from its parts.

The decisions themselves (`diplotui.extract.merge`) need the extraction package; making
the merged records again from kept decisions does not, so a reader of an indexed store
(`search person:X`) loads only this.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from diplotui.dates import ResolvedDate
from diplotui.model import Event, Person, Topic


@dataclass
class Merged:
    """What the cross-document merges decided, as a store keeps it (worked out at ingest,
    so readers need not decide again): per-document ids that joined another record, and
    the merged people. Ids not in a map stand for themselves."""

    person_map: dict[str, str] = field(default_factory=dict)
    event_map: dict[str, str] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    """Topics with their keywords (a stored topic of the lexicon has none of its own)."""


def unique(items: Any) -> list[str]:
    """The items in order, each once."""
    return list(dict.fromkeys(items))


def dates_compatible(a: ResolvedDate, b: ResolvedDate) -> bool:
    """Whether two dates could be the same event's (overlapping, or one unknown)."""
    return days_compatible(a.start, a.end, b.start, b.end)


def days_compatible(
    start: str | None, end: str | None, other_start: str | None, other_end: str | None
) -> bool:
    """Whether two spans of days (ISO dates, None when unknown) could be the same event's."""
    if start is None or other_start is None or end is None or other_end is None:
        return True
    return start <= other_end and other_start <= end


def merge_key(participants: list[str], planned: bool) -> tuple[frozenset[str], bool]:
    """What reports must share to be one merged event: their first two participants (as
    merged people) and whether they are planned; `clusters` decides within each key."""
    return frozenset(participants[:2]), planned


def clusters(reports: Iterable[tuple[str, str | None, str | None, Iterable[str]]]) -> dict[str, str]:
    """Which merged event each report joins (by id), among reports of one pair of
    principal participants and planned-ness, each given as its id, first and last day, and
    documents: in order of id, a report joins the first merged event that holds no report
    from its documents and whose every report's dates overlap its own (or one is unknown);
    the merged event takes its first report's id."""
    found: list[tuple[str, set[str], list[tuple[str | None, str | None]]]] = []
    joined: dict[str, str] = {}
    for eid, start, end, documents in sorted(reports, key=lambda r: r[0]):
        own = set(documents)
        for first, seen, dates in found:
            if own & seen:
                continue
            if all(days_compatible(s, e, start, end) for s, e in dates):
                seen.update(own)
                dates.append((start, end))
                joined[eid] = first
                break
        else:
            found.append((eid, own, [(start, end)]))
            joined[eid] = eid
    return joined


def combine_people(pid: str, group: list[Person]) -> Person:
    """One person from the per-document records that are them (in the order read)."""
    if len(group) == 1:
        return group[0]  # named in one document only: nothing to merge
    names = Counter(p.name for p in group)
    name = max(names, key=lambda n: (len(n.split()), names[n], n))
    titles = [p.title for p in group if p.title]
    countries = Counter(p.country for p in group if p.country)
    aliases = sorted({a for p in group for a in [*p.aliases, p.name]} - {name})
    return Person(
        id=pid,
        name=name,
        aliases=aliases,
        title=max(titles, key=lambda t: (titles.count(t), len(t))) if titles else None,
        country=max(countries, key=lambda c: (countries[c], c)) if countries else None,
        documents=sorted({d for p in group for d in p.documents}),
        rules=unique(r for p in group for r in p.rules),
    )


def regroup_events(events: list[Event], mapping: dict[str, str]) -> list[Event]:
    """The merged events `merge_events_across` gave, from its mapping (kept in the store)
    instead of from its decisions again: each event joins the one its id maps to. Given
    every member of a merged event, the result is the same merged event."""
    return [combine_events(cluster) for cluster in event_clusters(events, mapping).values()]


def event_clusters(events: list[Event], mapping: dict[str, str]) -> dict[str, list[Event]]:
    """The reports of each merged event, by its id (each id `mapping` maps to, or its
    own), in the order of their ids."""
    clusters: dict[str, list[Event]] = {}
    for event in events:
        clusters.setdefault(mapping.get(event.id, event.id), []).append(event)
    for cluster in clusters.values():
        if len(cluster) > 1:
            cluster.sort(key=lambda e: e.id)
    return clusters


def combine_events(cluster: list[Event]) -> Event:
    """One event from the reports of it (in the order of their ids): the first one's id
    and kind, the best date, the first place, and everyone's participants and evidence."""
    first = cluster[0]
    best = (
        first
        if len(cluster) == 1
        else max(
            cluster,
            key=lambda e: (
                bool(e.date_text),
                e.date_start is not None,
                -as_date(e).span_days,
                e.id,
            ),
        )
    )
    return Event(
        id=first.id,
        kind=first.kind,
        title=first.title,
        date_start=best.date_start,
        date_end=best.date_end,
        date_text=best.date_text,
        date_precision=best.date_precision,
        date_note=best.date_note,
        date_partial=best.date_partial,
        place=next((e.place for e in cluster if e.place), None),
        participants=unique(p for e in cluster for p in e.participants),
        topics=unique(t for e in cluster for t in e.topics),
        documents=unique(d for e in cluster for d in e.documents),
        evidence=[s for e in cluster for s in e.evidence],
        rules=unique(r for e in cluster for r in e.rules),
    )


def as_date(event: Event) -> ResolvedDate:
    return ResolvedDate(
        event.date_start, event.date_end, event.date_precision, event.date_text, event.date_note
    )
