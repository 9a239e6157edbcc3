"""Reading files: encodings, metadata forms, normalisation, boilerplate, HTML."""

from __future__ import annotations

import pytest

from diplotui.text import UnreadableInput, decode, normalise, read_source, split_metadata

BODY = "Foreign Minister Sergey Lavrov met Chinese Foreign Minister Wang Yi in Moscow on Feb. 21."


def test_header_block_metadata_and_extra_keys() -> None:
    raw = (
        "Title: Talks in Moscow\nSource: https://example.org/a\nPublished: 2023-02-22\n"
        "Author: A. Writer\nLicense: CC-BY\nLanguage: en\n\n" + BODY
    )
    source = read_source(raw.encode(), ".txt")
    assert source.title == "Talks in Moscow"
    assert source.source == "https://example.org/a"
    assert source.published == "2023-02-22"
    assert source.author == "A. Writer"
    assert source.extra == {"License": "CC-BY", "Language": "en"}
    assert source.body == BODY


def test_yaml_front_matter_with_date_and_url() -> None:
    raw = f'---\ntitle: "Talks"\ndate: 22 February 2023\nurl: https://x.org/y\n---\n\n{BODY}\n'
    source = read_source(raw.encode(), ".md")
    assert (source.title, source.published, source.source) == ("Talks", "2023-02-22", "https://x.org/y")
    assert source.body.strip() == BODY


def test_unclosed_front_matter_is_reported_and_read_as_text() -> None:
    source = split_metadata("---\ntitle: Talks\n\n" + BODY)
    assert source.title is None
    assert any("no closing" in w for w in source.warnings)
    assert BODY in source.body


def test_bad_published_date_is_reported_and_ignored() -> None:
    source = read_source(f"Title: T\nPublished: someday soon\n\n{BODY}".encode(), ".txt")
    assert source.published is None
    assert any("unreadable Published date" in w for w in source.warnings)
    assert source.body == BODY


def test_thousand_line_header_is_reported_and_kept_as_text() -> None:
    header = "\n".join(f"Key{i}: value" for i in range(1000))
    source = split_metadata(f"Title: T\n{header}\n\n{BODY}")
    assert any("longer than" in w for w in source.warnings)
    assert BODY in source.body


def test_transcript_first_line_is_not_a_header() -> None:
    text = "Vladimir Putin: Good afternoon.\n\nNarendra Modi: Thank you."
    assert split_metadata(text).body == text


@pytest.mark.parametrize(
    "encoded",
    [
        BODY.replace("Sergey", "Sérgey").encode("utf-8"),
        b"\xef\xbb\xbf" + BODY.replace("Sergey", "Sérgey").encode("utf-8"),
        BODY.replace("Sergey", "Sérgey").encode("utf-16"),
        BODY.replace("Sergey", "Sérgey").encode("utf-16-le"),
        BODY.replace("Sergey", "Sérgey").encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-no-bom", "cp1252"],
)
def test_encodings(encoded: bytes) -> None:
    assert decode(encoded) == BODY.replace("Sergey", "Sérgey")


def test_cp1252_curly_quotes() -> None:
    raw = "\u201cWe are ready,\u201d Lavrov said in Moscow on Monday about the talks.".encode("cp1252")
    assert decode(raw).startswith("\u201cWe are ready,\u201d")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"   \n\n\t  \n", "whitespace"),
    ],
)
def test_unreadable_inputs_raise_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableInput) as info:
        read_source(data, ".txt")
    assert reason in str(info.value) or "no text" in str(info.value)


def test_normalise_removes_escapes_controls_and_bidi_and_composes() -> None:
    raw = "A\x1b[31mred\x1b[0m \x1b]0;title\x07B\r\nC\u202eD\u200bE e\u0301"
    assert normalise(raw) == "Ared B\nCDE \u00e9"


@pytest.mark.parametrize(
    "hidden",
    [
        "\u200b",
        "\u200e",
        "\u200f",
        "\u061c",
        "\ufeff",
        "\u00ad",
        "\u202a",
        "\u202e",
        "\u2060",
        "\u2064",
        "\u2066",
        "\u2069",
        "\U000e0001",
        "\U000e007f",
    ],
)
def test_normalise_removes_each_kind_of_invisible_character(hidden: str) -> None:
    assert normalise(f"Wang{hidden} Yi{hidden}{hidden} met") == "Wang Yi met"


def test_normalise_keeps_visible_neighbours_of_the_invisible_ranges() -> None:
    # Just outside the ranges: a narrow no-break space, an invisible plus, a thin space.
    kept = "a\u202fb\u2065c\u206ad\u200ae"
    assert normalise(kept) == kept


