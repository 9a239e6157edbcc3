"""Hostile text: stored safely, shown literally, escaped in Markdown, valid in JSON."""

from __future__ import annotations

import json
from pathlib import Path

from markdown_it import MarkdownIt
from textual.widgets import TextArea

from diplotui.export import export_json, export_markdown
from diplotui.ingest import ingest
from diplotui.query import Corpus
from diplotui.store import Store
from diplotui.tui.app import DiplotuiApp
from diplotui.tui.widgets.event_detail import EventDetail
from diplotui.tui.widgets.quote_list import QuoteList

HOSTILE = (
    "Title: \x1b[2J\x1b]0;owned\x07[bold red]Alarm[/] <script>alert(1)</script>\n"
    "Published: 2024-05-02\n\n"
    "Foreign Minister Sergei La\u200dvrov met Secretary of State Antony [link=https://evil.example]"
    "Blinken[/link] in Prague on Thursday. \u202eevil\u202c text with *emphasis* and <b>bold</b>.\n\n"
    '"Look at [this](javascript:alert(1)) and <img src=x onerror=alert(1)> \x1b[31mred\x1b[0m '
    'and `code` | table | # heading," Blinken told reporters.\n'
)


def _corpus(tmp_path: Path) -> Corpus:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    store = Store(tmp_path / "store.json")
    ingest(store, [path])
    return Corpus.from_records(store.documents())


def test_stored_without_escape_sequences_or_bidi_overrides(tmp_path: Path) -> None:
    document = _corpus(tmp_path).documents[0]
    for bad in ("\x1b", "\x07", "\u202e", "\u202c", "owned", "[31m"):
        assert bad not in document.text and bad not in document.title
    assert "[link=https://evil.example]Blinken[/link]" in document.text
    assert "[bold red]Alarm[/]" in document.title
    # A zero-width joiner hidden inside a Latin name does not split the name.
    (tmp_path / "again").mkdir()
    assert "Sergei Lavrov" in {p.name for p in _corpus(tmp_path / "again").people}


def test_json_export_is_valid_and_keeps_the_text(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    data = json.loads(export_json(corpus, corpus.search("")))
    assert "<script>alert(1)</script>" in data["documents"][0]["title"]
    assert any("javascript:alert(1)" in q["text"] for q in data["quotes"])


def test_markdown_export_has_no_raw_html_or_links_from_the_input(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    markdown = export_markdown(corpus, corpus.search(""))
    tokens = MarkdownIt("commonmark").parse(markdown)
    flat = [t for token in tokens for t in [token, *(token.children or [])]]
    assert not [t for t in flat if t.type in ("html_inline", "html_block", "link_open", "image")]
    assert not [t for t in flat if t.type in ("code_inline", "em_open", "strong_open") and t.level > 2]


async def test_explorer_shows_markup_literally(tmp_path: Path) -> None:
    app = DiplotuiApp(corpus=_corpus(tmp_path))
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        quote = app.main_screen.query_one(QuoteList).get_option_at_index(0).prompt.plain
        assert "[this](javascript:alert(1))" in quote and "<img src=x" in quote
        detail = app.main_screen.query_one("#detail", EventDetail).content.plain
        assert "[link=https://evil.example]Blinken[/link]" in detail
        await pilot.press("s")
        text = app.screen.query_one(TextArea).text
        assert "[link=https://evil.example]Blinken[/link]" in text and "\x1b" not in text


def test_a_first_line_of_a_long_number_is_no_date_line_and_ingests(tmp_path: Path) -> None:
    # The date-line pattern split a run of digits every way it could: a first line of
    # forty digits and a word took 2^40 tries (found by the property test below).
    path = tmp_path / "number.txt"
    path.write_text("4" * 40 + " reference\n\nAna Lima met Rui Costa in Lisbon on Monday.\n")
    assert ingest(Store(tmp_path / "s.json"), [path]).added == 1
    assert Store(tmp_path / "s.json").documents()[0]["title"] == "4" * 40 + " reference"
