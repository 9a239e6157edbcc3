"""Provides events: meetings, talks, visits, calls and planned encounters, with who
took part, where and when.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date

from diplotui import lexicon
from diplotui.dates import UNKNOWN, DateMention, ResolvedDate, find_dates, resolve
from diplotui.extract.people import Mention, PeopleFinder
from diplotui.extract.quotes import QuoteAttributor
from diplotui.extract.sentences import Sentence, paragraphs
from diplotui.model import fold

_CUES = [(re.compile(rf"\b{pattern}", re.IGNORECASE), kind) for pattern, kind in lexicon.MEETING_PATTERNS]
_PLANNED = re.compile("|".join(lexicon.PLANNED_MARKERS), re.IGNORECASE)
_LIST_GAP = re.compile(
    r"^(?:,\s*|\s+and\s+|,\s+and\s+|\s*&\s*|\s+as\s+well\s+as\s+)(?:(?:his|her|their|the)\s+)?$"
)
_PLACE = re.compile(
    r"\b(?:in|at|to|from|outside|near|visit|visits|visited|visiting)\s+(?P<place>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:of\s+the\s+)?[A-Z][\w’'.-]*){0,4})"
)
_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z .’'-]{2,30}?)(?:\s*,\s*(?P<date>[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"\s*(?:\([\w .]+\))?\s*[—–-]+\s",
    re.MULTILINE,
)
_GREETING = re.compile(
    r"^\s*(?:(?:cordial|warm|warmest|best|sincere|kind|personal)\s+)*"
    r"(?:greetings|regards|wishes|message|letter|invitation)\b"
)
_CONVEY = re.compile(
    r"\b(?:conveyed|communicated|passed on|delivered|extended|relayed|brought|"
    r"handed over|sent)\b"
)
_NEGATED = re.compile(
    r"\b(?:not|never|no longer|n't|refused to|declined to|cancell?ed|called off|postponed|"
    r"without)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_PAIR_WORDS = re.compile(
    r"\b(?:the two|both)\s+(?:leaders|presidents|ministers|sides|men|women|diplomats|heads of state|"
    r"officials|counterparts|premiers)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_ACCOMPANIED = re.compile(r"\baccompanied by\s+", re.IGNORECASE)


@dataclass
class RawEvent:
    """An event as one document reports it, before ids."""

    kind: str
    principals: list[str]
    extras: list[str] = field(default_factory=list)
    place: str | None = None
    date: ResolvedDate = UNKNOWN
    evidence: list[tuple[int, int]] = field(default_factory=list)
    planned: bool = False

    @property
    def participants(self) -> list[str]:
        """Everyone who took part, principals first."""
        return self.principals + [p for p in self.extras if p not in self.principals]


def dateline(text: str) -> tuple[str | None, str | None, int]:
    """Return the city, date and paragraph number of a wire dateline
    ("MOSCOW, Feb 21 (Reuters) -") opening one of the first three paragraphs."""
    for number, (start, _) in enumerate(paragraphs(text)[:3]):
        match = _DATELINE.match(text, start)
        if match:
            city = match.group("city").strip().title()
            return (city if fold(city) in lexicon.CAPITALS else None), match.group("date"), number
    return None, None, -1


def place_in(text: str) -> str | None:
    """Return the first city or venue named after "in/at/to" in `text`."""
    for match in _PLACE.finditer(text):
        if match.group(0).startswith("from"):
            continue
        words = match.group("place").split()
        for size in range(len(words), 0, -1):
            phrase = re.sub(r"[’']s$", "", " ".join(words[:size]).rstrip(".,;:"))
            folded = fold(phrase)
            if folded in lexicon.VENUES:
                return lexicon.VENUES[folded]
            if folded.startswith("the "):
                folded, phrase = folded[4:], phrase[4:]
            if folded in lexicon.CAPITALS:
                return phrase
            if folded in lexicon.COUNTRY_NAMES and match.group(0).split()[0].startswith(("visit", "to")):
                return lexicon.COUNTRIES[folded]
    return None


class EventFinder:
    """Finds the events of one document."""

    def __init__(
        self,
        text: str,
        sentences: list[Sentence],
        finder: PeopleFinder,
        attributor: QuoteAttributor,
        published: date | None,
    ) -> None:
        self.text = text
        self.sentences = sentences
        self.finder = finder
        self.attributor = attributor
        self.published = published
        self._starts = [m.start for m in finder.mentions]
        self._dates: dict[int, list[DateMention]] = {}
        self.dateline_city, dateline_date, self.dateline_paragraph = dateline(text)
        self.dateline_date = None
        if dateline_date:
            found = find_dates(dateline_date)
            if found:
                self.dateline_date = resolve(found[0], published)

    def _mentions_in(self, start: int, end: int) -> list[Mention]:
        mentions = self.finder.mentions
        first = bisect_left(self._starts, start)
        last = bisect_left(self._starts, end)
        return [m for m in mentions[first:last] if not self.attributor._inside_quote(m.start)]

    def find(self) -> list[RawEvent]:
        """Return the document's events, merged where they are the same event."""
        events: list[RawEvent] = []
        for sentence in self.sentences:
            events.extend(self._sentence_events(sentence))
        return merge_events(events)

    def _sentence_events(self, sentence: Sentence) -> list[RawEvent]:
        mentions = self._mentions_in(sentence.start, sentence.end)
        found: list[RawEvent] = []
        if not mentions:
            return found
        used: set[int] = set()
        for pattern, kind in _CUES:
            for cue in pattern.finditer(self.text, sentence.start, sentence.end):
                if self.attributor._inside_quote(cue.start()) or cue.start() in used:
                    continue
                event = self._event_at(cue, kind, sentence, mentions)
                if event is not None:
                    used.update(range(cue.start(), cue.end()))
                    found.extend(self._split(event, cue, kind))
        return found

    def _event_at(
        self, cue: re.Match[str], kind: str, sentence: Sentence, mentions: list[Mention]
    ) -> RawEvent | None:
        if (
            re.search(
                r"\b(?:the|this|that|their|its)\s+$",
                self.text[max(sentence.start, cue.start() - 6) : cue.start()],
            )
            and cue.group(0).lower() in ("meeting", "meetings", "talks", "visit", "summit", "trip", "tour")
            and not re.match(r"\s+(?:with|between|of|by|to|in|from)\b", self.text[cue.end() : cue.end() + 10])
        ):
            return None  # "the meeting was positive": a reference back, not a new event
        if cue.group(0).lower() == "visiting" and not self._place_follows(cue.end()):
            return None  # "visiting Brazilian President Lula": an adjective, not a visit
        if _NEGATED.search(self.text[max(sentence.start, cue.start() - 40) : cue.start()]):
            return None  # "has not met", "refused to meet", "cancelled a visit"
        right = self._right_list(cue, sentence, mentions)
        skip = {id(m) for m in right}
        subject = self._subject(cue, sentence, mentions, skip)
        principals: list[str] = []
        for person in subject + [m.person for m in right]:
            if person and person not in principals:
                principals.append(person)
        extras = self._accompanied(sentence, mentions)
        clause = self.text[max(sentence.start, cue.start() - 70) : min(sentence.end, cue.end() + 40)]
        planned = bool(_PLANNED.search(clause))
        place = place_in(self.text[sentence.start : sentence.end])
        if (
            place is None
            and not planned
            and self.dateline_city
            and sentence.paragraph == self.dateline_paragraph
        ):
            place = self.dateline_city  # "MOSCOW (Reuters) - …" in the story's opening
        participants = principals + [e for e in extras if e not in principals]
        if len(participants) < 2 and not (kind == "visit" and participants and place):
            return None
        if (
            kind == "visit"
            and not planned
            and not re.search(
                r"(?:visit(?:ed|s|ing)?|trip|tour)\s+(?:to|in)\b|visited\s+[A-Z]",
                cue.group(0) + self.text[cue.end() : cue.end() + 4],
            )
            and len(participants) < 2
        ):
            return None
        event = RawEvent(
            kind="planned" if planned else kind,
            principals=principals,
            extras=[e for e in extras if e not in principals],
            place=place,
            evidence=[(sentence.start, sentence.end)],
            planned=planned,
        )
        event.date = self._date(sentence, cue.start(), planned)
        return event

    def _place_follows(self, position: int) -> bool:
        following = re.match(
            r"\s+(?:the\s+)?([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2})", self.text[position:]
        )
        if following is None:
            return False
        words = following.group(1).split()
        return any(
            fold(" ".join(words[:n])) in lexicon.CAPITALS
            or fold(" ".join(words[:n])) in lexicon.COUNTRY_NAMES
            for n in range(len(words), 0, -1)
        )

    def _split(self, event: RawEvent, cue: re.Match[str], kind: str) -> list[RawEvent]:
        """Give each counterpart of a multi-party visit its own meeting."""
        if event.planned or kind not in ("talks", "meeting", "call") or len(event.principals) < 3:
            return [event]
        subject, *counterparts = event.principals
        return [
            RawEvent(
                event.kind,
                [subject, other],
                list(event.extras),
                event.place,
                event.date,
                list(event.evidence),
                event.planned,
            )
            for other in counterparts
        ]

    def _right_list(self, cue: re.Match[str], sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
        after = [m for m in mentions if m.full_start >= cue.end() and not m.possessive]
        if not after:
            return []
        first = after[0]
        gap = self.text[cue.end() : first.full_start]
        direct = re.fullmatch(r"\s*(?:(?:the|his|her|their|visiting|fellow)\s+)*", gap) is not None
        via = re.search(r"\b(?:with|from|by|between)\s+(?:the\s+)?$", gap) is not None
        if not (direct or (via and len(gap) < 90)):
            return []
        if re.search(r"[;]|\b(?:said|says|who|which|that)\b", gap):
            return []
        return self._list_from(first, after[1:])

    def _list_from(self, first: Mention, following: list[Mention]) -> list[Mention]:
        """Return "A, B and C" starting at `first`; a list of commas alone ends at A."""
        chain = [first]
        gaps: list[str] = []
        for mention in following:
            between = self.text[chain[-1].end : mention.full_start]
            if not _LIST_GAP.match(between):
                break
            chain.append(mention)
            gaps.append(between)
        while gaps and "and" not in gaps[-1] and "&" not in gaps[-1] and "as well" not in gaps[-1]:
            gaps.pop()
            chain.pop()
        return chain

    def _subject(
        self, cue: re.Match[str], sentence: Sentence, mentions: list[Mention], skip: set[int]
    ) -> list[str | None]:
        if _PAIR_WORDS.search(self.text[max(sentence.start, cue.start() - 40) : cue.start()]):
            # "A and B agreed …, after the two leaders spoke": the pair named earlier,
            # in this sentence or the two before.
            for index in range(sentence.index, max(-1, sentence.index - 3), -1):
                earlier = self.sentences[index]
                named_pair = self._first_pair(self._mentions_in(earlier.start, earlier.end))
                if named_pair:
                    return named_pair
        before = [
            m
            for m in mentions
            if m.end <= cue.start()
            and not m.possessive
            and id(m) not in skip
            and not self._after_preposition(m)
        ]
        pronouns = [p for p in re.finditer(r"\b(?:[Hh]e|[Ss]he)\b", self.text[sentence.start : cue.start()])]
        candidates: list[tuple[int, str | None, Mention | None]] = [(m.end, m.person, m) for m in before]
        for p in pronouns:
            position = sentence.start + p.start()
            if not self.attributor._inside_quote(position):
                candidates.append((position + len(p.group(0)), None, None))
        if candidates and not self._has_right(cue, mentions):
            # "A told B in a phone call": with nobody after the cue, the two named before it.
            named = sorted((c for c in candidates if c[1]), key=lambda c: c[0], reverse=True)
            pair: list[str | None] = []
            for _, person, _ in named:
                if person not in pair:
                    pair.append(person)
            in_phrase = re.search(
                r"\b(?:in|during|at|over)\s+(?:a|an|the|their|his|her)?\s*(?:[\w-]+\s+)?$",
                self.text[max(sentence.start, cue.start() - 30) : cue.start()],
            )
            if (
                len(pair) >= 2
                and in_phrase
                and re.search(r"(?:phone|call|talks|conversation|meeting)", cue.group(0))
            ):
                return pair[:2][::-1]
        if candidates:
            end, person, mention = max(candidates, key=lambda c: c[0])
            if person is None:
                start = end - 3 if self.text[end - 3 : end].lower() == "she" else end - 2
                return [self.attributor.resolve_pronoun(start)]
            group = [person]
            index = before.index(mention) if mention in before else -1
            while index > 0 and _LIST_GAP.match(self.text[before[index - 1].end : before[index].full_start]):
                index -= 1
                group.insert(0, before[index].person)
            return list(group)
        later = [
            m
            for m in mentions
            if m.start > cue.end()
            and id(m) not in skip
            and not m.possessive
            and not self._after_preposition(m)
        ]
        return [later[0].person] if later else []

    def _first_pair(self, mentions: list[Mention]) -> list[str | None]:
        named = [m for m in mentions if not m.possessive]
        for first, second in zip(named, named[1:], strict=False):
            if first.person != second.person and _LIST_GAP.match(self.text[first.end : second.full_start]):
                return [first.person, second.person]
        return []

    def _has_right(self, cue: re.Match[str], mentions: list[Mention]) -> bool:
        return any(m.full_start >= cue.end() for m in mentions)

    def _after_preposition(self, mention: Mention) -> bool:
        before = self.text[max(0, mention.full_start - 25) : mention.full_start]
        return bool(re.search(r"\b(?:to|from|of|for|about|by|on|than|accompanied by)\s+(?:the\s+)?$", before))

    def _accompanied(self, sentence: Sentence, mentions: list[Mention]) -> list[str]:
        match = _ACCOMPANIED.search(self.text, sentence.start, sentence.end)
        if not match:
            return []
        following = [m for m in mentions if m.full_start >= match.end() and not m.possessive]
        if not following or following[0].full_start - match.end() > 4:
            return []
        return [m.person for m in self._list_from(following[0], following[1:])]

    def _sentence_dates(self, sentence: Sentence) -> list[DateMention]:
        if sentence.index not in self._dates:
            self._dates[sentence.index] = find_dates(self.text[sentence.start : sentence.end])
        return self._dates[sentence.index]

    def _date(self, sentence: Sentence, cue_at: int, planned: bool) -> ResolvedDate:
        future = planned
        found = self._sentence_dates(sentence)
        if found:
            nearest = min(found, key=lambda d: abs(sentence.start + d.start - cue_at))
            return resolve(nearest, self.published, future)
        if planned:
            return ResolvedDate(None, None, "unknown", "", "a planned event with no date given")
        for earlier in reversed(self.sentences[: sentence.index]):
            if earlier.paragraph != sentence.paragraph:
                break
            mentions = self._sentence_dates(earlier)
            if mentions:
                resolved = resolve(mentions[-1], self.published, future)
                return ResolvedDate(
                    resolved.start,
                    resolved.end,
                    resolved.precision,
                    resolved.text,
                    resolved.note + " (an earlier sentence)",
                    resolved.partial,
                )
        if self.dateline_date is not None:
            return self.dateline_date
        if self.published is not None:
            day = self.published.isoformat()
            return ResolvedDate(day, day, "day", "", f"no date in the text; the publication date ({day})")
        return UNKNOWN

    # -- countries from context ----------------------------------------------------------

    def infer_countries(self, events: list[RawEvent]) -> None:
        """Fill in countries the text implies: hosts of a visit, a delegation's members,
        the leader whose greetings an envoy conveys.
        """
        people = self.finder.people
        for event in events:
            if not event.principals:
                continue
            subject = people.get(event.principals[0])
            if subject is None:
                continue
            for key in event.extras:
                member = people.get(key)
                if member and member.country is None and subject.country:
                    member.country = subject.country
            place = fold(event.place or "")
            host = lexicon.CAPITALS.get(place)
            if host is None and place in lexicon.COUNTRY_NAMES:
                host = lexicon.COUNTRIES[place]
            if host and subject.country and subject.country != host:
                for key in event.principals[1:]:
                    other = people.get(key)
                    if other and other.country is None and other.title and _national(other.title):
                        other.country = host
        self._greetings()

    def _greetings(self) -> None:
        people = self.finder.people
        mentions = self.finder.mentions
        for index, mention in enumerate(mentions):
            after = re.sub(r"^[’']s?", "", self.text[mention.end : mention.end + 40])
            if not mention.possessive or not _GREETING.match(after):
                continue
            owner = people.get(mention.person)
            if owner is None or owner.country is not None:
                continue
            for earlier in reversed(mentions[:index]):
                between = self.text[earlier.end : mention.full_start]
                if len(between) > 80 or "." in between:
                    break
                sender = people.get(earlier.person)
                if not earlier.possessive and _CONVEY.search(between) and sender and sender.country:
                    owner.country = sender.country
                    break


def _national(title: str) -> bool:
    folded = fold(title)
    return not re.search(
        r"\b(?:un|u\.n\.|united nations|nato|eu|european|secretary-general|"
        r"secretary general|ambassador|envoy)\b",
        folded,
    )


def merge_events(events: list[RawEvent]) -> list[RawEvent]:
    """Merge reports of the same event: same principals and compatible dates.

    The most specific date wins ("today" inside "Feb. 21-22"); evidence, extra
    participants and the place are pooled.
    """
    merged: list[RawEvent] = []
    by_key: dict[tuple[frozenset[str], bool], list[RawEvent]] = {}
    for event in events:
        candidates = by_key.setdefault((frozenset(event.principals), event.planned), [])
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


def dates_compatible(a: ResolvedDate, b: ResolvedDate) -> bool:
    """Whether two dates could be the same event's (overlapping, or one unknown)."""
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return True
    return a.start <= b.end and b.start <= a.end


def _absorb(target: RawEvent, event: RawEvent) -> None:
    if _date_rank(event.date) > _date_rank(target.date):
        # The sentence that dates the event most precisely is its first evidence.
        target.date = event.date
        target.evidence = event.evidence + [s for s in target.evidence if s not in event.evidence]
    else:
        target.evidence += [s for s in event.evidence if s not in target.evidence]
    for person in event.extras:
        if person not in target.extras and person not in target.principals:
            target.extras.append(person)
    target.place = target.place or event.place


def _date_rank(value: ResolvedDate) -> tuple[bool, bool, int]:
    """Order dates by how much they tell: stated in the text, known, then narrower."""
    return (bool(value.text), value.start is not None, -value.span_days)
