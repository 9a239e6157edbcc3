"""Provides `alternation`: a regular expression for a set of words, built as a trie.

Python's `re` tries the branches of `a|b|c|…` one by one at every position; with a few
hundred keywords that dominates the time of a scan. The same set written as a prefix
tree (`minist(?:er|ry)`) lets the engine rule a position out after a character or two.
Greedy optional tails keep the longest match first, as a longest-first alternation does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
