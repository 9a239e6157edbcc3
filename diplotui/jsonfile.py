"""Lays out a TinyDB store file so that a command reads only the documents it uses.

The file is one JSON object, as TinyDB reads it: the meta table first, the other tables,
then a `contents` table last, holding each document's text and extracted records
(`{"id": …, "text": …, "extraction": {…}}`, either left out when the document has
none), nine-tenths of the file. The meta row says,
in fixed-width fields, where that last table starts and how long the file is, and each
document row keeps the byte range of its entry (`content_at`). A reader parses the
bytes before the contents alone (the documents' metadata, the kept merges and index) and
reads a document's entry when it is asked for, from the same open file: a writer that
replaces the file meanwhile changes nothing it reads. A writer copies the entries of
the documents it keeps as they are.

A file that is not laid out so (an older format, or one edited by hand, whose lengths
no longer match) is parsed whole, its `contents` table with it; its next write lays it
out again.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable, Iterator
from io import BufferedReader
from typing import Any

import orjson

CONTENTS_TABLE = "contents"
_MARK = b',"contents":{'
_WIDTH = 12
_PLACEHOLDER = b"0" * _WIDTH
# The file's first bytes, as `layout` writes them (the store's meta table and row).
_LAYOUT = re.compile(
    rb'\{"diplotui":\{"1":\{"format":"diplotui-store","version":\d+,"contents_at":"(\d{12})","size":"(\d{12})"'
)
_READ_ALL = 256
"""Entries asked for at once from which the whole table is read rather than one by one."""


class ContentsError(Exception):
    """A document's entry cannot be read; the message says which and why, in a few words."""


