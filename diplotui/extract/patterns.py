"""Provides `alternation`: a regular expression for a set of words, built as a trie.

Python's `re` tries the branches of `a|b|c|…` one by one at every position; with a few
hundred keywords that dominates the time of a scan. The same set written as a prefix
tree (`minist(?:er|ry)`) lets the engine rule a position out after a character or two.
Greedy optional tails keep the longest match first, as a longest-first alternation does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_End = object()


def alternation(words: Iterable[str]) -> str:
    """Return a regex (no anchors, no outer group) matching exactly the given words."""
    trie: dict[object, dict] = {}
    for word in words:
        if not word:
            continue
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_End] = {}
    return _branch(trie) if trie else "(?!)"


def _branch(node: dict[object, dict]) -> str:
    ends = _End in node
    branches = [
        re.escape(str(char)) + _branch(child)
        for char, child in sorted(
            ((c, n) for c, n in node.items() if c is not _End), key=lambda item: str(item[0])
        )
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body


# The two letters that a case-insensitive pattern of ASCII letters matches and that
# lower-casing leaves as they are ("ı" matches "i", "ſ" matches "s"). Every other
# character lower-cases to one character that the lower-case pattern matches exactly
# when the case-insensitive one matched the character (`tests/test_patterns.py` checks
# that against every character).
_CASE_TRAPS = re.compile("[ıſ]")


# The pieces of a pattern: an escape, a group's name, a set of characters, one character.
_PIECE = re.compile(r"\\.|\(\?P[<=]\w+[>)]|\[\^?\]?(?:\\.|[^\]\\])*\]|.", re.DOTALL)


def _lower_literals(body: str) -> str | None:
    """`body` for the lower-cased text: its letters lower-cased, or None if a set of
    characters holds a letter with a case, or a literal letter is not ASCII (either
    would need more care than lower-casing)."""
    if "\\N" in body:
        return None  # a character by its name ("\\N{LATIN CAPITAL LETTER A}")
    pieces = []
    for piece in _PIECE.findall(body):
        if piece.startswith(("\\", "(?P")):
            pieces.append(piece)  # an escape ("\\d", "\\S") or a name keeps its case
        elif piece.startswith("[") and len(piece) > 1:
            letters = re.sub(r"\\.", "", piece)  # "[\\w-]" holds no letter
            if letters.lower() != letters.upper():
                return None
            pieces.append(piece)
        elif piece.isascii() or piece.lower() == piece.upper():
            pieces.append(piece.lower())
        else:
            return None
    return "".join(pieces)


def lower_text(text: str) -> str | None:
    """`text` lower-cased for `WordPattern.finditer`, or None where that would move or
    lose a match (a letter that lower-cases to two, as "İ" does, or one of the traps)."""
    lowered = text.lower()
    if len(lowered) != len(text) or _CASE_TRAPS.search(text):
        return None
    return lowered


class WordPattern:
    """A pattern that begins a word (`\\b(?:body)`), found faster than `re` finds it.

    `re` tries a pattern that opens with `\\b` at every position of the text. Without
    the `\\b`, a pattern whose branches open with letters is looked for by their first
    letters alone, in C. Each place found is matched again there with the whole
    pattern, and every place the whole pattern matches is found (it is a place the
    pattern without `\\b` matches), so the matches are those `exact` gives. A
    case-insensitive pattern is looked for in the lower-cased text (`lower_text`).
    """

    def __init__(self, body: str, ignore_case: bool = False, scan: bool = True) -> None:
        """`body` is the pattern after its `\\b`; `scan=False` leaves the finding to `re`
        (for a body that can begin with a digit or an optional part, whose first
        characters rule few places out)."""
        flags = re.IGNORECASE if ignore_case else 0
        self.exact = re.compile(rf"\b(?:{body})", flags)
        self.ignore_case = ignore_case
        first = (_lower_literals(body) if ignore_case else body) if scan else None
        self._first = None if first is None else re.compile(f"(?:{first})")

    def finditer(
        self, text: str, start: int = 0, end: int | None = None, lowered: str | None = None
    ) -> Iterator[re.Match[str]]:
        """The matches `exact.finditer(text, start, end)` gives; `lowered` is
        `lower_text(text)` (needed for a case-insensitive pattern to be found fast)."""
        stop = len(text) if end is None else end
        scanned = lowered if self.ignore_case else text
        if self._first is None or scanned is None:
            yield from self.exact.finditer(text, start, stop)
            return
        position = start
        while True:
            found = self._first.search(scanned, position, stop)
            if found is None:
                return
            at = found.start()
            match = self.exact.match(text, at, stop)
            if match is None:
                position = at + 1  # not at a word's start (or, ignoring case, another letter)
                continue
            if match.end() == at:
                # An empty match (no pattern of words has one): `re`'s own scan takes over.
                yield from self.exact.finditer(text, at, stop)
                return
            yield match
            position = match.end()

    def search(
        self, text: str, start: int = 0, end: int | None = None, lowered: str | None = None
    ) -> re.Match[str] | None:
        """The first match `finditer` gives, or None."""
        return next(self.finditer(text, start, end, lowered), None)