def test_joiners_go_next_to_ascii_and_stay_inside_a_script() -> None:
    assert normalise("Pu\u200dtin") == "Putin"
    assert normalise("\u0915\u094d\u200d\u0937") == "\u0915\u094d\u200d\u0937"  # Devanagari


def test_boilerplate_lines_are_dropped() -> None:
    raw = "Skip to content\nShare\nTweet | Email\n\n" + BODY + "\n\nWe use cookies to improve your visit.\n"
    assert read_source(raw.encode(), ".txt").body == BODY


def test_html_menu_lines_outside_nav_are_dropped_and_the_byline_read() -> None:
    html = """<html><head><title>T</title></head><body>
    <div class="menu"><ul><li>Home</li><li>World</li><li>Politics</li></ul></div>
    <div><h1>Blinken meets Wang in Beijing</h1><p>By Jane Doe</p>
    <p>Secretary of State Antony Blinken met Wang Yi in Beijing on Monday.</p></div></body></html>"""
    source = read_source(html.encode(), ".html")
    assert source.body.startswith("Blinken meets Wang in Beijing")
    assert source.author == "Jane Doe"


def test_html_article_text_and_meta() -> None:
    html = """<html><head><title>Page</title>
    <meta property="og:title" content="Lavrov meets Wang">
    <meta property="article:published_time" content="2023-02-21T10:00:00Z">
    <link rel="canonical" href="https://example.org/lavrov-wang">
    <script>var x = "<p>not text</p>";</script></head>
    <body><nav>Home | World</nav><article><h1>Lavrov meets Wang</h1>
    <p>Foreign Minister Sergey Lavrov met Wang Yi &amp; aides.</p><p>Second paragraph.</p>
    </article><footer>© Someone</footer></body></html>"""
    source = read_source(html.encode(), ".html")
    assert source.title == "Lavrov meets Wang"
    assert source.published == "2023-02-21"
    assert source.source == "https://example.org/lavrov-wang"
    assert "Home" not in source.body and "not text" not in source.body
    assert "Sergey Lavrov met Wang Yi & aides." in source.body
    assert "\n\nSecond paragraph." in source.body


@pytest.mark.parametrize(
    ("body", "author", "title"),
    [
        (
            "MARCH 3, 2021\n\nPresidents meet in Nairobi\n\nThe talks began.",
            None,
            "Presidents meet in Nairobi",
        ),
        (
            "Updated: 12:04 GMT, 3 March 2021\nPhoto: Reuters/Jane Roe\nBy John Smith\n"
            "Leaders agree on a grain corridor\nThe leaders met.",
            None,
            "Leaders agree on a grain corridor",
        ),
        (
            "[Photo/Xinhua]\nChina and Brazil sign deals\nThe ministers signed.",
            None,
            "China and Brazil sign deals",
        ),
        (
            "Jane Roe\nMinisters talk trade in Lima\nThe talks began.",
            "Jane Roe",
            "Ministers talk trade in Lima",
        ),
        (
            "The foreign ministers of Ruritania and Freedonia met on Tuesday in the capital for talks "
            "that lasted well over four hours, officials said. They agreed.",
            None,
            "The foreign ministers of Ruritania and Freedonia met on Tuesday in the capital for talks that…",
        ),
        ("Ministers met. They agreed.", None, "Ministers met."),
    ],
)
def test_a_title_is_a_headline_never_a_date_line_caption_or_byline(body: str, author, title: str) -> None:
    from diplotui.text import document_title

    assert document_title(body, author) == title


def test_a_text_without_a_title_line_is_titled_by_its_first_sentence() -> None:
    source = read_source(
        b"MAY 9, 2024\n\nOfficials said the envoys met in Doha. Nothing else was said.\n", ".txt"
    )
    assert source.title == "Officials said the envoys met in Doha."


def test_a_page_of_many_small_elements_reads_whole_and_in_order() -> None:
    # More pieces than one batch of the reader holds, with stray "<"s across batches.
    lines = [f"Line {n} of the readout." for n in range(12000)]
    html = "<html><body>" + "".join(f"<p>{line}</p><i>x <y <z</i>" for line in lines) + "</body></html>"
    body = read_source(html.encode(), ".html").body
    assert body == "\n\n".join(f"{line}\n\nx <y <z" for line in lines)


def test_a_page_of_menu_lines_keeps_its_last_line() -> None:
    html = "<html><body><ul><li>Home</li><li>World</li><li>Politics</li></ul></body></html>"
    assert read_source(html.encode(), ".html").body == "Politics"


def test_a_page_of_tiny_tags_costs_little_memory_while_read() -> None:
    import tracemalloc

    from diplotui.text import html_to_text

    markup = "<html><body>" + "<p><a " * 40000  # 240 KB of elements
    tracemalloc.start()
    try:
        html_to_text(markup)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Before it was read in batches, each element kept a string object: over 30x.
    assert peak < 8 * len(markup)
