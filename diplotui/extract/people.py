"""Provides people: name mentions, titles, countries, aliases and role references.

Works on one document at a time. A person is created only on a cue that makes a
capitalised phrase a person in this genre (a title, an honorific, a speech verb, a
descriptive apposition, a transcript label); other mentions (surnames, "Mr. Wang",
"the Russian President") are then linked to those people.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import overload

from diplotui import lexicon
from diplotui.extract.patterns import alternation
from diplotui.extract.rules import ALL_ON, Switches, add_rules, rule
from diplotui.model import fold

PERSON_TITLE = rule("person.title", "person", "a title before a name: 'Foreign Minister Sergey Lavrov'")
PERSON_APPOSITIVE = rule(
    "person.appositive", "person", "a title after a name: 'Lavrov, Russia's foreign minister,'"
)
PERSON_HONORIFIC = rule("person.honorific", "person", "an honorific: 'Mr. Wang', 'Dr. Lima'")
PERSON_SPEECH = rule("person.speech_verb", "person", "a full name next to a speech verb: 'Ana Lima said'")
PERSON_ACTION = rule("person.action_verb", "person", "a full name that meets, hosts or visits")
PERSON_LABEL = rule("person.label", "person", "a transcript speaker label: 'Vladimir Putin: …'")
PERSON_TITLE_LINE = rule(
    "person.title_line", "person", "a name on a line of its own over its title, as in a release's byline"
)
PERSON_SHORT_NAME = rule("person.short_name", "person", "'Putin' is the 'Vladimir Putin' the text names")

# Only words that can belong to a name: capitalised ones and lower-case particles. Other
# words are never tokens, so a run of names breaks wherever one stands between.
_TOKEN_PARTICLES = "bin ibn al el de da dos das du van von der den la le di del della ben abu".split()


def _token_pattern() -> re.Pattern[str]:
    """`(?<![\\w’'])(?:[A-Z…]|(?:bin|…|abu)\\b)(?:[\\w’'\\-.]*[^\\W_])?`, written to
    begin with a set of characters (the capitals and the particles' first letters), which
    `re` looks for in C; a pattern opening with a look behind is tried at every position."""
    by_first: dict[str, list[str]] = {}
    for particle in _TOKEN_PARTICLES:
        by_first.setdefault(particle[0], []).append(particle[1:])
    firsts = "".join(sorted(by_first))
    particles = "|".join(f"(?<={first})(?:{'|'.join(rest)})\\b" for first, rest in sorted(by_first.items()))
    # After the first character: nothing of a word before it, then a capital (not a
    # particle's first letter) or the rest of a particle.
    return re.compile(
        rf"[A-ZÀ-ÖØ-ÞĀ-ſ{firsts}](?<![\w’'].)(?:(?<![{firsts}])|{particles})(?:[\w’'\-.]*[^\W_])?"
    )


_TOKEN = _token_pattern()
_GLUED = re.compile(r"([A-Z][a-z]{2,})([A-Z][a-z]{2,})")
_POSSESSIVE = re.compile(r"[’']s?$")
_MAY_TRAIL = frozenset(".’'s")  # the last characters of a full stop or a possessive
_INITIALS = re.compile(r"(?:[A-Z]\.)+")  # "U.S."
_INITIALS_OPEN = re.compile(r"(?:[A-Z]\.)+[A-Z]")  # "U.S" before its full stop


def _alternatives(words: frozenset[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_ACTION_AFTER = re.compile(
    rf",?\s+(?:also\s+|later\s+|on\s+\w+\s+)?(?:{_alternatives(lexicon.ACTION_VERBS)}|had\s+an?|has\s+had)\b"
)
_MEETING_BEFORE = re.compile(
    rf"\b(?:{_alternatives(lexicon.MEETING_OBJECT_VERBS)}|(?:{_alternatives(lexicon.MEETING_WITH_WORDS)})\s+with|"
    r"visit\s+(?:by|from))\s+(?:with\s+)?$"
)
_SPEECH_AFTER = re.compile(
    rf",?\s+(?:also\s+|further\s+|later\s+|has\s+|had\s+)?(?:{_alternatives(lexicon.NAME_SPEECH_VERBS)})\b"
)
_SPEECH_BEFORE = re.compile(rf"\b(?:{_alternatives(lexicon.NAME_SPEECH_VERBS - {'told'})})\s+$")


def _either_case(words: tuple[str, ...]) -> str:
    """ "president" -> "[Pp]resident": roles are written in either case, names are not."""
    return "|".join(
        " ".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in phrase.split()) for phrase in words
    )


# Word lengths are bounded: an unbounded `[\w.]+` before a required "’s" is tried from
# every letter of a 100 KB "A.A.A.…" to its end, which is quadratic.
_ROLE_REFERENCE = re.compile(
    r"\b(?:[Tt]he|(?P<cpos>[A-Z][\w.]{1,40}(?:\s[A-Z]\w{0,40})?)[’']s)\s+"
    r"(?:(?P<adj>[A-Z][\w.]{1,40}(?:\s[A-Z]\w{0,40})?)\s+)?"
    rf"(?P<role>(?:(?:{_either_case(lexicon.ROLE_PREFIXES)})\s)?(?:{_either_case(lexicon.ROLE_HEADS)}))"
    r"\b(?!\s+(?:of|to|for)\b)(?!\s+[A-Z])"
)
_OF_COUNTRY = re.compile(r"\s+of\s+(?:the\s+)?([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})")
_PREPOSITION_BEFORE = re.compile(r"\b(of|for|to|on)\s+(the\s+)?$")
_COUNTRY_OWNER = re.compile(r"(?:^|\s)((?:[A-Z][\w.]+\s)?[A-Z][\w.]+[’']s\s)$")
_WORD_OR_STOP = re.compile(r"[\w.’'-]+")
# The last of them, with one space after it, in a text read backwards.
_LAST_WORD_REVERSED = re.compile(r" ([\w.’'-]+)")
_DIGIT_NEXT = re.compile(r"\s*\d")
_WORD = re.compile(r"[\w-]+")
_TITLE_PREPOSITION = re.compile(r"[A-Z][\w.-]*\s+(?:of|for|to|on)\s+(?:the\s+)?$")
_OF_NEXT = re.compile(r"\s+of\s")
_CONJUNCTION = re.compile(r"(?:and|or|but|as well as)\b")
_LABEL_COLON = re.compile(r"(?:\s*\([^()\n]{1,40}\))?:\s")
_TITLE_TAIL = re.compile(r"\s(?:of|to|for|on|and)\s+(?:the\s+)?$")


@dataclass(slots=True, init=False)
class Token:
    """A word of the text, with whether it is capitalised and possessive."""

    start: int
    end: int
    text: str
    # Read many times per token by the finder's rules; worked out once per spelling.
    word: str  # without a possessive ending or trailing full stop
    folded: str  # the word, folded for lexicon look-ups
    capitalised: bool
    possessive: bool  # ends in ’s or s’

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.word, self.folded, self.capitalised, self.possessive = _word_facts(text)


@lru_cache(maxsize=65536)
def _word_facts(text: str) -> tuple[str, str, bool, bool]:
    """A token's word, folded word, and whether it is capitalised and possessive."""
    if text[-1:] in _MAY_TRAIL:
        word = _POSSESSIVE.sub("", text.rstrip("."))
        possessive = len(text) > 2 and bool(_POSSESSIVE.search(text))
    else:  # most words: nothing to take off
        word, possessive = text, False
    capitalised = text[:1].isupper() or bool(_ARTICLE_GLUED.match(text))
    return word, fold(word), capitalised, possessive


# A family name with the Arabic article glued on ("al-Safadi", "el-Sisi") is a name's word.
_ARTICLE_GLUED = re.compile(r"(?:al|el)-[A-ZÀ-ÖØ-Þ]")


@dataclass(slots=True)
class Mention:
    """Where a person is named or referred to in the text."""

    start: int
    end: int
    person: str
    kind: str  # "name", "alias", "role", "label"
    possessive: bool = False
    full_start: int = -1
    speaker: bool = False

    def __post_init__(self) -> None:
        if self.full_start < 0:
            self.full_start = self.start


@dataclass
class LocalPerson:
    """A person as one document knows them."""

    key: str
    name: str
    title: str | None = None
    country: str | None = None
    aliases: set[str] = field(default_factory=set)
    first: int = 0
    rules: list[str] = field(default_factory=list)


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return fold(word)


@lru_cache(maxsize=65536)
def person_key(name: str) -> str:
    """Return the identity key of a name: folded, with transliteration variants merged.

    "Sergey Lavrov", "Sergei Lavrov" and "SERGEI LAVROV" share one key.
    """
    key = fold(name).replace("’", "").replace("'", "").replace(".", "")
    words = key.replace("-", " ").split()
    # A generational suffix ("Hansen III", "Ellis Jr.") is dropped where a name is left.
    while len(words) > 2 and words[-1] in lexicon.NAME_SUFFIXES:
        words.pop()
    # Middle names and initials ("Antony J. Blinken", "Dmitry Anatolyevich Medvedev")
    # do not change who someone is; particles ("bin", "von der") do.
    if len(words) > 2:
        words = [words[0], *[w for w in words[1:-1] if w in lexicon.NAME_PARTICLES], words[-1]]
    if len(words) >= 2:
        words[0] = lexicon.NICKNAMES.get(words[0], words[0])
    key = " ".join(words)
    key = key.replace("y", "i").replace("ii", "i").replace("kh", "h")
    return key


MAX_WORD = 64
"""A "word" longer than this is no part of a name ("A.A.A.…", a pasted hash); it is passed
over unread."""


def tokens(text: str, start: int = 0, stop: int | None = None) -> Iterator[Token]:
    """Yield the words of `text` (of `text[start:stop]`) with their offsets."""
    # A run's words end at its last word's end: the scan need not look past it.
    for match in _TOKEN.finditer(text, start, len(text) if stop is None else stop):
        if stop is not None and match.start() >= stop:
            return
        word = match.group(0)
        end = match.end()
        if len(word) > MAX_WORD:
            continue
        # "U.S." keeps its stops; a sentence's full stop does not belong to a name.
        if word[-1] == "." and not _INITIALS.fullmatch(word):
            word, end = word[:-1], end - 1
        elif "." in word and _INITIALS_OPEN.fullmatch(word) and text[end : end + 1] == ".":
            word, end = word + ".", end + 1
        glued = _country_glued(word)
        if glued:
            # "of BrazilLuiz Inacio Lula": a country glued to the name after it.
            cut = match.start() + glued
            yield Token(match.start(), cut, word[:glued])
            yield Token(cut, end, word[glued:])
            continue
        yield Token(match.start(), end, word)


@lru_cache(maxsize=65536)
def _country_glued(word: str) -> int:
    """Where a country's name ends in a word it is glued to ("BrazilLuiz"), or 0."""
    glued = _GLUED.fullmatch(word)
    return glued.end(1) if glued and _fold_word(glued.group(1)) in lexicon.COUNTRIES else 0


_COUNTRY_FIRST_WORDS = frozenset(name.split()[0] for name in lexicon.COUNTRIES if " " in name)


def _country_at(run: list[Token], index: int) -> int:
    """How many words of `run` from `index` name a country of two or three words."""
    if run[index].folded not in _COUNTRY_FIRST_WORDS:
        return 0
    for size in (3, 2):
        if (
            len(run) - index > size
            and " ".join(t.folded for t in run[index : index + size]) in lexicon.COUNTRIES
        ):
            return size
    return 0


def _is_title_word(token: Token) -> bool:
    word = token.folded
    return (
        word in lexicon.TITLE_HEADS
        or (word.endswith("s") and word[:-1] in lexicon.TITLE_HEADS)  # "Foreign Ministers"
        or word in lexicon.TITLE_MODIFIERS
        or word in lexicon.COUNTRIES
        or word.rstrip(".") in lexicon.HONORIFICS
    )


@lru_cache(maxsize=65536)
def _is_head(word: str) -> bool:
    return any(part in lexicon.TITLE_HEADS for part in fold(word).split("-"))


def _is_name_word(token: Token, label: bool = False, titled: bool = False) -> bool:
    """Whether a token can be part of a person's name. After a title, a city's name is
    a surname too ("Foreign Minister Ana Lima")."""
    word = token.folded
    if word in lexicon.NAME_PARTICLES or (len(token.word) == 1 and token.text[:1].isupper()):
        return True
    if word in lexicon.NAME_SUFFIXES:
        return True
    if not token.capitalised or word in lexicon.NOT_NAME_WORDS:
        return False
    if word in lexicon.CAPITALS:
        return titled  # capitals also name their countries ("Moscow said")
    if word in lexicon.COUNTRIES or word in lexicon.TITLE_HEADS:
        return False
    if word in lexicon.ORGANISATION_HEADS:
        return False
    # Short all-capital words are acronyms (NATO, BRICS), except in a speaker label
    # ("PRESIDENT XI:").
    return label or not (token.text.isupper() and len(token.word) <= 4)


MAX_RUN = 32
"""A run of more capitalised words than this holds no name anyone wrote (a title and a
name run to a dozen or so); it is dropped as it is read, so that a shouted or
machine-made text of capitals costs no memory per word."""


def _capital_runs(toks: Iterable[Token], text: str) -> Iterator[list[Token]]:
    """Group consecutive capitalised words (and name particles) into runs; a run with no
    capitalised word (particles alone) comes out empty."""
    current: list[Token] = []
    last: Token | None = None  # the run's last token, kept while a too-long run is skipped
    skipping = False
    for token in toks:
        joined = (
            last is not None
            and text[last.end : token.start] in (" ", ". ", "")
            and not last.possessive
            and (
                text[last.end : token.start] in (" ", "")
                or len(last.word) == 1
                or last.folded in lexicon.ABBREVIATED_TITLES
            )
        )
        if token.capitalised or (joined and token.folded in lexicon.NAME_PARTICLES):
            if joined:
                if not skipping:
                    current.append(token)
                    if len(current) > MAX_RUN:
                        current, skipping = [], True
            else:
                if current:
                    yield _trimmed(current)
                current, skipping = [token], False
            last = token
        else:
            if current:
                yield _trimmed(current)
            current, last, skipping = [], None, False
    if current:
        yield _trimmed(current)


def _trimmed(run: list[Token]) -> list[Token]:
    """The run without the particles at its end (particles cannot end a run); empty if
    it has no capitalised word."""
    return run[: _last_capital(run) + 1] if any(t.capitalised for t in run) else []


def _last_capital(run: list[Token]) -> int:
    return max(i for i, t in enumerate(run) if t.capitalised)


class Runs(Sequence[list[Token]]):
    """The capitalised runs of a text, kept as the offsets where each begins and ends.

    A run's tokens are read again from the text when it is asked for: a name-dense text
    has a token object for most of its words, several times the text's own size, and
    the finder reads each run only once more after its first pass.
    """

    def __init__(self, text: str, read: bool = True) -> None:
        """Find the runs of `text` now, or (`read=False`) as `read()` is iterated."""
        self.text = text
        self.starts = array("q")
        self.ends = array("q")
        if read:
            for _ in self.read():
                pass

    def read(self) -> Iterator[list[Token]]:
        """Find the runs, keeping where each lies, and yield each as it is found (so a
        first pass over them needs no second reading)."""
        for run in _capital_runs(tokens(self.text), self.text):
            if run:
                self.starts.append(run[0].start)
                self.ends.append(run[-1].end)
                yield run

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> list[Token]: ...
    @overload
    def __getitem__(self, index: slice) -> list[list[Token]]: ...
    def __getitem__(self, index: int | slice) -> list[Token] | list[list[Token]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return list(tokens(self.text, self.starts[index], self.ends[index]))

    def __iter__(self) -> Iterator[list[Token]]:
        for start, end in zip(self.starts, self.ends, strict=True):
            yield list(tokens(self.text, start, end))


@dataclass
class _Candidate:
    name_tokens: list[Token]
    title: str | None
    title_start: int
    cue: bool
    rule: str = ""
    country: str | None = None  # "Prime Minister Emeka Okoro of Nigeria"


class PeopleFinder:
    """Finds the people of one document and every mention of them."""

    def __init__(
        self, text: str, skip_spans: list[tuple[int, int]] | None = None, switches: Switches = ALL_ON
    ) -> None:
        self.switches = switches
        self.text = text
        # Words are read one at a time: only the capitalised runs are kept.
        self.runs = Runs(text, read=False)  # found by find()'s first pass
        self._run_ends = self.runs.ends
        self.skip_spans = skip_spans or []
        self.people: dict[str, LocalPerson] = {}
        self.mentions: list[Mention] = []
        # People a release names in its byline ("Senator the Hon …" over a title line):
        # the "we" of its text.
        self.byline_keys: set[str] = set()

    # -- creation --------------------------------------------------------------------

    def find(self) -> None:
        """Create people from cued mentions, then link every other mention."""
        # Where the names found begin and end, in order (two arrays: a name-dense text has
        # hundreds of thousands).
        claimed_starts, claimed_ends = array("q"), array("q")
        for run in self.runs.read():
            in_headline = any(s <= run[0].start < e for s, e in self.skip_spans)
            candidate = self._candidate(run)
            if candidate is None or not candidate.cue:
                continue
            if in_headline and candidate.rule != PERSON_TITLE:
                continue  # headline capitals make weak cues; a title before a name holds
            person = self._add_person(candidate)
            name_start, name_end = candidate.name_tokens[0].start, candidate.name_tokens[-1].end
            self.mentions.append(
                Mention(
                    name_start,
                    name_end,
                    person.key,
                    "name",
                    candidate.name_tokens[-1].possessive,
                    candidate.title_start,
                )
            )
            claimed_starts.append(name_start)
            claimed_ends.append(name_end)
        if self.switches.on(PERSON_SHORT_NAME):
            # Imported here: the merge module imports this one.
            from diplotui.extract.merge import merge_short_names

            merge_short_names(self.people, self.mentions)
        self._counterpart_titles()
        self._link_aliases(claimed_starts, claimed_ends)
        self._link_roles()
        self.mentions.sort(key=lambda m: m.start)

    def _candidate(self, run: list[Token]) -> _Candidate | None:
        if (
            len(run) == 1
            and run[0].folded in lexicon.NOT_NAME_WORDS
            and run[0].folded not in lexicon.SURNAME_WORDS
        ):
            return None  # "The", "However": most runs are one such word
        # Strip what stands before a name: titles, countries (also of two or three words:
        # "New Zealand Prime Minister"), and a sentence's capitalised first word ("When
        # U.S. President Joe Biden …").
        index = 0
        while index < len(run) - 1:
            size = _country_at(run, index)
            if size:
                index += size
            elif _is_title_word(run[index]) or (index == 0 and run[index].folded in lexicon.NOT_NAME_WORDS):
                index += 1
            else:
                break
        # "CEO of the Russian Direct Investment Fund Kirill Dmitriev": the organisation
        # of a title ends at its head word; the name follows.
        if len(run) - index > 2:
            org_end = max(
                (i for i in range(index, len(run) - 2) if run[i].folded in lexicon.ORGANISATION_HEADS),
                default=-1,
            )
            if org_end >= 0 and len(run) - org_end - 1 <= 3:
                index = org_end + 1
        # A name never holds a title word: "Korea First Vice Foreign Minister Cho Hyundong"
        # (a country the lists do not know, then the title) is "Cho Hyundong".
        if len(run) - index > 1:
            last_title = max((i for i in range(index, len(run) - 1) if _is_head(run[i].word)), default=-1)
            if last_title >= index:
                index = last_title + 1
        name = run[index:]
        after_title = index > 0 and (
            _is_head(run[index - 1].word) or run[index - 1].folded.rstrip(".") in lexicon.HONORIFICS
        )
        if (
            len(name) == 1
            and after_title
            and name[0].folded in lexicon.SURNAME_WORDS
            and not _DIGIT_NEXT.match(self.text, name[0].end, name[0].end + 3)
        ):
            # "Prime Minister May", "Secretary Rice": a word that is also a surname.
            name = [Token(name[0].start, name[0].end, name[0].text.title())]
            surname_word = True
        else:
            surname_word = False
        # The object of a title's preposition is not a name: "Deputy Chief of Staff",
        # "Deputy Speaker of the State Duma"; in "Minister for Europe David Lidington"
        # its first word belongs to the title.
        preposition = _PREPOSITION_BEFORE.search(self.text, max(0, run[0].start - 12), run[0].start)
        if len(name) == 1 and preposition and preposition.group(1) in ("of", "for") and preposition.group(2):
            # "Deputy Speaker of the State Duma": a one-word "name" in "of the …" is the
            # last word of an institution's name.
            if any(_is_head(w) for w in _WORD.findall(self.text, max(0, run[0].start - 60), run[0].start)):
                return None
        if index == 0 and preposition:
            before = self.text[max(0, run[0].start - 60) : run[0].start]
            if _TITLE_PREPOSITION.search(before) and any(_is_head(w) for w in _WORD.findall(before[-40:])):
                if len(name) == 1 or _OF_NEXT.match(self.text, run[-1].end, run[-1].end + 4):
                    return None  # "Chairman of the Joint Chiefs of Staff"
                if len(name) >= 3:
                    index += 1
                    name = name[1:]
        # Post-nominal letters end it: "The Hon Marcus Reid MP".
        while len(name) > 1 and name[-1].folded in lexicon.POST_NOMINALS and name[-1].text.isupper():
            name = name[:-1]
        # A possessive ends the name: "Xi Jinping’s greetings".
        for i, token in enumerate(name):
            if token.possessive:
                name = name[: i + 1]
                break
        if not name or sum(t.folded not in lexicon.NAME_PARTICLES for t in name) > 4:
            return None
        if len(name) == 1 and (len(name[0].word) == 1 or _is_title_word(name[0])):
            return None  # "Mr President, I …", "Minister of Foreign Affairs": no name
        if " ".join(t.folded for t in run) in lexicon.COUNTRIES:
            return None  # "President of the United States"
        label = self._is_label(run[0].start, name[-1].end)
        titled = len(name) >= 2 and index > 0 and _is_head(run[index - 1].word)
        if not surname_word and not all(_is_name_word(t, label, titled) for t in name):
            return None
        if name[0].folded in lexicon.NAME_PARTICLES and not after_title:
            return None  # "de Gaulle" only as "General de Gaulle"
        phrase = " ".join(t.folded for t in name)
        if phrase in lexicon.ORGANISATIONS or phrase in lexicon.CAPITALS or phrase in lexicon.COUNTRIES:
            return None  # "Global Times said", "Hong Kong said", "South Korea said"
        title, title_start = self._title_before(run, index)
        if title is None and index == 0:
            title, title_start = self._title_before_comma(run[0].start)
        on = self.switches.on
        cue = title is not None and _has_head(title) and on(PERSON_TITLE)
        how = PERSON_TITLE if cue else ""
        honorific = index > 0 and run[index - 1].folded.rstrip(".") in lexicon.HONORIFICS
        if not cue and on(PERSON_APPOSITIVE):
            appositive = self._appositive_title(name[-1].end, comma_only=len(name) == 1)
            if appositive:
                title, cue, how = appositive, True, PERSON_APPOSITIVE
        if not cue and honorific and on(PERSON_HONORIFIC):
            cue, how = True, PERSON_HONORIFIC
        if not cue and on(PERSON_SPEECH) and self._speech_adjacent(name[0].start, name[-1].end):
            cue, how = len(name) >= 2 or honorific, PERSON_SPEECH
        if (
            not cue
            and len(name) >= 2
            and on(PERSON_ACTION)
            and (self._action_adjacent(name[-1].end) or self._meeting_object(name[0].start))
        ):
            cue, how = True, PERSON_ACTION
        if not cue and on(PERSON_LABEL) and self._is_label(run[0].start, name[-1].end):
            # "Vladimir Putin: …" names a speaker; "Question: …" does not, nor does a
            # single word not in capitals ("Published: 2024-03-05").
            single = len(name) == 1 and not name[0].text.isupper()
            cue, how = phrase not in lexicon.ANONYMOUS_SPEAKERS and not single, PERSON_LABEL
        byline = (
            self._name_line_title(run[0].start, name[0].start, name[-1].end)
            if on(PERSON_TITLE_LINE)
            else None
        )
        if byline is not None and (title is None or not _has_head(title)):
            # "The Hon Marcus Reid MP" over "Deputy Prime Minister": a release's byline.
            title, cue, how = byline, True, PERSON_TITLE_LINE
        if title and not _has_head(title):
            title = None
        if honorific and title is None:
            title_start = run[index - 1].start
        return _Candidate(
            name, title, title_start, cue, how, self._country_after(name[-1].end) if title else None
        )

    def _country_after(self, end: int) -> str | None:
        """The country of "Prime Minister Emeka Okoro of Nigeria"."""
        match = _OF_COUNTRY.match(self.text, end)
        if match is None:
            return None
        words = match.group(1).split()
        for size in range(len(words), 0, -1):
            folded = fold(" ".join(words[:size]).rstrip(".,;:"))
            if folded in lexicon.COUNTRY_NAMES:
                return lexicon.COUNTRIES[folded]
        return None

    def _name_line_title(self, start: int, name_start: int, end: int) -> str | None:
        """The title on the line under a line that holds only a name."""
        # A byline is a short line: look no further than its length allows.
        line_start = self.text.rfind("\n", max(0, start - 80), start) + 1
        line_end = self.text.find("\n", end, end + 40)
        if line_start == 0 and start > 80 or line_end < 0:
            return None
        before = self.text[line_start:start].split()
        after = self.text[end:line_end].split()
        if any(fold(w).rstrip(".") not in lexicon.HONORIFICS | {"the", "senator"} for w in before):
            return None
        if any(fold(w).rstrip(".,") not in lexicon.POST_NOMINALS for w in after):
            return None
        next_end = self.text.find("\n", line_end + 1, line_end + 122)
        following = self.text[line_end + 1 : line_end + 122 if next_end < 0 else next_end].strip()
        words = following.split()
        if not words or len(words) > 10 or following[-1:] in ".!?:" or not _has_head(following):
            return None
        if not all(_title_token(w) or w.islower() for w in words):
            return None
        self.byline_keys.add(person_key(" ".join(self.text[name_start:end].split())))
        return following

    def _title_before(self, run: list[Token], name_index: int) -> tuple[str | None, int]:
        """Return the title written before a name and where it starts."""
        start = run[0].start if name_index else run[name_index].start
        # Extend back over "Ambassador to", "Minister of the ..." chains.
        while True:
            before = self.text[max(0, start - 40) : start]
            tail = _TITLE_TAIL.search(before) if before else None
            if not tail:
                break
            gap_start = start - len(tail.group(0))
            slot = bisect_right(self._run_ends, gap_start) - 1
            if slot < 0 or self._run_ends[slot] < gap_start - 2:
                break
            prev_run = self.runs[slot]
            # The run before must be all title: "President of the Republic of", not
            # "Prime Minister Okoro of" (a name ends the title there).
            if not all(_is_title_word(t) or t.folded in lexicon.STATE_NAME_WORDS for t in prev_run):
                break
            # "… of Brazil and Prime Minister X": "and" joins two people there, not a title.
            if tail.group(0).strip().startswith("and") and prev_run[-1].folded in lexicon.COUNTRIES:
                break
            start = prev_run[0].start
        if start == run[name_index].start:
            start = self._lowercase_title_start(start)
        owner = (
            _COUNTRY_OWNER.search(self.text[max(0, start - 40) : start])
            if self.text[start - 3 : start - 1] in ("’s", "'s")
            else None
        )
        if owner and fold(re.sub(r"[’']s\s$", "", owner.group(1))) in lexicon.COUNTRIES:
            start -= len(owner.group(1))
        name_start = run[name_index].start
        raw = self.text[start:name_start].strip()
        if not raw:
            return None, name_start
        words = raw.split()
        while words and fold(words[0]).rstrip(".") in lexicon.HONORIFICS:
            words.pop(0)
        # Leading words that are not title words (a sentence's first word) go, but not
        # a country of several words.
        while words and not _title_token(words[0]):
            if any(fold(" ".join(words[:size])) in lexicon.COUNTRIES for size in (2, 3)):
                break
            words.pop(0)
        if not words:
            return None, name_start
        title = " ".join(words)
        return title, self.text.find(words[0], start, name_start)

    def _title_before_comma(self, name_start: int) -> tuple[str | None, int]:
        """A title set off by a comma: "Prime Minister, Liz Truss", "the Prime Minister
        of Japan, Fumio Kishida", "Polish Foreign Minister, Zbigniew Rau"."""
        if self.text[max(0, name_start - 2) : name_start] != ", ":
            return None, name_start
        before = self.text[max(0, name_start - 90) : name_start]
        match = re.search(
            r"(?:^|[^\w,’'.-])((?:[A-Z][\w’'.-]*)(?:[ ]+(?:[A-Z][\w’'.-]*|of|the|for|to|on))*), $", before
        )
        if match is None:
            return None, name_start
        phrase = match.group(1)
        words = [w for w in phrase.split() if w[:1].isupper()]
        if (
            not words
            or not _is_head(_POSSESSIVE.sub("", words[-1]).rstrip("."))
            and not any(fold(w) in lexicon.COUNTRIES for w in words[-2:])
        ):
            return None, name_start
        if not all(_title_token(w) or fold(w) in lexicon.NOT_NAME_WORDS for w in words):
            return None, name_start
        if not any(_is_head(w) for w in words):
            return None, name_start
        start = name_start - len(before) + match.start(1)
        words_all = phrase.split()
        while words_all and not _title_token(words_all[0]):
            words_all.pop(0)
        if not words_all:
            return None, name_start
        return " ".join(words_all), self.text.find(words_all[0], start, name_start)

    def _lowercase_title_start(self, start: int) -> int:
        """Walk back over a title written in lower case: "Kremlin spokesman Dmitry Peskov",
        "his Turkish counterpart Mevlut Cavusoglu".
        """
        window = self.text[max(0, start - 90) : start]
        if not window.endswith(" "):
            return start
        # Most names follow no title word: the last word alone tells, before all are read
        # (matched in the window read backwards, which takes one match at its start).
        last = _LAST_WORD_REVERSED.match(window[::-1])
        if last is None or not _is_head(last.group(1)[::-1]):
            return start
        words = list(_WORD_OR_STOP.finditer(window))
        if not words or window[words[-1].end() :] != " " or not _is_head(words[-1].group(0)):
            return start
        earliest = words[-1].start()
        for word in reversed(words[:-1]):
            between = window[word.end() : earliest]
            token = word.group(0)
            if between != " " or fold(token) in ("and", "or", "the", "of", "his", "her", "their"):
                break
            folded = fold(_POSSESSIVE.sub("", token))
            organisation = token[:1].isupper() and (
                folded in lexicon.ORGANISATIONS
                or folded in lexicon.ORGANISATION_HEADS
                or any(name.endswith(" " + folded) for name in ("white house", "state department"))
            )
            if _title_token(token) or organisation:
                earliest = word.start()
            else:
                break
        return max(0, start - 90) + earliest

    def _appositive_title(self, end: int, comma_only: bool = False) -> str | None:
        """Return the title in ", Russia's foreign minister," after a name, if any.

        With `comma_only` the title must be closed by punctuation: after one word, ", the
        Prime Minister said" is the next clause's subject ("in Lugano, the Prime …")."""
        window = self.text[end : end + 220]
        closing = (
            r"(?=,|;|\.\s|\.$)"
            if comma_only
            else (r"(?=,|;|\.\s|\.$|\s+(?:said|says|told|on|in|who|has|had|was|is|and\s+[A-Z]|held)\b)")
        )
        match = re.match(
            r",\s+(?:who\s+is\s+)?(?:the\s+|a\s+|an\s+)?(?P<t>[^,;:()“”\"\n]{3,180}?)" + closing,
            window,
        )
        if not match:
            return None
        phrase = match.group("t").strip()
        if _CONJUNCTION.match(phrase):
            return None  # "A, and President of the Commission, B": the next person's title
        words = phrase.split()
        if not words or len(words) > 25:
            return None
        if len(words) >= 2 and all(
            w[:1].isupper()
            and fold(w) not in lexicon.TITLE_HEADS
            and fold(w) not in lexicon.TITLE_MODIFIERS
            and fold(w) not in lexicon.COUNTRIES
            and fold(w) not in lexicon.NOT_NAME_WORDS
            and fold(w) not in lexicon.ORGANISATION_HEADS
            for w in (w.strip(".,") for w in words[-2:])
        ):
            return None  # "…, Presidential Aide Yury Ushakov": the next person, not a title
        head_at = next((i for i, w in enumerate(words) if _is_head(_POSSESSIVE.sub("", w))), None)
        if head_at is None or head_at > 4:
            return None
        if any(w.lower() in lexicon.CLAUSE_VERBS for w in words):
            return None
        return phrase

    def _action_adjacent(self, end: int) -> bool:
        """Whether a meeting or speech verb follows: "Vladimir Putin held talks"."""
        return bool(_ACTION_AFTER.match(self.text, end, end + 40))

    def _meeting_object(self, start: int) -> bool:
        """Whether the name is whom someone met: "met Wang Yi", "held talks with Wang Yi"."""
        return bool(_MEETING_BEFORE.search(self.text[max(0, start - 40) : start]))

    def _is_label(self, start: int, end: int) -> bool:
        """Whether the name opens a paragraph as a transcript speaker label."""
        # At a line's start, or after a sentence in capitals-label form ("… you. PRESIDENT HALE:").
        at_line_start = (
            start == 0
            or self.text[start - 1] == "\n"
            or (self.text[start - 2 : start] in (". ", "? ", "! ", "” ") and self.text[start:end].isupper())
        )
        return at_line_start and bool(_LABEL_COLON.match(self.text, end, end + 45))

    def _speech_adjacent(self, start: int, end: int) -> bool:
        if _SPEECH_AFTER.match(self.text, end, end + 30):
            return True
        return bool(_SPEECH_BEFORE.search(self.text[max(0, start - 12) : start]))

    def _add_person(self, candidate: _Candidate) -> LocalPerson:
        words = [
            t.word + "." if len(t.word) == 1 or fold(t.word) in ("jr", "sr") else t.word
            for t in candidate.name_tokens
        ]
        name = " ".join(_display_case(w) for w in words)
        key = person_key(name)
        person = self.people.get(key)
        if person is None:
            person = LocalPerson(key, name, first=candidate.name_tokens[0].start)
            self.people[key] = person
        add_rules(person.rules, candidate.rule)
        if candidate.title:
            if person.title is None or len(candidate.title) > len(person.title or ""):
                person.title = _clean_title(candidate.title)
            country = country_of_title(candidate.title) or candidate.country
            if country and person.country is None:
                person.country = country
        return person

    def learn_from(self, other: PeopleFinder) -> None:
        """Take titles and countries that another text (the document's title) gives for
        people this text names without them: "Secretary Blinken's Meeting with Indian
        External Affairs Minister Jaishankar"."""
        known = {key: person for key, person in other.people.items() if person.title or person.country}
        index = self.alias_index()
        for key, person in known.items():
            target = self.people.get(key) or self.people.get(index.get(key, ""))
            if target is None:
                target = next((p for k, p in self.people.items() if key in _alias_keys(p.name)), None)
            if target is None:
                continue
            target.title = target.title or person.title
            target.country = target.country or person.country

    def _counterpart_titles(self) -> None:
        """ "Lavrov and his Chinese counterpart Wang Yi": Wang holds Lavrov's office."""
        for person in self.people.values():
            if not person.title or "counterpart" not in person.title.lower():
                continue
            earlier = [m for m in self.mentions if m.start < person.first and m.person != person.key]
            for mention in reversed(earlier):
                other = self.people.get(mention.person)
                if other and other.title and "counterpart" not in other.title.lower():
                    office = [
                        w
                        for w in other.title.split()
                        if fold(_POSSESSIVE.sub("", w)) not in lexicon.COUNTRIES
                    ]
                    if office:
                        person.title = " ".join(office)
                    break

    # -- linking ---------------------------------------------------------------------

    def alias_index(self) -> dict[str, str]:
        """Return folded alias -> person key, leaving out aliases two people share."""
        index: dict[str, str] = {}
        clash: set[str] = set()
        for person in self.people.values():
            for alias in _alias_keys(person.name):
                if alias in index and index[alias] != person.key:
                    clash.add(alias)
                index[alias] = person.key
        for alias in clash:
            del index[alias]
        return index

    def _link_aliases(self, starts: array[int], ends: array[int]) -> None:
        """Link the other mentions of the people found: "Lavrov" after "Sergey Lavrov".

        `starts` and `ends` are where the names found lie, in order of their starts (runs
        are read in order, one name each); those tokens are taken.
        """

        def claimed(start: int, end: int) -> bool:
            at = bisect_left(starts, end) - 1
            return at >= 0 and ends[at] > start

        index = self.alias_index()
        first_words = {key.split()[0] for key in index if key}
        for run in self.runs:
            words = run
            taken: set[int] | None = None  # worked out when a word may begin an alias
            i = 0
            while i < len(words):
                matched = False
                if first_words.isdisjoint(_first_word_keys(words[i].word)):
                    i += 1  # no alias begins with this word
                    continue
                if taken is None:
                    taken = {t.start for t in run if claimed(t.start, t.end)}
                if words[i].start in taken:
                    i += 1  # every chunk from here holds a word already taken
                    continue
                for size in (4, 3, 2, 1):
                    chunk = words[i : i + size]
                    if len(chunk) < size:
                        continue
                    if any(t.possessive for t in chunk[:-1]):
                        continue
                    key = person_key(" ".join(t.word for t in chunk))
                    start, end = chunk[0].start, chunk[-1].end
                    if key in index and not any(t.start in taken for t in chunk):
                        person = self.people[index[key]]
                        full_start = start
                        if i > 0 and words[i - 1].folded.rstrip(".") in lexicon.HONORIFICS:
                            full_start = words[i - 1].start
                            person.aliases.add(f"{words[i - 1].word}. {chunk[-1].word}".replace("..", "."))
                        self.mentions.append(
                            Mention(start, end, person.key, "alias", chunk[-1].possessive, full_start)
                        )
                        taken.update(t.start for t in chunk)
                        spelled = " ".join(t.word for t in chunk)
                        if spelled != person.name:
                            person.aliases.add(spelled)
                        i += size
                        matched = True
                        break
                if not matched:
                    i += 1

    def _link_roles(self) -> None:
        """Resolve "the Russian President", "China's top diplomat" to a person."""
        pattern = _ROLE_REFERENCE
        # The names found with their titles, in order (references and an array, not a
        # tuple per name: a name-dense text has hundreds of thousands).
        covered = sorted(self.mentions, key=attrgetter("full_start", "end"))
        starts = array("q", (m.full_start for m in covered))
        for match in pattern.finditer(self.text):
            if any(s <= match.start() < e for s, e in self.skip_spans):
                continue
            slot = bisect_right(starts, match.start()) - 1
            if slot >= 0 and covered[slot].end > match.start():
                continue  # the title of a name already found: "Poland's Europe Minister, X"
            slot += 1
            if slot < len(covered) and covered[slot].full_start < match.end():
                continue
            country = None
            role = match.group("role")
            for group in ("cpos", "adj"):
                value = match.group(group)
                if value:
                    country = lexicon.COUNTRIES.get(fold(value))
                    if (
                        country is None
                        and group == "adj"
                        and all(
                            fold(w) in lexicon.TITLE_MODIFIERS or fold(w) in lexicon.TITLE_HEADS
                            for w in value.split()
                        )
                    ):
                        # "the Foreign Secretary": the word is part of the role.
                        role = f"{value} {role}"
                        country = lexicon.COUNTRIES.get(fold(match.group("cpos") or ""))
                        continue
                    if country is None:
                        break
            else:
                person = self._resolve_role(role, country, match.start())
                if person is not None:
                    if country and person.country is None:
                        person.country = country
                    phrase = match.group(0)
                    person.aliases.add(phrase[0].lower() + phrase[1:] if phrase.startswith("The") else phrase)
                    self.mentions.append(Mention(match.start(), match.end(), person.key, "role"))

    def _resolve_role(self, role: str, country: str | None, position: int) -> LocalPerson | None:
        role_key = fold(role)
        wanted = lexicon.ROLE_SYNONYMS.get(role_key, (role_key,))
        if role_key.split()[-1] in lexicon.ROLE_SYNONYMS and role_key not in lexicon.ROLE_SYNONYMS:
            wanted = lexicon.ROLE_SYNONYMS[role_key.split()[-1]]
        candidates = [
            p for p in self.people.values() if p.title and any(_title_has(p.title, w) for w in wanted)
        ]
        if country:
            same = [p for p in candidates if p.country == country]
            if len(same) == 1:
                return same[0]
            candidates = [p for p in candidates if p.country is None] if not same else same
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        # Several fit: the one named most recently before the reference.
        last_seen: dict[str, int] = {}
        for mention in self.mentions:
            if mention.start < position and mention.person in {p.key for p in candidates}:
                last_seen[mention.person] = max(last_seen.get(mention.person, -1), mention.start)
        if not last_seen:
            return None
        return self.people[max(last_seen, key=lambda k: last_seen[k])]


@lru_cache(maxsize=65536)
def _first_word_keys(word: str) -> frozenset[str]:
    """What the first word of `person_key` can be for a name that begins with `word`
    (its nickname's full form when more words follow)."""
    parts = fold(word).replace("’", "").replace("'", "").replace(".", "").replace("-", " ").split()
    if not parts:
        return frozenset()
    forms = {parts[0], lexicon.NICKNAMES.get(parts[0], parts[0])}
    return frozenset(f.replace("y", "i").replace("ii", "i").replace("kh", "h") for f in forms)


def _title_has(title: str, wanted: str) -> bool:
    folded = fold(title)
    return re.search(rf"\b{re.escape(wanted)}\b", folded) is not None


@lru_cache(maxsize=8192)  # a pure function of the words; titles repeat
def _title_token(word: str) -> bool:
    folded = fold(word.strip(",")).rstrip(".")
    folded = _POSSESSIVE.sub("", folded)
    return (
        folded in lexicon.TITLE_HEADS
        or folded in lexicon.TITLE_MODIFIERS
        or folded in lexicon.COUNTRIES
        or any(part in lexicon.TITLE_HEADS for part in folded.split("-"))
        or (word[:1].isupper() and folded in lexicon.ORGANISATIONS)
    )


@lru_cache(maxsize=8192)  # a pure function of the words; titles repeat
def _has_head(title: str) -> bool:
    return any(_is_head(w) for w in _WORD.findall(title))


def _display_case(word: str) -> str:
    if fold(word) in lexicon.NAME_SUFFIXES:
        return word.upper() if fold(word).startswith(("i", "v")) else word.title()
    if word.isupper() and len(word) > 1:
        return word[0] + word[1:].lower()
    return word


_STYLES = frozenset({"sheikh", "sheikha", "prince", "princess"})


@lru_cache(maxsize=8192)  # a pure function of the words; titles repeat
def _clean_title(title: str) -> str:
    title = title.strip(" ,")
    # "Prime Minister Sir", "Minister … Dr.": an honorific before the name is no title.
    words = title.split()
    while len(words) > 1 and fold(words[-1]).rstrip(".") in lexicon.HONORIFICS | {"the"}:
        words.pop()
    # "President Sheikh", "Foreign Minister Prince": a style after a title is the name's
    # ("Crown Prince", "Emir" alone stay titles).
    if len(words) > 1 and fold(words[-1]) in _STYLES and fold(words[-2]) in lexicon.TITLE_HEADS:
        words.pop()
    title = " ".join(words)
    # "Russia's foreign minister" -> "Foreign minister" (the country is kept apart).
    owner = re.match(r"^(?:the\s+)?([\w.]+(?:\s[A-Z]\w+)?)[’']s\s+", title)
    if owner and fold(owner.group(1)) in lexicon.COUNTRIES:
        title = title[owner.end() :]
    title = re.sub(r"^(?:the|a|an)\s+", "", title)
    if title.isupper():
        title = title.title()
    return title[0].upper() + title[1:] if title else title


def _alias_keys(name: str) -> set[str]:
    words = name.split()
    while len(words) > 2 and fold(words[-1]) in lexicon.NAME_SUFFIXES:
        words.pop()
    keys = {person_key(name)}
    if len(words) >= 2 and "-" in words[-1] and (words[-1][:1].isupper() or _ARTICLE_GLUED.match(words[-1])):
        # "Gloria Macapagal-Arroyo" is "Arroyo" for short, "Ayman al-Safadi" "Safadi".
        keys.add(person_key(words[-1].rsplit("-", 1)[1]))
    if len(words) >= 2:
        first = fold(words[0])
        if first in lexicon.FAMILY_NAME_FIRST and len(words) <= 3:
            keys.add(person_key(words[0]))
        else:
            keys.add(person_key(words[-1]))
            if len(words) >= 3 and fold(words[-2]) in lexicon.NAME_PARTICLES:
                keys.add(person_key(" ".join(words[-2:])))
    return keys


@lru_cache(maxsize=8192)  # a pure function of the words; titles repeat
def country_of_title(title: str) -> str | None:
    """Return the country a title names as the holder's own.

    "Russian President", "Russia's foreign minister", "President of Russia" name
    Russia; in "Ambassador to Russia" (or "to the United States") the country is the
    posting, not the holder's. An international body's official has the body as
    country ("EU foreign policy chief", "UN Secretary-General"), unless a country
    comes first ("Russian Ambassador to the UN").
    """
    words = re.findall(r"[\w.]+(?:[’']s)?", title)
    previous = earlier = ""
    for i, word in enumerate(words):
        bare = _POSSESSIVE.sub("", word)
        posted = previous == "to" or (previous == "the" and earlier == "to")
        # Countries and bodies of several words ("South Korea", "United Nations").
        following = [_POSSESSIVE.sub("", w) for w in words[i + 1 : i + 3]]
        triple = fold(" ".join([bare, *following])) if len(following) == 2 else ""
        pair = fold(" ".join([bare, *following[:1]])) if following else ""
        country = (
            lexicon.COUNTRIES.get(triple) or lexicon.COUNTRIES.get(pair) or lexicon.COUNTRIES.get(fold(bare))
        )
        city_state = fold(bare) in lexicon.COUNTRY_NAMES  # "Singapore's Foreign Minister"
        if country and (city_state or fold(bare) not in lexicon.CAPITALS) and not posted:
            return country
        body = _body(bare, pair, triple)
        if body and not posted:
            return body
        previous, earlier = fold(word), previous
    # "Kremlin spokesman", "White House press secretary": the seat of government says it.
    for match in _VENUE_WORDS.finditer(fold(title)):
        city = fold(lexicon.VENUES[match.group(0)])
        if city in lexicon.CAPITALS:
            return lexicon.CAPITALS[city]
    return None


_VENUE_WORDS = re.compile(r"\b(?:" + alternation(lexicon.VENUES) + r")\b")


def _body(word: str, pair: str, triple: str) -> str | None:
    """The international body a title's word (with the one or two after it) names."""
    bodies = lexicon.INTERNATIONAL_BODIES
    found = bodies.get(triple) or bodies.get(pair)
    if found:
        return found
    key = fold(word)
    if key in bodies and (word.isupper() or (key in lexicon.BODIES_WRITTEN_AS_WORDS and word[:1].isupper())):
        return bodies[key]
    return None
