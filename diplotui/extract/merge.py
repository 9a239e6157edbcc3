"""Provides the one place where two mentions are found to be the same thing.

- The same person within a document ("Putin" and "Vladimir Putin") and across documents
  ("Lavrov" in one and "Sergey Lavrov" in another; one identity key however spelt).
- The same event within a document (the sentences, the headline, the transcript and
  the captions that report one meeting) and across documents (the same people on
  overlapping dates, reported by two outlets).

Extraction calls the within-document merges; the query layer calls the cross-document
ones when it builds the corpus.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING

# Imported as modules: they import this one, and their names are read at call time.
import diplotui.extract.events as events_module
import diplotui.extract.people as people_module
from diplotui.dates import ResolvedDate
from diplotui.extract.rules import ALL_ON, Switches, add_rules
from diplotui.merged import (
    Merged,
    clusters,
    combine_events,
    combine_people,
    dates_compatible,
    merge_key,
    regroup_events,
    unique,
)
from diplotui.model import Event, Person

__all__ = ["Merged", "combine_people", "dates_compatible", "regroup_events", "unique"]


def person_key(name: str) -> str:
    """The people finder's identity key of a name."""
    return people_module.person_key(name)


def alias_keys(name: str) -> set[str]:
    """The keys a full name is also known by ("lavrov" for "Sergey Lavrov")."""
    return people_module._alias_keys(name)


if TYPE_CHECKING:
    from diplotui.extract.events import RawEvent
    from diplotui.extract.people import LocalPerson, Mention


# -- people, within one document -------------------------------------------------------


def merge_short_names(people: dict[str, LocalPerson], mentions: list[Mention]) -> None:
    """Fold "Putin" into "Vladimir Putin" when one document names both (within a
    document: the people finder calls this once its names are found)."""
    full = [p for p in people.values() if len(p.name.split()) > 1]
    for short in [p for p in people.values() if len(p.name.split()) == 1]:
        matches = [p for p in full if person_key(short.name) in alias_keys(p.name)]
        if not matches:
            # A family name written first ("Hayashi Yoshimasa" is "Hayashi").
            matches = [p for p in full if person_key(p.name.split()[0]) == person_key(short.name)]
        if len(matches) != 1:
            continue
        target = matches[0]
        if short.title and (target.title is None or len(short.title) > len(target.title)):
            target.title = short.title
        target.country = target.country or short.country
        target.first = min(target.first, short.first)
        add_rules(target.rules, *short.rules, people_module.PERSON_SHORT_NAME)
        for mention in mentions:
            if mention.person == short.key:
                mention.person = target.key
        del people[short.key]


# -- events, within one document ----------------------------------------------------------


def append_event(events: list[RawEvent], event: RawEvent, switches: Switches = ALL_ON) -> None:
    """Append `event`, or fold it into the last one when it reports the same (everything
    but the sentence alike): what `merge_events` would do with the two, done as they are
    found, so a text repeating one meeting thousands of times keeps one record of it.

    Events that transcripts and groups are matched against are always kept apart.
    """
    last = events[-1] if events else None
    if (
        last is not None
        and switches.on(events_module.MERGED)
        and last.rules == event.rules
        and not _kept_apart(event)
        and last.kind == event.kind
        and last.principals == event.principals
        and last.extras == event.extras
        and last.place == event.place
        and last.date == event.date
        and last.planned == event.planned
        and last.country == event.country
    ):
        _absorb(last, event)
    else:
        events.append(event)


def _kept_apart(event: RawEvent) -> bool:
    apart = (events_module.TRANSCRIPT, events_module.HEADING, events_module.GROUP, events_module.TOGETHER)
    return any(rule in event.rules for rule in apart)


def merge_events(events: list[RawEvent], switches: Switches = ALL_ON) -> list[RawEvent]:
    """Merge reports of the same event: same principals and compatible dates.

    The most specific date wins ("today" inside "Feb. 21-22"); evidence, extra
    participants and the place are pooled.
    """
    if not switches.on(events_module.MERGED):
        return list(events)
    merged: list[RawEvent] = []
    by_key: dict[tuple[frozenset[str], bool, bool], list[RawEvent]] = {}
    # A transcript's meeting is the one the narrative reports with the same people (or
    # more: the narrative names delegations the turns do not).
    groups = [e for e in events if events_module.TOGETHER in e.rules]
    transcripts = [
        e
        for e in events
        if events_module.TRANSCRIPT in e.rules
        or events_module.HEADING in e.rules
        # A caption or a later sentence about two of a trilateral's members is the
        # trilateral, on the same day.
        or any(
            g is not e
            and set(e.principals) < set(g.principals)
            and g.date.start is not None
            and e.date.start is not None
            and dates_compatible(g.date, e.date)
            for g in groups
        )
    ]
    for transcript in transcripts:
        fuller = [
            other
            for other in events
            if other is not transcript
            and not other.planned
            and other.kind != "call"
            and set(transcript.principals) <= set(other.participants)
            and (
                events_module.DATE_DATELINE not in transcript.rules
                or dates_compatible(other.date, transcript.date)
            )
        ]
        if fuller:
            _absorb(fuller[0], transcript)
            events = [e for e in events if e is not transcript]
    if switches.on(events_module.SEPARATE):
        events = _split_on_evidence(events)
    for event in events:
        candidates = by_key.setdefault((frozenset(event.principals), event.planned, event.kind == "call"), [])
        for target in candidates:
            if dates_compatible(target.date, event.date):
                _absorb(target, event)
                break
        else:
            merged.append(event)
            candidates.append(event)
    # "X is due to visit the United States, where he will meet Biden": the one-person
    # visit is part of the meeting reported with it.
    for event in [e for e in merged if len(e.principals) == 1]:
        host = next(
            (
                other
                for other in merged
                if other is not event
                and event.principals[0] in other.principals
                and other.planned == event.planned
                and (event.place is None or other.place in (None, event.place))
                and set(event.evidence) & set(other.evidence)
                and dates_compatible(other.date, event.date)
            ),
            None,
        )
        if host is not None:
            _absorb(host, event)
            merged.remove(event)
    return merged


