"""Provides events: meetings, talks, visits, calls and planned encounters, with who
took part, where and when.

Each decision is a named rule (see `diplotui.extract.rules`): the cue that reports an
event (`event.met`, `event.transcript`, …), what rules an event out (`exclude.*`), how
its date (`date.*`) and place (`place.*`) were found. Every event lists the rules that
made it.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TypeVar

import diplotui.extract.merge as merge  # merge reads this module's rule names
from diplotui import lexicon
from diplotui.dates import OUT_OF_RANGE, UNKNOWN, DateMention, ResolvedDate, find_dates, resolve
from diplotui.extract.document import Analysis
from diplotui.extract.patterns import WordPattern, alternation
from diplotui.extract.people import Mention, PeopleFinder
from diplotui.extract.quotes import PRONOUN, QuoteAttributor
from diplotui.extract.rules import add_rules, rule
from diplotui.extract.sentences import Sentence, paragraphs
from diplotui.model import fold

MAX_EVIDENCE = 20

_CUE_DESCRIPTIONS = {
    "event.held_talks": "'held talks/discussions with' reports talks",
    "event.talks_with": "'talks with' reports talks",
    "event.phone_call": "'phone call/conversation' reports a call",
    "event.spoke_by_phone": "'spoke by phone' reports a call",
    "event.video_call": "'video call/conference' reports a call",
    "event.between": "'talks/meeting between A and B' reports a meeting of both",
    "event.sidelines": "'met on the sidelines' reports a meeting",
    "event.press_conference": "'joint press conference with' is an in-person meeting",
    "event.met": "'met (with)', 'meeting with' reports a meeting",
    "event.bilateral": "'held a bilateral with' (the noun) reports a meeting",
    "event.called_on": "'called on', 'paid a courtesy call on' is an in-person meeting",
    "event.hosted": "'hosted', 'received', 'welcomed' reports a meeting",
    "event.summit": "'summit' with named leaders reports a summit",
    "event.visit": "'visited', 'visit to', 'trip' reports a visit",
    "event.sat_down": "'sat down with' reports a meeting",
    "event.spoke_with": "'spoke with' (no place) reports a call",
}
_CUES: list[tuple[str, WordPattern, str]] = []
for _name, _pattern, _kind in lexicon.MEETING_PATTERNS:
    _compiled = WordPattern(_pattern, ignore_case=True)
    _CUES.append((rule(_name, "event", _CUE_DESCRIPTIONS[_name], _compiled.exact), _compiled, _kind))
# Each marker begins a word with a letter: a look at that letter first spares trying
# every marker at every position of the clause.
_PLANNED = re.compile(
    "(?=[" + "".join(sorted({m.removeprefix(r"\b")[0].lower() for m in lexicon.PLANNED_MARKERS})) + "])"
    "(?:" + "|".join(lexicon.PLANNED_MARKERS) + ")",
    re.IGNORECASE,
)
_BACKGROUND = re.compile("|".join(lexicon.BACKGROUND_MARKERS), re.IGNORECASE)
_WISH = re.compile("|".join(lexicon.WISH_MARKERS), re.IGNORECASE)
_SEPARATE = re.compile("|".join(lexicon.SEPARATE_MARKERS), re.IGNORECASE)
_TOGETHER = re.compile("|".join(lexicon.TOGETHER_MARKERS), re.IGNORECASE)
# Between two names of a list: a comma, "and", "as well as", a semicolon; a title set
# off by commas may stand before the second name ("A, and President of the
# Commission, B").
_TITLE_PHRASE = (
    r"(?:[A-Z][\w’'.()-]*|of|the|for|and|on|to)(?:\s+(?:[A-Z][\w’'.()-]*|of|the|for|and|on|to))*,\s+"
)
# Words of a title the people finder left out of a mention: "Republic of Korea (ROK) …".
_COUNTRY_PREFIX = (
    r"(?:(?:his|her|their)\s+(?:[A-Z][\w’'.-]*\s+)?counterparts?,?\s+)?"
    r"(?:(?:[A-Z][\w’'.-]*|\([A-Z]{2,5}\))\s+(?:of\s+(?:the\s+)?)?){0,4}"
)
# Between a cue and the first person it takes: "met the Russian …", "talks with …",
# and for a call "spoke to …"; a clause between them ends the cue's reach.
_DIRECT_GAP = re.compile(rf"\s*(?:(?:the|his|her|their|visiting|fellow)\s+)*{_COUNTRY_PREFIX}")
# "talks with the visiting German Chancellor …", "a call from fellow leader …"
_VIA_GAP = re.compile(
    rf"\b(?:with|from|by|between)\s+(?:(?:the|visiting|fellow)\s+){{0,2}}{_COUNTRY_PREFIX}$"
)
_VIA_GAP_OR_TO = re.compile(
    rf"\b(?:with|from|by|between|to)\s+(?:(?:the|visiting|fellow)\s+){{0,2}}{_COUNTRY_PREFIX}$"
)
_PLACE_NEXT = re.compile(r"\s+(?:the\s+)?([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2})")
_SPOKEN_CUE = re.compile(r"phone|telephone|spoke|talked", re.IGNORECASE)
_CLAUSE_GAP = re.compile(r"[;]|\b(?:said|says|who|which|that)\b")
_LIST_GAP = re.compile(
    # "Ana Lima of Brazil and …": the first name's country may close it.
    r"^(?:\s+of\s+(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}?)?"
    r"(?:,\s*|\s+and\s+|,\s+and\s+|\s*&\s*|\s+as\s+well\s+as\s+|,\s+as\s+well\s+as\s+|;\s*(?:and\s+)?)"
    rf"(?:(?:his|her|their|the)\s+)?(?:{_TITLE_PHRASE})?{_COUNTRY_PREFIX}$"
)
_PLACE = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Tt]o|[Ff]rom|[Oo]utside|[Nn]ear|[Vv]isit|[Vv]isits|[Vv]isited|[Vv]isiting)\s+"
    r"(?P<place>(?:the\s+)?[A-ZÀ-ÖØ-Þ][\w’'.-]*"
    # "Sharm el-Sheikh", "Rio de Janeiro", "Stratford-upon-Avon", "the Tower of London"
    r"(?:(?:\s+|-)(?:(?:of|the|de|del|da|do|dos|das|du|la|le|les|el|al|di|upon|on|am|sur)(?:\s+|-))*"
    r"[A-ZÀ-ÖØ-Þ][\w’'.-]*){0,4})"
)
# "… was Paris, where he met …": found from ", where" back to the capitalised words.
_WHERE = re.compile(r",\s+where\b")
_WHERE_PLACE = re.compile(r"(?:[A-ZÀ-ÖØ-Þ][\w’'.-]*\s+){0,2}[A-ZÀ-ÖØ-Þ][\w’'.-]*$")
_VENUE = re.compile(
    r"\b(?:" + alternation(lexicon.VENUES) + r")\b"
    # "the Kremlin said", "a White House spokesman": the institution, not the place.
    r"(?![’']s\b)(?!\s+(?:said|says|announced|spokes\w*|press|readout|statement|officials?|aides?|sources?)\b)",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z .’'-]{2,30}?)(?:\s*,\s*(?P<date>[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"\s*(?:\([\w .]+\))?\s*[—–-]+\s",
    re.MULTILINE,
)
# A line that is a date, perhaps followed by places: "May 25, 2023, The Kremlin, Moscow",
# "12 January 2023", "July 15, 2006, Strelna, St Petersburg".
_DATE_LINE = re.compile(
    # A short label may lead: "Media release | 12 September 2024", "Release date: …".
    r"^(?:[A-Z][\w ]{0,40}?\s*[:|–—]\s*)?"
    r"(?:[A-Z][a-z]+day,?\s+)?(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})"
    r"|(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4})|(?:\d{4}-\d{2}-\d{2}))"
    r"(?:\s*[,–—-]\s*(?P<place>[^\n]{2,80}))?$"
)
_BULLET = re.compile(r"(?:[-•*·▪◦–—]|\d{1,2}[.)])\s+")
_GREETING = re.compile(
    r"^\s*(?:(?:cordial|warm|warmest|best|sincere|kind|personal)\s+)*"
    r"(?:greetings|regards|wishes|message|letter|invitation)\b"
)
_CONVEY = re.compile(
    r"\b(?:conveyed|communicated|passed on|delivered|extended|relayed|brought|"
    r"handed over|sent)\b"
)
_NEGATED = re.compile(
    rf"\b(?:{'|'.join(re.escape(m) for m in lexicon.NEGATION_MARKERS)})\s+(?:\w+\s+){{0,2}}$", re.IGNORECASE
)
_GROUP = rf"\b(?:{'|'.join(lexicon.GROUP_QUANTIFIERS)})\s+"
_PAIR_WORDS = re.compile(rf"{_GROUP}(?:{'|'.join(lexicon.GROUP_NOUNS)})\s+(?:\w+\s+)?$", re.IGNORECASE)
# "the two leaders spoke by phone" in a sentence that names nobody.
_PAIR_ANYWHERE = WordPattern(
    rf"(?:{'|'.join(lexicon.GROUP_QUANTIFIERS)})\s+\w+\s+(?:\w+\s+)?"
    rf"(?:{'|'.join(sorted(lexicon.GROUP_MEETING_VERBS))})\b",
    ignore_case=True,
)
_WE = re.compile(r"\b[Ww]e\b")
_ACCOMPANIED = re.compile(r"\baccompanied by\s+", re.IGNORECASE)

EXCLUDE_REFERENCE = rule("exclude.reference", "exclude", "'the meeting was …' refers back to an event")
EXCLUDE_ADJECTIVE = rule("exclude.visiting_adjective", "exclude", "'visiting President X' is not a visit")
EXCLUDE_NEGATED = rule("exclude.negated", "exclude", "'has not met', 'cancelled the visit'")
EXCLUDE_BACKGROUND = rule(
    "exclude.background", "exclude", "'last met in June', 'building on the May meeting': background"
)
EXCLUDE_WISH = rule("exclude.wish", "exclude", "hopes, wishes and invitations to meet are not meetings")
GROUP = rule("event.group", "event", "'met with A, B and C' is one meeting of all named")
TOGETHER = rule("event.together", "event", "'trilateral', 'joint', '2+2': the group met as one, always")
SEPARATE = rule(
    "event.one_per_counterpart", "event", "'In his meetings', 'separately', ';': one meeting per counterpart"
)
PAIR = rule("event.the_two_leaders", "event", "'the two leaders met' takes the pair named before")
WE_BYLINE = rule("event.we_byline", "event", "'we' in a release is the ministers its byline names")
SUBJECT_LIST = rule("event.subject_list", "event", "'A and B met': the people before the verb")
POSSESSIVE = rule("event.possessive_subject", "event", "'X's meeting with Y': X is a participant")
ACCOMPANIED = rule("event.accompanied", "event", "'accompanied by A' adds A to the event")
PLANNED = rule("event.planned", "event", "'will meet', 'is due to visit': a planned event")
LIST_ITEM = rule(
    "event.list_item", "event", "each item of a list after 'met with:' is a meeting with the lead's subject"
)
TRANSCRIPT = rule(
    "event.transcript", "event", "a transcript of a meeting: its speakers and the people its heading names"
)
HEADING = rule("event.heading", "event", "a headline's event is the one the text reports in full")
MERGED = rule("event.merged", "event", "reports of one event in one document merged")
DATE_SENTENCE = rule("date.in_sentence", "date", "the date written in the event's sentence")
DATE_EARLIER = rule("date.earlier_sentence", "date", "a date in an earlier sentence of the paragraph")
DATE_NEXT = rule("date.next_sentence", "date", "'They met on 21 May' right after the event")
DATE_TRIP = rule("date.trip", "date", "a planned meeting takes the date of the planned trip it is part of")
DATE_DATELINE = rule("date.dateline", "date", "the document's dateline or date line")
DATE_PUBLISHED = rule("date.published", "date", "no date in the text: the publication date")
PLACE_SENTENCE = rule("place.in_sentence", "place", "'in/at City' or a venue in the event's sentence")
PLACE_DATELINE = rule("place.dateline", "place", "the city of the dateline ('MOSCOW, Feb 21 -')")
PLACE_LINE = rule("place.venue_line", "place", "a place line at the top of a transcript")
PLACE_NEXT = rule("place.next_sentence", "place", "'They met in New York' right after the event")


_K = TypeVar("_K")
_V = TypeVar("_V")


class _Recent(dict[_K, _V]):
    """A cache that keeps its latest entries: what is looked up stays near the sentence
    being read (a few sentences back, one ahead), so a long text's caches stay small."""

    LIMIT = 256

    def __setitem__(self, key: _K, value: _V) -> None:
        super().__setitem__(key, value)
        if len(self) > self.LIMIT:
            del self[next(iter(self))]


