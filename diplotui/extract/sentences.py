"""Provides paragraph and sentence boundaries for news text, as character spans."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import overload

_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr st jr sr gen lt col sen rep gov prof no vs etc jan feb mar apr jun jul
    aug sep sept oct nov dec u.s u.k u.n e.u inc co corp ltd a.m p.m mt ft capt cmdr adm
    maj sgt rev hon pres amb min dept approx est fig vol pp
    """.split()
)
_END = re.compile(r"[.!?…]+[”\"’')\]]*(?=\s+)")
# A blank line, or a line break before a list item ("- ", "• ", "2. ").
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=[ \t]*(?:[-•*·▪◦–—]|\d{1,2}[.)])[ \t])")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-•*·▪◦–—]|\d{1,2}[.)])[ \t]")
_LINE_BREAK = re.compile(r"\n\s*")
MAX_SENTENCE = 2000


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: `text[start:end]`, in paragraph number `paragraph`."""

    index: int
    start: int
    end: int
    paragraph: int


class Spans(Sequence[tuple[int, int]]):
    """(start, end) pairs kept as two arrays: a transcript has a paragraph per line, and
    a tuple per paragraph cost more than the line's own text."""

    __slots__ = ("ends", "starts")

    def __init__(self, pairs: Iterable[tuple[int, int]] = ()) -> None:
        # Filled once here and never changed: `paragraphs` hands one out to every caller.
        self.starts, self.ends = array("q"), array("q")
        for start, end in pairs:
            self.starts.append(start)
            self.ends.append(end)

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, int]]: ...
    def __getitem__(self, index: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        if isinstance(index, slice):
            return list(zip(self.starts[index], self.ends[index], strict=True))
        return self.starts[index], self.ends[index]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.starts, self.ends, strict=True)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Spans({list(self)!r})"


def paragraphs(text: str) -> Spans:
    """Return (start, end) of each non-empty paragraph.

    A blank line always ends a paragraph. A single line break does too, unless the text
    is hard-wrapped (lines of similar width broken inside sentences, as in e-mail and
    plain-text archives): web copies of readouts and transcripts often put one
    paragraph, or one speaker's turn, on each line with no blank line between.
    """
    return _paragraphs(text)


@lru_cache(maxsize=4)
def _paragraphs(text: str) -> Spans:
    breaks = _PARAGRAPH_BREAK if _hard_wrapped(text) else _LINE_BREAK
    spans: list[tuple[int, int]] = []
    position = 0
    for match in breaks.finditer(text):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(text)))
    # A transcript copied as run-on text: "… thank you. PRESIDENT HALE: Well, …" — a
    # speaker label in capitals after a sentence's end opens a new turn.
    cut: list[tuple[int, int]] = []
    for start, end in spans:
        for label in _INLINE_LABEL.finditer(text, start, end):
            cut.append((start, label.start()))
            start = label.start()
        cut.append((start, end))
    return Spans((s, e) for s, e in (_trim(text, s, e) for s, e in cut) if e > s)


_INLINE_LABEL = re.compile(
    r"(?<=[.!?”\"] )(?=(?:[A-Z][A-Z.’'-]+ ){0,4}[A-Z][A-Z.’'-]+(?: \([^()\n]{1,30}\))?: )"
)


def _hard_wrapped(text: str) -> bool:
    """Whether single line breaks fall inside sentences: most lines that run on into
    the next line are of a similar, typewriter width and end without punctuation."""
    lines = text.split("\n")
    run_on = [
        line.rstrip()
        for line, following in zip(lines, lines[1:], strict=False)
        if line.strip() and following.strip() and not _LIST_ITEM.match(following)
    ]
    if len(run_on) < 3:
        return False
    wrapped = sum(1 for line in run_on if 40 <= len(line) <= 100 and line[-1] not in '.!?:;”"')
    return wrapped >= 0.6 * len(run_on) and max(len(line) for line in lines) <= 120


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class Sentences(Sequence[Sentence]):
    """A text's sentences, kept as arrays of offsets; each `Sentence` is made when it is
    read (a transcript has a sentence per line, and an object per sentence cost more
    than the line)."""

    __slots__ = ("_recent", "ends", "paragraphs", "starts")

    def __init__(self) -> None:
        self.starts, self.ends, self.paragraphs = array("q"), array("q"), array("q")
        # The sentences read lately: readers look a few sentences back and ahead.
        self._recent: dict[int, Sentence] = {}

    def append(self, start: int, end: int, paragraph: int) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.paragraphs.append(paragraph)

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> Sentence: ...
    @overload
    def __getitem__(self, index: slice) -> list[Sentence]: ...
    def __getitem__(self, index: int | slice) -> Sentence | list[Sentence]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        sentence = self._recent.get(index)
        if sentence is None:
            if not 0 <= index < len(self):
                raise IndexError("sentence index out of range")
            sentence = Sentence(index, self.starts[index], self.ends[index], self.paragraphs[index])
            if len(self._recent) >= 16:
                del self._recent[next(iter(self._recent))]
            self._recent[index] = sentence
        return sentence

    def __iter__(self) -> Iterator[Sentence]:
        for index in range(len(self.starts)):
            yield Sentence(index, self.starts[index], self.ends[index], self.paragraphs[index])


def split_sentences(text: str, paras: Sequence[tuple[int, int]] | None = None) -> Sentences:
    """Return the sentences of `text`, never crossing a paragraph break.

    A full stop after a known abbreviation ("Mr.", "Feb.", "U.S.") or an initial
    ("J.") does not end a sentence. `paras` are the text's paragraphs when the caller
    has them already.
    """
    sentences = Sentences()
    for number, (p_start, p_end) in enumerate(paragraphs(text) if paras is None else paras):
        start = p_start
        for match in _END.finditer(text, p_start, p_end):
            stop = match.end()
            if not _is_boundary(text, match.start(), stop, p_end):
                continue
            _add(text, sentences, start, stop, number)
            start = stop
        _add(text, sentences, start, p_end, number)
    return sentences


def _add(text: str, sentences: Sentences, start: int, end: int, paragraph: int) -> None:
    """Append a sentence; a run-on "sentence" longer than MAX_SENTENCE is cut at spaces,
    which keeps the work per sentence bounded whatever the input."""
    start, end = _trim(text, start, end)
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        s, e = _trim(text, start, cut)
        if e > s:
            sentences.append(s, e, paragraph)
        start = cut
    s, e = _trim(text, start, end)
    if e > s:
        sentences.append(s, e, paragraph)


_NEXT_CHAR = re.compile(r"\s*(\S)")


def _is_boundary(text: str, dot: int, stop: int, limit: int) -> bool:
    # Only the next character matters: never copy the rest of the paragraph (a run of
    # ". . . ." would make that quadratic).
    following = _NEXT_CHAR.match(text, stop, limit)
    if following is None:
        return True
    first = following.group(1)
    if not (first.isupper() or first.isdigit() or first in "“\"‘'([—–-"):
        return False
    if text[dot] != ".":
        return True
    word_start = dot
    floor = max(0, dot - 40)  # an abbreviation is short
    while word_start > floor and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].casefold()
    if word in _ABBREVIATIONS:
        return False
    return not (len(word) == 1 and text[word_start].isupper())
