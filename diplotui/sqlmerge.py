"""Keeps a SQLite store's cross-document merges in step with its documents.

The merges (`diplotui.extract.merge`) decide which per-document people are one person
and which per-document events are one event. The store keeps what they decided (the
`person_map`, `event_map` and `people` tables) so that readers need not decide again, and
keeps it in step at each commit:

- after a large change (a new store, an upgrade, a big ingest) by working everything out
  again (`refresh_all`);
- after a small one, by working out again only what the changed documents can reach
  (`refresh_touched`): the people they name, the people whose short name those may now
  fit or no longer fit, the merged people those belong to, and the events that share a
  pair of principal participants with their events. Both give the same tables; a
  property test holds them to it.

A decision reaches no further than that: a short name ("Okafor") joins the one full name
that has it as an alias key, a merged person is made of the records of the people mapped
to them, and two events are one only when they share their first two participants (and
planned-ness), so the events of one such key are merged apart from all others.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import orjson

from diplotui.extract.merge import (
    alias_keys,
    combine_people,
    is_full_name,
    merge_across,
    merge_events_across,
    person_key,
    unique,
)
from diplotui.merged import merge_key
from diplotui.model import Event, Person, folded_names, load_event, load_person, paused_gc
from diplotui.sqlstore import json_list

# Tables of the merges' inputs, beside the record rows (see `sqlstore._RECORDS`).
SCHEMA = [
    # Each person's name as first read (what the merge goes by) and, for a one-word name,
    # its identity key; each full name's alias keys.
    "CREATE TABLE person_names (pid TEXT PRIMARY KEY, name TEXT NOT NULL, key TEXT) WITHOUT ROWID",
    "CREATE INDEX person_names_key ON person_names (key)",
    "CREATE TABLE person_aliases (alias TEXT NOT NULL, pid TEXT NOT NULL)",
    "CREATE INDEX person_aliases_alias ON person_aliases (alias)",
    "CREATE INDEX person_aliases_pid ON person_aliases (pid)",
    # Each event's pair of principal participants (merged people) and planned-ness.
    "CREATE TABLE event_keys (eid TEXT PRIMARY KEY, key TEXT NOT NULL) WITHOUT ROWID",
    "CREATE INDEX event_keys_key ON event_keys (key)",
]

# Past this share of the store's documents, a change is merged again whole.
_WHOLE_SHARE = 0.1


def refresh(connection: sqlite3.Connection, documents: int, pids: set[str], eids: set[str]) -> None:
    """Bring the merges in step after `documents` documents came or went, naming the
    people `pids` and the events `eids` (as they were and as they are)."""
    total = int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])
    with paused_gc():
        if documents > max(200, total * _WHOLE_SHARE):
            refresh_all(connection)
        else:
            refresh_touched(connection, pids, eids)


def event_key(event: Event) -> str:
    """An event's `merged.merge_key` as the `event_keys` table keeps it (a text)."""
    pair, planned = merge_key(event.participants, event.kind == "planned")
    return "\x1f".join(sorted(pair)) + ("\x1eplanned" if planned else "")


def refresh_all(connection: sqlite3.Connection) -> None:
    """Work out every merge again from every document's people and events."""
    people = [load_person(orjson.loads(r)) for (r,) in connection.execute(_ALL_PEOPLE)]
    events = [load_event(orjson.loads(r)) for (r,) in connection.execute(_ALL_EVENTS)]
    names: dict[str, str] = {}
    for person in people:
        names.setdefault(person.id, person.name)
    _, _, merged = merge_across(people, events)  # events now name merged people
    connection.execute("DELETE FROM person_names")
    connection.executemany(
        "INSERT INTO person_names VALUES (?, ?, ?)",
        ((pid, name, None if is_full_name(name) else person_key(name)) for pid, name in names.items()),
    )
    connection.execute("DELETE FROM person_aliases")
    connection.executemany(
        "INSERT INTO person_aliases VALUES (?, ?)",
        ((alias, pid) for pid, name in names.items() if is_full_name(name) for alias in alias_keys(name)),
    )
    connection.execute("DELETE FROM event_keys")
    connection.executemany(
        "INSERT OR REPLACE INTO event_keys VALUES (?, ?)", ((e.id, event_key(e)) for e in events)
    )
    _update_rows(connection, "person_map", "pid", "merged", merged.person_map)
    _update_rows(connection, "event_map", "eid", "merged", merged.event_map)
    records = {pid: orjson.dumps(person).decode() for pid, person in merged.people.items()}
    _update_rows(
        connection, "people", "id", "record", records, lambda pid: (folded_names(merged.people[pid]),)
    )


