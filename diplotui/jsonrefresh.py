"""Keeps a JSON store's kept merges in step with its documents a change at a time.

Working the cross-document merges out from every document (`jsonmerges.work_out`) is
most of a small commit's time on a large store: re-ingesting one changed file into a
store of 50,000 documents read and merged all 50,000 again. The file therefore also keeps
what the merges are worked out from (their state: an entry at the end of its contents
that readers never parse, whose place the kept row gives), so that a commit reads only
the documents it changed:

- `members`: each document's people and events as the merges read them (a person's
  record; an event's id, participants, planned-ness, dates and documents) and its count
  of statements, kept packed (one JSON text per document, `Members`): a commit parses
  only the documents it changed and those that name someone or something the change
  reaches, found by their ids in the texts;
- `topics`: each document's topics, as numbers in a list of the distinct topic records
  (`variants`);
- `names`: each person's name as first read, with its identity key (a one-word name,
  which may join a full name) or the alias keys it is known by (a full name);
- `totals`: how many events and statements the documents hold.

After a small change `refresh` works out again only what the changed documents can reach,
as the SQLite store does (`diplotui.sqlmerge`): the people they name, the one-word names
whose fit may have changed, the merged people those make up, and the events that share a
pair of principal participants (and planned-ness) with their events, as they were or are.
Both ways give the same row; a property test holds them to it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from diplotui.extract.patterns import alternation
from diplotui.merged import clusters, combine_people, merge_key, unique
from diplotui.model import Person, folded_names, to_dict

PersonRow = list[Any]
"""A person's record as the merges read it: id, name, aliases, title, country, documents
and rules."""
EventRow = list[Any]
"""An event as the merges read it: id, participants, whether planned, first and last day,
documents."""
Member = list[Any]
"""A document's entry in `members`: its people, events and count of statements, at these
places:"""
PEOPLE, EVENTS, STATEMENTS = range(3)


class Members:
    """Each document's entry in `members`, in the store's order: as the state keeps them
    (`packed`, a JSON text each), parsed only when asked for (`get`), and those of the
    documents a commit read, parsed already."""

    def __init__(self, packed: dict[str, str], parsed: dict[str, Member] | None = None) -> None:
        self.packed = packed
        self._parsed: dict[str, Member] = dict(parsed or {})

    def __len__(self) -> int:
        return len(self.packed)

    def docs(self) -> Iterable[str]:
        return self.packed.keys()

    def get(self, doc: str) -> Member:
        """A document's entry.

        Raises:
            KeyError: No such document.
            ValueError: Its text is not an entry as `pack` writes it.
        """
        member = self._parsed.get(doc)
        if member is None:
            member = self._parsed[doc] = unpack(self.packed[doc])
        return member

    def all(self) -> Iterator[Member]:
        """Every document's entry, in the store's order."""
        return (self.get(doc) for doc in self.packed)

    def naming(self, ids: Iterable[str], nobody: bool = False) -> Iterator[tuple[str, Member]]:
        """The documents and their entries, in the store's order, whose text holds one of
        these ids (people's or events') as a JSON string, or (with `nobody`) an event
        that names no one: every entry that names one of them, and maybe a few that do
        not (the caller checks each row)."""
        pattern = _naming_pattern(frozenset(ids), nobody)
        if pattern is None:
            return
        search = pattern.search
        for doc, text in self.packed.items():
            if search(text):
                yield doc, self.get(doc)


def pack(member: Member) -> str:
    """A document's entry as the state keeps it."""
    return orjson.dumps(member).decode()


def unpack(text: str) -> Member:
    """A document's entry from its text in the state.

    Raises:
        ValueError: The text is not an entry as `pack` writes it.
    """
    member = orjson.loads(text)
    if not (
        isinstance(member, list)
        and len(member) == 3
        and isinstance(member[PEOPLE], list)
        and isinstance(member[EVENTS], list)
        and isinstance(member[STATEMENTS], int)
    ):
        raise ValueError("not a document's entry in the merges' state")
    return member


_NOBODY = r'",\[\],(?:true|false),'
"""An event row that names no one, as `pack` writes it: the end of its id, no
participants, and whether it is planned (in a person's row, what follows a name and no
aliases is a title: a string or null)."""


def _naming_pattern(ids: frozenset[str], nobody: bool) -> re.Pattern[str] | None:
    parts = [alternation(orjson.dumps(i).decode() for i in ids)] if ids else []
    if nobody:
        parts.append(_NOBODY)
    return re.compile("|".join(parts)) if parts else None


