"""Provides the analyst's layer: review decisions, edits, stars, tags and notes, kept
apart from what was extracted, and how they re-attach to the records of a corpus.

An annotation is one decision on one record (SPEC: `{target, kind, value, created}`),
with an `anchor`: what the record was when the analyst made it (its documents, its
participants' names, its date, a quote's words). Record ids depend on the extractor
(an event's id holds the offset of its first evidence), so a later extraction may give
the same event another id; `attach` finds it again from the anchor, and an annotation
whose record is gone is kept and reported as orphaned, never dropped.

Pure functions over the query layer's records: no store, no UI.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import orjson

from diplotui.model import KIND_LABELS, Event, Person, Quote, event_title, fold, folded_names, stable_id

if TYPE_CHECKING:
    from diplotui.query import Corpus

KINDS = ("status", "star", "tag", "note", "edit", "merge", "not_person")
STATUSES = ("accepted", "rejected", "unreviewed")
TARGET_TYPES = {"e": "event", "q": "quote", "p": "person", "d": "document"}
EDITABLE = {
    "event": ("date_start", "date_end", "place", "participants", "kind"),
    "quote": ("speaker",),
    "person": ("name", "title", "country"),
}
"""The fields `edit` may set, per kind of record."""
# One of these per record: a new one replaces the old (a tag or a note is added).
SINGLE_KINDS = ("status", "star", "merge", "not_person")

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_EVENT_KINDS = tuple(KIND_LABELS)


class ReviewError(ValueError):
    """A review action that cannot be done; the message says why."""


RECORD_ID = re.compile(r"[eqpd]-[0-9a-f]{12}")
"""An id of an event, quote, person or document, as `stable_id` makes them."""


def target_type(target: str) -> str:
    """The kind of record an id names: event, quote, person or document.

    Raises:
        ReviewError: The id is not one of a record.
    """
    kind = TARGET_TYPES.get(target[:1]) if RECORD_ID.fullmatch(target) else None
    if kind is None:
        raise ReviewError(
            f"{target!r} is not the id of an event, quote, person or document (e-…, q-…, p-…, d-…)"
        )
    return kind


def now() -> str:
    """The time an annotation is made, in UTC, to the second."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def anchor_of(corpus: Corpus, target: str) -> dict[str, Any]:
    """What a record is, in terms that outlive its id: the content an annotation holds
    on to (taken from the records as extracted, before any edit).

    Raises:
        ReviewError: No record of the corpus has this id.
    """
    kind = target_type(target)
    if kind == "event" and target in corpus.event_by_id:
        event = corpus.event_by_id[target]
        return {
            "type": kind,
            "documents": sorted(event.documents),
            "names": [_name(corpus, p) for p in event.participants],
            "date": event.date_start or event.date_partial,
            "kind": event.kind,
            "place": event.place,
        }
    if kind == "quote" and target in corpus.quote_by_id:
        quote = corpus.quote_by_id[target]
        return {"type": kind, "document": quote.document, "text": quote.text}
    if kind == "person" and target in corpus.person_by_id:
        return {"type": kind, "name": corpus.person_by_id[target].name}
    if kind == "document" and target in corpus.document_by_id:
        return {"type": kind, "title": corpus.document_by_id[target].title}
    raise ReviewError(f"no {kind} {target} in the store")


def make(corpus: Corpus, target: str, kind: str, value: Any, created: str | None = None) -> dict[str, Any]:
    """A new annotation on `target` (an id of the corpus as extracted), checked.

    Raises:
        ReviewError: The record does not exist, or the kind or value does not fit it.
    """
    anchor = anchor_of(corpus, target)
    value = check_value(corpus, anchor["type"], kind, value)
    created = created or now()
    entry_id = stable_id("a", target, kind, orjson.dumps(value).decode(), created)
    return {
        "id": entry_id,
        "target": target,
        "kind": kind,
        "value": value,
        "created": created,
        "anchor": anchor,
    }