class Contents:
    """The documents' texts and records of one store file as read: a table parsed with
    the file, or left unread at the end of the open file (see the module's note)."""

    def __init__(self, table: dict[str, dict[str, Any]] | None = None) -> None:
        self._table = table
        self._handle: BufferedReader | None = None
        self._start = 0  # where the contents table's `{` is in the file
        self._segment: bytes | None = None
        self._kept = False  # the segment stays in memory (see `read_whole`)
        self._lock = threading.Lock()

    @classmethod
    def at_end(cls, handle: BufferedReader, start: int) -> Contents:
        contents = cls()
        contents._handle, contents._start = handle, start
        weakref.finalize(contents, handle.close)
        return contents

    @classmethod
    def from_table(cls, table: Any) -> Contents:
        """The entries of a `contents` table parsed with the rest of the file.

        Raises:
            ContentsError: The table is not one diplotui writes.
        """
        if not isinstance(table, dict) or not all(_is_entry(row) for row in table.values()):
            raise ContentsError("the contents table is malformed")
        return cls({row["id"]: row for row in table.values()})

    def attach(
        self, rows: list[dict[str, Any]], check: Callable[[dict[str, Any]], str | None]
    ) -> Iterator[dict[str, Any]]:
        """Each row, one at a time, with its text and records as a document carries them
        (`text` and `extraction`, no `content_at`); `check` says what is wrong with a
        document's records, if anything.

        Raises:
            ContentsError: An entry is not where its row says (the file was cut short or
                edited), or its records are not what `check` wants.
        """
        whole_read = self._table is None and self._segment is None
        whole_read = whole_read and sum("content_at" in r for r in rows) > _READ_ALL
        if whole_read:
            self._read_all()
        try:
            yield from self._attached(rows, check)
        finally:
            if whole_read and not self._kept:
                self._segment = None  # read for this call: not kept as long as the tables

    def _attached(
        self, rows: list[dict[str, Any]], check: Callable[[dict[str, Any]], str | None]
    ) -> Iterator[dict[str, Any]]:
        for row in rows:
            if "content_at" not in row:
                yield row
                continue
            whole = dict(row)
            doc = whole.get("id", "")
            entry = self._entry(doc, whole.pop("content_at"))
            problem = check(entry["extraction"]) if "extraction" in entry else None
            if problem:
                raise ContentsError(f"document {doc}: {problem}")
            whole.update((name, entry[name]) for name in ("text", "extraction") if name in entry)
            yield whole

    def blob(self, row: dict[str, Any]) -> bytes | memoryview:
        """A row's entry in the contents table as the file holds it, for a writer to copy.

        Raises:
            ContentsError: As `attach`.
        """
        doc = row.get("id", "")
        if self._table is not None:
            found = self._table.get(doc) or {}
            return entry_bytes(doc, found.get("text"), found.get("extraction"))
        if self._segment is None:
            self._read_all()
        blob = self._piece(*_range(doc, row.get("content_at")))
        # The entry starts with its row's id (as `entry_bytes` writes it): a cheap check
        # that the range is right, without parsing the entry.
        head = b'{"id":' + orjson.dumps(doc)
        if not (
            len(blob) > len(head)
            and blob[: len(head)] == head
            and blob[len(head)] in b",}"
            and blob[-1:] == b"}"
        ):
            raise ContentsError(f"document {doc}: its text and records are not where the file says")
        return blob

    def read_whole(self) -> None:
        """Read every entry now and close the file (where an open file would keep a writer
        from replacing it, as on Windows)."""
        self._read_all()
        self._kept = True
        self.close()

    def close(self) -> None:
        """Close the file the entries are read from (they are then read no more)."""
        if self._handle is not None:
            self._handle.close()

    def _entry(self, doc: str, at: Any) -> dict[str, Any]:
        if self._table is not None:
            return self._table.get(doc) or {}
        try:
            entry = orjson.loads(self._piece(*_range(doc, at)))
        except orjson.JSONDecodeError:
            entry = None
        if not (_is_entry(entry) and entry["id"] == doc):
            raise ContentsError(f"document {doc}: its text and records are not where the file says")
        return entry

    def _piece(self, start: int, end: int) -> bytes | memoryview:
        if self._segment is not None:
            return memoryview(self._segment)[start:end]
        with self._lock:
            if self._handle is None or self._handle.closed:
                raise ContentsError("the store file was closed")
            self._handle.seek(self._start + start)
            return self._handle.read(end - start)

    def _read_all(self) -> None:
        with self._lock:
            if self._segment is not None or self._handle is None or self._handle.closed:
                return
            self._handle.seek(self._start)
            self._segment = self._handle.read()


def _is_entry(row: Any) -> bool:
    return (
        isinstance(row, dict)
        and isinstance(row.get("id"), str)
        and isinstance(row.get("text", ""), str)
        and isinstance(row.get("extraction", {}), dict)
    )


def _range(doc: str, at: Any) -> tuple[int, int]:
    if not (isinstance(at, list) and len(at) == 2 and all(isinstance(n, int) and n >= 0 for n in at)):
        raise ContentsError(f"document {doc}: 'content_at' is not a byte range")
    return at[0], at[1]


def entry_bytes(doc: str, text: str | None, extraction: dict[str, Any] | str | None) -> bytes:
    """A document's entry in the contents table (without what is None); `extraction` may
    be packed (a JSON text).

    Raises:
        ContentsError: A packed extraction is not a JSON object.
    """
    entry = b'{"id":' + orjson.dumps(doc)
    if text is not None:
        entry += b',"text":' + orjson.dumps(text)
    if extraction is None:
        return entry + b"}"
    if isinstance(extraction, str):
        try:
            valid = isinstance(orjson.loads(extraction), dict)
        except orjson.JSONDecodeError:
            valid = False
        if not valid:
            raise ContentsError(f"document {doc}: its records are not JSON")
        records = extraction.encode()
    else:
        records = orjson.dumps(extraction)
    return entry + b',"extraction":' + records + b"}"