def person_row(person: Person) -> PersonRow:
    return [
        person.id,
        person.name,
        person.aliases,
        person.title,
        person.country,
        person.documents,
        person.rules,
    ]


def person_of(row: PersonRow) -> Person:
    """The person of a row (sharing its lists: the merges make new ones, never change these)."""
    pid, name, aliases, title, country, documents, rules = row
    return Person(pid, name, aliases, title, country, documents, rules)


def name_entry(name: str) -> list[Any]:
    """What `names` keeps of a person's first name: the name, its identity key if it is one
    word (it may join the one full name that has it as an alias key), else its alias keys."""
    from diplotui.extract.merge import alias_keys, is_full_name, person_key

    if is_full_name(name):
        return [name, None, sorted(alias_keys(name))]
    return [name, person_key(name), []]


def event_key(row: EventRow, person_map: dict[str, str]) -> tuple[frozenset[str], bool]:
    """An event's `merged.merge_key`, its participants as `person_map` merges them."""
    return merge_key(unique(person_map.get(p, p) for p in row[1]), bool(row[2]))


class Decisions:
    """What the merges decided, as a kept row holds it, for `refresh` to bring in step:
    the maps of per-document ids that joined another record, the merged people of more
    than one record (as dicts), each merged person's folded names (the index), and
    `names`."""

    def __init__(
        self,
        person_map: dict[str, str],
        event_map: dict[str, str],
        people: dict[str, Any],
        search: dict[str, str],
        names: dict[str, list[Any]],
    ) -> None:
        self.person_map = person_map
        self.event_map = event_map
        self.people = people
        self.search = search
        self.names = names

    def refresh(self, old: Members, new: Members, unchanged: set[str]) -> None:
        """Bring the decisions in step with the documents `new` (in the store's order),
        from those of the documents `old`; `unchanged` are the documents of both whose
        entries are the same.

        Raises:
            ValueError: A kept entry that is read is not one (`Members.get`).
        """
        gone = [old.get(doc) for doc in old.docs() if doc not in unchanged]
        came = [new.get(doc) for doc in new.docs() if doc not in unchanged]
        touched = {p[0] for member in gone + came for p in member[PEOPLE]}
        touched_events = {e[0] for member in gone + came for e in member[EVENTS]}
        old_map = dict(self.person_map)
        remapped = self._refresh_people(new, touched)
        self._refresh_events(new, gone, unchanged, touched_events, remapped, old_map)

    def _refresh_people(self, new: Members, touched: set[str]) -> set[str]:
        names, person_map = self.names, self.person_map
        records = _records_of(new, touched)
        changed_keys: set[str] = set()
        for pid in touched:
            before = names.get(pid)
            if before is not None:
                changed_keys.update(before[2])
            found = records.get(pid)
            if not found:
                names.pop(pid, None)
                continue
            if before is None or before[0] != found[0][1]:
                names[pid] = name_entry(found[0][1])
            changed_keys.update(names[pid][2])
        # One-word names whose fit may have changed: the touched ones, and those that are
        # an alias key of a touched full name (as it was or is); and the full names each
        # of their keys fits.
        deciding = touched | {
            pid for pid, entry in names.items() if entry[1] is not None and entry[1] in changed_keys
        }
        wanted = {names[pid][1] for pid in deciding if pid in names and names[pid][1] is not None}
        fits: dict[str, list[str]] = defaultdict(list)
        for pid, (_, key, aliases) in names.items():
            if key is None and not wanted.isdisjoint(aliases):
                for alias in wanted.intersection(aliases):
                    fits[alias].append(pid)
        remapped: set[str] = set()
        targets: set[str] = set()
        for pid in deciding:
            was = person_map.get(pid, pid)
            now: str | None = None
            if pid in names:
                key = names[pid][1]
                fitting = fits.get(key, []) if key is not None else []
                now = fitting[0] if len(fitting) == 1 else pid
            if was != now:
                remapped.add(pid)
                person_map.pop(pid, None)
                if now is not None and now != pid:
                    person_map[pid] = now
            targets.add(was)
            if now is not None:
                targets.add(now)
        mapped_to: dict[str, list[str]] = defaultdict(list)
        for pid, target in person_map.items():
            if target in targets:
                mapped_to[target].append(pid)
        for target in targets:
            if target in names and target not in person_map:
                mapped_to[target].append(target)
        records = _records_of(new, {pid for pids in mapped_to.values() for pid in pids})
        order = {pid: n for n, pid in enumerate(records)}  # as first read
        for target in targets:
            pids = sorted(mapped_to.get(target, []), key=order.__getitem__)
            self._set_person(target, [person_of(row) for pid in pids for row in records[pid]])
        return remapped

    def _set_person(self, target: str, group: list[Person]) -> None:
        if not group:
            self.people.pop(target, None)
            self.search.pop(target, None)
            return
        person = combine_people(target, group)
        self.search[target] = folded_names(person)
        if len(group) > 1:
            self.people[target] = to_dict(person)
        else:
            self.people.pop(target, None)

    def _refresh_events(
        self,
        new: Members,
        gone: list[Member],
        unchanged: set[str],
        touched: set[str],
        remapped: set[str],
        old_map: dict[str, str],
    ) -> None:
        event_map, person_map = self.event_map, self.person_map
        affected = set(touched)
        if remapped:
            affected.update(
                row[0]
                for _, member in new.naming(remapped)
                for row in member[EVENTS]
                if not remapped.isdisjoint(row[1])
            )
        # The keys of those events as they were (with the people as they were merged) and
        # as they are: every event of one of them is merged again.
        keys = {event_key(row, old_map) for member in gone for row in member[EVENTS]}
        for doc, member in new.naming(affected):
            for row in member[EVENTS]:
                if row[0] in affected:
                    keys.add(event_key(row, person_map))
                    if doc in unchanged:
                        keys.add(event_key(row, old_map))
        for eid in touched:
            event_map.pop(eid, None)
        # Only an event naming one of the keys' people (as documents name them) can have
        # one of the keys.
        merged = {pid for pair, _ in keys for pid in pair}
        named = merged | {pid for pid, target in person_map.items() if target in merged}
        nobody = any(not pair for pair, _ in keys)  # events naming no one share a key too
        groups: dict[tuple[frozenset[str], bool], list[EventRow]] = defaultdict(list)
        for _, member in new.naming(named, nobody):
            for row in member[EVENTS]:
                if not named.isdisjoint(row[1]) or (nobody and not row[1]):
                    key = event_key(row, person_map)
                    if key in keys:
                        groups[key].append(row)
        for group in groups.values():
            for eid, joined in clusters((r[0], r[3], r[4], r[5]) for r in group).items():
                if joined == eid:
                    event_map.pop(eid, None)
                else:
                    event_map[eid] = joined


