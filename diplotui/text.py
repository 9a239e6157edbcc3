"""Provides the way in: bytes to clean text, metadata and the body diplotui stores.

Nothing here touches the store or the UI. `read_source` turns one file's bytes into a
`SourceText` (body, metadata, warnings) or raises `UnreadableInput` with a reason a
person can act on.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from diplotui import lexicon
from diplotui.dates import MONTHS, WEEKDAYS

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class UnreadableInput(Exception):
    """A file that cannot be read as a document; the message is the reason."""


@dataclass
class SourceText:
    """A document's normalised body and what its header said about it."""

    body: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    author: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# --- bytes to str -------------------------------------------------------------------


def decode(data: bytes) -> str:
    """Return the text in `data`, guessing its encoding.

    Args:
        data: The raw file contents.

    Returns:
        The decoded text (not yet normalised).

    Raises:
        UnreadableInput: The bytes are empty, binary or in no encoding we can read.
    """
    if not data:
        raise UnreadableInput("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableInput("broken UTF-16 text") from exc
    utf16 = _sniff_utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError as exc:
            raise UnreadableInput("broken UTF-16 text") from exc
        if _looks_binary(text):
            raise UnreadableInput("binary file (not text in any known encoding)")
        return text
    if b"\x00" in data:
        raise UnreadableInput("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise UnreadableInput("undecodable text (not UTF-8, UTF-16 or a known legacy encoding)")
    text = data.decode(best.encoding, errors="replace")
    if _looks_binary(text):
        raise UnreadableInput("binary file (not text in any known encoding)")
    return text


def _sniff_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_zero = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_zero > 0.4 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.4 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:20_000]
    if not sample:
        return False
    bad = sum(1 for c in sample if c == "\ufffd" or (unicodedata.category(c) == "Cc" and c not in "\n\r\t\f"))
    return bad / len(sample) > 0.02


# --- normalisation ------------------------------------------------------------------

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[@-Z\\-_]"  # two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x9c|\x1b\\)?"  # 8-bit OSC ... BEL or ST
)
# Bidirectional overrides and invisible format characters that can disguise text. A
# character class in ranges: `str.translate` with a table, or a class of single
# characters, walks a long text ten times slower.
_INVISIBLE_RUN = re.compile(
    "["
    "\u200b"  # zero-width space
    "\u200e\u200f"  # left-to-right and right-to-left marks
    "\u061c"  # Arabic letter mark
    "\ufeff"  # byte order mark
    "\u00ad"  # soft hyphen
    "\u202a-\u202e"  # embeddings and overrides
    "\u2060-\u2064"  # word joiner, invisible operators
    "\u2066-\u2069"  # isolates
    "\U000e0000-\U000e007f"  # tag characters
    "]+"
)
# Joiners belong between the letters of some scripts and inside emoji sequences; next to
# ASCII, a space or the edge of the text they only disguise a word.
_STRAY_JOINER = re.compile(r"(?<![^\x00-\x7f\s])[\u200c\u200d]+|[\u200c\u200d]+(?![^\x00-\x7f\s])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def normalise(text: str) -> str:
    """Return `text` in NFC with LF line endings and no control or escape characters.

    Terminal escape sequences are removed whole, so their parameters do not leak in
    as text; tabs become spaces; bidirectional overrides and zero-width spaces go.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n")
    text = _ESCAPES.sub("", text)
    text = _CONTROL.sub("", text)
    text = _INVISIBLE_RUN.sub("", text).replace("\t", " ").replace("\u00a0", " ")
    if "\u200c" in text or "\u200d" in text:
        text = _STRAY_JOINER.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_line(value: str) -> str:
    """Return `value` safe to show on one line: cleaned as document text is, line
    breaks as spaces. For paths, titles and names that reach a terminal or an export:
    a file name can hold an escape sequence or a newline as easily as a text can."""
    value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return " ".join(normalise(value).split())


def path_text(path: str | Path) -> str:
    """A path as storable text: bytes that are not UTF-8 ("latin\\xe9.txt" from a
    cp1252 file name) are written as escapes, so the same file always gives the same
    text and JSON can hold it."""
    if type(path) is str and path.isascii():  # most paths: the same text (ingest asks 50,000 times)
        return path
    return os.fsencode(path).decode("utf-8", "backslashreplace")


# --- metadata -----------------------------------------------------------------------

_KNOWN_KEYS = {
    "title": "title",
    "headline": "title",
    "published": "published",
    "date": "published",
    "source": "source",
    "url": "source",
    "link": "source",
    "author": "author",
    "byline": "author",
}
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9 _-]{0,30}):[ \t]*(.*)$")
MAX_HEADER_LINES = 60


def split_metadata(text: str) -> SourceText:
    """Split YAML front matter or a `Key: value` header block off a normalised text.

    Args:
        text: Normalised document text.

    Returns:
        The body with metadata fields filled; problems are listed in `warnings`.
    """
    result = SourceText(body=text)
    stripped = text.lstrip("\n")
    if stripped.startswith("---\n") or stripped == "---":
        _front_matter(stripped, result)
    else:
        _header_block(stripped, result)
    return result


def _front_matter(text: str, result: SourceText) -> None:
    lines = text.split("\n")
    for end in range(1, min(len(lines), MAX_HEADER_LINES * 4)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        result.warnings.append("front matter has no closing '---'; read as text")
        return
    _apply_pairs([_yaml_pair(line) for line in lines[1:end] if line.strip() and ":" in line], result)
    result.body = "\n".join(lines[end + 1 :])


def _yaml_pair(line: str) -> tuple[str, str]:
    key, _, value = line.partition(":")
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return key.strip(), value


def _header_block(text: str, result: SourceText) -> None:
    lines = text.split("\n")
    pairs: list[tuple[str, str]] = []
    for line in lines:
        if not line.strip():
            break
        match = _HEADER_LINE.match(line)
        if not match or len(match.group(1).split()) > 3:
            return
        pairs.append((match.group(1).strip(), match.group(2).strip()))
        if len(pairs) > MAX_HEADER_LINES:
            result.warnings.append(f"header block longer than {MAX_HEADER_LINES} lines; read as text")
            return
    if not any(key.casefold() in _KNOWN_KEYS for key, _ in pairs):
        return
    _apply_pairs(pairs, result)
    result.body = "\n".join(lines[len(pairs) + 1 :])


def _apply_pairs(pairs: list[tuple[str, str]], result: SourceText) -> None:
    from diplotui.dates import parse_published

    for key, value in pairs:
        field_name = _KNOWN_KEYS.get(key.casefold())
        if field_name is None:
            result.extra[key] = value
        elif field_name == "published":
            if not value:
                continue
            parsed = parse_published(value)
            if parsed is None:
                result.warnings.append(f"unreadable {key} date {value[:40]!r}; ignored")
            elif result.published is None:
                result.published = parsed
        elif getattr(result, field_name) is None and value:
            setattr(result, field_name, value)


# --- boilerplate ----------------------------------------------------------------------

_BOILERPLATE = re.compile(r"^\s*(?:" + "|".join(lexicon.BOILERPLATE_LINES) + r")\s*$", re.IGNORECASE)


def drop_boilerplate(body: str) -> str:
    """Return `body` without scraped navigation, share and cookie lines.

    Only short lines that are nothing but boilerplate go; runs of blank lines left
    behind are folded to one paragraph break.
    """
    kept = [line for line in body.split("\n") if len(line) > 160 or not _BOILERPLATE.match(line)]
    cleaned = "\n".join(kept)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
    return cleaned.strip("\n")


# --- HTML -----------------------------------------------------------------------------

_SKIP_TAGS = {
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "noscript",
    "svg",
    "button",
    "iframe",
    "template",
    "select",
    "figure",
}
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "tr",
    "pre",
    "ul",
    "ol",
    "dd",
    "dt",
    "main",
}
_META_NAMES = {
    "og:title": "title",
    "article:published_time": "published",
    "datepublished": "published",
    "pubdate": "published",
    "date": "published",
    "og:url": "source",
    "author": "author",
}


class _ArticleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts = Pieces()
        self.article_parts = Pieces()
        self.skip_depth = 0
        self.article_depth = 0
        self.in_title = False
        self.title = ""
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = (attributes.get("property") or attributes.get("name") or "").lower()
            if name in _META_NAMES and attributes.get("content"):
                self.meta.setdefault(_META_NAMES[name], attributes["content"])
            return
        if tag == "link" and attributes.get("rel", "").lower() == "canonical":
            self.meta.setdefault("source", attributes.get("href", ""))
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        elif tag == "article":
            self.article_depth += 1
        elif tag == "title":
            self.in_title = True
        if tag in _BLOCK_TAGS:
            self._emit("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self.skip_depth:
            self.skip_depth -= 1
        elif tag == "article" and self.article_depth:
            self.article_depth -= 1
        elif tag == "title":
            self.in_title = False
        if tag in _BLOCK_TAGS:
            self._emit("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if self.skip_depth:
            return
        self._emit(re.sub(r"\s+", " ", data))

    def _emit(self, text: str) -> None:
        self.parts.add(text)
        if self.article_depth:
            self.article_parts.add(text)


class Pieces:
    """Text gathered in many small pieces, joined a batch at a time: a page of tiny
    elements would otherwise keep an object per piece, many times the page's size."""

    BATCH = 4096

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.pending: list[str] = []

    def add(self, piece: str) -> None:
        self.pending.append(piece)
        if len(self.pending) >= self.BATCH:
            self.chunks.append("".join(self.pending))
            self.pending.clear()

    def text(self) -> str:
        return "".join(self.chunks) + "".join(self.pending)


def _paragraphs(text: str) -> Iterator[str]:
    """The non-empty paragraphs of `text` (split on blank lines), spaces squeezed, one
    at a time."""
    start = 0
    while start <= len(text):
        end = text.find("\n\n", start)
        if end < 0:
            end = len(text)
        paragraph = _SPACES.sub(" ", text[start:end]).strip()
        if paragraph:
            yield paragraph
        start = end + 2


def _joined(paragraphs: Iterable[str]) -> str:
    """`"\n\n".join(paragraphs)`, holding a batch of paragraphs at a time."""
    pieces = Pieces()
    for index, paragraph in enumerate(paragraphs):
        if index:
            pieces.add("\n\n")
        pieces.add(paragraph)
    return pieces.text()


def _after_menu(paragraphs: Iterator[str]) -> Iterator[str]:
    """`paragraphs` from the first that is not a menu line (up to two words, no full
    stop); the last paragraph always stays."""
    last = None
    for paragraph in paragraphs:
        if last is not None and (len(last.split()) > 2 or last.endswith((".", "!", "?"))):
            yield last
            yield paragraph
            yield from paragraphs
            return
        last = paragraph
    if last is not None:
        yield last


def _kept(items: Iterator[str], kept: list[str], count: int) -> Iterator[str]:
    """Yield `items`, keeping the first `count` of them in `kept`."""
    for item in items:
        if len(kept) < count:
            kept.append(item)
        yield item


_SPACES = re.compile(r" {2,}")
_STRAY_OPEN = re.compile(r"<(?=[^<>]*(?:<|$))")


def html_to_text(markup: str) -> SourceText:
    """Return the readable article text of a saved web page, with its metadata.

    The `<article>` element is preferred when the page has one; navigation, headers,
    footers, scripts and forms are left out.
    """
    parser = _ArticleParser()
    # A "<" with another "<" before any ">" opens no tag; left as it is, the standard
    # parser rescans the rest of the page from each one ("<a <a <a …" takes quadratic
    # time). Written as text, it is read once. The look-ahead of consecutive "<"s covers
    # disjoint stretches, so the pass is linear.
    # The page goes in a batch of pieces at a time: one `sub` over a page of tiny tags
    # would hold a piece object per tag.
    pieces = Pieces()
    done = 0
    for stray in _STRAY_OPEN.finditer(markup):
        pieces.add(markup[done : stray.start()])
        pieces.add("&lt;")
        done = stray.end()
        if len(pieces.chunks) > 1:
            parser.feed("".join(pieces.chunks))
            pieces.chunks.clear()
    pieces.add(markup[done:])
    parser.feed(pieces.text())
    parser.close()
    article = parser.article_parts.text()
    chosen = article if article.strip() else parser.parts.text()
    del parser.parts, parser.article_parts, article
    # Menus outside <nav> leave a run of one- and two-word lines ("Home", "World")
    # before the article: they are not content.
    paragraphs = _after_menu(_paragraphs(chosen))
    opening: list[str] = []  # the first paragraphs, where a byline is
    body = _joined(_kept(paragraphs, opening, 4))
    result = SourceText(body=body)
    byline = next(
        (
            re.match(r"^By\s+([A-Z][\w.’'-]+(?:\s+(?:and\s+)?[A-Z][\w.’'-]+){0,5})$", p)
            for p in opening
            if re.match(r"^By\s+[A-Z]", p)
        ),
        None,
    )
    title = parser.meta.get("title") or parser.title.strip()
    result.title = re.sub(r"\s+", " ", title).strip() or None
    result.source = parser.meta.get("source") or None
    result.author = parser.meta.get("author") or (byline.group(1) if byline else None)
    if parser.meta.get("published"):
        from diplotui.dates import parse_published

        result.published = parse_published(parser.meta["published"])
    return result


# --- the whole way in -------------------------------------------------------------------


def read_source(data: bytes, suffix: str) -> SourceText:
    """Turn one file's bytes into a clean `SourceText`.

    Args:
        data: The file's contents.
        suffix: The file's extension, lower case with the dot (`.txt`, `.md`, `.html`).

    Returns:
        The normalised body with metadata and any warnings.

    Raises:
        UnreadableInput: The file is empty, binary, undecodable or has no text.
    """
    text = normalise(decode(data))
    if not text.strip():
        raise UnreadableInput("no text (empty or only whitespace)")
    if suffix in (".html", ".htm"):
        source = html_to_text(text)
        # Character references (&#x202E;, &#x1b;) are decoded by the parser, after the
        # clean-up above: clean again.
        source.body = normalise(source.body)
        header = split_metadata(source.body)
        if header.body != source.body:
            source.body = header.body
    else:
        source = split_metadata(text)
    source.body = drop_boilerplate(source.body)
    if not source.body.strip():
        raise UnreadableInput("no text after the metadata and page furniture")
    if source.title is None:
        source.title = document_title(source.body, source.author)
    for name in ("title", "author", "source"):
        value = getattr(source, name)
        if value is not None:
            setattr(source, name, clean_line(value) or None)
    return source


def _headline_like(line: str) -> bool:
    """Whether a line reads like a headline: short, and not ending as a sentence does."""
    return len(line) <= 160 and not line.endswith((".", ",", ";", ":"))


def guess_title(body: str) -> str | None:
    """Return the first line of `body` when it reads like a headline, if any."""
    lines = (line.strip().lstrip("#").strip() for line in body.split("\n"))
    first = next((line for line in lines if line), "")
    return first if first and _headline_like(first) else None


# A line that is only a date and time ("MARCH 3, 2021", "Updated: 12:04 GMT, 3 March 2021"):
# the calendar's words from dates.py, and the words that go with them in a dateline.
_DATE_WORDS = "|".join(
    sorted(
        {*MONTHS, *WEEKDAYS, *(day[:3] for day in WEEKDAYS), "updated", "published", "posted"}
        | {"am", "pm", "a\\.m", "p\\.m", "gmt", "utc", "et", "est", "edt", "bst", "cet", "msk"}
        | {"local", "time", "at", "on"},
        key=len,
        reverse=True,
    )
)
# A run of digits is taken whole (`(?!\d)`): split at every place, a long number that
# is not a date line was tried in 2^n ways (a first line of 40 digits and a letter hung).
_DATE_LINE = re.compile(rf"(?i)(?:\b(?:{_DATE_WORDS})\b\.?|\d+(?!\d)(?:st|nd|rd|th)?|[\s,:./|–-])+")
# A photo caption or credit, or a byline.
_NOT_A_TITLE = re.compile(
    r"(?i)^(?:[\[(]?\s*(?:photo|photograph|image|picture|file photo|caption|credit|video)\b"
    r"|by\s+[A-Z]|.*\b(?:photo|image)\s*[:/]\s*\w|.*\((?:photo|image)\b)"
)


def document_title(body: str, author: str | None = None) -> str | None:
    """The title to show for a text that names none in its metadata: its first short
    line that reads like a headline, passing over date lines, photo captions and
    credits, bylines and the author's name; else the start of its first sentence."""
    for line in body.split("\n")[:12]:
        line = line.strip().lstrip("#").strip()
        if not line:
            continue
        if (
            _DATE_LINE.fullmatch(line)
            or _NOT_A_TITLE.match(line)
            or (author and line.lower().removeprefix("by ").strip() == author.lower())
        ):
            continue
        if _headline_like(line):
            return line
        sentence = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
        return sentence if len(sentence) <= 100 else sentence[:100].rsplit(" ", 1)[0] + "…"
    return None