def _split_on_evidence(events: list[RawEvent]) -> list[RawEvent]:
    """ "Wang held talks with A, B and C" then "in today's meeting with A": the text
    reports the counterparts' meetings apart, so the group is one meeting per
    counterpart."""
    result: list[RawEvent] = []
    for event in events:
        if (
            events_module.GROUP in event.rules
            and events_module.TOGETHER not in event.rules
            and len(event.principals) >= 3
        ):
            subject = event.principals[0]
            apart = any(
                other is not event
                and not other.planned
                and subject in other.principals
                and len(other.principals) == 2
                and set(other.principals) < set(event.principals)
                for other in events
            )
            if apart:
                for counterpart in event.principals[1:]:
                    result.append(
                        replace(
                            event,
                            principals=[subject, counterpart],
                            extras=list(event.extras),
                            evidence=list(event.evidence),
                            rules=[r for r in event.rules if r != events_module.GROUP]
                            + [events_module.SEPARATE],
                        )
                    )
                continue
        result.append(event)
    return result


def _absorb(target: RawEvent, event: RawEvent) -> None:
    add_rules(target.rules, *event.rules, events_module.MERGED)
    if _date_rank(event.date) > _date_rank(target.date):
        # The sentence that dates the event most precisely is its first evidence.
        target.date = event.date
        theirs = set(event.evidence)
        target.evidence = event.evidence + [s for s in target.evidence if s not in theirs]
    elif len(target.evidence) < events_module.MAX_EVIDENCE:
        ours = set(target.evidence)
        target.evidence += [s for s in event.evidence if s not in ours]
    # Twenty sentences say all an event needs; a text repeating it thousands of times
    # would otherwise make every merge slower than the last.
    del target.evidence[events_module.MAX_EVIDENCE :]
    for person in event.extras:
        if person not in target.extras and person not in target.principals:
            target.extras.append(person)
    target.place = target.place or event.place
    target.country = target.country or event.country


def _date_rank(value: ResolvedDate) -> tuple[bool, bool, int]:
    """Order dates by how much they tell: stated in the text, known, then narrower."""
    return (bool(value.text), value.start is not None, -value.span_days)


# -- across documents ---------------------------------------------------------------------


def merge_people(people: list[Person]) -> tuple[list[Person], dict[str, str]]:
    """Merge per-document people into one record per person.

    Same id means same identity key already; a person known by one name only
    ("Lavrov") joins the one full name whose surname it is, when exactly one fits.
    """
    by_id: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        by_id[person.id].append(person)
    by_alias: dict[str, list[str]] = defaultdict(list)
    for pid, group in by_id.items():
        if is_full_name(group[0].name):
            for alias in alias_keys(group[0].name):
                by_alias[alias].append(pid)
    mapping: dict[str, str] = {pid: pid for pid in by_id}
    for pid, group in by_id.items():
        if not is_full_name(group[0].name):
            fits = by_alias.get(person_key(group[0].name), [])
            if len(fits) == 1:
                mapping[pid] = fits[0]
    merged_groups: dict[str, list[Person]] = defaultdict(list)
    for pid, group in by_id.items():
        merged_groups[mapping[pid]].extend(group)
    return [combine_people(pid, group) for pid, group in merged_groups.items()], mapping


def is_full_name(name: str) -> bool:
    """Whether a person's name has more than one word: others may join it by surname."""
    return len(name.split()) > 1


def merge_events_across(events: list[Event]) -> tuple[list[Event], dict[str, str]]:
    """Merge the same event reported by several documents.

    Two events are one when they have the same two principal participants, the same
    planned-ness and dates that overlap (or one is unknown) — and come from
    different documents (one document's events were merged at extraction).
    """
    groups: dict[tuple[frozenset[str], bool], list[Event]] = defaultdict(list)
    for event in events:
        groups[merge_key(event.participants, event.kind == "planned")].append(event)
    mapping: dict[str, str] = {}
    for group in groups.values():
        mapping.update(clusters((e.id, e.date_start, e.date_end, e.documents) for e in group))
    # Each merged event from its reports in order of id, in the order of its first report.
    members: dict[str, list[Event]] = defaultdict(list)
    for event in sorted(events, key=lambda e: e.id):
        members[mapping[event.id]].append(event)
    return [combine_events(cluster) for cluster in members.values()], mapping


# -- the merges as the store keeps them ---------------------------------------------------


def merge_across(people: list[Person], events: list[Event]) -> tuple[list[Person], list[Event], Merged]:
    """Both cross-document merges: people first, then events between the merged people.
    Event participants are rewritten to merged people's ids in place."""
    merged_people, person_map = merge_people(people)
    for event in events:
        event.participants = unique(person_map.get(p, p) for p in event.participants)
    merged_events, event_map = merge_events_across(events)
    merged = Merged(
        person_map={k: v for k, v in person_map.items() if k != v},
        event_map={k: v for k, v in event_map.items() if k != v},
        people={p.id: p for p in merged_people},
    )
    return merged_people, merged_events, merged
