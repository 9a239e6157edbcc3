"""Provides quotes: spans inside quotation marks, transcript turns, reported speech,
and who said each of them.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from diplotui import lexicon
from diplotui.extract.document import Analysis
from diplotui.extract.patterns import WordPattern, alternation
from diplotui.extract.people import Mention, PeopleFinder
from diplotui.extract.rules import add_rules, rule
from diplotui.extract.sentences import Sentence, paragraphs

_OPEN_DOUBLE = "“„«"
_MARKS = re.compile('[“„«”»"‘]')
_CLOSE_DOUBLE = "”»"
_VERBS = "|".join(sorted(lexicon.SPEECH_VERBS, key=len, reverse=True))
# A trie of the verbs, looked for by their first letters (`WordPattern`).
_VERB = WordPattern(rf"(?:{alternation(lexicon.SPEECH_VERBS)})\b")
PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")  # also read by the event finder
_GAP_BEFORE_VERB = re.compile(
    r"^(?:[’']s?)?(?:,[^,“”\"]{1,160},)?\s+(?:(?:who|also|further|then|later|again|has|have|"
    r"had|once|would|repeatedly|previously|earlier|similarly|strongly|firmly|clearly|"
    r"publicly|recently|separately|reportedly|once\s+again|was\s+quoted\s+as)\s+)*$"
)
SUBJECT_REACH = 600
"""How far before a speech verb its subject can end (the widest gap `_GAP_BEFORE_VERB`
takes in written text is an aside of 160 characters and a few adverbs)."""
_URL = re.compile(r"https?://[^\s)\]>”\"]+")
_DOCUMENT_WORDS = r"(?:transcript|readout|statement|report|release|communiqu[eé]|website|account|summary)"
_ACCORDING = WordPattern(
    r"[Aa]ccording to (?P<src>"
    # "the Kremlin transcript", "a readout released by the Chinese Foreign Ministry"
    rf"(?:the\s+|a\s+|an\s+)(?:[A-Z][\w’'.-]*\s+){{0,4}}{_DOCUMENT_WORDS}\b"
    r"(?:\s+(?:released\s+|issued\s+|published\s+)?(?:by|from|of)\s+(?:the\s+)?[A-Z][\w’'.-]*"
    r"(?:\s+[A-Z][\w’'.-]*){0,3})?"
    # "Global Times", "the Kremlin"
    r"|(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4}"
    rf"(?:\s+{_DOCUMENT_WORDS})?)"
)
_DATELINE_PREFIX = re.compile(r"[A-Z][A-Z .’'-]{2,30}(?:,[^()\n]{1,30})?\s*(?:\([\w .]+\))?\s*[—–-]+\s+")
_END_LINE = re.compile(r"^\s*END\s+\d{1,2}:\d{2}\b", re.MULTILINE)
_LABEL = re.compile(
    r"(?P<label>(?:[A-Z][\w.’'-]*|of|the|de|von|bin)(?:\s(?:[A-Z][\w.’'-]*|of|the|de|von|bin)){0,11})"
    r"(?:\s*\([^()\n]{1,40}\))?:[ \t]+(?=\S)",
    re.MULTILINE,
)


@dataclass(slots=True)
class RawQuote:
    """A quote before ids: offsets, kind and speaker key."""

    start: int
    end: int
    kind: str
    speaker: str | None = None
    attribution: str | None = None
    sentence_start: int = 0
    sentence_end: int = 0
    short: bool = False
    rules: list[str] = field(default_factory=list)


QUOTE_MARKS = rule("quote.marks", "quote", "words inside quotation marks")
QUOTE_TURN = rule("quote.turn", "quote", "a transcript speaker's turn")
QUOTE_THAT = rule("quote.reported_that", "quote", "reported speech: 'X said (that) …'")
QUOTE_ASIDE = rule("quote.reported_aside", "quote", "reported speech: '…, he said, …'")
QUOTE_TAIL = rule("quote.reported_tail", "quote", "reported speech: '…, X said.'")
SPEAKER_LABEL = rule("speaker.label", "speaker", "the transcript label before a turn")
SPEAKER_AFTER = rule("speaker.after_quote", "speaker", "'“…,” said X' or '“…,” X said'")
SPEAKER_BEFORE = rule("speaker.before_quote", "speaker", "'X said: “…”'")
SPEAKER_PRONOUN = rule("speaker.pronoun", "speaker", "'“…,” he said': the person 'he' stands for")
SPEAKER_VERB = rule("speaker.nearest_verb", "speaker", "the subject of the nearest speech verb")
SPEAKER_CONTINUES = rule("speaker.continues", "speaker", "a quote right after another continues its speaker")
SPEAKER_LEAD_IN = rule(
    "speaker.lead_in", "speaker", "a paragraph ending 'X said:' introduces the quote after it"
)


def quote_spans(text: str, paras: Sequence[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Return (start, end) of the words inside each top-level pair of quotation marks.

    Curly and straight double quotes are paired; curly single quotes count when they
    are not inside a double quote. A quote whose paragraph ends unclosed continues when
    the next paragraph opens with a quotation mark (the news convention for long quotes).
    """
    spans: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        # Kept only with something in them, without the spaces at either end.
        stripped = _strip(text, start, end)
        if stripped[1] > stripped[0]:
            spans.append(stripped)

    paras = paragraphs(text) if paras is None else paras
    open_at: int | None = None
    open_char = ""
    for number, (p_start, p_end) in enumerate(paras):
        i = p_start
        continuing = open_at is not None
        if continuing and text[p_start] in _OPEN_DOUBLE + '"':
            i = p_start + 1
        elif continuing:
            assert open_at is not None
            add(open_at + 1, paras[number - 1][1])
            open_at = None
        skip_to = i
        closers: list[int] | None = None  # the paragraph's closing single quotes, when needed
        for mark in _MARKS.finditer(text, i, p_end):
            i, char = mark.start(), mark.group(0)
            if i < skip_to:
                continue
            if open_at is None:
                if char in _OPEN_DOUBLE or (char == '"' and _opens(text, i)):
                    open_at, open_char = i, char
                elif char == "‘" and _opens(text, i):
                    if closers is None:
                        closers = _single_closers(text, p_start, p_end)
                    slot = bisect_right(closers, i + 1)
                    close = closers[slot] if slot < len(closers) else None
                    if close is not None:
                        add(i + 1, close)
                        skip_to = close + 1
            elif (open_char == '"' and char == '"') or (open_char != '"' and char in _CLOSE_DOUBLE):
                add(open_at + 1, i)
                open_at = None
        if open_at is not None:
            nxt = paras[number + 1][0] if number + 1 < len(paras) else None
            if nxt is None or text[nxt] not in _OPEN_DOUBLE + '"':
                add(open_at + 1, p_end)
                open_at = None
    return spans


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:") and not after.isspace()


