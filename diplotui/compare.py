"""Provides two views across documents, built on the merged corpus: the readouts of one
event side by side (what each document says of it, and where they disagree), and the
cadence of a pair of people (every meeting between them, and how often they meet).

Pure functions over the query layer's records: no store, no UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from diplotui.model import Document, Event, Quote, fold
from diplotui.query import Corpus

READOUT_FIELDS = ("date", "place", "kind", "participants", "quotes")
COMPARED = READOUT_FIELDS[:4]
"""The fields readouts can disagree on (one quoting someone and another not is not a
disagreement)."""


@dataclass
class Readout:
    """What one document says of an event."""

    document: Document
    date: str
    place: str
    kind: str
    participants: list[str]
    quotes: list[Quote] = field(default_factory=list)

    def value(self, name: str) -> str:
        """A field as compared across readouts (participants in any order)."""
        if name == "participants":
            return ", ".join(sorted(self.participants))
        if name == "quotes":
            return str(len(self.quotes))
        return str(getattr(self, name))


def readouts(corpus: Corpus, event_id: str) -> list[Readout]:
    """One readout per document reporting the event, in order of publication. An event
    only one document reports gives one readout.

    Raises:
        KeyError: No event has this id.
    """
    from diplotui.export import format_event_date

    event = corpus.event_by_id[event_id]
    reports = corpus.reports.get(event_id) or [event]
    found: list[Readout] = []
    for document_id in event.documents:
        document = corpus.document_by_id.get(document_id)
        report = next((r for r in reports if document_id in r.documents), None)
        if document is None or report is None:
            continue
        names = [_name(corpus, p) for p in report.participants]
        quotes = [
            q for q in corpus.quotes_by_event.get(event_id, []) if q.document == document_id and not q.short
        ]
        found.append(
            Readout(
                document, format_event_date(report), report.place or "not stated", report.kind, names, quotes
            )
        )
    found.sort(key=lambda r: (r.document.published or "9999", r.document.title))
    return found


def disagreements(found: list[Readout]) -> set[str]:
    """The fields the readouts do not agree on."""
    return {name for name in COMPARED if len({r.value(name) for r in found}) > 1}


def _name(corpus: Corpus, person_id: str) -> str:
    person = corpus.person_by_id.get(corpus.merged_into.get(person_id, person_id))
    return person.name if person else person_id


@dataclass
class Cadence:
    """Every meeting between two people (or two countries), and how often they meet."""

    pair: tuple[str, str]
    """The two, as a person reads them: names, or countries."""
    meetings: list[Event]
    """Their events with a known date, oldest first."""
    undated: list[Event]
    """Their events without a full date."""

    @property
    def first(self) -> str | None:
        return self.meetings[0].date_start if self.meetings else None

    @property
    def last(self) -> str | None:
        return self.meetings[-1].date_start if self.meetings else None

    @property
    def mean_interval(self) -> float | None:
        """Mean days between one meeting and the next (None with fewer than two)."""
        if len(self.meetings) < 2:
            return None
        days = [_day(e.date_start) for e in self.meetings]
        return (days[-1] - days[0]).days / (len(days) - 1)

    def summary(self) -> str:
        """ "…: 3 dated meetings, first 21 Feb 2023, last 3 Mar 2024, every 190 days on
        average"."""
        from diplotui.export import format_day, plural

        a, b = self.pair
        text = f"{a} and {b}: {plural(len(self.meetings), 'dated meeting')}"
        if len(self.meetings) == 1:
            text += f", on {format_day(self.first)}"
        elif self.meetings:
            text += f", first {format_day(self.first)}, last {format_day(self.last)}"
        if self.mean_interval is not None:
            text += f", every {self.mean_interval:.0f} days on average"
        if self.undated:
            text += f"; {plural(len(self.undated), 'more')} without a full date"
        return text

    def strip(self, width: int) -> str:
        """The meetings on a line `width` wide from the first to the last: ● where one or
        more fall, · between."""
        if not self.meetings or width < 1:
            return ""
        if len(self.meetings) == 1:
            return "●"
        first, last = _day(self.meetings[0].date_start), _day(self.meetings[-1].date_start)
        span = max((last - first).days, 1)
        cells = ["·"] * width
        for event in self.meetings:
            offset = (_day(event.date_start) - first).days
            cells[min(width - 1, round(offset * (width - 1) / span))] = "●"
        return "".join(cells)


def cadence(corpus: Corpus, a: str, b: str) -> Cadence:
    """The cadence of two people (ids of the corpus): the events both took part in that
    the analyst did not reject.

    Raises:
        KeyError: Either is not a person of the corpus.
    """
    pair = (corpus.person_by_id[a].name, corpus.person_by_id[b].name)
    together = [e for e in corpus.events_by_person.get(a, []) if b in e.participants]
    return _cadence(corpus, pair, together)


def country_cadence(corpus: Corpus, a: str, b: str) -> Cadence:
    """The cadence of two countries (as the people's records name them, case and
    accents aside): the events where someone of one met someone of the other."""
    wanted = fold(a), fold(b)
    countries = {p.id: fold(p.country or "") for p in corpus.people}
    together = []
    for event in corpus.events:
        of = [countries.get(p, "") for p in event.participants]
        if wanted[0] in of and wanted[1] in of and (wanted[0] != wanted[1] or of.count(wanted[0]) > 1):
            together.append(event)
    return _cadence(corpus, (a, b), together)


def _cadence(corpus: Corpus, pair: tuple[str, str], together: list[Event]) -> Cadence:
    review = corpus.review
    kept = [e for e in together if review is None or review.status.get(e.id) != "rejected"]
    dated = sorted((e for e in kept if e.date_start), key=lambda e: (e.date_start or "", e.id))
    return Cadence(pair, dated, [e for e in kept if not e.date_start])


def _day(value: str | None) -> date:
    return date.fromisoformat(value or "")


__all__ = ["Cadence", "Readout", "cadence", "country_cadence", "disagreements", "readouts"]