def as_extracted(corpus: Corpus, target: str, kind: str, value: Any) -> bool:
    """Whether an edit sets a field to what the extractor gave it (`corpus` as
    extracted): not a correction, and it undoes an earlier one."""
    if kind != "edit" or not isinstance(value, dict) or len(value) != 1:
        return False
    ((name, new),) = value.items()
    record = (
        corpus.event_by_id.get(target) or corpus.quote_by_id.get(target) or corpus.person_by_id.get(target)
    )
    return record is not None and getattr(record, name, object()) == new


def check_value(corpus: Corpus, record: str, kind: str, value: Any) -> Any:
    """`value` as kept for an annotation of `kind` on a `record` (event, quote...).

    Raises:
        ReviewError: It does not fit.
    """
    if kind not in KINDS:
        raise ReviewError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    if kind == "status":
        if value not in STATUSES:
            raise ReviewError(f"a status is one of {', '.join(STATUSES)}")
        if record == "document":
            raise ReviewError("a document is starred, tagged or noted, not accepted or rejected")
        return value
    if kind == "star":
        return bool(value)
    if kind in ("tag", "note"):
        text = " ".join(str(value).split())
        if not text:
            raise ReviewError(f"an empty {kind}")
        return text.lower() if kind == "tag" else text
    if kind in ("merge", "not_person"):
        if record != "person":
            raise ReviewError(f"{kind.replace('_', ' ')} applies to people (p-…)")
        if kind == "not_person":
            return True
        into = person_named(corpus, str(value))
        return {"into": into, "name": corpus.person_by_id[into].name}
    # edit: {field: value}
    if not isinstance(value, dict) or len(value) != 1:
        raise ReviewError("an edit sets one field")
    (name, new), allowed = next(iter(value.items())), EDITABLE.get(record, ())
    if name not in allowed:
        fields = ", ".join(allowed) or "nothing"
        raise ReviewError(f"a {record}'s editable fields are: {fields}")
    return {name: _check_field(corpus, name, new)}


def edits_from(typed: dict[str, str]) -> list[dict[str, Any]]:
    """Edits (one field each) from fields as typed: `date` is a day or `START..END` (both
    ends); `participants` is names or ids separated by commas; an empty value clears."""
    edits: list[dict[str, Any]] = []
    for name, value in typed.items():
        name, value = name.strip().lower(), value.strip()
        if name == "date":
            start, _, end = value.partition("..")
            edits += [{"date_start": start.strip()}, {"date_end": (end or start).strip()}]
        elif name == "participants":
            edits.append({name: [v.strip() for v in value.split(",") if v.strip()]})
        else:
            edits.append({name: value})
    return edits


def _check_field(corpus: Corpus, name: str, value: Any) -> Any:
    if value in ("", None):
        return None
    if name in ("date_start", "date_end"):
        from diplotui.dates import parse_iso

        if not (isinstance(value, str) and _ISO_DAY.fullmatch(value) and parse_iso(value)):
            raise ReviewError(f"{name} is a date YYYY-MM-DD, not {value!r}")
        return value
    if name == "kind":
        if value not in _EVENT_KINDS:
            raise ReviewError(f"an event's kind is one of {', '.join(_EVENT_KINDS)}")
        return value
    if name in ("participants", "speaker"):
        wanted = value if isinstance(value, list) else [value]
        people = [person_named(corpus, str(item)) for item in wanted]
        if name == "speaker":
            if len(people) != 1:
                raise ReviewError("a quote has one speaker")
            return people[0]
        return list(dict.fromkeys(people))
    return " ".join(str(value).split()) or None


def person_named(corpus: Corpus, value: str) -> str:
    """A person's id from an id or from a name that fits one person only.

    Raises:
        ReviewError: No one, or more than one person, has that name.
    """
    value = value.strip()
    if value in corpus.person_by_id:
        return value
    folded = fold(value)
    found = [p.id for p in corpus.people if folded in (fold(n) for n in [p.name, *p.aliases])]
    if not found:
        found = [p.id for p in corpus.people if folded and folded in folded_names(p)]
    if len(found) != 1:
        problem = "no person" if not found else f"{len(found)} people"
        raise ReviewError(f"{problem} named {value!r}; give the id (p-…)")
    return found[0]


