"""Provides topics: lexicon subjects found in text, and a document's key phrases."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from diplotui import lexicon
from diplotui.model import Topic, fold, stable_id

_STOP = frozenset(
    """
    the a an and or of to in on at for with by from as is are was were be been that this
    these those it its their his her our we they he she i you not but if also which who
    will would can could should may might has have had do does did than then there here
    said says about into over more most such all any both each other very well just one two
    new many much some while when where what how why what's
    """.split()
)


def topic_id(label: str) -> str:
    """Return the stable id of a topic label."""
    return stable_id("t", fold(label))


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], dict[str, str]]:
    owner: dict[str, str] = {}
    for label, keywords in lexicon.TOPICS.items():
        for keyword in keywords:
            owner.setdefault(keyword, label)
    # One alternation, longest phrase first, so "un security council" is read whole
    # and does not also count as "security".
    ordered = sorted(owner, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(k) for k in ordered) + r")\b"), owner


def topics_in(text: str) -> list[str]:
    """Return the labels of lexicon topics that `text` mentions, in lexicon order."""
    pattern, owner = _compiled()
    found = {owner[m.group(0)] for m in pattern.finditer(fold(text))}
    return [label for label in lexicon.TOPICS if label in found]


def topic_record(label: str) -> Topic:
    """Return the Topic record for a lexicon label (or a key phrase)."""
    return Topic(topic_id(label), label, list(lexicon.TOPICS.get(label, (fold(label),))))


def key_phrases(text: str, limit: int = 5) -> list[str]:
    """Return the document's most repeated two- and three-word phrases without stop words."""
    counts: Counter[str] = Counter()
    # Runs of lower-case words only: names and titles are capitalised and are not
    # what a key phrase should be.
    for run in re.findall(r"(?:\b[a-z][a-z-]+\b ?)+", text):
        words = run.split()
        for size in (2, 3):
            for i in range(len(words) - size + 1):
                gram = words[i : i + size]
                if gram[0] in _STOP or gram[-1] in _STOP or any(len(w) < 3 for w in gram):
                    continue
                counts[" ".join(gram)] += 1
    return [phrase for phrase, n in counts.most_common(limit * 3) if n >= 2][:limit]


@lru_cache(maxsize=1)
def _organisation_pattern() -> re.Pattern[str]:
    names = sorted((n for n in lexicon.ORGANISATIONS if n), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)


def organisations_in(text: str) -> list[str]:
    """Return the organisations and outlets the text names, as first written, in order."""
    seen: dict[str, str] = {}
    for match in _organisation_pattern().finditer(text):
        written = match.group(0)
        # Short acronyms count only in capitals ("UN", not "un").
        if not written[0].isupper() or (len(written) <= 4 and not written.isupper()):
            continue
        seen.setdefault(fold(written), written)
    return list(seen.values())