_ALL_PEOPLE = "SELECT record FROM doc_people ORDER BY rowid"
_ALL_EVENTS = "SELECT record FROM doc_events ORDER BY rowid"


def _update_rows(
    connection: sqlite3.Connection,
    table: str,
    key: str,
    column: str,
    rows: dict[str, str],
    more: Callable[[str], tuple[str, ...]] | None = None,
) -> None:
    """Make `table` hold exactly `rows` (key to value), writing only the rows that differ
    (with the values `more` gives for its other columns)."""
    kept = dict(connection.execute(f"SELECT {key}, {column} FROM {table}"))
    gone = [(k,) for k in kept if k not in rows]
    changed = [k for k, value in rows.items() if kept.get(k) != value]
    connection.executemany(f"DELETE FROM {table} WHERE {key} = ?", gone)
    if not changed:
        return
    extra = more or (lambda _: ())
    marks = ", ".join("?" * (2 + len(extra(changed[0]))))
    statement = f"INSERT OR REPLACE INTO {table} VALUES ({marks})"
    connection.executemany(statement, [(k, rows[k], *extra(k)) for k in changed])


def _column(connection: sqlite3.Connection, statement: str, values: Iterable[str]) -> list[Any]:
    return [row[0] for row in connection.execute(statement, (json_list(values),))]


def refresh_touched(connection: sqlite3.Connection, pids: set[str], eids: set[str]) -> None:
    """Work out again the merges that the people `pids` and events `eids` can change."""
    remapped = _refresh_people(connection, pids)
    _refresh_events(connection, eids | set(_column(connection, _EVENTS_OF_PEOPLE, remapped)))


_EVENTS_BY_ID = "SELECT record FROM doc_events WHERE eid IN (SELECT value FROM json_each(?)) ORDER BY rowid"
_EVENTS_OF_PEOPLE = "SELECT DISTINCT eid FROM event_people WHERE pid IN (SELECT value FROM json_each(?))"


def _refresh_people(connection: sqlite3.Connection, pids: set[str]) -> set[str]:
    """Bring names, aliases, the person map and the merged people of `pids` in step;
    return the people whose merged person changed."""
    execute = connection.execute
    old_aliases = set(
        _column(
            connection, "SELECT alias FROM person_aliases WHERE pid IN (SELECT value FROM json_each(?))", pids
        )
    )
    present: dict[str, str] = {}
    for pid in pids:
        execute("DELETE FROM person_aliases WHERE pid = ?", (pid,))
        row = execute(
            "SELECT json_extract(record, '$.name') FROM doc_people WHERE pid = ? ORDER BY rowid LIMIT 1",
            (pid,),
        ).fetchone()
        if row is None:
            execute("DELETE FROM person_names WHERE pid = ?", (pid,))
            continue
        name = present[pid] = row[0]
        full = is_full_name(name)
        execute(
            "INSERT OR REPLACE INTO person_names VALUES (?, ?, ?)",
            (pid, name, None if full else person_key(name)),
        )
        if full:
            aliases = [(alias, pid) for alias in alias_keys(name)]
            connection.executemany("INSERT INTO person_aliases VALUES (?, ?)", aliases)
    new_aliases = {alias for pid, name in present.items() if is_full_name(name) for alias in alias_keys(name)}
    # Short names whose fit may have changed: the touched ones, and those that are an
    # alias key of a touched full name (as it was or is).
    singles = dict(
        execute(
            "SELECT pid, key FROM person_names WHERE key IN (SELECT value FROM json_each(?))"
            " OR (key IS NOT NULL AND pid IN (SELECT value FROM json_each(?)))",
            (json_list(old_aliases | new_aliases), json_list(pids)),
        ).fetchall()
    )
    deciding = pids | set(singles)
    old_target = dict(
        execute(
            "SELECT pid, merged FROM person_map WHERE pid IN (SELECT value FROM json_each(?))",
            (json_list(deciding),),
        ).fetchall()
    )
    new_target: dict[str, str] = {}
    for pid, key in singles.items():
        fits = [row[0] for row in execute("SELECT DISTINCT pid FROM person_aliases WHERE alias = ?", (key,))]
        if len(fits) == 1:
            new_target[pid] = fits[0]
    remapped: set[str] = set()
    targets: set[str] = set()
    for pid in deciding:
        was = old_target.get(pid, pid)
        alive = pid in present or pid in singles
        now = new_target.get(pid, pid) if alive else None
        if was != now:
            remapped.add(pid)
            execute("DELETE FROM person_map WHERE pid = ?", (pid,))
            if now is not None and now != pid:
                execute("INSERT INTO person_map VALUES (?, ?)", (pid, now))
        targets.add(was)
        if now is not None:
            targets.add(now)
    for target in targets:
        _refresh_person(connection, target)
    return remapped