def _name(corpus: Corpus, person_id: str) -> str:
    person = corpus.person_by_id.get(person_id)
    return person.name if person else person_id


# -- re-attaching ------------------------------------------------------------------------


def attach(corpus: Corpus, entries: list[dict[str, Any]]) -> dict[str, str | None]:
    """Where each annotation lands in `corpus` (as extracted): the id of its record, or
    None when the record is gone (orphaned). A record keeps its id while its extraction
    does; otherwise the anchor finds it: a quote by its words in its document, a person
    by name, an event by its documents, participants' names, date and kind."""
    landed: dict[str, str | None] = {}
    by_document: _ByDocument | None = None
    for entry in entries:
        target, anchor = entry.get("target", ""), entry.get("anchor") or {}
        kind = anchor.get("type") or TARGET_TYPES.get(target[:1], "")
        if (
            kind in ("event", "quote")
            and target not in corpus.event_by_id
            and target not in corpus.quote_by_id
        ):
            # Looked for by content, among the records of its documents only.
            by_document = by_document or _ByDocument(corpus)
        if kind == "event":
            landed[entry["id"]] = target if target in corpus.event_by_id else _find_event(by_document, anchor)
        elif kind == "quote":
            landed[entry["id"]] = target if target in corpus.quote_by_id else _find_quote(by_document, anchor)
        elif kind == "person":
            landed[entry["id"]] = target if target in corpus.person_by_id else _find_person(corpus, anchor)
        else:
            landed[entry["id"]] = target if target in corpus.document_by_id else None
    return landed


def _names_of(person: Person | None) -> set[str]:
    return {fold(n) for n in [person.name, *person.aliases]} if person else set()


