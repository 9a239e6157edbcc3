"""A JSON store's merges kept in step a change at a time (`diplotui.jsonrefresh`) are those
worked out whole, on documents' entries made by hand: people named in full and by surname
alone, shared surnames, and events with two, one or no participants."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from diplotui.jsonrefresh import Decisions, Members, pack, worked_out_whole

NAMES = ["Ana Lima", "Lima", "Rui Costa", "Costa", "Ana Costa", "Eva Lind", "Lind"]
DAYS = [None, "2024-05-06", "2024-05-07"]


def _pid(name: str) -> str:
    return "p-" + name.lower().replace(" ", "-")


@st.composite
def _entry(draw: st.DrawFn, doc: str) -> list[Any]:
    names = draw(st.lists(st.sampled_from(NAMES), max_size=3, unique=True))
    people = [[_pid(n), n, [], "Minister", None, [doc], ["person.title"]] for n in names]
    events = []
    for number in range(draw(st.integers(0, 2))):
        # Two, one or none of the document's people; an event may name no one.
        participants = draw(
            st.lists(st.sampled_from([_pid(n) for n in names] or ["p-x"]), max_size=2, unique=True)
        )
        participants = [p for p in participants if p != "p-x"]
        day = draw(st.sampled_from(DAYS))
        events.append([f"e-{doc}-{number}", participants, draw(st.booleans()), day, day, [doc]])
    return [people, events, draw(st.integers(0, 2))]


@st.composite
def _documents(draw: st.DrawFn, first: int, count: int) -> dict[str, list[Any]]:
    return {f"d{n}": draw(_entry(f"d{n}")) for n in range(first, first + count)}


def _decided(decisions: Decisions) -> tuple[Any, ...]:
    return decisions.person_map, decisions.event_map, decisions.people, decisions.search, decisions.names


@settings(max_examples=500, deadline=None)
@given(data=st.data())
def test_a_change_refreshed_gives_what_working_out_every_document_gives(data: st.DataObject) -> None:
    before = data.draw(_documents(0, data.draw(st.integers(1, 6))))
    after = dict(before)
    for doc in data.draw(st.lists(st.sampled_from(sorted(before)), max_size=2, unique=True)):
        del after[doc]  # removed, or put again (at the end) with other records
        if data.draw(st.booleans()):
            after[doc] = data.draw(_entry(doc))
    after.update(data.draw(_documents(10, data.draw(st.integers(0, 2)))))
    unchanged = {doc for doc in before if doc in after and after[doc] == before[doc]}
    decisions = worked_out_whole(copy.deepcopy(list(before.values())))
    old = Members({doc: pack(entry) for doc, entry in before.items()})
    new = Members({doc: pack(entry) for doc, entry in after.items()})
    decisions.refresh(old, new, unchanged)
    assert _decided(decisions) == _decided(worked_out_whole(copy.deepcopy(list(after.values()))))


def test_the_documents_naming_an_id_or_an_event_of_no_one_are_found_in_order() -> None:
    entries = {
        # A person without aliases: `"…",[],` then a title, not an event of no one.
        "d1": [[["p-1", "Ana Lima", [], "Minister", None, ["d1"], []]], [], 0],
        "d2": [[], [["e-2", [], True, None, None, ["d2"]]], 0],
        "d3": [[], [["e-3", ["p-1"], False, None, None, ["d3"]]], 0],
        "d4": [[], [["e-4", [], False, "2024-05-06", None, ["d4"]]], 1],
        "d5": [[["p-11", "Eva Lind", ["Lind"], None, None, ["d5"], []]], [], 0],
    }
    members = Members({doc: pack(entry) for doc, entry in entries.items()})
    assert [doc for doc, _ in members.naming(["p-1"])] == ["d1", "d3"]  # not "p-11"
    assert [doc for doc, _ in members.naming([], nobody=True)] == ["d2", "d4"]
    assert [doc for doc, _ in members.naming(["e-3"], nobody=True)] == ["d2", "d3", "d4"]
    assert [entry for _, entry in members.naming(["p-11"])] == [entries["d5"]]
    assert list(members.naming([])) == []


def test_the_digest_of_the_documents_is_what_stores_kept_before() -> None:
    # Stores written earlier keep `stable_id("m", *sorted(parts))`: the same digest, or
    # their kept merges would no longer count as worked out from their documents.
    from diplotui.jsonmerges import digest
    from diplotui.model import stable_id

    rows = [{"id": "d-2", "fingerprint": "ab:1"}, {"id": "d-é", "fingerprint": "x"}, {"id": "d-1"}, {}]
    parts = sorted(f"{row.get('id', '')}:{row.get('fingerprint', '')}" for row in rows)
    assert digest(rows) == stable_id("m", *parts) and digest(reversed(rows)) == digest(rows)
    assert digest(rows[:3]) != digest(rows)
