"""Arbitrary Unicode documents through ingest, search and both exports."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from diplotui.export import export_json, export_markdown
from diplotui.ingest import build_record
from diplotui.query import Corpus
from diplotui.text import UnreadableInput

# Words of the genre mixed with anything at all, so the extractor's paths are exercised.
GENRE = st.sampled_from(
    [
        "President",
        "Foreign Minister",
        "Sergei Lavrov",
        "Wang Yi",
        "met",
        "held talks with",
        "said",
        "“",
        "”",
        '"',
        "‘",
        "’",
        "on Feb. 21-22",
        "today",
        "in Moscow",
        ",",
        ".",
        "\n\n",
        "Mr.",
        "according to",
        "Q:",
        "Vladimir Putin:",
        "<script>",
        "[bold]",
        "](javascript:x)",
        "\x1b[31m",
        "\u202e",
        "\u200d",
        "---\n",
        "Title: x\n",
    ]
)
DOCUMENTS = st.lists(st.one_of(GENRE, st.text(max_size=30)), max_size=60).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=DOCUMENTS, query=st.text(max_size=12))
def test_any_document_survives_ingest_search_and_exports(text: str, query: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.txt"
        data = text.encode("utf-8", errors="surrogatepass")
        try:
            record = build_record(data, path, "2024-01-01")
        except (UnreadableInput, UnicodeEncodeError):
            return
    stored = record["text"]
    corpus = Corpus.from_records([record])
    for quote in corpus.quotes:
        assert stored[quote.start : quote.end] == quote.text
        assert 0 <= quote.sentence_start <= quote.start <= quote.end <= quote.sentence_end <= len(stored)
    for event in corpus.events:
        for span in event.evidence:
            assert 0 <= span.start < span.end <= len(stored)
    try:
        view = corpus.search(query)
    except ValueError:
        view = corpus.search("")
    json.loads(export_json(corpus, view))
    tokens = MarkdownIt("commonmark").parse(export_markdown(corpus, view))
    flat = [t for token in tokens for t in [token, *(token.children or [])]]
    assert not [t for t in flat if t.type in ("html_inline", "html_block")]


HOSTILE = st.sampled_from(
    [
        "\x1b]52;c;ZWNobyBoaQ==\x07",
        "\x1b[2J",
        "\x9b31m",
        "\x9d0;title\x9c",
        "\n",
        "\r",
        "\t",
        "\x00",
        "\u202e",
        "\u200b",
        "\u2028",
        "[/bogus]",
        "[@click=app.quit]x[/]",
        "<b>",
        "&#x202E;",
        "*",
        "`",
        "é",
    ]
)
FILE_NAMES = st.lists(
    st.one_of(HOSTILE, st.text(alphabet=st.characters(blacklist_characters="/"), max_size=8)), max_size=6
).map("".join)
TERMINAL_BYTES = ("\x1b", "\x07", "\x9b", "\x9d", "\x00", "\u202e", "\u200b")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=FILE_NAMES, title=FILE_NAMES, body=DOCUMENTS)
def test_hostile_names_and_titles_come_out_clean(name: str, title: str, body: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        try:
            path = Path(folder) / (name.replace("\x00", "") + ".txt")
            path.write_bytes(b"")
        except (OSError, ValueError, UnicodeEncodeError):
            return
        raw = f"Title: {title}\nAuthor: {title}\n\n{body} Foreign Minister Ana Pereira met Rui Costa."
        try:
            record = build_record(raw.encode("utf-8", "surrogatepass"), path, "2024-01-01")
        except (UnreadableInput, UnicodeEncodeError):
            return
    for field in ("path", "title", "author"):
        value = record.get(field) or ""
        assert not any(ch in value for ch in TERMINAL_BYTES), (field, value)
        assert "\n" not in value and "\r" not in value
    corpus = Corpus.from_records([record])
    briefing = export_markdown(corpus, corpus.search(""))
    assert not any(ch in briefing for ch in TERMINAL_BYTES)
    json.loads(export_json(corpus, corpus.search("")))


HTML_PARTS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<a ",
        "<a href='x'>",
        "</a>",
        "<",
        ">",
        "&lt;",
        "&#x1b;",
        "&#x202E;",
        "&amp;",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<br>",
        "Ana Pereira met Rui Costa.",
        " ",
        "\n",
    ]
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.one_of(HTML_PARTS, st.text(max_size=10)), max_size=80))
def test_any_html_is_read_and_comes_out_clean(parts: list[str]) -> None:
    from diplotui.text import read_source

    markup = "<html><body>" + "".join(parts)
    try:
        source = read_source(markup.encode("utf-8", "surrogatepass"), ".html")
    except (UnreadableInput, UnicodeEncodeError):
        return
    for value in (source.body, source.title or "", source.author or ""):
        assert not any(ch in value for ch in TERMINAL_BYTES)


def _key_phrases_whole_runs(text: str, limit: int = 5) -> list[str]:
    """The plain reading of key phrases: each lower-case run split into a list of words."""
    import re
    from collections import Counter

    from diplotui.extract.topics import _STOP

    counts: Counter[str] = Counter()
    for run in re.findall(r"(?:\b[a-z][a-z-]+\b ?)+", text):
        words = run.split()
        for size in (2, 3):
            for i in range(len(words) - size + 1):
                gram = words[i : i + size]
                if gram[0] not in _STOP and gram[-1] not in _STOP and all(len(w) >= 3 for w in gram):
                    counts[" ".join(gram)] += 1
    return [phrase for phrase, n in counts.most_common(limit * 3) if n >= 2][:limit]


RUN_WORDS = st.sampled_from(
    [
        "trade",
        "energy",
        "talks",
        "trade",
        "energy",
        "the",
        "of",
        "ab",
        "a-b",
        "abc-",
        "-def",
        "deal,",
        "Deal",
        "x1",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(RUN_WORDS, st.sampled_from([" ", " ", "  ", "\n", "", ". ", " - "])), max_size=60),
    st.integers(min_value=1, max_value=4),
)
@example([("trade", " "), ("energy", " "), ("talks", " ")] * 4, 1)
@example([("trade", " "), ("energy", " "), ("talks", " ")] * 4, 2)
def test_key_phrases_read_in_pieces_match_the_whole_run_reading(
    parts: list[tuple[str, str]], piece: int
) -> None:
    # key_phrases matches a run of lower-case words a few hundred words at a time so that
    # a document of one endless run does not cost the regex engine its size many times
    # over; with pieces of 1 to 4 words, the answer is still that of whole runs.
    import re
    from unittest import mock

    from diplotui.extract import topics

    text = "".join(word + gap for word, gap in parts)
    small = re.compile(r"(?:\b[a-z][a-z-]+\b ?){1,RUN}".replace("RUN", str(piece)))
    assert topics.key_phrases(text) == _key_phrases_whole_runs(text)
    with mock.patch.object(topics, "_LOWER_RUN", small):
        assert topics.key_phrases(text) == _key_phrases_whole_runs(text)
