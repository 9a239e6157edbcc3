"""Provides the exports: interchange JSON (`diplotui/1`) and the Markdown briefing."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from diplotui.model import Event, Person
from diplotui.query import Corpus, View

FORMAT = "diplotui/1"


def to_interchange(corpus: Corpus, view: View) -> dict[str, Any]:
    """Return the interchange object for what `view` selects.

    Keys come in a fixed order and lists in a fixed order, so the same store gives
    byte-identical output. With the analyst's layer, records carry their effective
    values (an edited one keeps the extractor's under `extracted`), and `annotations`
    lists the decisions on what is exported (every one, orphans too, for the whole store).
    """
    data = _records(corpus, view)
    review = corpus.review
    if review is None:
        return data
    for key in ("people", "events", "quotes"):
        for record in data[key]:
            if record["id"] in review.extracted:
                record["extracted"] = review.extracted[record["id"]]
            if key == "quotes" and review.status.get(record["event"]) == "rejected":
                record["event"] = None  # said, but not at an event that happened
    # The whole store's export has every annotation (those on rejected records, orphans).
    in_view = {r["id"] for key in ("documents", "people", "events", "quotes") for r in data[key]}
    data["annotations"] = [
        {
            "id": entry["id"],
            "target": review.landed.get(entry["id"]) or entry["target"],
            "kind": entry["kind"],
            "value": entry["value"],
            "created": entry["created"],
            "orphaned": review.landed.get(entry["id"]) is None,
        }
        for entry in review.entries
        if not view.query or review.landed.get(entry["id"]) in in_view
    ]
    return data


def _records(corpus: Corpus, view: View) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "query": view.query,
        "documents": [
            {
                "id": d.id,
                "path": d.path,
                "title": d.title,
                "published": d.published,
                "source": d.source,
                "sha256": d.sha256,
                "author": d.author,
                "organisations": corpus.organisations.get(d.id, []),
                "keyphrases": corpus.keyphrases.get(d.id, []),
            }
            for d in view.documents
        ],
        "people": [
            {
                "id": p.id,
                "name": p.name,
                "aliases": p.aliases,
                "title": p.title,
                "country": p.country,
                "documents": p.documents,
                "rules": p.rules,
            }
            for p in view.people
        ],
        "events": [
            {
                "id": e.id,
                "kind": e.kind,
                "title": e.title,
                "date_start": e.date_start,
                "date_end": e.date_end,
                "date_text": e.date_text,
                "date_precision": e.date_precision,
                "date_note": e.date_note,
                "date_partial": e.date_partial,
                "place": e.place,
                "participants": e.participants,
                "topics": e.topics,
                "documents": e.documents,
                "evidence": [{"document": s.document, "start": s.start, "end": s.end} for s in e.evidence],
                "rules": e.rules,
            }
            for e in view.events
        ],
        "quotes": [
            {
                "id": q.id,
                "text": q.text,
                "speaker": q.speaker,
                "kind": q.kind,
                "event": q.event,
                "document": q.document,
                "start": q.start,
                "end": q.end,
                "attribution": q.attribution,
                "short": q.short,
                "sentence": {"start": q.sentence_start, "end": q.sentence_end},
                "rules": q.rules,
            }
            for q in view.quotes
        ],
        "topics": [{"id": t.id, "label": t.label, "keywords": t.keywords} for t in view.topics],
    }


def export_json(corpus: Corpus, view: View) -> bytes:
    """Return the interchange JSON, indented, ending in a newline."""
    return orjson.dumps(to_interchange(corpus, view), option=orjson.OPT_INDENT_2) + b"\n"


# --- Markdown ---------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#!|~&])")


def md_escape(text: str) -> str:
    """Escape document text for CommonMark so nothing in it is interpreted.

    Markdown punctuation gets a backslash, `<` and `&` too (so HTML and entities stay
    text), line breaks become spaces, and a leading `-`, `=` or `1.` cannot start a
    block.
    """
    text = re.sub(r"\s+", " ", text).strip()
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"^([-=+]|\d+[.)])", r"\\\1", text)
    return text


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 document", "2 documents"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def format_day(value: str | None) -> str:
    """`2023-02-22` as `22 Feb 2023`."""
    if not value:
        return "date unknown"
    day = date.fromisoformat(value)
    return f"{day.day} {day.strftime('%b')} {day.year}"


def format_event_date(event: Event) -> str:
    """An event's date for people: "22 Feb 2023", "21–22 Feb 2023", "Feb 2023"."""
    start, end = event.date_start, event.date_end
    if not start:
        partial = re.fullmatch(r"--(\d{2})-?(\d{2})?", event.date_partial or "")
        if partial:
            month = date(2000, int(partial.group(1)), 1).strftime("%b")
            day = f"{int(partial.group(2))} " if partial.group(2) else ""
            return f"{day}{month}, year unknown"
        return "expected, date unknown" if event.kind == "planned" else "date unknown"
    first = date.fromisoformat(start)
    last = date.fromisoformat(end or start)
    if event.date_precision == "year":
        return str(first.year)
    if event.date_precision == "month":
        return first.strftime("%b %Y")
    if first == last:
        return format_day(start)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {first.strftime('%b')} {first.year}"
    if first.year == last.year:
        return f"{first.day} {first.strftime('%b')} – {last.day} {last.strftime('%b')} {first.year}"
    return f"{format_day(start)} – {format_day(end)}"


def citation(corpus: Corpus, record_id: str) -> str:
    """A quote or an event with where it comes from, to paste into a report:
    “…” — Speaker, Title, Document, 22 Feb 2023, URL."""
    if record_id in corpus.quote_by_id:
        quote = corpus.quote_by_id[record_id]
        speaker = corpus.person_by_id.get(quote.speaker or "")
        said = [person_label(speaker) if speaker else "unattributed"]
        document = corpus.document_by_id.get(quote.document)
        head = f"“{' '.join(quote.text.split())}” — "
    else:
        event = corpus.event_by_id[record_id]
        said = [format_event_date(event)]
        document = corpus.document_by_id.get(event.documents[0]) if event.documents else None
        head = f"{event.title} — "
    if document is not None:
        said += [document.title, format_day(document.published) if document.published else "undated"]
        if document.source:
            said.append(document.source)
    return head + ", ".join(said)


def person_label(person: Person) -> str:
    """ "Sergey Lavrov (Foreign Minister, Russia)"."""
    detail = ", ".join(x for x in (person.title, person.country) if x)
    return f"{person.name} ({detail})" if detail else person.name


def export_markdown(corpus: Corpus, view: View) -> str:
    """Return the briefing: scope, timeline by day, quotes by speaker, sources."""
    lines: list[str] = ["# diplotui briefing", ""]
    scope = f"query {md_escape(corpus.describe(view.query))}" if view.query else "the whole store"
    span = view.span_text()
    statements = [q for q in view.quotes if not q.short]
    lines.append(
        f"Scope: {scope}; {plural(len(view.documents), 'document')}, "
        f"{plural(len(view.events), 'event')}, {plural(len(view.people), 'person', 'people')}, "
        f"{plural(len(statements), 'quote')}; {span}."
    )
    review = corpus.review
    if review is not None:
        starred_events = [e for e in view.events if e.id in review.starred]
        starred_quotes = [q for q in statements if q.id in review.starred]
        if starred_events or starred_quotes:
            lines += ["", "## Starred", ""]
            lines += [
                f"- **{md_escape(e.title)}** ({md_escape(format_event_date(e))})" for e in starred_events
            ]
            lines += [
                f"- “{md_escape(q.text)}” — {md_escape(_who(corpus, q.speaker))}" for q in starred_quotes
            ]
    lines += ["", "## Timeline", ""]
    if not view.events:
        lines += ["No events.", ""]
    groups: dict[str, list[Event]] = defaultdict(list)
    for event in view.events:
        groups[format_event_date(event)].append(event)
    for heading, events in groups.items():
        lines += [f"### {md_escape(heading)}", ""]
        for event in events:
            lines.append(f"- **{md_escape(event.title)}** ({md_escape(event.kind)})")
            if event.place:
                lines.append(f"  - Place: {md_escape(event.place)}")
            people = [corpus.person_by_id[p] for p in event.participants if p in corpus.person_by_id]
            if people:
                lines.append("  - Participants: " + "; ".join(md_escape(person_label(p)) for p in people))
            topics = [corpus.topic_by_id[t].label for t in event.topics if t in corpus.topic_by_id]
            if topics:
                lines.append("  - Topics: " + ", ".join(md_escape(t) for t in topics))
            if event.date_note:
                lines.append(f"  - Date: {md_escape(event.date_note)}")
            sources = [corpus.document_by_id[d].title for d in event.documents if d in corpus.document_by_id]
            lines.append("  - Reported in: " + "; ".join(md_escape(s) for s in sources))
            lines.extend(_review_lines(corpus, event.id))
        lines.append("")
    lines += ["## Quotes", ""]
    if not statements:
        lines += ["No quotes.", ""]
    by_speaker: dict[str, list] = defaultdict(list)
    for quote in statements:
        by_speaker[quote.speaker or ""].append(quote)
    for speaker_id in sorted(by_speaker, key=lambda s: (s == "", _speaker_name(corpus, s))):
        person = corpus.person_by_id.get(speaker_id)
        lines += [f"### {md_escape(person_label(person)) if person else 'Unattributed'}", ""]
        for quote in by_speaker[speaker_id]:
            document = corpus.document_by_id.get(quote.document)
            source = md_escape(document.title) if document else quote.document
            via = f", via {md_escape(quote.attribution)}" if quote.attribution else ""
            marks = ("“", "”") if quote.kind == "direct" else ("", " (reported)")
            lines.append(f"> {marks[0]}{md_escape(quote.text)}{marks[1]}")
            lines.append(">")
            lines.append(f"> — *{source}*{via}")
            lines.extend(f">{line[1:]}" for line in _review_lines(corpus, quote.id))
            lines.append("")
    lines += ["## Sources", ""]
    for number, document in enumerate(view.documents, 1):
        published = document.published or "date unknown"
        link = f" — {md_escape(document.source)}" if document.source else ""
        lines.append(f"{number}. {md_escape(document.title)} ({published}){link}")
    if not view.documents:
        lines.append("No sources.")
    return "\n".join(lines).rstrip() + "\n"


def _review_lines(corpus: Corpus, record_id: str) -> list[str]:
    """The analyst's marks on a record, as briefing lines: the fields they corrected
    (with what was extracted), the record's status and star, its tags and notes."""
    review = corpus.review
    if review is None:
        return []
    lines = []
    extracted = review.extracted.get(record_id)
    if extracted:
        fields = "; ".join(f"{name} (extracted: {value})" for name, value in _readable(extracted).items())
        lines.append(f"  - Corrected by the analyst: {md_escape(fields)}")
    marks = [review.status_of(record_id)] if record_id in review.status else []
    if record_id in review.starred:
        marks.append("starred")
    marks += [f"#{tag}" for tag in review.tags.get(record_id, [])]
    if marks:
        lines.append(f"  - Review: {md_escape(', '.join(marks))}")
    lines += [f"  - Note: {md_escape(note)}" for note in review.notes.get(record_id, [])]
    return lines


def _who(corpus: Corpus, speaker: str | None) -> str:
    return _speaker_name(corpus, speaker or "") or "unattributed"


def _readable(extracted: dict[str, Any]) -> dict[str, str]:
    """Extracted values by field as a person reads them (the date's two ends as one)."""
    shown = {
        name: _plain(value) for name, value in extracted.items() if name not in ("date_start", "date_end")
    }
    if "date_start" in extracted or "date_end" in extracted:
        ends = [extracted.get("date_start"), extracted.get("date_end")]
        shown = {"date": " – ".join(dict.fromkeys(str(e) for e in ends if e)) or "none", **shown}
    return shown


def _plain(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def export_csv(corpus: Corpus, view: View) -> bytes:
    """Events and quotes in view as CSV, one row each, for a spreadsheet: effective
    values (the analyst's where they set one) and the review's marks."""
    import csv
    import io

    review = corpus.review
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "type",
            "id",
            "date_start",
            "date_end",
            "kind",
            "title",
            "place",
            "people",
            "text",
            "document",
            "source",
            "status",
            "starred",
            "tags",
            "notes",
            "corrected",
        ]
    )

    def marks(record_id: str) -> list[str]:
        if review is None:
            return ["unreviewed", "", "", "", ""]
        return [
            review.status_of(record_id),
            "yes" if record_id in review.starred else "",
            " ".join(review.tags.get(record_id, [])),
            " | ".join(review.notes.get(record_id, [])),
            " ".join(sorted(review.extracted.get(record_id, {}))),
        ]

    def name(person_id: str | None) -> str:
        return _speaker_name(corpus, person_id or "")

    for event in view.events:
        documents = [corpus.document_by_id[d] for d in event.documents if d in corpus.document_by_id]
        writer.writerow(
            [
                _cell(v)
                for v in (
                    "event",
                    event.id,
                    event.date_start or "",
                    event.date_end or "",
                    event.kind,
                    event.title,
                    event.place or "",
                    "; ".join(name(p) for p in event.participants),
                    "",
                    "; ".join(d.title for d in documents),
                    "; ".join(d.source for d in documents if d.source),
                    *marks(event.id),
                )
            ]
        )
    for quote in view.quotes:
        if quote.short:
            continue
        document = corpus.document_by_id.get(quote.document)
        said_at = corpus.event_by_id.get(quote.event or "")
        writer.writerow(
            [
                _cell(v)
                for v in (
                    "quote",
                    quote.id,
                    (said_at.date_start or "") if said_at else "",
                    (said_at.date_end or "") if said_at else "",
                    quote.kind,
                    "",
                    (said_at.place or "") if said_at else "",
                    name(quote.speaker),
                    quote.text,
                    document.title if document else "",
                    (document.source or "") if document else "",
                    *marks(quote.id),
                )
            ]
        )
    return out.getvalue().encode()


def _cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: one starting with =, +, - or @ would be
    run as a formula (CSV injection), so it gets a leading apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def save_export(path: Path, data: bytes, replace: bool = False, store: Path | None = None) -> None:
    """Write an export atomically (through a symbolic link, to its target).

    Raises:
        FileExistsError: `path` exists and `replace` is false.
        ValueError: `path` is the store itself (or a link to it).
        OSError: The file cannot be written, or is a device or other non-file.
    """
    from diplotui.store import atomic_write

    if store is not None and os.path.realpath(path) == os.path.realpath(store):
        raise ValueError(f"{path} is the store itself")
    if path.exists() and not replace:
        raise FileExistsError(path)
    atomic_write(path, data)


def _speaker_name(corpus: Corpus, speaker_id: str) -> str:
    person = corpus.person_by_id.get(speaker_id)
    return person.name if person else ""