def _records_of(members: Members, pids: set[str]) -> dict[str, list[PersonRow]]:
    """The records of the people `pids` in these documents, each person's in the order the
    whole merge reads them, people in the order first read."""
    records: dict[str, list[PersonRow]] = defaultdict(list)
    for _, member in members.naming(pids):
        for row in member[PEOPLE]:
            if row[0] in pids:
                records[row[0]].append(row)
    return records


def worked_out_whole(members: list[Member]) -> Decisions:
    """The decisions for the documents' entries `members` (in the store's order), from all
    of them."""
    from diplotui.extract.merge import merge_people

    people = [person_of(row) for member in members for row in member[PEOPLE]]
    merged_people, mapping = merge_people(people)
    person_map = {pid: merged for pid, merged in mapping.items() if pid != merged}
    groups: dict[tuple[frozenset[str], bool], list[EventRow]] = defaultdict(list)
    for member in members:
        for row in member[EVENTS]:
            groups[event_key(row, person_map)].append(row)
    event_map = {
        eid: merged
        for group in groups.values()
        for eid, merged in clusters((r[0], r[3], r[4], r[5]) for r in group).items()
        if eid != merged
    }
    count: dict[str, int] = defaultdict(int)
    names: dict[str, list[Any]] = {}
    for person in people:
        count[mapping[person.id]] += 1
        if person.id not in names:
            names[person.id] = name_entry(person.name)
    several = [p for p in merged_people if count[p.id] > 1]
    # One serialisation for all of them (one each took seconds at 50,000 documents).
    combined = dict(zip([p.id for p in several], to_dict(several), strict=True))
    search = {p.id: folded_names(p) for p in merged_people}
    return Decisions(person_map, event_map, combined, search, names)


def totals(members: Iterable[Member]) -> list[int]:
    """How many events and statements these entries hold (the state's `totals`)."""
    events = statements = 0
    for member in members:
        events += len(member[EVENTS])
        statements += member[STATEMENTS]
    return [events, statements]


def counts(documents: int, totals: list[int], decisions: Decisions) -> list[int]:
    """The counts `ingest` prints: documents, merged events, merged people, statements."""
    return [
        documents,
        totals[0] - len(decisions.event_map),
        len(decisions.names) - len(decisions.person_map),
        totals[1],
    ]
