"""Provides how records look on screen, as Textual `Content` (never parsed as markup).

Document text goes into `Content` literally, so `[bold]` or escape-looking text in a
document is shown as the characters it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Any

from textual.cache import LRUCache
from textual.content import Content

from diplotui.export import format_day, format_event_date
from diplotui.extract.rules import RULES
from diplotui.extract.sentences import split_sentences
from diplotui.model import Event, Person, Quote, Topic
from diplotui.query import Corpus
from diplotui.review import clip

MATCH_STYLE = "reverse"


class RowCache:
    """The rows a list has made for the corpus it shows, each made once: moving along the
    timeline or typing a search shows mostly the same rows again, and a row that is the
    same object is not wrapped again either. Another corpus, or the same one marked
    again by a review (its `review` replaced), starts afresh."""

    def __init__(self, size: int = 2048) -> None:
        self._shown: tuple[Corpus, object] | None = None
        self._rows: LRUCache[Hashable, Content] = LRUCache(size)

    def get(self, corpus: Corpus, key: Hashable, make: Callable[[], Content]) -> Content:
        """The row for `key`, made by `make()` the first time for this corpus and review."""
        shown = self._shown
        if shown is None or shown[0] is not corpus or shown[1] is not corpus.review:
            self._shown = (corpus, corpus.review)
            self._rows.clear()
        row = self._rows.get(key)
        if row is None:
            row = make()
            self._rows.set(key, row)
        return row


def highlight(content: Content, pattern: re.Pattern[str] | None) -> Content:
    """Return `content` with matches of `pattern` marked (the same object when nothing
    matches: a list that shows it again need not wrap it again)."""
    if pattern is None or pattern.search(content.plain) is None:
        return content
    return content.highlight_regex(pattern, style=MATCH_STYLE)


def day_heading(event: Event) -> str:
    """The timeline group an event belongs to."""
    if event.kind == "planned" and not event.date_start:
        return "Expected"
    if event.date_start:
        return _dated_heading(event.date_start, event.date_end, event.date_precision)
    if event.date_partial:
        return "Year unknown"
    return "Date unknown"


@lru_cache(maxsize=4096)
def _dated_heading(start: str, end: str | None, precision: str) -> str:
    # Many events share a day; formatting each one's date on every keystroke adds up.
    probe = Event("", "", "", start, end, "", precision, "", None)
    return format_event_date(probe)


def review_marks(corpus: Corpus, record_id: str) -> str:
    """The analyst's marks on a record, as a row shows them before its text: ★ starred,
    ✓ accepted, ✗ rejected, ✎ corrected (empty when there are none)."""
    review = corpus.review
    if review is None:
        return ""
    marks = "★" if record_id in review.starred else ""
    marks += {"accepted": "✓", "rejected": "✗"}.get(review.status.get(record_id, ""), "")
    if record_id in review.extracted:
        marks += "✎"
    return f"{marks} " if marks else ""


def person_row(person: Person, corpus: Corpus) -> Content:
    """One participant line: name, title, country, counts."""
    events, quotes = corpus.event_count(person.id), corpus.quote_count(person.id)
    return counted_person_row(person, events, quotes, review_marks(corpus, person.id))


def counted_person_row(person: Person, events: int, quotes: int, marks: str = "") -> Content:
    """One participant line from counts given (a large store's first screen has them from
    the store, before the corpus is read)."""
    detail = ", ".join(x for x in (person.title, person.country) if x)
    return Content.assemble(
        (f"{events:>2}e {quotes:>2}q ", "dim"),
        (marks, "$accent"),
        (person.name, "bold"),
        (f" — {detail}" if detail else ""),
    )


def topic_row(topic: Topic, count: int) -> Content:
    """One topic line: label and number of events."""
    return Content.assemble(topic.label, (f"  {count}", "dim"))


QUOTE_PREVIEW = 280  # characters of a long quote shown until it is opened with Enter


def quote_date(quote: Quote, corpus: Corpus) -> str:
    """When a quote was said, as far as is known: its event's date, else the date its
    document was published."""
    event = corpus.event_by_id.get(quote.event or "")
    if event is not None and event.date_start:
        return format_event_date(event)
    document = corpus.document_by_id.get(quote.document)
    return format_day(document.published) if document and document.published else "undated"


def quote_row(quote: Quote, corpus: Corpus, expanded: bool = False) -> Content:
    """One quote: date, speaker — “words” (wrapped by the list; a long one cut until it
    is expanded), and its document (`highlight` marks a search's words in it)."""
    speaker = corpus.person_by_id.get(quote.speaker or "")
    document = corpus.document_by_id.get(quote.document)
    marks = ("“", "”") if quote.kind == "direct" else ("", "")
    words = quote.text
    cut = not expanded and len(words) > QUOTE_PREVIEW
    if cut:
        words = words[:QUOTE_PREVIEW].rsplit(" ", 1)[0] + " …"
    parts: list[str | tuple[str, str]] = [
        (f"{quote_date(quote, corpus)}  ", "dim"),
        (review_marks(corpus, quote.id), "$accent"),
        ((speaker.name if speaker else "Unattributed"), "bold"),
        " — ",
        f"{marks[0]}{words}{marks[1] if not cut else ''}",
    ]
    if cut:
        parts.append((f"  (Enter: all {len(quote.text.split()):,} words)", "italic dim"))
    if quote.kind == "reported":
        parts.append((" (reported)", "italic dim"))
    if document:
        title = clip(document.title, 48)
        parts.append((f"  — {title}", "dim"))
        if quote.rules:
            number = sentence_number(document.text, quote.start)
            parts.append((f"  [{' · '.join(quote.rules)}, sentence {number}]", "dim"))
    return Content.assemble(*parts)


def event_detail(event: Event, corpus: Corpus) -> Content:
    """The event detail pane: title, date and how it was resolved, place, people,
    topics, documents and the evidence sentence."""
    review = corpus.review
    extracted = review.extracted.get(event.id, {}) if review else {}
    lines: list[Content] = [Content.styled(event.title, "bold")]
    lines.extend(review_lines(corpus, event.id))
    lines.append(Content.assemble(("When   ", "dim"), format_event_date(event), *_theirs(extracted, "date")))
    if event.date_note and "date_start" not in extracted:
        lines.append(Content.assemble(("       ", "dim"), (event.date_note, "italic")))
    lines.append(
        Content.assemble(("Where  ", "dim"), event.place or "not stated", *_theirs(extracted, "place"))
    )
    lines.append(Content.assemble(("Kind   ", "dim"), event.kind, *_theirs(extracted, "kind")))
    lines.append(Content.assemble(("Participants", "dim"), *_theirs(extracted, "participants", corpus)))
    for person_id in event.participants:
        person = corpus.person_by_id.get(person_id)
        if person:
            detail = ", ".join(x for x in (person.title, person.country) if x)
            lines.append(Content.assemble("  • ", (person.name, "bold"), f" — {detail}" if detail else ""))
    topics = [corpus.topic_by_id[t].label for t in event.topics if t in corpus.topic_by_id]
    if topics:
        lines.append(Content.assemble(("Topics ", "dim"), ", ".join(topics)))
    lines.append(Content.styled("Reported in", "dim"))
    for document_id in event.documents:
        document = corpus.document_by_id.get(document_id)
        if document:
            lines.append(
                Content.assemble("  • ", document.title, (f" ({document.published or 'undated'})", "dim"))
            )
    if event.evidence:
        lines.append(Content.styled("Evidence", "dim"))
        # The first sentence dates the event most precisely; others add who and where.
        for span in event.evidence[:3]:
            document = corpus.document_by_id.get(span.document)
            if document:
                number = sentence_number(document.text, span.start)
                lines.append(
                    Content.assemble(
                        "  • ",
                        (document.text[span.start : span.end], "italic"),
                        (f"  (sentence {number})", "dim"),
                    )
                )
    if event.rules:
        lines.append(Content.styled("Found by", "dim"))
        lines.extend(Content.assemble("  • ", explain(name)) for name in event.rules)
    return Content("\n").join(lines)


def review_lines(corpus: Corpus, record_id: str) -> list[Content]:
    """The analyst's status, star, tags and notes on a record, for its detail pane."""
    review = corpus.review
    if review is None:
        return []
    status = review.status_of(record_id)
    marks = [status] + (["starred"] if record_id in review.starred else [])
    tags = review.tags.get(record_id, [])
    if tags:
        marks.append("tags: " + ", ".join(tags))
    lines = [Content.assemble(("Review ", "dim"), (" · ".join(marks), "$accent"))]
    lines.extend(
        Content.assemble(("Note   ", "dim"), (note, "italic")) for note in review.notes.get(record_id, [])
    )
    return lines


def _theirs(extracted: dict[str, Any], name: str, corpus: Corpus | None = None) -> list[tuple[str, str]]:
    """After a value the analyst set: "(yours) — extracted: …" with the extractor's."""
    if name == "date":
        if "date_start" not in extracted and "date_end" not in extracted:
            return []
        value = " – ".join(str(extracted[k]) for k in ("date_start", "date_end") if extracted.get(k))
    elif name not in extracted:
        return []
    elif name == "participants" and corpus is not None:
        people = corpus.base.person_by_id
        ids = extracted[name] or []
        value = ", ".join(people[p].name if p in people else str(p) for p in ids)
    else:
        value = str(extracted[name] or "none")
    return [("  (yours)", "bold $accent"), (f" — extracted: {value or 'none'}", "dim")]


def explain(rule_name: str) -> Content:
    """A rule as the detail panes show it: "event.met — 'met (with)' reports a meeting"."""
    found = RULES.get(rule_name)
    if found is None:
        return Content(rule_name)
    return Content.assemble((rule_name, "bold"), (f" — {found.description}", "dim"))


def sentence_number(text: str, offset: int) -> int:
    """The 1-based number of the sentence of `text` that holds `offset`."""
    starts = _sentence_starts(text)
    return max(1, bisect_right(starts, offset))


@lru_cache(maxsize=1024)  # the quotes pane shows a hundred documents' quotes at once
def _sentence_starts(text: str) -> list[int]:
    return [sentence.start for sentence in split_sentences(text)]
