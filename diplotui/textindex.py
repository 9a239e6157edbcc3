"""A word index of documents' own text, for the query layer's free words.

Each folded word points at the documents that hold it; the vocabulary is kept sorted so a
word typed so far ("ukr") finds every word it begins ("ukraine", "ukrainian") by two
bisections rather than a pass over the texts. A query of several words (or a quoted
phrase) is looked up word by word, and only the documents holding all of them are read
to check the words stand together.
"""

from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable

WORD = re.compile(r"\w+")
"""A word, as the index splits folded texts into them."""


class TextIndex:
    """Which documents hold which words, for documents numbered by their position."""

    def __init__(self, texts: Iterable[str], folded: Callable[[int], str | bytes]) -> None:
        """Index `texts` (already folded: lower case, accents off).

        Args:
            texts: The folded text of each document, in order.
            folded: Gives document N's folded text again (or its UTF-8 bytes), to check a
                phrase in the documents that hold all of its words (the index keeps no
                texts).
        """
        postings: dict[str, array[int]] = {}
        count = 0
        for number, text in enumerate(texts):
            count = number + 1
            for word in set(WORD.findall(text)):
                found = postings.get(word)
                if found is None:
                    postings[word] = array("i", [number])
                else:
                    found.append(number)
        self.size = count
        self._postings = postings
        self._vocabulary = sorted(postings)
        self._folded = folded

    def nbytes(self) -> int:
        """About how many bytes the index holds (its words, lists and postings)."""
        words = sum(sys.getsizeof(word) for word in self._vocabulary)
        postings = sum(sys.getsizeof(found) for found in self._postings.values())
        return words + postings + sys.getsizeof(self._postings) + sys.getsizeof(self._vocabulary)

    def _prefixed(self, start: str) -> set[int]:
        """The documents holding a word that begins with `start`."""
        found: set[int] = set()
        at = bisect_left(self._vocabulary, start)
        while at < len(self._vocabulary) and self._vocabulary[at].startswith(start):
            found.update(self._postings[self._vocabulary[at]])
            at += 1
        return found

    def search(self, phrase: str) -> set[int]:
        """The documents whose text holds `phrase` (folded) where a word begins.

        Each word of the phrase is looked up as the start of a word; a phrase of more
        than one word, or with punctuation between its words, is then checked in the
        documents that hold all its words.
        """
        words = WORD.findall(phrase)
        if not words:  # nothing to look up: punctuation alone is read in every text
            everywhere = range(self.size)
            return {n for n in everywhere if not phrase or find_word_start(self._folded(n), phrase) >= 0}
        found = self._prefixed(words[0])
        for word in words[1:]:
            if not found:
                break
            found &= self._prefixed(word)
        if len(words) == 1 and phrase.strip() == words[0]:
            return found
        return {n for n in found if find_word_start(self._folded(n), phrase) >= 0}


def find_word_start(text: str | bytes, phrase: str, start: int = 0) -> int:
    """Where `phrase` is first in `text` (from `start`) beginning where a word begins,
    or -1: "ukr" is in "the Ukraine talks", "kraine" is not. `text` may be UTF-8 bytes
    (held so, a text takes half the memory of one of any other script than Latin); the
    offsets are then in bytes."""
    if isinstance(text, bytes):
        return _find_in_bytes(text, phrase, start)
    at = text.find(phrase, start)
    while at >= 0:
        if at == 0 or not phrase[:1].isalnum() or not (text[at - 1].isalnum() or text[at - 1] == "_"):
            return at
        at = text.find(phrase, at + 1)
    return -1


def _find_in_bytes(text: bytes, phrase: str, start: int) -> int:
    needle = phrase.encode()
    # (A needle found in UTF-8 starts on a character: no character's bytes go on with
    # another's first byte.)
    at = text.find(needle, start)
    while at >= 0:
        if at == 0 or not phrase[:1].isalnum() or not _word_character_before(text, at):
            return at
        at = text.find(needle, at + 1)
    return -1


def _word_character_before(text: bytes, at: int) -> bool:
    """Whether the character that ends at byte `at` of UTF-8 `text` is a word's."""
    begin = at - 1
    while begin > 0 and at - begin < 4 and 0x80 <= text[begin] < 0xC0:  # a character's later bytes
        begin -= 1
    character = text[begin:at].decode("utf-8", "replace")
    return character.isalnum() or character == "_"