class _ByDocument:
    """A corpus's events and quotes by document, to look annotations up by content."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.events: dict[str, list[Event]] = defaultdict(list)
        for event in corpus.events:
            for document in event.documents:
                self.events[document].append(event)
        self.quotes: dict[str, list[Quote]] = defaultdict(list)
        for quote in corpus.quotes:
            self.quotes[quote.document].append(quote)


def _find_event(by_document: _ByDocument | None, anchor: dict[str, Any]) -> str | None:
    if by_document is None:
        return None
    corpus = by_document.corpus
    names = [fold(n) for n in anchor.get("names") or ()]
    best: tuple[int, str] | None = None
    candidates = {e.id: e for d in anchor.get("documents") or () for e in by_document.events.get(d, ())}
    for event in candidates.values():
        if len(event.participants) != len(names):
            continue
        held = [_names_of(corpus.person_by_id.get(p)) for p in event.participants]
        if not all(any(name in names_ for names_ in held) for name in names):
            continue
        score = (
            4 * ((event.date_start or event.date_partial) == anchor.get("date"))
            + 2 * (event.kind == anchor.get("kind"))
            + (event.place == anchor.get("place"))
        )
        if best is None or score > best[0]:
            best = (score, event.id)
    return best[1] if best else None


_SPACES = re.compile(r"\s+")


def _words(text: str) -> str:
    return _SPACES.sub(" ", fold(text)).strip()


def _find_quote(by_document: _ByDocument | None, anchor: dict[str, Any]) -> str | None:
    if by_document is None:
        return None
    words = _words(anchor.get("text") or "")
    for quote in by_document.quotes.get(anchor.get("document") or "", ()):
        if _words(quote.text) == words:
            return quote.id
    return None


def _find_person(corpus: Corpus, anchor: dict[str, Any]) -> str | None:
    name = fold(anchor.get("name") or "")
    found = [p.id for p in corpus.people if name in _names_of(p)]
    return found[0] if len(found) == 1 else None


# -- the layer as it applies ----------------------------------------------------------------


@dataclass
class Review:
    """The analyst's layer as it applies to one corpus: per record id (as the corpus
    shows it), its status, star, tags and notes; and each edited record's extracted
    values. Built by `apply`."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    landed: dict[str, str | None] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)
    starred: set[str] = field(default_factory=set)
    tags: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    extracted: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per edited record, the values the extractor gave the fields the analyst set."""

    @property
    def orphans(self) -> list[dict[str, Any]]:
        """Annotations whose record no longer exists (kept, shown, never dropped)."""
        return [e for e in self.entries if self.landed.get(e["id"]) is None]

    def status_of(self, record_id: str) -> str:
        """accepted, rejected or unreviewed."""
        return self.status.get(record_id, "unreviewed")

    def take(self, entry: dict[str, Any]) -> None:
        """Take in one annotation that landed on a record (in order of creation)."""
        target = self.landed.get(entry["id"])
        if target is None:
            return
        kind, value = entry["kind"], entry["value"]
        if kind == "status":
            if value == "unreviewed":
                self.status.pop(target, None)
            else:
                self.status[target] = value
        elif kind == "star":
            (self.starred.add if value else self.starred.discard)(target)
        elif kind == "tag" and value not in self.tags[target]:
            self.tags[target].append(value)
        elif kind == "note":
            self.notes[target].append(value)


def apply(corpus: Corpus, entries: list[dict[str, Any]]) -> Corpus:
    """The corpus as the analyst has it: `corpus` (as extracted) with the annotations
    attached, edits and people fixes applied (the edited value wins everywhere; the
    extracted one is kept in `review.extracted`). The records given are never changed:
    corrections build a new corpus over copies of what they change; without any, the
    corpus given is returned with its `review` set (marks change no record)."""
    from diplotui.query import Corpus as CorpusType

    entries = _in_order(entries)
    landed = attach(corpus, entries)
    review = Review(entries=entries, landed=landed)
    changes = [e for e in entries if changes_records(e) and landed.get(e["id"])]
    if not changes:
        result = corpus
    else:
        records, merged_into = _changed_records(corpus, changes, landed, review)
        result = CorpusType(**records)
        result.whole = corpus.whole
        result.texts = corpus.texts  # the same documents: their word index is shared
        result.merged_into = merged_into
    result.base = corpus
    return _marked(result, review)


def remark(corpus: Corpus, entries: list[dict[str, Any]]) -> Corpus:
    """`corpus` (as `apply` gave it) with its marks (statuses, stars, tags, notes) worked
    out again from `entries`, which change records exactly as the ones it was built from
    did: nothing is built again."""
    entries = _in_order(entries)
    extracted = corpus.review.extracted if corpus.review else {}
    review = Review(entries=entries, landed=attach(corpus.base, entries), extracted=extracted)
    return _marked(corpus, review)


def _in_order(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Oldest first; those of the same second in the order the store keeps (written)."""
    return sorted(entries, key=lambda e: e.get("created", ""))


def _marked(result: Corpus, review: Review) -> Corpus:
    for entry in review.entries:
        # A merged person's marks go with them to the person they were merged into.
        review.landed[entry["id"]] = review_target(result, review.landed.get(entry["id"]))
        review.take(entry)
    result.review = review
    return result


def changes_records(entry: dict[str, Any]) -> bool:
    """Whether an annotation changes records rather than marking them: an edit, a people
    fix, or a status on a person (a rejected person is not a person)."""
    kind = entry.get("kind")
    return kind in ("edit", "merge", "not_person") or (
        kind == "status" and entry.get("target", "")[:2] == "p-"
    )


def review_target(result: Corpus, target: str | None) -> str | None:
    """Where a record of the extracted corpus is in `result` (a person merged away: the
    one they joined)."""
    if target is None or target[:1] != "p" or target in result.person_by_id:
        return target
    return result.merged_into.get(target, target)