@dataclass(slots=True)
class _Marks:
    """Offsets of the pronouns a sentence holds."""

    pronoun_starts: array[int]
    pronoun_ends: array[int]
    we: array[int]


@dataclass(slots=True)
class RawEvent:
    """An event as one document reports it, before ids."""

    kind: str
    principals: list[str]
    extras: list[str] = field(default_factory=list)
    place: str | None = None
    date: ResolvedDate = UNKNOWN
    evidence: list[tuple[int, int]] = field(default_factory=list)
    planned: bool = False
    rules: list[str] = field(default_factory=list)
    # The country the text says the event is in ("visit to Saudi Arabia"), which is no
    # place on its own but tells the hosts' nationality.
    country: str | None = None

    @property
    def participants(self) -> list[str]:
        """Everyone who took part, principals first."""
        return self.principals + [p for p in self.extras if p not in self.principals]


@dataclass
class Dateline:
    """Where and when a document says it was written: a wire dateline or a date line."""

    city: str | None = None
    date: str | None = None
    paragraph: int = -1


def dateline(text: str, paras: Sequence[tuple[int, int]] | None = None) -> Dateline:
    """Return the document's dateline: a wire dateline ("MOSCOW, Feb 21 (Reuters) -")
    opening one of the first three paragraphs, or a line of its own that is a date and
    perhaps places ("May 25, 2023, The Kremlin, Moscow") among the first five."""
    paras = paragraphs(text) if paras is None else paras
    for number, (start, _) in enumerate(paras[:3]):
        match = _DATELINE.match(text, start)
        if match:
            city = match.group("city").strip().title()
            return Dateline(city if fold(city) in lexicon.CITIES else None, match.group("date"), number)
    for number, (start, end) in enumerate(paras[:5]):
        match = _DATE_LINE.match(text[start:end])
        if match:
            return Dateline(_place_of_line(match.group("place")), match.group("date"), number)
    return Dateline()


