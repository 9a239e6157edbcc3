"""Provides `extract_document`: one document's text and metadata to records (the
package `diplotui.extract` gives it too).

Pure and deterministic: no I/O, no clock, no globals changed. Offsets in the records
point into the `text` given.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from operator import attrgetter

from diplotui.extract.document import Analysis, analyse
from diplotui.extract.events import EventFinder, RawEvent
from diplotui.extract.people import PeopleFinder
from diplotui.extract.quotes import QuoteAttributor, RawQuote
from diplotui.extract.topics import (
    DEFAULT_TOPICS,
    TopicLexicon,
    key_phrases,
    organisations_in,
    topic_id,
    topic_record,
    topics_in,
)
from diplotui.model import Event, Extraction, Person, Quote, Span, event_title, paused_gc, stable_id
from diplotui.text import Pieces, guess_title

__all__ = ["extract_document", "person_id"]


def person_id(key: str) -> str:
    """Return the global id of a person from their identity key."""
    return stable_id("p", key)


def extract_document(
    text: str,
    published: str | None,
    document_id: str,
    topics: TopicLexicon = DEFAULT_TOPICS,
    title: str | None = None,
    disabled: frozenset[str] = frozenset(),
) -> Extraction:
    """Extract people, events, quotes and topics from one document.

    Args:
        text: The document's stored (normalised) text.
        published: Its publication date as `YYYY-MM-DD`, or None.
        document_id: The id the records will point back to.
        topics: The topic lexicon (the built-in one unless the user extends it).
        title: The document's title from its metadata, when the text does not repeat it;
            it can give people's titles and countries.
        disabled: Names of rules to switch off (see `diplotui.extract.rules`).

    Returns:
        The document's records; person and topic ids are global (the same person in
        another document gets the same id), event and quote ids are per document.
    """
    # The cyclic garbage collector is paused meanwhile: a long text makes hundreds of
    # thousands of small objects and no cycles, and each of the collector's passes over
    # them grew with the text.
    with paused_gc(freeze=False):
        return _extract(text, published, document_id, topics, title, disabled)


def _extract(
    text: str,
    published: str | None,
    document_id: str,
    topics: TopicLexicon,
    title: str | None,
    disabled: frozenset[str],
) -> Extraction:
    doc = analyse(text, published, disabled)
    if not doc.sentences:
        return Extraction()
    headline = _headline_span(text, doc.paragraphs)
    finder = PeopleFinder(text, skip_spans=[headline] if headline else [], switches=doc.switches)
    finder.find()
    if title:
        headline_finder = PeopleFinder(title, switches=doc.switches)
        headline_finder.find()
        finder.learn_from(headline_finder)
    attributor = QuoteAttributor(doc, finder)
    raw_quotes = attributor.attribute()
    event_finder = EventFinder(doc, finder, attributor)
    raw_events = event_finder.find()
    event_finder.infer_countries(raw_events)

    people = _people(finder, document_id)
    ids = {key: person_id(key) for key in finder.people}
    events = _events(doc, raw_events, ids, document_id, finder, topics)
    warnings = sorted(set(event_finder.warnings))
    # What was read on the way (sentences, every mention, the finders' indexes) is let go
    # before the quote records are made: a transcript holds as many records as lines.
    del doc, finder, attributor, event_finder, raw_events
    quotes = _quotes(text, raw_quotes, ids, events, document_id)
    labels = sorted({label for event in events for label in event.topics})
    topic_labels = topics_in(text, topics)
    found_topics = [topic_record(label, topics) for label in topic_labels]
    for event in events:
        event.topics = [topic_id(label) for label in event.topics]
    return Extraction(
        people=people,
        events=events,
        quotes=quotes,
        topics=found_topics or [topic_record(label, topics) for label in labels],
        organisations=organisations_in(text),
        keyphrases=key_phrases(text),
        warnings=warnings,
    )


def _headline_span(text: str, first: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    title = guess_title(text)
    if title is None:
        return None
    start = text.find(title)
    if first and start == first[0][0] and first[0][1] - first[0][0] <= len(title) + 4:
        return start, start + len(title)
    return None


def _people(finder: PeopleFinder, document_id: str) -> list[Person]:
    result = []
    for key, local in sorted(finder.people.items(), key=lambda kv: kv[1].first):
        result.append(
            Person(
                id=person_id(key),
                name=local.name,
                aliases=sorted(local.aliases - {local.name}),
                title=local.title,
                country=local.country,
                documents=[document_id],
                rules=list(local.rules),
            )
        )
    return result


def _events(
    doc: Analysis,
    raw: list[RawEvent],
    ids: dict[str, str],
    document_id: str,
    finder: PeopleFinder,
    topics: TopicLexicon,
) -> list[Event]:
    if not raw:
        return []
    text = doc.text
    paras = doc.paragraphs
    starts = [start for start, _ in paras]

    def paragraph_of(position: int) -> int:
        return max(0, bisect_right(starts, position) - 1)

    evidence_paragraphs = sorted({paragraph_of(s) for e in raw for s, _ in e.evidence})
    # Titles ("Security Council Secretary") are not what a meeting was about.
    pieces = Pieces()  # joined a batch at a time: a name-dense text has a piece per name
    cursor = 0
    for mention in sorted(finder.mentions, key=attrgetter("full_start", "end")):
        start, end = mention.full_start, mention.end
        if end > cursor:
            start = max(start, cursor)
            pieces.add(text[cursor:start])
            pieces.add(" " * (end - start))
            cursor = end
    pieces.add(text[cursor:])
    topic_text = pieces.text()
    segment_topics: dict[tuple[int, int], list[str]] = {}
    events = []
    for item in raw:
        names = [finder.people[k].name for k in item.principals if k in finder.people]
        title = event_title(item.kind, names, item.place)
        # An event's topics: those of the text from each of its evidence paragraphs up to
        # the next paragraph that reports another event.
        labels: set[str] = set()
        for span_start, _ in item.evidence:
            number = paragraph_of(span_start)
            later = bisect_right(evidence_paragraphs, number)
            stop = paras[evidence_paragraphs[later]][0] if later < len(evidence_paragraphs) else len(text)
            key = (paras[number][0], stop)
            if key not in segment_topics:
                segment_topics[key] = topics_in(topic_text[key[0] : key[1]], topics)
            labels.update(segment_topics[key])
        date = item.date
        participants = [ids[k] for k in item.participants if k in ids]
        event_id = stable_id(
            "e",
            document_id,
            *sorted(participants[:2]),
            date.start or date.partial,
            item.kind,
            item.evidence[0][0],
        )
        events.append(
            Event(
                id=event_id,
                kind=item.kind,
                title=title,
                date_start=date.start,
                date_end=date.end,
                date_text=date.text,
                date_precision=date.precision,
                date_note=date.note,
                date_partial=date.partial,
                place=item.place,
                participants=participants,
                topics=[label for label, _ in topics if label in labels],
                documents=[document_id],
                evidence=[Span(document_id, s, e) for s, e in item.evidence],
                rules=list(item.rules),
            )
        )
    return events


def _quotes(
    text: str, raw: list[RawQuote], ids: dict[str, str], events: list[Event], document_id: str
) -> list[Quote]:
    # `raw` is emptied as it is read: each raw quote goes once its record is made, so a
    # transcript (a quote per line) never holds both in full.
    result = []
    raw.reverse()
    while raw:
        item = raw.pop()
        speaker = ids.get(item.speaker) if item.speaker else None
        event = _event_for(item.start, speaker, events)
        result.append(
            Quote(
                id=stable_id("q", document_id, item.start, item.end, item.kind),
                text=text[item.start : item.end],
                speaker=speaker,
                kind=item.kind,
                event=event,
                document=document_id,
                start=item.start,
                end=item.end,
                attribution=item.attribution,
                sentence_start=item.sentence_start,
                sentence_end=min(item.sentence_end, len(text)),
                short=item.short,
                rules=item.rules,  # the raw quote is not used again: its list is the record's
            )
        )
    return result


def _event_for(position: int, speaker: str | None, events: list[Event]) -> str | None:
    """Return the event a quote belongs to: the speaker's latest event reported before it."""
    if speaker is None:
        return None
    own = [e for e in events if speaker in e.participants and e.kind != "planned"]
    if not own:
        return None
    before = [(max((s.start for s in e.evidence if s.start <= position), default=-1), e) for e in own]
    best = max(before, key=lambda pair: pair[0])
    return best[1].id