def _changed_records(
    corpus: Corpus, changes: list[dict[str, Any]], landed: dict[str, str | None], review: Review
) -> tuple[dict[str, Any], dict[str, str]]:
    # People first: a merge or "not a person" changes events and quotes too.
    people = {p.id: p for p in corpus.people}
    into: dict[str, str] = {}
    dropped: set[str] = set()

    def final(person: str) -> str:
        while person in into:  # no cycles: a merge into one's own group is not taken
            person = into[person]
        return person

    for entry in changes:
        target = landed[entry["id"]]
        assert target is not None
        if entry["kind"] == "not_person":
            dropped.add(target)
        elif entry["kind"] == "status":
            (dropped.add if entry["value"] == "rejected" else dropped.discard)(target)
        elif entry["kind"] == "merge":
            other = entry["value"].get("into")
            if other not in people:  # extracted again under another id: find them by name
                other = _find_person(corpus, {"name": entry["value"].get("name")})
            if other in people and final(other) != target:
                into[target] = other

    for person_id in list(people):
        keep = final(person_id)
        if keep != person_id and keep in people:
            gone, kept = people.pop(person_id), people[keep]
            aliases = [n for n in dict.fromkeys([*kept.aliases, gone.name, *gone.aliases]) if n != kept.name]
            documents = list(dict.fromkeys([*kept.documents, *gone.documents]))
            people[keep] = replace(kept, aliases=aliases, documents=documents)
    for person_id in dropped:
        people.pop(person_id, None)

    def mapped(ids: list[str]) -> list[str]:
        return [p for p in dict.fromkeys(final(i) for i in ids) if p in people]

    # Records are copied only where something changes: the extracted corpus stays as it
    # was, and a few corrections in a large store cost a few copies.
    events = {e.id: e for e in corpus.events}
    copied: set[str] = set()
    if into or dropped:
        for event in corpus.events:
            participants = mapped(event.participants)
            if participants != event.participants:
                events[event.id] = replace(event, participants=participants)
                copied.add(event.id)
    quotes = {q.id: q for q in corpus.quotes}
    for quote_id, quote in quotes.items():
        if quote.speaker:
            speaker = final(quote.speaker)
            if speaker != quote.speaker or speaker not in people:
                quotes[quote_id] = replace(quote, speaker=speaker if speaker in people else None)
    for entry in changes:
        if entry["kind"] != "edit":
            continue
        target = landed[entry["id"]]
        assert target is not None
        ((name, value),) = entry["value"].items()
        tables: dict[str, dict[str, Any]] = {"e": events, "q": quotes, "p": people}
        table = tables[target[0]]
        record = table.get(final(target) if target[0] == "p" else target)
        if record is None:
            continue
        if name in ("participants",):
            value = mapped(value or [])
        elif name == "speaker" and value:
            value = final(value) if final(value) in people else None
        review.extracted.setdefault(record.id, {}).setdefault(name, getattr(record, name))
        table[record.id] = replace(record, **{name: value})
        if target[0] == "e":
            copied.add(record.id)
    names = {p.id: p.name for p in people.values()}
    renamed = {
        p for p, record in people.items() if record.name != getattr(corpus.person_by_id.get(p), "name", None)
    }
    if renamed:  # their events' titles name them
        for event in corpus.events:
            if event.id not in copied and renamed.intersection(event.participants[:2]):
                events[event.id] = replace(event)
                copied.add(event.id)
    for event_id in copied:
        event = events[event_id]
        if event_id in review.extracted:
            if {"date_start", "date_end"} & review.extracted[event_id].keys():
                # The analyst's date says all there is: the extractor's reading goes.
                event.date_note, event.date_text = "date set by the analyst", ""
            if "date_start" in review.extracted[event_id] and event.date_start:
                event.date_partial = None
                event.date_precision = "day" if event.date_end in (None, event.date_start) else "range"
            if event.date_end and event.date_start and event.date_end < event.date_start:
                event.date_end = event.date_start
        event.title = event_title(event.kind, [names.get(p, p) for p in event.participants[:2]], event.place)
    from diplotui.query import event_sort_key

    records = {
        "documents": corpus.documents,
        "people": sorted(people.values(), key=lambda p: (fold(p.name), p.id)),
        "events": sorted(events.values(), key=event_sort_key),
        "quotes": list(quotes.values()),
        "topics": corpus.topics,
        "warnings": corpus.warnings,
        "organisations": corpus.organisations,
        "keyphrases": corpus.keyphrases,
        "reports": corpus.reports,
    }
    return records, {p: final(p) for p in into}


__all__ = ["Review", "ReviewError", "anchor_of", "apply", "attach", "make", "remark"]


