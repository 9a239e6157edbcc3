"""Provides topics: lexicon subjects found in text, and a document's key phrases."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from diplotui import lexicon
from diplotui.extract.patterns import alternation
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


TopicLexicon = tuple[tuple[str, tuple[str, ...]], ...]
"""Topics as (label, keywords) pairs: hashable, so a compiled pattern can be cached."""

DEFAULT_TOPICS: TopicLexicon = tuple((label, tuple(words)) for label, words in lexicon.TOPICS.items())


def with_user_topics(extra: dict[str, list[str]]) -> TopicLexicon:
    """The built-in lexicon with a user's topics added (their keywords extend a label
    that exists already)."""
    merged = {label: list(words) for label, words in DEFAULT_TOPICS}
    seen = {label: set(words) for label, words in merged.items()}
    for label, words in extra.items():
        merged.setdefault(label, [])
        known = seen.setdefault(label, set())
        for word in words:
            folded = " ".join(fold(word).split())
            # A keyword of less than two letters or digits ("a", a lone accent that
            # folds to nothing) would match nearly every document.
            if sum(ch.isalnum() for ch in folded) < 2 or folded in known:
                continue
            known.add(folded)
            merged[label].append(folded)
    return tuple((label, tuple(words)) for label, words in merged.items())


@lru_cache(maxsize=4)
def _compiled(topics: TopicLexicon) -> tuple[re.Pattern[str], dict[str, str]]:
    owner: dict[str, str] = {}
    for label, keywords in topics:
        for keyword in keywords:
            owner.setdefault(keyword, label)
    # One alternation, longest phrase first, so "un security council" is read whole
    # and does not also count as "security".
    return re.compile(r"\b(?:" + alternation(owner) + r")\b"), owner


def topics_in(text: str, topics: TopicLexicon = DEFAULT_TOPICS) -> list[str]:
    """Return the labels of lexicon topics that `text` mentions, in lexicon order."""
    pattern, owner = _compiled(topics)
    found = {owner[word] for word in pattern.findall(fold(text))}  # the pattern has no groups
    return [label for label, _ in topics if label in found]


def topic_record(label: str, topics: TopicLexicon = DEFAULT_TOPICS) -> Topic:
    """Return the Topic record for a lexicon label."""
    keywords = dict(topics).get(label, (fold(label),))
    return Topic(topic_id(label), label, list(keywords))


RUN_WORDS = 512
_LOWER_RUN = re.compile(r"(?:\b[a-z][a-z-]+\b ?){1,RUN}".replace("RUN", str(RUN_WORDS)))


def key_phrases(text: str, limit: int = 5) -> list[str]:
    """Return the document's most repeated two- and three-word phrases without stop words."""
    counts: Counter[str] = Counter()
    # Runs of lower-case words only: names and titles are capitalised and are not what a
    # key phrase should be. A run is matched at most RUN_WORDS words at a time (the regex
    # engine's memory grows with a match's repeats, and a run can be a whole document);
    # a match that starts where the last ended continues its run. A run's pairs are
    # counted before its triples, which decides ties.
    triples: dict[str, int] = {}
    tail: list[str] = []
    last_end = -1
    for run in _LOWER_RUN.finditer(text):
        words = run.group(0).split()
        if run.start() == last_end:
            words = tail + words
        else:
            for gram, n in triples.items():
                counts[gram] += n
            triples.clear()
            tail = []
        last_end = run.end()
        # With a carried tail of two words, their pair was counted with the last piece.
        for i in range(1 if len(tail) == 2 else 0, len(words) - 1):
            first, second = words[i], words[i + 1]
            if first not in _STOP and second not in _STOP and len(first) >= 3 and len(second) >= 3:
                counts[f"{first} {second}"] += 1
        for i in range(len(words) - 2):
            first, middle, last = words[i : i + 3]
            if first not in _STOP and last not in _STOP and min(len(first), len(middle), len(last)) >= 3:
                gram = f"{first} {middle} {last}"
                triples[gram] = triples.get(gram, 0) + 1
        tail = words[-2:]
    for gram, n in triples.items():
        counts[gram] += n
    return [phrase for phrase, n in counts.most_common(limit * 3) if n >= 2][:limit]


@lru_cache(maxsize=2)
def _organisation_pattern(ignore_case: bool) -> re.Pattern[str]:
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"\b(?:" + alternation(n for n in lexicon.ORGANISATIONS if n) + r")\b", flags)


def organisations_in(text: str) -> list[str]:
    """Return the organisations and outlets the text names, as first written, in order."""
    seen: dict[str, str] = {}
    lowered = text.lower()
    # Matching lower-cased text is several times faster than a case-insensitive pattern;
    # where lower-casing changes lengths (rare letters), fall back to the latter.
    same = len(lowered) == len(text)
    for match in _organisation_pattern(not same).finditer(lowered if same else text):
        written = text[match.start() : match.end()]
        # Short acronyms count only in capitals ("UN", not "un").
        if not written[0].isupper() or (len(written) <= 4 and not written.isupper()):
            continue
        seen.setdefault(fold(written), written)
    return list(seen.values())