def read(handle: BufferedReader) -> tuple[bytes | bytearray, Contents | None]:
    """The bytes of an open store file to parse as JSON and, when it is laid out with its
    contents at the end, those contents, left unread in the file (which they then own;
    else the caller closes it).

    Raises:
        OSError: The file cannot be read.
    """
    found = _LAYOUT.match(handle.read(160))
    if found:
        contents_at, size = int(found[1]), int(found[2])
        handle.seek(0, 2)
        if handle.tell() == size and contents_at < size:
            handle.seek(contents_at)
            if handle.read(len(_MARK)) == _MARK:
                head = bytearray(contents_at + 1)
                handle.seek(0)
                if handle.readinto(memoryview(head)[:contents_at]) == contents_at:
                    head[contents_at] = ord("}")
                    return head, Contents.at_end(handle, contents_at + len(_MARK) - 1)
    handle.seek(0)
    return handle.read(), None


def layout(
    data: dict[str, Any], meta_table: str, documents_table: str, contents: Contents | None
) -> list[bytes | memoryview]:
    """The bytes of a store file holding `data` (its tables, the meta table's row "1"
    first), each document's text and records moved to the contents table at the end;
    the chunks to write one after another. `data` is left as it was.

    Raises:
        ContentsError: A document's entry cannot be read from the file it came from, or
            its packed records are not JSON.
    """
    chunks: list[bytes | memoryview] = []
    rows: dict[str, dict[str, Any]] = {}
    position = 0  # where the next entry's key starts in the contents table
    for number, (name, row) in enumerate(data.get(documents_table, {}).items(), 1):
        kept = dict(row)  # not in place: a reader may hold the rows
        at = kept.pop("content_at", None)
        blob: bytes | memoryview
        if "text" in kept or "extraction" in kept or at is None or contents is None:
            blob = entry_bytes(kept.get("id", ""), kept.pop("text", None), kept.pop("extraction", None))
        else:
            blob = contents.blob(row)
        key = b'%s"%d":' % (b"," if chunks else b"{", number)
        start = position + len(key)
        kept["content_at"] = [start, start + len(blob)]
        rows[name] = kept
        chunks += (key, blob)
        position = start + len(blob)
    chunks.append(b"}" if chunks else b"{}")
    kept_meta = dict(next(iter(data[meta_table].values())))
    meta = {"format": kept_meta.pop("format"), "version": kept_meta.pop("version")}
    meta.update(contents_at=_PLACEHOLDER.decode(), size=_PLACEHOLDER.decode())
    meta.update((name, value) for name, value in kept_meta.items() if name not in meta)
    tables = {meta_table: {"1": meta}}
    tables.update((name, table) for name, table in data.items() if name not in (meta_table, CONTENTS_TABLE))
    if documents_table in tables:
        tables[documents_table] = rows
    head = orjson.dumps(tables)[:-1]
    size = len(head) + len(_MARK) - 1 + sum(len(chunk) for chunk in chunks) + 1
    fields = b'"contents_at":"%s","size":"%s"' % (_PLACEHOLDER, _PLACEHOLDER)
    filled = b'"contents_at":"%0*d","size":"%0*d"' % (_WIDTH, len(head), _WIDTH, size)
    head = head.replace(fields, filled, 1)
    return [head, _MARK[:-1], *chunks, b"}"]


def same_entry(old: dict[str, Any], new: dict[str, Any], contents: Contents | None) -> bool:
    """Whether a row put again holds the text and records of the stored row it replaces
    (a file stamped anew, or extracted again by the same rules)."""
    if "content_at" in old and "text" not in old:
        if "content_at" in new and "text" not in new:
            return bool(old["content_at"] == new["content_at"])
        if contents is None:
            return False
        try:
            made = entry_bytes(new.get("id", ""), new.get("text"), new.get("extraction"))
            return contents.blob(old) == made
        except ContentsError:
            return False
    return all(old.get(name) == new.get(name) for name in ("text", "extraction"))


__all__ = ["CONTENTS_TABLE", "Contents", "ContentsError", "entry_bytes", "layout", "read"]