def _place_of_line(value: str | None) -> str | None:
    """The city of a place line: "The Kremlin, Moscow" -> Moscow, "Los Cabos, Mexico"
    -> Los Cabos, "Strelna, St Petersburg" -> St Petersburg."""
    if not value:
        return None
    parts = [p.strip(" .") for p in re.split(r",|\s[–—-]\s", value) if p.strip(" .")]
    named = []
    for part in parts:
        folded = fold(part)
        if folded in lexicon.VENUES:
            named.append(lexicon.VENUES[folded])
        elif folded in lexicon.CITIES:
            named.append(part)
        elif folded in lexicon.COUNTRY_NAMES or folded in lexicon.US_STATES:
            continue
        elif re.fullmatch(
            r"(?:[A-Z][\w’'.-]*|of|the|de|la|el|del)(?:[\s-](?:[A-Z][\w’'.-]*|of|the|de|la|el|del))*", part
        ):
            named.append(part)
    if not named:
        return None
    cities = [p for p in named if fold(p) in lexicon.CITIES]
    return cities[-1] if cities else named[-1]


def venue_line_place(text: str, limit: int, paras: Sequence[tuple[int, int]] | None = None) -> str | None:
    """A place line at the top of a transcript, before `limit`: "East Room", "Convention
    Center / Los Cabos, Mexico", "Lotte New York Palace Hotel / New York, New York"."""
    found = None
    for start, end in paragraphs(text) if paras is None else paras:
        if start >= limit:
            break
        line = text[start:end].strip()
        if len(line) > 80 or line.endswith((".", ":")):
            continue
        folded = fold(line)
        if folded in lexicon.VENUES:
            found = lexicon.VENUES[folded]
            continue
        parts = [p.strip() for p in line.split(",")]
        if len(parts) == 2 and (
            fold(parts[0]) in lexicon.CITIES
            or fold(parts[1]) in lexicon.COUNTRY_NAMES
            or fold(parts[1]) in lexicon.US_STATES
        ):
            found = _place_of_line(parts[0]) or found
    return found


def place_in(text: str) -> str | None:
    """Return the first city or venue named after "in/at/to" in `text`."""
    places = places_in(text, 0, len(text))
    return places[0][1] if places else None