def _refresh_person(connection: sqlite3.Connection, target: str) -> None:
    """Make the merged person `target` again from the records of the people mapped to it
    (in the order the full merge reads them)."""
    execute = connection.execute
    members = [row[0] for row in execute("SELECT pid FROM person_map WHERE merged = ?", (target,))]
    alone = execute("SELECT 1 FROM person_names WHERE pid = ?", (target,)).fetchone()
    mapped_away = execute("SELECT 1 FROM person_map WHERE pid = ?", (target,)).fetchone()
    if alone and not mapped_away:
        members.append(target)
    rows = execute(
        "SELECT pid, record FROM doc_people WHERE pid IN (SELECT value FROM json_each(?)) ORDER BY rowid",
        (json_list(members),),
    ).fetchall()
    if not rows:
        execute("DELETE FROM people WHERE id = ?", (target,))
        return
    by_pid: dict[str, list[Person]] = defaultdict(list)
    for pid, record in rows:
        by_pid[pid].append(load_person(orjson.loads(record)))
    person = combine_people(target, [p for group in by_pid.values() for p in group])
    execute(
        "INSERT OR REPLACE INTO people VALUES (?, ?, ?)",
        (target, orjson.dumps(person).decode(), folded_names(person)),
    )


def _refresh_events(connection: sqlite3.Connection, eids: set[str]) -> None:
    """Merge again the events that share a key with `eids` (as it was or is)."""
    execute = connection.execute
    keys = set(
        _column(connection, "SELECT key FROM event_keys WHERE eid IN (SELECT value FROM json_each(?))", eids)
    )
    events = _events(connection, _EVENTS_BY_ID, eids)
    execute("DELETE FROM event_keys WHERE eid IN (SELECT value FROM json_each(?))", (json_list(eids),))
    execute("DELETE FROM event_map WHERE eid IN (SELECT value FROM json_each(?))", (json_list(eids),))
    for event in events:
        key = event_key(event)
        keys.add(key)
        execute("INSERT OR REPLACE INTO event_keys VALUES (?, ?)", (event.id, key))
    for key in keys:
        members = [row[0] for row in execute("SELECT eid FROM event_keys WHERE key = ?", (key,))]
        grouped = _events(connection, _EVENTS_BY_ID, members)
        _, mapping = merge_events_across(grouped)
        execute("DELETE FROM event_map WHERE eid IN (SELECT value FROM json_each(?))", (json_list(members),))
        connection.executemany(
            "INSERT OR REPLACE INTO event_map VALUES (?, ?)", [(k, v) for k, v in mapping.items() if k != v]
        )


def _events(connection: sqlite3.Connection, statement: str, eids: Iterable[str]) -> list[Event]:
    """Events read by `statement`, their participants the merged people."""
    events = [load_event(orjson.loads(row[0])) for row in connection.execute(statement, (json_list(eids),))]
    named = {p for e in events for p in e.participants}
    person_map = dict(
        connection.execute(
            "SELECT pid, merged FROM person_map WHERE pid IN (SELECT value FROM json_each(?))",
            (json_list(named),),
        )
    )
    for event in events:
        event.participants = unique(person_map.get(p, p) for p in event.participants)
    return events