# -- the analyst's yardstick ----------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """One figure of `score`: of `judged` records the analyst looked at, `right` were
    right as extracted."""

    label: str
    right: int
    judged: int

    @property
    def ratio(self) -> float | None:
        """right / judged, or None when nothing was judged."""
        return self.right / self.judged if self.judged else None


def score(corpus: Corpus) -> list[Score]:
    """How the extractor did on what the analyst reviewed (`corpus` as `apply` gave it):
    a record counts as judged when the analyst accepted, rejected or corrected it; it was
    right when accepted as extracted. Each field an edit sets counts against that field."""
    review = corpus.review or Review()
    kinds = {"e": "event", "q": "quote", "p": "person"}
    judged: dict[str, set[str]] = {k: set() for k in kinds.values()}
    rejected: dict[str, set[str]] = {k: set() for k in kinds.values()}
    edited: dict[str, dict[str, set[str]]] = {k: defaultdict(set) for k in kinds.values()}
    for entry in review.entries:
        target = entry.get("target", "")
        kind = kinds.get(target[:1])
        if kind is None or review.landed.get(entry["id"]) is None:
            continue
        if entry["kind"] == "status" and entry["value"] != "unreviewed":
            judged[kind].add(target)
        elif entry["kind"] == "edit":
            judged[kind].add(target)
            for name in entry["value"]:
                edited[kind][name].add(target)
        elif entry["kind"] in ("merge", "not_person"):
            judged[kind].add(target)
            edited[kind][entry["kind"]].add(target)
    for entry in review.entries:
        target = entry.get("target", "")
        if (
            entry["kind"] == "status"
            and target[:1] in kinds
            and review.status_of(review.landed.get(entry["id"]) or "") == "rejected"
        ):
            rejected[kinds[target[:1]]].add(target)
    figures = []

    def add(label: str, wrong: set[str], among: set[str]) -> None:
        figures.append(Score(label, len(among - wrong), len(among)))

    events, quotes, people = judged["event"], judged["quote"], judged["person"]
    add("events that happened", rejected["event"], events)
    real = events - rejected["event"]
    add("event dates", edited["event"]["date_start"] | edited["event"]["date_end"], real)
    add("event places", edited["event"]["place"], real)
    add("event participants", edited["event"]["participants"], real)
    add("event kinds", edited["event"]["kind"], real)
    add("people who are people", rejected["person"] | edited["person"]["not_person"], people)
    add("people not split in two", edited["person"]["merge"], people)
    add("quotes that are quotes", rejected["quote"], quotes)
    add("quote speakers", edited["quote"]["speaker"], quotes - rejected["quote"])
    return figures


def describe(corpus: Corpus, entry: dict[str, Any]) -> str:
    """What an annotation is on, in a few words: the record as the corpus shows it, or
    for an orphan, as it was when the analyst marked it."""
    review = corpus.review
    target = review.landed.get(entry["id"], entry.get("target")) if review else entry.get("target")
    anchor = entry.get("anchor") or {}
    if target in corpus.event_by_id:
        event = corpus.event_by_id[target]
        return f"{event.title} ({event.date_start or event.date_partial or 'undated'})"
    if target in corpus.quote_by_id:
        quote = corpus.quote_by_id[str(target)]
        return f"“{clip(quote.text)}” — {_name(corpus, quote.speaker) if quote.speaker else 'unattributed'}"
    if target in corpus.person_by_id:
        return corpus.person_by_id[target].name
    if target in corpus.document_by_id:
        return corpus.document_by_id[target].title
    if target in corpus.base.person_by_id:  # not a person, or rejected
        return corpus.base.person_by_id[target].name
    if target in corpus.base.event_by_id:
        return corpus.base.event_by_id[target].title
    kind = anchor.get("type", "record")
    what = (
        anchor.get("text")
        or anchor.get("name")
        or anchor.get("title")
        or " – ".join(anchor.get("names") or [])
    )
    return f"(orphaned {kind}) {clip(what)}" if what else f"(orphaned {kind})"


def clip(text: str, width: int = 60) -> str:
    """`text` on one line, cut with … past `width` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