def places_in(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Return (offset, city) of each city or venue named after "in/at/to" (or before
    ", where") in `text[start:end]`."""
    found = []
    for match in _PLACE.finditer(text, start, end):
        if match.group(0).startswith("from"):
            continue
        place = _known_place(match.group("place"))
        if place:
            found.append((match.start(), place))
    for match in _WHERE.finditer(text, start, end):
        words = _WHERE_PLACE.search(text, max(start, match.start() - 60), match.start())
        place = _known_place(words.group(0)) if words else None
        if words and place:
            found.append((words.start(), place))
    # A venue stands for its city wherever the sentence names it ("an Oval Office visit").
    for match in _VENUE.finditer(text, start, end):
        found.append((match.start(), lexicon.VENUES[fold(match.group(0))]))
    return sorted(set(found))


def _known_place(value: str) -> str | None:
    words = value.split()
    for size in range(len(words), 0, -1):
        phrase = re.sub(r"[’']s$", "", " ".join(words[:size]).rstrip(".,;:"))
        folded = fold(phrase)
        if folded in lexicon.VENUES:
            return lexicon.VENUES[folded]
        if folded.startswith("the "):
            folded, phrase = folded[4:], phrase[4:]
        if folded in lexicon.CITIES:
            return phrase
    return None


_REFERENCE_BEFORE = re.compile(r"\b(?:the|this|that|their|its|our)\s+$")
_REFERENCE_AFTER = re.compile(r"\s+(?:with|between|of|by|to|in|from)\b")
_AND_OTHERS = re.compile(r",?\s+(?:and|as well as)\s+(?:other|several|some|many|senior|various|their)\b")
_LIST_END = re.compile(r"\band\b|&|as well|;")
_CALL_WORD = re.compile(r"(?:phone|call|talks|conversation|meeting)")
_FOLLOW_UP_CUE = re.compile(r"\b(?:met|meeting|talks|took place|was held|were held)\b", re.IGNORECASE)
_START = attrgetter("start")
CUE_REACH = 600  # characters either side of a cue in which its people are looked for
_AFTER_PREPOSITION = re.compile(r"\b(?:to|from|of|for|about|by|on|than|accompanied by)\s+(?:the\s+)?$")


def country_in(text: str) -> str | None:
    """The country of "visit to Country" in `text` (a one-person visit's destination)."""
    for match in _PLACE.finditer(text):
        if not match.group(0).split()[0].startswith(("visit", "to")):
            continue
        words = match.group("place").split()
        for size in range(len(words), 0, -1):
            folded = fold(re.sub(r"[’']s$", "", " ".join(words[:size]).rstrip(".,;:")))
            folded = folded[4:] if folded.startswith("the ") else folded
            if folded in lexicon.COUNTRY_NAMES:
                return lexicon.COUNTRIES[folded]
    return None


class EventFinder:
    """Finds the events of one document."""

    def __init__(self, doc: Analysis, finder: PeopleFinder, attributor: QuoteAttributor) -> None:
        self.doc = doc
        self.text = doc.text
        self.sentences = doc.sentences
        self.finder = finder
        self.attributor = attributor
        self.published = doc.published
        # One shared (frozen) date for every event the text does not date.
        self._published_date = (
            None
            if doc.published is None
            else ResolvedDate(
                doc.published.isoformat(),
                doc.published.isoformat(),
                "day",
                "",
                f"no date in the text; the publication date ({doc.published.isoformat()})",
            )
        )
        self.switches = doc.switches
        self._starts = [m.start for m in finder.mentions]
        self._dates: _Recent[int, list[DateMention]] = _Recent()
        # Sentences are read once per cue in them; what they name is worked out once.
        self._mention_cache: _Recent[tuple[int, int], list[Mention]] = _Recent()
        self._place_cache: _Recent[int, list[tuple[int, str]]] = _Recent()
        self._country_cache: _Recent[int, str | None] = _Recent()
        self._after_cache: _Recent[int, bool] = _Recent()
        self._marks_of: tuple[int, _Marks] | None = None
        self._follow_cache: _Recent[int, Sentence | None] = _Recent()
        self._accompanied_cache: _Recent[int, re.Match[str] | None] = _Recent()
        self.paras = doc.paragraphs
        # What the finder could not do and the user should hear: dates off the calendar.
        self.warnings: list[str] = []
        line = dateline(self.text, self.paras)
        self.dateline_city, self.dateline_paragraph = line.city, line.paragraph
        self.dateline_date = None
        if line.date:
            found = find_dates(line.date)
            if found:
                self.dateline_date = self._resolve(found[0], False)

    def on(self, name: str) -> bool:
        """Whether rule `name` is switched on."""
        return self.switches.on(name)

    def _resolve(self, mention: DateMention, future: bool) -> ResolvedDate:
        resolved = resolve(mention, self.published, future)
        if OUT_OF_RANGE in resolved.note:
            self.warnings.append(resolved.note)
        return resolved

    def _mentions_in(self, start: int, end: int) -> list[Mention]:
        key = (start, end)
        if key not in self._mention_cache:
            mentions = self.finder.mentions
            first = bisect_left(self._starts, start)
            last = bisect_left(self._starts, end)
            self._mention_cache[key] = [
                m for m in mentions[first:last] if not self.attributor.inside_quote(m.start)
            ]
        return list(self._mention_cache[key])

    def _country(self, sentence: Sentence) -> str | None:
        if sentence.index not in self._country_cache:
            self._country_cache[sentence.index] = country_in(self.text[sentence.start : sentence.end])
        return self._country_cache[sentence.index]

    def _places(self, sentence: Sentence) -> list[tuple[int, str]]:
        if sentence.index not in self._place_cache:
            self._place_cache[sentence.index] = places_in(self.text, sentence.start, sentence.end)
        return self._place_cache[sentence.index]

    def find(self) -> list[RawEvent]:
        """Return the document's events, merged where they are the same event."""
        events: list[RawEvent] = []
        for sentence in self.sentences:
            for event in self._sentence_events(sentence):
                merge.append_event(events, event, self.switches)
        if self.on(LIST_ITEM):
            events.extend(self._list_items())
        if self.on(TRANSCRIPT):
            events.extend(self._transcript())
        return merge.merge_events(events, self.switches)

    # -- sentences -----------------------------------------------------------------------

    def _is_bullet(self, sentence: Sentence) -> bool:
        return bool(_BULLET.match(self.text, self.paras[sentence.paragraph][0]))

    def _sentence_events(self, sentence: Sentence) -> list[RawEvent]:
        found: list[RawEvent] = []
        mentions = self._mentions_in(sentence.start, sentence.end)
        if not mentions and not _PAIR_ANYWHERE.search(
            self.text, sentence.start, sentence.end, self.doc.lowered
        ):
            return found
        used: set[int] = set()
        # Cues in the order the patterns rank them, then read left to right, so that the
        # people one cue takes as its counterparts are not the next cue's subject
        # ("travel to Berlin to meet A, then to Warsaw for talks with B").
        matches = []
        for rank, (name, pattern, kind) in enumerate(_CUES):
            if self.on(name):
                for cue in pattern.finditer(self.text, sentence.start, sentence.end, self.doc.lowered):
                    if not self.attributor.inside_quote(cue.start()):
                        matches.append((rank, cue, name, kind))
        chosen = []
        for _rank, cue, name, kind in sorted(matches, key=lambda m: m[0]):
            if any(p in used for p in range(cue.start(), cue.end())):
                continue
            used.update(range(cue.start(), cue.end()))
            chosen.append((cue, name, kind))
        objects: set[int] = set()
        starts = [m.full_start for m in mentions]
        for cue, name, kind in sorted(chosen, key=lambda c: c[0].start()):
            # The people a cue can take are those near it: a run-on "sentence" of many
            # clauses would otherwise cost each cue a look at every name in it.
            near = mentions[
                bisect_left(starts, cue.start() - CUE_REACH) : bisect_right(starts, cue.end() + CUE_REACH)
            ]
            event, right = self._event_at(cue, kind, sentence, [m for m in near if id(m) not in objects])
            if event is not None:
                add_rules(event.rules, name)
                objects.update(id(m) for m in right)
                found.extend(self._split(event, sentence))
        return found

    def _excluded(self, cue: re.Match[str], sentence: Sentence) -> bool:
        """Whether a cue reports no new event: a reference back, an adjective, a negation,
        background, a wish."""
        word = cue.group(0).lower().strip()
        clause_start = max(
            sentence.start, self.text.rfind(";", sentence.start, cue.start()) + 1, cue.start() - 90
        )
        before = self.text[clause_start : cue.start()]
        if (
            self.on(EXCLUDE_REFERENCE)
            and _REFERENCE_BEFORE.search(before[-8:])
            and word in ("meeting", "meetings", "talks", "visit", "summit", "trip", "tour")
            and not _REFERENCE_AFTER.match(self.text, cue.end(), cue.end() + 10)
        ):
            return True
        if self._adjective(cue):
            return True
        if self.on(EXCLUDE_NEGATED) and _NEGATED.search(before[-40:]):
            return True
        near = self.text[max(sentence.start, cue.start() - 60) : cue.end() + 25]
        if self.on(EXCLUDE_BACKGROUND) and _BACKGROUND.search(near):
            return True
        return self.on(EXCLUDE_WISH) and bool(_WISH.search(before[-60:]))

    def _event_at(
        self, cue: re.Match[str], kind: str, sentence: Sentence, mentions: list[Mention]
    ) -> tuple[RawEvent | None, list[Mention]]:
        """The event a cue reports, if any, and the people it takes after it."""
        if self._excluded(cue, sentence):
            return None, []
        rules: list[str] = []
        right = self._right_list(cue, sentence, mentions)
        skip = {id(m) for m in right}
        subject, subject_rule = self._subject(cue, sentence, mentions, skip)
        add_rules(rules, subject_rule)
        principals: list[str] = []
        for person in subject + [m.person for m in right]:
            if person and person not in principals:
                principals.append(person)
        extras = self._accompanied(sentence, mentions) if self.on(ACCOMPANIED) else []
        if extras:
            add_rules(rules, ACCOMPANIED)
        clause = self.text[max(sentence.start, cue.start() - 70) : min(sentence.end, cue.end() + 40)]
        planned = self.on(PLANNED) and bool(_PLANNED.search(clause))
        if planned:
            add_rules(rules, PLANNED)
        place, place_rule = self._place(sentence, planned, cue.start())
        participants = principals + [e for e in extras if e not in principals]
        if kind == "visit" and len(participants) == 1 and place is None:
            place = self._country(sentence)
            place_rule = PLACE_SENTENCE if place else None
        if len(participants) < 2 and not (kind == "visit" and participants and place):
            return None, right
        if (
            kind == "visit"
            and not planned
            and not re.search(
                r"(?:visit(?:ed|s|ing)?|trip|tour)\s+(?:to|in)\b|visited\s+[A-Z]",
                cue.group(0) + self.text[cue.end() : cue.end() + 4],
            )
            and len(participants) < 2
        ):
            return None, right
        add_rules(rules, place_rule)
        if self._is_heading(sentence):
            add_rules(rules, HEADING)
        event = RawEvent(
            kind="planned" if planned else kind,
            principals=principals,
            extras=[e for e in extras if e not in principals],
            place=place,
            evidence=[(sentence.start, sentence.end)],
            planned=planned,
            rules=rules,
        )
        event.country = self._country(sentence)
        event.date, date_rule = self._date(sentence, cue.start(), planned)
        add_rules(event.rules, date_rule)
        return event, right

    def _is_heading(self, sentence: Sentence) -> bool:
        start, end = self.paras[sentence.paragraph]
        return sentence.paragraph < 4 and end - start <= 200 and self.text[end - 1] not in ".!?:;,"

    def _place(
        self, sentence: Sentence, planned: bool, cue_at: int | None = None
    ) -> tuple[str | None, str | None]:
        if self.on(PLACE_SENTENCE):
            places = self._places(sentence)
            if places:
                # The place named last before the cue, else the first after it.
                at = sentence.start if cue_at is None else cue_at
                before = [p for p in places if p[0] <= at]
                return (before[-1] if before else places[0])[1], PLACE_SENTENCE
        if (
            self.on(PLACE_DATELINE)
            and not planned
            and self.dateline_city
            and self.dateline_paragraph <= sentence.paragraph <= self.dateline_paragraph + 1
        ):
            return self.dateline_city, PLACE_DATELINE  # "MOSCOW (Reuters) - …" in the opening
        if self.on(PLACE_NEXT):
            following = self._follow_up(sentence)
            if following is not None:
                places = self._places(following)
                if places:
                    return places[0][1], PLACE_NEXT
        return None, None

    def _follow_up(self, sentence: Sentence) -> Sentence | None:
        """The next sentence when it reports the same meeting without naming anyone new:
        "They met in New York on 21 September."""
        if sentence.index not in self._follow_cache:
            self._follow_cache[sentence.index] = self._find_follow_up(sentence)
        return self._follow_cache[sentence.index]

    def _find_follow_up(self, sentence: Sentence) -> Sentence | None:
        if sentence.index + 1 >= len(self.sentences):
            return None
        following = self.sentences[sentence.index + 1]
        if not _FOLLOW_UP_CUE.search(self.text, following.start, following.end):
            return None
        own = {m.person for m in self._mentions_in(sentence.start, sentence.end)}
        others = {m.person for m in self._mentions_in(following.start, following.end)} - own
        return None if others else following

    def _adjective(self, cue: re.Match[str]) -> bool:
        """Whether a cue is "visiting" before a title or name, not a place: "talks with
        visiting German Chancellor X" reports the talks, not a visit."""
        return (
            self.on(EXCLUDE_ADJECTIVE)
            and cue.group(0).lower().strip() == "visiting"
            and not self._place_follows(cue.end())
        )

    def _place_follows(self, position: int) -> bool:
        following = _PLACE_NEXT.match(self.text, position)
        if following is None:
            return False
        words = following.group(1).split()
        return any(
            fold(" ".join(words[:n])) in lexicon.CITIES or fold(" ".join(words[:n])) in lexicon.COUNTRY_NAMES
            for n in range(len(words), 0, -1)
        )

    def _split(self, event: RawEvent, sentence: Sentence) -> list[RawEvent]:
        """One meeting of all named, unless the text says the counterparts were met apart
        ("In his meetings, …", "separately", a list split by semicolons)."""
        if event.planned and event.kind != "planned" or len(event.principals) < 3:
            return [event]
        following = self.sentences[sentence.index : sentence.index + 3]
        separate = self.on(SEPARATE) and (
            any(_SEPARATE.search(self.text, s.start, s.end) for s in following)
            or ";" in self.text[sentence.start : sentence.end]
        )
        if not separate and not self.on(GROUP):
            separate = True  # without the group rule, the old reading: one per counterpart
        if not separate and self.on(GROUP):
            add_rules(event.rules, GROUP)
            if self.on(TOGETHER) and _TOGETHER.search(self.text, sentence.start, sentence.end):
                add_rules(event.rules, TOGETHER)
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
                [*event.rules, SEPARATE] if self.on(SEPARATE) else list(event.rules),
            )
            for other in counterparts
        ]

    def _right_list(self, cue: re.Match[str], sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
        """The people a cue takes after it: "met A", "talks with A, B and C"."""
        # `mentions` are in order of their starts, and a mention that begins after the cue
        # starts after it too: the search begins there.
        from_cue = bisect_left(mentions, cue.end(), key=_START)
        after = [m for m in mentions[from_cue:] if m.full_start >= cue.end() and not m.possessive]
        if not after:
            return []
        first = after[0]
        gap = self.text[cue.end() : first.full_start]
        direct = _DIRECT_GAP.fullmatch(gap) is not None
        # "spoke by phone to X"
        spoken = _SPOKEN_CUE.search(cue.group(0)) is not None
        via = (_VIA_GAP_OR_TO if spoken else _VIA_GAP).search(gap) is not None
        if not (direct or (via and len(gap) < 90)):
            return []
        if _CLAUSE_GAP.search(gap):
            return []
        if not direct and any(
            not self._adjective(found)
            for _, pattern, _ in _CUES
            for found in pattern.exact.finditer(self.text, cue.end(), first.full_start)
        ):
            return []  # "trip to Warsaw, where he will attend talks with X": X is the talks'

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
        # "A, B, C and others": a list of commas ends in "and" or in "and other officials".
        tail = self.text[chain[-1].end : chain[-1].end + 40]
        if _AND_OTHERS.match(tail):
            return chain
        while gaps and not _LIST_END.search(gaps[-1]):
            gaps.pop()
            chain.pop()
        return chain

    def _subject(
        self,
        cue: re.Match[str],
        sentence: Sentence,
        mentions: list[Mention],
        skip: set[int],
    ) -> tuple[list[str | None], str | None]:
        if self.on(PAIR) and _PAIR_WORDS.search(
            self.text[max(sentence.start, cue.start() - 40) : cue.start()]
        ):
            # "A and B agreed …, after the two leaders spoke": the pair named earlier,
            # in this sentence or the two before.
            for index in range(sentence.index, max(-1, sentence.index - 3), -1):
                earlier = self.sentences[index]
                pair_group = self._first_group(self._mentions_in(earlier.start, earlier.end))
                if pair_group:
                    return pair_group, PAIR
        before = [
            m
            for m in mentions[: bisect_left(mentions, cue.start(), key=_START)]
            if m.end <= cue.start()
            and not m.possessive
            and id(m) not in skip
            and not self._after_preposition(m)
        ]
        reach = max(sentence.start, cue.start() - CUE_REACH)
        marks = self._marks(sentence)
        we = self._we_between(marks.we, reach, cue.start())
        if we is not None and self.on(WE_BYLINE) and not self.attributor.inside_quote(we):
            authors = [k for k in self.finder.people if k in self.finder.byline_keys]
            closer = [m for m in before if m.start > we]
            if authors and not closer:
                # "Today we hosted …" in a joint release: its byline's ministers.
                return list(authors), WE_BYLINE
        candidates: list[tuple[int, str | None, Mention | None]] = [(m.end, m.person, m) for m in before]
        first = bisect_left(marks.pronoun_starts, reach)
        for index in range(first, len(marks.pronoun_starts)):
            position, end = marks.pronoun_starts[index], marks.pronoun_ends[index]
            if end > cue.start():
                break
            if not self.attributor.inside_quote(position):
                candidates.append((end, None, None))
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
            if len(pair) >= 2 and in_phrase and _CALL_WORD.search(cue.group(0)):
                return pair[:2][::-1], None
        if candidates:
            end, person, mention = max(candidates, key=lambda c: c[0])
            if person is None:
                start = end - 3 if self.text[end - 3 : end].lower() == "she" else end - 2
                return [self.attributor.resolve_pronoun(start)], None
            group = [person]
            index = next((i for i, m in enumerate(before) if m is mention), -1)
            while index > 0 and _LIST_GAP.match(self.text[before[index - 1].end : before[index].full_start]):
                index -= 1
                group.insert(0, before[index].person)
            if len(group) > 1 and not self.on(SUBJECT_LIST):
                group = group[-1:]
            return list(group), (SUBJECT_LIST if len(group) > 1 else None)
        owner = self._possessive_owner(cue, mentions)
        if owner is not None:
            return [owner], POSSESSIVE
        if self._is_bullet(sentence) and self.on(LIST_ITEM):
            lead = self._lead_subject(sentence)
            if lead is not None:
                return [lead], LIST_ITEM
        later = [
            m
            for m in mentions
            if m.start > cue.end()
            and id(m) not in skip
            and not m.possessive
            and not self._after_preposition(m)
        ]
        return ([later[0].person] if later else []), None

    def _possessive_owner(self, cue: re.Match[str], mentions: list[Mention]) -> str | None:
        """ "Blinken's meeting with Wang", "the Secretary's trilateral meeting with …"."""
        if not self.on(POSSESSIVE):
            return None
        owners = [m for m in mentions if m.possessive and m.end <= cue.start()]
        if not owners:
            return None
        gap = self.text[owners[-1].end : cue.start()]
        if re.fullmatch(r"(?:[’']s?)?\s+(?:[\w-]+\s+){0,3}", gap) and cue.group(0).lower().startswith(
            ("meeting", "talks", "visit", "trip", "call", "phone", "telephone", "joint")
        ):
            return owners[-1].person
        return None

    def _first_group(self, mentions: list[Mention]) -> list[str | None]:
        named = [m for m in mentions if not m.possessive]
        for start, first in enumerate(named):
            group: list[str | None] = [first.person]
            for following in named[start + 1 :]:
                if following.person in group or not _LIST_GAP.match(
                    self.text[named[start + len(group) - 1].end : following.full_start]
                ):
                    break
                group.append(following.person)
            if len(group) >= 2:
                return group
        return []

    def _has_right(self, cue: re.Match[str], mentions: list[Mention]) -> bool:
        return any(m.full_start >= cue.end() for m in mentions)

    def _marks(self, sentence: Sentence) -> _Marks:
        """Where the sentence says "he", "she" and "we" (found once, not once per cue)."""
        if self._marks_of is None or self._marks_of[0] != sentence.index:
            marks = _Marks(array("q"), array("q"), array("q"))
            for match in PRONOUN.finditer(self.text, sentence.start, sentence.end):
                marks.pronoun_starts.append(match.start())
                marks.pronoun_ends.append(match.end())
            marks.we.extend(m.start() for m in _WE.finditer(self.text, sentence.start, sentence.end))
            self._marks_of = (sentence.index, marks)
        return self._marks_of[1]

    def _we_between(self, we: array[int], start: int, end: int) -> int | None:
        """The "we" a reader takes as the one before `end`: the first from `start` on
        with no other "we" after it on its line."""
        first, last = bisect_left(we, start), bisect_right(we, end - 2)
        for index in range(first, last):
            if index + 1 == last or "\n" in self.text[we[index] + 2 : we[index + 1]]:
                return we[index]
        return None

    def _after_preposition(self, mention: Mention) -> bool:
        if mention.full_start not in self._after_cache:
            before = self.text[max(0, mention.full_start - 25) : mention.full_start]
            self._after_cache[mention.full_start] = bool(_AFTER_PREPOSITION.search(before))
        return self._after_cache[mention.full_start]

    def _accompanied(self, sentence: Sentence, mentions: list[Mention]) -> list[str]:
        if sentence.index not in self._accompanied_cache:
            self._accompanied_cache[sentence.index] = _ACCOMPANIED.search(
                self.text, sentence.start, sentence.end
            )
        match = self._accompanied_cache[sentence.index]
        if not match:
            return []
        following = [m for m in mentions if m.full_start >= match.end() and not m.possessive]
        if not following or following[0].full_start - match.end() > 4:
            return []
        return [m.person for m in self._list_from(following[0], following[1:])]

    # -- lists -----------------------------------------------------------------------------

    def _lead(self, sentence: Sentence) -> Sentence | None:
        """The sentence that introduces the list `sentence` is an item of."""
        index = sentence.index - 1
        while index >= 0 and self._is_bullet(self.sentences[index]):
            index -= 1
        if index < 0:
            return None
        lead = self.sentences[index]
        if lead.paragraph + 1 < sentence.paragraph and not self._is_bullet(
            self.sentences[sentence.index - 1]
        ):
            return None
        return lead

    def _lead_subject(self, sentence: Sentence) -> str | None:
        lead = self._lead(sentence)
        if lead is None:
            return None
        for mention in self._mentions_in(lead.start, lead.end):
            if not mention.possessive and not self._after_preposition(mention):
                return mention.person
        pronoun = re.search(r"\b(?:[Hh]e|[Ss]he)\b", self.text[lead.start : lead.end])
        if pronoun:
            return self.attributor.resolve_pronoun(lead.start + pronoun.start())
        return None

    def _list_items(self) -> list[RawEvent]:
        """ "During the visit, the Secretary met with:" followed by one item per line:
        each item is a meeting of the lead's subject with the people the item names,
        never of two items' people with each other."""
        events: list[RawEvent] = []
        for sentence in self.sentences:
            if not self._is_bullet(sentence):
                continue
            if any(p.search(self.text, sentence.start, sentence.end, self.doc.lowered) for _, p, _ in _CUES):
                continue  # an item with its own verb is read as a sentence
            lead = self._lead(sentence)
            if lead is None or not self.text[lead.start : lead.end].rstrip().endswith(":"):
                continue
            cue = next(
                (
                    (name, kind)
                    for name, pattern, kind in _CUES
                    if self.on(name) and pattern.search(self.text, lead.start, lead.end, self.doc.lowered)
                ),
                None,
            )
            subject = self._lead_subject(sentence)
            if cue is None or subject is None:
                continue
            mentions = [m for m in self._mentions_in(sentence.start, sentence.end) if not m.possessive]
            if not mentions:
                continue
            group = self._list_from(mentions[0], mentions[1:])
            people = [subject] + [m.person for m in group if m.person != subject]
            if len(people) < 2:
                continue
            planned = bool(_PLANNED.search(self.text, lead.start, lead.end))
            place, place_rule = self._place(sentence, planned)
            if place is None:
                place, place_rule = self._place(lead, planned)
            event = RawEvent(
                "planned" if planned else cue[1],
                people,
                place=place,
                evidence=[(sentence.start, sentence.end), (lead.start, lead.end)],
                planned=planned,
                rules=[cue[0], LIST_ITEM],
            )
            event.date, date_rule = self._date(sentence, sentence.start, planned)
            if date_rule in (DATE_PUBLISHED, DATE_DATELINE, None):
                lead_date, lead_rule = self._date(lead, lead.start, planned)
                if lead_rule not in (DATE_PUBLISHED, DATE_DATELINE, None):
                    event.date, date_rule = lead_date, lead_rule
            add_rules(event.rules, place_rule, date_rule)
            events.append(event)
        return events

    # -- transcripts -------------------------------------------------------------------------

    def _transcript(self) -> list[RawEvent]:
        """A transcript of a meeting: speaker turns from two named people, or from one and
        the person the heading says they met ("Beginning of the meeting with …").
        Dated and placed by the date line ("May 12, 2006, Sochi")."""
        turns = self.attributor.turns
        if not turns:
            return []
        first_turn = turns[0].start
        speakers: list[str] = []
        for turn in turns:
            if turn.speaker and turn.speaker not in speakers:
                speakers.append(turn.speaker)
        if not speakers:
            return []
        opening = self.text[:first_turn]
        heading = [(s, e) for s, e in self.paras if e <= first_turn]
        # Title lines, not the narrative lead (which the sentence rules read).
        titles = [(s, e) for s, e in heading if e - s <= 200 and self.text[e - 1] not in ".!?"]
        heading_text = " ".join(self.text[s:e] for s, e in titles)
        if re.search(lexicon.TRANSCRIPT_NOT_MEETING_WORDS, heading_text, re.IGNORECASE):
            return []
        call = bool(re.search(lexicon.TRANSCRIPT_CALL_WORDS, heading_text, re.IGNORECASE))
        meeting_words = bool(re.search(lexicon.TRANSCRIPT_MEETING_WORDS, heading_text, re.IGNORECASE))
        people = list(speakers)
        if meeting_words:
            for mention in self.finder.mentions:
                if mention.start >= first_turn:
                    break
                in_title = any(s <= mention.start < e for s, e in titles)
                if in_title and mention.person not in people and not mention.possessive:
                    people.append(mention.person)
        if len(people) < 2 or (len(speakers) < 2 and not meeting_words):
            return []
        date_value, date_rule = UNKNOWN, None
        if self.dateline_date is not None and self.on(DATE_DATELINE):
            date_value, date_rule = self.dateline_date, DATE_DATELINE
        elif self.published is not None and self.on(DATE_PUBLISHED):
            day = self.published.isoformat()
            date_value = ResolvedDate(day, day, "day", "", f"a transcript; the publication date ({day})")
            date_rule = DATE_PUBLISHED
        place, place_rule = None, None
        if self.dateline_city and self.on(PLACE_DATELINE):
            place, place_rule = self.dateline_city, PLACE_DATELINE
        elif self.on(PLACE_LINE):
            place = venue_line_place(self.text, first_turn, self.paras)
            place_rule = PLACE_LINE if place else None
        if place is None and self.on(PLACE_SENTENCE):
            place = place_in(opening)
            place_rule = PLACE_SENTENCE if place else None
        evidence_end = min(len(self.text), turns[0].end, first_turn + 300)
        evidence_start = heading[0][0] if heading else first_turn
        event = RawEvent(
            "call" if call else "meeting",
            people,
            place=place,
            date=date_value,
            evidence=[(evidence_start, evidence_end)],
            rules=[TRANSCRIPT],
        )
        add_rules(event.rules, date_rule, place_rule)
        return [event]

    # -- dates -------------------------------------------------------------------------------

    def _trip_date(self, sentence: Sentence) -> ResolvedDate | None:
        """ "X will travel to Fiji next week … In Suva, he will meet Y": a planned
        meeting with no date of its own takes the planned trip's, a few paragraphs up."""
        for index in range(sentence.index - 1, max(-1, sentence.index - 8), -1):
            earlier = self.sentences[index]
            if earlier.paragraph < sentence.paragraph - 3:
                break
            mentions = self._sentence_dates(earlier)
            if mentions and _PLANNED.search(self.text, earlier.start, earlier.end):
                resolved = self._resolve(mentions[0], True)
                if resolved.start is None:
                    return None
                return ResolvedDate(
                    resolved.start,
                    resolved.end,
                    resolved.precision,
                    resolved.text,
                    resolved.note + " (the trip's date, an earlier paragraph)",
                    resolved.partial,
                )
        return None

    def _sentence_dates(self, sentence: Sentence) -> list[DateMention]:
        if sentence.index not in self._dates:
            self._dates[sentence.index] = find_dates(self.text[sentence.start : sentence.end])
        return self._dates[sentence.index]

    def _date(self, sentence: Sentence, cue_at: int, planned: bool) -> tuple[ResolvedDate, str | None]:
        future = planned
        found = self._sentence_dates(sentence)
        if found and self.on(DATE_SENTENCE):
            nearest = min(found, key=lambda d: abs(sentence.start + d.start - cue_at))
            return self._resolve(nearest, future), DATE_SENTENCE
        if planned:
            trip = self._trip_date(sentence) if self.on(DATE_TRIP) else None
            if trip is not None:
                return trip, DATE_TRIP
            return ResolvedDate(None, None, "unknown", "", "a planned event with no date given"), None
        if self.on(DATE_EARLIER):
            # A few sentences back at most: a date further up a long paragraph is about
            # something else (and looking further would make long texts quadratic).
            for index in range(sentence.index - 1, max(-1, sentence.index - 6), -1):
                earlier = self.sentences[index]
                if earlier.paragraph != sentence.paragraph:
                    break
                mentions = self._sentence_dates(earlier)
                if mentions:
                    resolved = self._resolve(mentions[-1], future)
                    return (
                        ResolvedDate(
                            resolved.start,
                            resolved.end,
                            resolved.precision,
                            resolved.text,
                            resolved.note + " (an earlier sentence)",
                            resolved.partial,
                        ),
                        DATE_EARLIER,
                    )
        if self.on(DATE_NEXT):
            following = self._follow_up(sentence)
            if following is not None and self._sentence_dates(following):
                resolved = self._resolve(self._sentence_dates(following)[0], future)
                return (
                    ResolvedDate(
                        resolved.start,
                        resolved.end,
                        resolved.precision,
                        resolved.text,
                        resolved.note + " (the next sentence)",
                        resolved.partial,
                    ),
                    DATE_NEXT,
                )
        if self.dateline_date is not None and self.on(DATE_DATELINE):
            return self.dateline_date, DATE_DATELINE
        if self._published_date is not None and self.on(DATE_PUBLISHED):
            return self._published_date, DATE_PUBLISHED
        return UNKNOWN, None

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
            host = lexicon.CITIES.get(place) or event.country
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