def _single_closers(text: str, start: int, limit: int) -> list[int]:
    """Where a ’ in `text[start:limit]` can close a single quotation: after a non-space,
    before a non-letter (not the apostrophe of "Russia’s"). Found once per paragraph, so
    a run of unclosed ‘ costs no rescans."""
    found = []
    for match in re.finditer("’", text[start:limit]):
        j = start + match.start()
        nxt = text[j + 1] if j + 1 < limit else " "
        if not nxt.isalpha() and j > start and not text[j - 1].isspace():
            found.append(j)
    return found


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def transcript_turns(
    text: str, finder: PeopleFinder, paras: Sequence[tuple[int, int]], mention_starts: Sequence[int]
) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, label) of each speaker turn when the text is a transcript.

    A text is a transcript when at least two paragraphs open with a speaker label
    ("Vladimir Putin: …", "PRESIDENT BIDEN: …", "Q: …"); each turn runs to the next label.
    `paras` are the text's paragraphs and `mention_starts` where the finder's mentions
    start, in order.
    """
    # Where each label begins, where its words end, and where its colon and space end:
    # three arrays, not a match object per line of a long transcript.
    starts, word_ends, ends = array("q"), array("q"), array("q")
    for p_start, _ in paras:
        match = _LABEL.match(text, p_start)
        if match and len(match.group("label")) <= 90 and not _is_heading_label(match.group("label")):
            starts.append(match.start())
            word_ends.append(match.end("label"))
            ends.append(match.end())

    def names_someone(n: int) -> bool:
        slot = bisect_left(mention_starts, starts[n])
        return slot < len(mention_starts) and mention_starts[slot] < word_ends[n]

    first_named = next((n for n in range(len(starts)) if names_someone(n)), None)
    if first_named is None:
        return  # "Question: … Answer: …" headings of a written answer, "USA: …"
    if len(starts) < 2 and not _titled_label(starts[first_named], word_ends[first_named], finder):
        return
    for n in range(len(starts)):
        end = starts[n + 1] if n + 1 < len(starts) else len(text)
        # White House transcripts close with "END 11:09 A.M. EDT": not part of a turn.
        closing = _END_LINE.search(text, ends[n], end)
        if closing:
            end = closing.start()
        s, e = _strip(text, ends[n], end)
        if e > s:
            yield s, e, text[starts[n] : word_ends[n]]


def _titled_label(start: int, word_end: int, finder: PeopleFinder) -> bool:
    """Whether a label names a person with a title ("President of Russia Vladimir Putin:")."""
    for mention in finder.mentions:
        if mention.start >= word_end:
            break
        if start <= mention.start:
            person = finder.people.get(mention.person)
            return bool(person and person.title and mention.full_start <= start + 1)
    return False


def _is_heading_label(label: str) -> bool:
    return label.casefold() in {
        "note",
        "update",
        "editor's note",
        "photo",
        "source",
        "tags",
        "related",
        "read more",
        "see also",
        "correction",
    }


class QuoteAttributor:
    """Finds quotes in one document and decides who said each."""

    def __init__(self, doc: Analysis, finder: PeopleFinder) -> None:
        self.doc = doc
        self.on = doc.on
        self.text = doc.text
        self.sentences = doc.sentences
        self.finder = finder
        self.mentions = finder.mentions
        self._named_at_cache: tuple[int, array[int]] | None = None
        self._set_quote_spans([])
        self._turn_starts = array("q")
        self._turn_ends = array("q")
        # (start, end, speaker key) of each transcript turn, once `attribute` has run.
        self.turns: list[RawQuote] = []
        # Offsets as arrays: a transcript has tens of thousands of each.
        self._mention_starts = array("q", (m.start for m in self.mentions))
        self._sentence_starts = doc.sentences.starts
        self._paragraph_starts = array("q", (start for start, _ in doc.paragraphs))
        self._sources: dict[int, tuple[list[tuple[int, str]], str | None]] = {}

    # -- helpers ---------------------------------------------------------------------

    def inside_quote(self, pos: int) -> bool:
        """Whether offset `pos` lies inside a quotation or a transcript turn."""
        return self._inside_marks(pos) or self._inside_turn(pos)

    def _inside_marks(self, pos: int) -> bool:
        slot = bisect_right(self._quote_starts, pos) - 1
        return slot >= 0 and pos < self._quote_ends[slot]

    def _inside_turn(self, pos: int) -> bool:
        slot = bisect_right(self._turn_starts, pos) - 1
        return slot >= 0 and pos < self._turn_ends[slot]

    def _set_quote_spans(self, spans: Iterable[tuple[int, int]]) -> None:
        """Keep where quotation marks enclose text, overlapping spans merged, as two
        arrays (a transcript in quotation marks has a span per line). `spans` come in
        order."""
        self._quote_starts, self._quote_ends = array("q"), array("q")
        for start, end in spans:
            if self._quote_ends and start <= self._quote_ends[-1]:
                self._quote_ends[-1] = max(self._quote_ends[-1], end)
            else:
                self._quote_starts.append(start)
                self._quote_ends.append(end)

    def _mentions_near(self, offset: int) -> list[Mention]:
        """Mentions that start at, or whose title starts at, `offset` (a title is short)."""
        first = bisect_left(self._mention_starts, offset)
        last = bisect_right(self._mention_starts, offset + 200)
        return self.mentions[first:last]

    def _mentions_between(self, start: int, end: int) -> list[Mention]:
        """Mentions starting in [start, end), outside quotation marks."""
        first = bisect_left(self._mention_starts, start)
        last = bisect_left(self._mention_starts, end)
        return [m for m in self.mentions[first:last] if not self._inside_marks(m.start)]

    def sentence_at(self, pos: int) -> Sentence:
        """Return the sentence holding offset `pos` (the nearest before it)."""
        slot = bisect_right(self._sentence_starts, pos) - 1
        return self.sentences[max(0, slot)]

    def subject_before(self, verb_start: int, floor: int) -> tuple[str | None, Mention | None]:
        """Return who is the subject of a speech verb at `verb_start`, looking left."""
        # The gap from a subject to its verb is an aside and a few adverbs at most.
        floor = max(floor, verb_start - SUBJECT_REACH)
        candidates = [m for m in self._mentions_between(floor, verb_start) if m.end <= verb_start]
        for pronoun in PRONOUN.finditer(self.text, floor, verb_start):
            if not self._inside_marks(pronoun.start()):
                candidates.append(Mention(pronoun.start(), pronoun.end(), "", "pronoun"))
        candidates.sort(key=lambda m: m.end, reverse=True)
        for mention in candidates[:3]:
            gap = self.text[mention.end : verb_start]
            if _GAP_BEFORE_VERB.match(gap) and not (mention.possessive and mention.kind != "pronoun"):
                if mention.kind == "pronoun":
                    return self.resolve_pronoun(mention.start), None
                return mention.person, mention
        return None, None

    def subject_after(self, verb_end: int, ceiling: int) -> tuple[str | None, Mention | None]:
        """Return the inverted subject of "said Putin"."""
        slot = bisect_left(self._mention_starts, verb_end)
        for mention in self.mentions[slot : slot + 1]:
            if mention.start <= ceiling:
                gap = self.text[verb_end : mention.full_start]
                if re.fullmatch(r"\s+(?:the\s+)?", gap) or re.fullmatch(
                    r"\s+", self.text[verb_end : mention.start]
                ):
                    return mention.person, mention
                return None, None
        pronoun = re.match(r"\s+(he|she)\b", self.text[verb_end:ceiling])
        if pronoun:
            return self.resolve_pronoun(verb_end + pronoun.start(1)), None
        return None, None

    def resolve_pronoun(self, pos: int) -> str | None:
        """Return the person a "he"/"she" at `pos` most likely stands for.

        In order: the latest speaker earlier in this sentence ("Putin, who said that
        he…"); this sentence's subject ("Modi is due to visit…, where he will meet");
        the latest speaker of the two sentences before; the subject of the nearest
        sentence before.
        """
        here = self.sentence_at(pos)
        # Three sentences back is as far as a pronoun reaches.
        reach = self.sentences[max(0, here.index - 3)].start
        window = self._mentions_between(reach, pos)
        in_sentence = [m for m in window if m.start >= here.start]
        speakers_here = [m for m in in_sentence if m.speaker]
        if speakers_here:
            return speakers_here[-1].person
        subjects_here = [m for m in in_sentence if not m.possessive and not self._is_object(m)]
        if subjects_here:
            return subjects_here[0].person
        recent_speakers = [
            m for m in window if m.speaker and self.sentence_at(m.start).index >= here.index - 2
        ]
        if recent_speakers:
            return recent_speakers[-1].person
        for index in range(here.index - 1, max(-1, here.index - 4), -1):
            sentence = self.sentences[index]
            subjects = [
                m
                for m in window
                if sentence.start <= m.start < sentence.end and not m.possessive and not self._is_object(m)
            ]
            if subjects:
                return subjects[0].person
        return None

    def _is_object(self, mention: Mention) -> bool:
        before = self.text[max(0, mention.full_start - 12) : mention.full_start]
        return bool(re.search(r"\b(?:to|with|from|by|for|of|and|greeted|met|told|thanked)\s+$", before))

    def _mark_speaker(self, mention: Mention | None, person: str | None) -> None:
        if mention is not None:
            mention.speaker = True
        elif person is not None:
            # A pronoun: remember the speaker at the person's latest mention.
            for m in reversed(self.mentions):
                if m.person == person:
                    m.speaker = True
                    break

    # -- speech verbs ------------------------------------------------------------------

    def _clause_subject(self, start: int, end: int) -> tuple[str | None, Mention | None]:
        for mention in self._mentions_between(start, end):
            if not mention.possessive and not self._is_object(mention):
                return mention.person, mention
        return None, None

    def speech_verbs(self, sentence: Sentence) -> list[re.Match[str]]:
        """Return speech verbs in `sentence` that are outside quotation marks."""
        return [
            v
            for v in _VERB.finditer(self.text, sentence.start, sentence.end)
            if not self._inside_marks(v.start())
        ]

    def verb_subject(self, verb: re.Match[str], sentence: Sentence) -> str | None:
        """Return who a speech verb belongs to, marking them as a speaker."""
        person, mention = self.subject_before(verb.start(), sentence.start)
        before = self.text[max(sentence.start, verb.start() - 3) : verb.start()]
        if person is None and verb.group(0).endswith("ing") and before.rstrip().endswith(","):
            # "Macron agreed, saying …": the participle's subject is the clause's subject.
            person, mention = self._clause_subject(sentence.start, verb.start())
        if person is None and verb.group(0) in ("said", "says", "added", "told", "asked"):
            person, mention = self.subject_after(verb.end(), sentence.end)
        if person is not None:
            self._mark_speaker(mention, person)
        return person

    # -- the pass ----------------------------------------------------------------------

    def _holds_a_turn(self, start: int, end: int) -> bool:
        """Whether a whole turn lies in [start, end] (turns are in order and apart)."""
        slot = bisect_left(self._turn_starts, start)
        return slot < len(self._turn_starts) and self._turn_ends[slot] <= end

    def attribute(self) -> list[RawQuote]:
        """Find every quote and its speaker, in document order."""
        turn_quotes: list[RawQuote] = []
        self._turn_starts, self._turn_ends = array("q"), array("q")
        if self.on(QUOTE_TURN):
            turns = transcript_turns(self.text, self.finder, self.doc.paragraphs, self._mention_starts)
            for start, end, label in turns:
                turn_quotes.append(self._turn_quote(start, end, label))
                self._turn_starts.append(start)
                self._turn_ends.append(end)
        self.turns = turn_quotes  # in order; the events read their speakers
        found = quote_spans(self.text, self.doc.paragraphs) if self.on(QUOTE_MARKS) else []
        found.sort()
        self._set_quote_spans((s - 1, e + 1) for s, e in found)
        # Each sentence takes the spans that begin in it, walking both in order (a dict of
        # lists by sentence cost more than the spans themselves on a quoted transcript).
        # They are kept as two arrays, not a tuple each.
        span_starts, span_ends = array("q", (s for s, _ in found)), array("q", (e for _, e in found))
        del found
        quotes: list[RawQuote] = []
        next_span = 0
        previous: RawQuote | None = None
        lead_in: tuple[str | None, int] = (None, -1)
        for sentence in self.sentences:
            own: list[tuple[int, int]] = []
            while (
                next_span < len(span_starts)
                and self.sentence_at(span_starts[next_span]).index <= sentence.index
            ):
                if self.sentence_at(span_starts[next_span]).index == sentence.index:
                    own.append((span_starts[next_span], span_ends[next_span]))
                next_span += 1
            in_turn = self._inside_turn(sentence.start)
            verbs = self.speech_verbs(sentence)
            verb_people = [(v, self.verb_subject(v, sentence)) for v in verbs]
            for start, end in own:
                # Its sentence may begin at the turn's label, before the turn itself.
                whole_turn = self._holds_a_turn(start - 1, end + 1)
                if whole_turn:
                    continue  # a turn in quotation marks is the turn itself
                quote = self._direct(start, end, sentence, verb_people, previous)
                if (
                    quote.speaker is None
                    and lead_in[0]
                    and lead_in[1] == sentence.paragraph - 1
                    and self.on(SPEAKER_LEAD_IN)
                ):
                    quote.speaker = lead_in[0]
                    add_rules(quote.rules, SPEAKER_LEAD_IN)
                quotes.append(quote)
                if not quote.short or quote.speaker:
                    previous = quote
            if not in_turn:
                quotes.extend(self._reported(sentence, verb_people, own))
            lead_in = self._lead_in(sentence, verb_people) or lead_in
        quotes.extend(turn_quotes)
        quotes.sort(key=lambda q: q.start)
        return quotes

    def _lead_in(
        self, sentence: Sentence, verb_people: list[tuple[re.Match[str], str | None]]
    ) -> tuple[str | None, int] | None:
        """ "In response, Mr Hague said:" at a paragraph's end names the speaker of the
        quotation that opens the next paragraph."""
        tail = self.text[max(sentence.start, sentence.end - 40) : sentence.end]
        if not tail.rstrip().endswith(":") or not verb_people:
            return None
        verb, person = verb_people[-1]
        if person is None or not re.fullmatch(r"[\w\s,]*:\s*", self.text[verb.end() : sentence.end]):
            return None
        return person, sentence.paragraph

    def _turn_quote(self, start: int, end: int, label: str) -> RawQuote:
        speaker = None
        folded = label.casefold().rstrip(".")
        if folded not in lexicon.ANONYMOUS_SPEAKERS:
            label_end = self.text.rfind(label, max(0, start - len(label) - 60), start) + len(label)
            # The label's mentions, found by bisection (not a scan of every mention).
            first = bisect_left(self._mention_starts, label_end - len(label))
            last = bisect_left(self._mention_starts, label_end)
            for mention in self.mentions[first:last]:
                speaker = mention.person
        quote = RawQuote(start, end, "direct", speaker, None, start, end, rules=[QUOTE_TURN])
        if speaker and self.on(SPEAKER_LABEL):
            add_rules(quote.rules, SPEAKER_LABEL)
        else:
            quote.speaker = None
        return quote

    def _direct(
        self,
        start: int,
        end: int,
        sentence: Sentence,
        verb_people: list[tuple[re.Match[str], str | None]],
        previous: RawQuote | None,
    ) -> RawQuote:
        last = self.sentence_at(end)
        words = len(self.text[start:end].split())
        quote = RawQuote(
            start,
            end,
            "direct",
            sentence_start=sentence.start,
            sentence_end=max(last.end, end + 1),
            short=words <= 3,
            rules=[QUOTE_MARKS],
        )
        speaker, how = self._adjacent_speaker(start, end, sentence, last)
        if speaker is None and self.on(SPEAKER_VERB):
            attributed = [(abs(v.start() - start), p) for v, p in verb_people if p]
            if attributed:
                speaker, how = min(attributed, key=lambda pair: pair[0])[1], SPEAKER_VERB
        # A quote with no speech verb of its own continues the previous speaker; one
        # with a verb whose subject is nobody we know ("one diplomat said") does not.
        if (
            speaker is None
            and not verb_people
            and previous is not None
            and previous.speaker
            and self.on(SPEAKER_CONTINUES)
        ):
            para_start = self._paragraph_start(start)
            if start - 1 == para_start or self.sentence_at(previous.start).index >= sentence.index - 1:
                speaker, how = previous.speaker, SPEAKER_CONTINUES
                quote.attribution = previous.attribution
        quote.speaker = speaker
        if speaker and how:
            add_rules(quote.rules, how)
        quote.attribution = self._source(start, quote.sentence_end) or quote.attribution
        return quote

    def _adjacent_speaker(
        self, start: int, end: int, first: Sentence, last: Sentence
    ) -> tuple[str | None, str | None]:
        after = self.text[end + 1 : last.end]
        lead = re.match(r"^[\s,.!?;:—–-]*", after)
        offset = end + 1 + (lead.end() if lead else 0)
        verb = _VERB.exact.match(self.text, offset)
        if verb and self.on(SPEAKER_AFTER):
            person, mention = self.subject_after(verb.end(), last.end)
            if person:
                self._mark_speaker(mention, person)
                return person, SPEAKER_AFTER
        for mention in self._mentions_near(offset) if self.on(SPEAKER_AFTER) else []:
            if mention.full_start == offset or mention.start == offset:
                tail = self.text[mention.end : mention.end + 60]
                if re.match(r"(?:,[^,]{1,80},)?\s+(?:also\s+|later\s+|then\s+)?(?:" + _VERBS + r")\b", tail):
                    self._mark_speaker(mention, mention.person)
                    return mention.person, SPEAKER_AFTER
        pronoun = re.match(r"(he|she)\s+(?:also\s+)?(?:" + _VERBS + r")\b", self.text[offset : offset + 30])
        if pronoun and self.on(SPEAKER_PRONOUN):
            person = self.resolve_pronoun(offset)
            self._mark_speaker(None, person)
            return person, SPEAKER_PRONOUN
        before = self.text[first.start : start - 1]
        named = re.search(r"[Aa]ccording to\s+(?:the\s+)?(?P<who>[^,]{2,80}),\s*$", before)
        if named and self.on(SPEAKER_BEFORE):
            # "According to Breck, “…”": a person (not an outlet) is the speaker.
            who_start = first.start + named.start("who")
            for mention in self._mentions_between(who_start, first.start + named.end("who")):
                if mention.start == who_start or mention.full_start == who_start:
                    self._mark_speaker(mention, mention.person)
                    return mention.person, SPEAKER_BEFORE
        according = re.search(r"[Aa]ccording to\s+$", before[: len(before)])
        if according is None and self.on(SPEAKER_BEFORE):
            match = re.search(r"(?:" + _VERBS + r")(?:\s+\w+){0,3}?(?:\s+that)?\s*[:,]?\s*$", before)
            if match:
                person, mention = self.subject_before(first.start + match.start(), first.start)
                if person:
                    self._mark_speaker(mention, person)
                    return person, SPEAKER_BEFORE
        return None, None

    def _paragraph_start(self, pos: int) -> int:
        slot = bisect_right(self._paragraph_starts, pos) - 1
        return self._paragraph_starts[slot] if slot >= 0 else 0

    def _named_at(self, position: int) -> bool:
        """Whether a name (with or without its title) begins at `position`. The places
        are worked out once, as a sorted array, not once per paragraph as a set (a
        transcript has thousands of paragraphs and of names)."""
        if self._named_at_cache is None or self._named_at_cache[0] != len(self.mentions):
            named = {m.start for m in self.mentions if m.kind != "role"}
            named |= {m.full_start for m in self.mentions if m.kind != "role"}
            self._named_at_cache = (len(self.mentions), array("q", sorted(named)))
        places = self._named_at_cache[1]
        slot = bisect_left(places, position)
        return slot < len(places) and places[slot] == position

    def _paragraph_sources(self, p_start: int) -> tuple[list[tuple[int, str]], str | None]:
        """The "according to X" sources (not people) and the first URL of a paragraph."""
        if p_start not in self._sources:
            p_end = self.text.find("\n\n", p_start)
            p_end = len(self.text) if p_end < 0 else p_end
            according = [
                (match.start(), match.group("src").strip())
                for match in _ACCORDING.finditer(self.text, p_start, p_end)
                if not self._named_at(match.start("src"))
            ]
            url = _URL.search(self.text, p_start, p_end)
            self._sources[p_start] = (according, url.group(0).rstrip(".,;") if url else None)
        return self._sources[p_start]

    def _source(self, pos: int, sentence_end: int | None = None) -> str | None:
        """Return the outlet or document a quote came through: an "according to" in its
        own sentence, else the last one before it in its paragraph, else the
        paragraph's URL."""
        according, url = self._paragraph_sources(self._paragraph_start(pos))
        after = [source for start, source in according if pos < start < (sentence_end or pos)]
        before = [source for start, source in according if start <= pos]
        return after[0] if after else before[-1] if before else url

    def _body_start(self, sentence: Sentence) -> int:
        """Where a sentence's words begin: after a wire dateline ("MOSCOW, Feb 21 (Reuters) -")."""
        dateline = _DATELINE_PREFIX.match(self.text, sentence.start)
        return dateline.end() if dateline else sentence.start

    def _reported_quote(self, start: int, end: int, person: str, sentence: Sentence, how: str) -> RawQuote:
        return RawQuote(
            start,
            end,
            "reported",
            person,
            self._source(start),
            sentence.start,
            sentence.end,
            rules=[how, SPEAKER_VERB],
        )

    def _reported(
        self,
        sentence: Sentence,
        verb_people: list[tuple[re.Match[str], str | None]],
        spans: list[tuple[int, int]],
    ) -> list[RawQuote]:
        """Return reported speech in a sentence: "Putin said (that) …", "…, he said".

        A sentence with two speech verbs ("While he said A, he emphasized that B") gives
        two statements; each ends where the next one's clause begins.
        """
        if any(len(self.text[s:e].split()) > 3 for s, e in spans):
            return []
        found: list[RawQuote] = []
        for number, (verb, person) in enumerate(verb_people):
            if person is None:
                continue
            word = verb.group(0)
            after = self.text[verb.end() : sentence.end]
            clause = re.match(
                r"(?:\s+(?:reporters|journalists|the\s+\w+(?:\s+\w+)?|him|her|them|"
                r"(?:[A-Z][\w’'.-]*\s?){1,3}))?"
                # "said on Friday that", "said in a statement that", "told reporters in Beijing that"
                r"(?:,?\s+(?:on|in|at|during|after|before|late|early|last|this|via|through)\b"
                r"(?:\s+[\w’'-]+){1,5}?,?)?\s+that\s+",
                after,
            )
            if clause is None and word in ("said", "says", "added"):
                clause = re.match(
                    r"\s+(?=[A-Za-z])(?!(?i:in|on|at|of|to|by|during|after|before|while|when|with|"
                    r"about|nothing|it|so|the\s+same|afterwards|later|earlier|yesterday|today|"
                    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)",
                    after,
                )
                # "said Putin" is an inverted attribution, not reported speech.
                if clause is not None and any(
                    verb.end() + clause.end() in (m.full_start, m.start) for m in self.mentions
                ):
                    clause = None
            if clause is not None and word in lexicon.REPORTING_VERBS_THAT and self.on(QUOTE_THAT):
                start = verb.end() + clause.end()
                end = sentence.end
                later = [v for v, _ in verb_people[number + 1 :] if v.start() > start]
                if later:
                    comma = self.text.rfind(",", start, later[0].start())
                    end = comma if comma > start else later[0].start()
                end = _trim_reported(self.text, start, end)
                if len(self.text[start:end].split()) >= 4:
                    found.append(self._reported_quote(start, end, person, sentence, QUOTE_THAT))
                    continue
            aside = re.match(r",\s+(?=[a-z])", after) if self.on(QUOTE_ASIDE) else None
            if (
                clause is None
                and aside
                and word in ("said", "says", "added")
                and verb_people[number:][1:] == []
            ):
                # "Although crises often appear, he said, challenges and opportunities coexist."
                start = self._body_start(sentence)
                end = _trim_reported(self.text, start, sentence.end)
                if len(self.text[verb.end() : end].split()) >= 3:
                    found.append(self._reported_quote(start, end, person, sentence, QUOTE_ASIDE))
                    continue
            tail = re.fullmatch(r"[\s,]*\.?", self.text[verb.end() : sentence.end])
            before = self.text[sentence.start : verb.start()]
            comma = before.rfind(",")
            if tail and comma > 0 and self.on(QUOTE_TAIL):
                start = self._body_start(sentence)
                end = _trim_reported(self.text, start, sentence.start + comma)
                if len(self.text[start:end].split()) >= 4:
                    found.append(self._reported_quote(start, end, person, sentence, QUOTE_TAIL))
        return found


def _trim_reported(text: str, start: int, end: int) -> int:
    """End reported speech before its full stop, keeping a quotation it closes."""
    while end > start and text[end - 1] in '.!?”"’ ,':
        end -= 1
    opened = text.count("“", start, end) - text.count("”", start, end)
    if opened > 0:
        close = text.find("”", end)
        if close >= 0:
            end = close + 1
    elif text.count('"', start, end) % 2:
        close = text.find('"', end)
        if close >= 0:
            end = close + 1
    return end
