"""Exports: the golden Markdown briefing, escaping, and the interchange JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

from markdown_it import MarkdownIt

from diplotui.export import export_json, export_markdown, md_escape
from diplotui.ingest import ingest
from diplotui.query import Corpus
from diplotui.store import Store

GOLDEN = Path(__file__).parent / "golden" / "seed-briefing.md"


def _corpus(db: Path, *paths: Path) -> Corpus:
    store = Store(db)
    ingest(store, list(paths))
    return Corpus.from_records(store.documents())


def test_seed_briefing_matches_the_golden_file(db: Path, seed_dir: Path) -> None:
    corpus = _corpus(db, seed_dir)
    assert export_markdown(corpus, corpus.search("")) == GOLDEN.read_text(encoding="utf-8")


def test_briefing_is_valid_commonmark_with_the_expected_sections(db: Path, seed_dir: Path) -> None:
    corpus = _corpus(db, seed_dir)
    tokens = MarkdownIt("commonmark").parse(export_markdown(corpus, corpus.search("")))
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[:3] == ["diplotui briefing", "Timeline", "21–22 Feb 2023"]
    assert {"Quotes", "Sources"} <= set(headings)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]


HOSTILE = """Title: <script>alert(1)</script> [bold red]x[/] *Talks*
Published: 2023-03-01

Foreign Minister Sergei Lavrov met [link=https://evil.example]Antony Blinken[/link] in New \
Delhi on Thursday. "<img src=x onerror=alert(1)> [click](javascript:alert(1)) **bold** \
# heading & &amp; `code`," Lavrov said.
"""


def test_markdown_escapes_html_links_and_markup(db: Path, tmp_path: Path) -> None:
    doc = tmp_path / "hostile.txt"
    doc.write_text(HOSTILE)
    corpus = _corpus(db, doc)
    markdown = export_markdown(corpus, corpus.search(""))
    html = MarkdownIt("commonmark").render(markdown)
    assert "<script>" not in html and "<img" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;" in html
    assert "<strong>bold</strong>" not in html and "<code>" not in html
    assert "**bold**" in html
    assert "&amp;amp;" in html


def test_md_escape_neutralises_block_starts() -> None:
    for raw in ("- item", "1. first", "# head", "> quote", "+ plus", "=== setext"):
        html = MarkdownIt("commonmark").render(md_escape(raw))
        assert html.startswith("<p>"), raw


def test_interchange_json_has_the_required_keys_and_stable_bytes(db: Path, seed_dir: Path) -> None:
    corpus = _corpus(db, seed_dir)
    first = export_json(corpus, corpus.search(""))
    second = export_json(Corpus.from_records(Store(db).documents()), corpus.search(""))
    assert first == second
    data = json.loads(first)
    assert data["format"] == "diplotui/1"
    required = {
        "documents": {"id", "path", "title", "published", "source", "sha256"},
        "people": {"id", "name", "aliases", "title", "country", "documents"},
        "events": {
            "id",
            "kind",
            "title",
            "date_start",
            "date_end",
            "date_text",
            "date_precision",
            "place",
            "participants",
            "topics",
            "documents",
            "evidence",
        },
        "quotes": {"id", "text", "speaker", "kind", "event", "document", "start", "end", "attribution"},
        "topics": {"id", "label", "keywords"},
    }
    for key, fields in required.items():
        assert data[key], key
        for record in data[key]:
            assert fields <= set(record), (key, fields - set(record))
    people = {p["id"] for p in data["people"]}
    events = {e["id"] for e in data["events"]}
    texts = {d["id"]: corpus.document_by_id[d["id"]].text for d in data["documents"]}
    for quote in data["quotes"]:
        assert texts[quote["document"]][quote["start"] : quote["end"]] == quote["text"]
        assert quote["speaker"] is None or quote["speaker"] in people
        assert quote["event"] is None or quote["event"] in events
    for event in data["events"]:
        assert set(event["participants"]) <= people
        for span in event["evidence"]:
            assert 0 <= span["start"] < span["end"] <= len(texts[span["document"]])


def test_ids_do_not_depend_on_path_or_run(tmp_path: Path, seed_dir: Path) -> None:
    copy = tmp_path / "elsewhere" / "article.txt"
    copy.parent.mkdir()
    seed = next(seed_dir.glob("*.txt"))
    copy.write_bytes(seed.read_bytes())
    a = json.loads(export_json(*_both(_corpus(tmp_path / "a.json", seed_dir))))
    b = json.loads(export_json(*_both(_corpus(tmp_path / "b.json", copy))))
    for key in ("documents", "people", "events", "quotes", "topics"):
        assert [r["id"] for r in a[key]] == [r["id"] for r in b[key]]


def _both(corpus: Corpus) -> tuple[Corpus, object]:
    return corpus, corpus.search("")
