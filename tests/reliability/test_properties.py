"""Arbitrary Unicode documents through ingest, search and both exports."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
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
