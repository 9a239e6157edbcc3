"""Lays out a TinyDB store file so that a command reads only the documents it uses.

The file is one JSON object, as TinyDB reads it: the meta table first, the other tables,
then a `contents` table last, holding each document's text and extracted records
(`{"id": …, "text": …, "extraction": {…}}`, either left out when the document has none),
nine-tenths of the file, and last what the kept merges were worked out from (an entry
whose id is "", under the key "state": see `layout`). The meta row says, in
fixed-width fields, where that last table starts and how long the file is, and each
document row keeps the byte range of its entry (`content_at`). A reader parses the
bytes before the contents alone (the documents' metadata, the kept merges and index)
and reads a document's entry when it is asked for, from the same open file: a writer
that replaces the file meanwhile changes nothing it reads. A writer copies the entries
it keeps from the old file to the new (`FileRange`), a run at a time, and streams the
rest out entry by entry; an ingest's new entries wait on disk until then (`Spill`).

A file that is not laid out so (an older format, or one edited by hand, whose lengths
no longer match) is parsed whole, its `contents` table with it; its next write lays it
out again.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from io import BufferedReader
from pathlib import Path
from typing import Any, NamedTuple

import orjson

CONTENTS_TABLE = "contents"
_MARK = b',"contents":{'
_WIDTH = 12
_PLACEHOLDER = b"0" * _WIDTH
# The file's first bytes, as `layout` writes them (the store's meta table and row).
_LAYOUT = re.compile(
    rb'\{"diplotui":\{"1":\{"format":"diplotui-store","version":\d+,"contents_at":"(\d{12})","size":"(\d{12})"'
)
_TRAILING = 16
"""White space after the file's end that still leaves it as laid out (a saving editor's)."""
_WINDOWED_FROM = 256
"""Entries asked for at once from which they are read a window at a time (see `hold`)."""
_WINDOW = 1 << 20
"""The most bytes read at once for entries asked for together (see `hold`)."""


class ContentsError(Exception):
    """A document's entry cannot be read; the message says which and why, in a few words."""


class FileRange(NamedTuple):
    """Bytes of an open file for a writer to copy as they are, without reading them into
    memory where the system can copy between files itself (`copy_to`)."""

    fd: int
    start: int
    end: int

    def copy_to(self, out: int) -> None:
        """Append the bytes to the file open for writing as `out`, at its position.

        Raises:
            ContentsError: The file ends before them (it was cut short meanwhile).
            OSError: As writing does.
        """
        position = self.start
        while position < self.end and _COPY_FILE_RANGE:
            try:
                copied = os.copy_file_range(self.fd, out, self.end - position, position)
            except OSError as exc:
                if exc.errno not in _NO_COPY:
                    raise
                break  # not between these files: read and write below
            if copied == 0:
                break  # some file systems give nothing; read and write below
            position += copied
        while position < self.end:
            piece = os.pread(self.fd, min(_PIECE, self.end - position), position)
            if not piece:
                raise ContentsError("the store file was cut short while it was copied")
            _write_all(out, piece)
            position += len(piece)


_COPY_FILE_RANGE = hasattr(os, "copy_file_range")
_NO_COPY = {
    getattr(errno, name)
    for name in ("ENOSYS", "EXDEV", "EINVAL", "EOPNOTSUPP", "ENOTSUP", "EBADF", "EPERM")
    if hasattr(errno, name)
}
_PIECE = 1 << 20


def _write_all(out: int, data: bytes | bytearray | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(out, view) :]


def write_chunks(out: int, chunks: Iterable[bytes | memoryview | FileRange]) -> None:
    """Write `chunks` one after another to the file open for writing as `out`: bytes
    gathered into large writes, `FileRange`s copied.

    Raises:
        ContentsError: As `FileRange.copy_to`, or as the chunks are made.
        OSError: As writing does.
    """
    pending = bytearray()
    for chunk in chunks:
        if isinstance(chunk, FileRange):
            _write_all(out, pending)
            pending.clear()
            chunk.copy_to(out)
        elif len(chunk) >= _PIECE:  # written as it is, not copied into the buffer
            _write_all(out, pending)
            pending.clear()
            _write_all(out, chunk)
        else:
            pending += chunk
            if len(pending) >= _PIECE:
                _write_all(out, pending)
                pending.clear()
    _write_all(out, pending)


class Contents:
    """The documents' texts and records of one store file as read: a table parsed with
    the file, or left unread at the end of the open file (see the module's note)."""

    def __init__(self, table: dict[str, dict[str, Any]] | None = None) -> None:
        self._table = table
        self._handle: BufferedReader | None = None
        self._start = 0  # where the contents table's `{` is in the file
        self._segment: bytes | None = None
        # Entries asked for together (see `hold`): by an entry's start, the stretch of the
        # table read with it, and the stretch last read.
        self._plan: dict[int, tuple[int, int]] | None = None
        self._window: tuple[int, bytes] | None = None
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

    @property
    def in_file(self) -> bool:
        """Whether the entries were left in the file, as laid out (not parsed with it)."""
        return self._table is None

    def blob(self, row: dict[str, Any]) -> bytes | memoryview:
        """A row's entry in the contents table as the file holds it, for a writer to copy.

        Raises:
            ContentsError: As `attach`.
        """
        doc = row.get("id", "")
        if self._table is not None:
            found = self._table.get(doc) or {}
            return entry_bytes(doc, found.get("text"), found.get("extraction"))
        blob = self._piece(*_range(doc, row.get("content_at")))
        head = _head(doc)
        _check_head(doc, head, blob[: len(head) + 1], len(blob))
        _check_last(doc, blob[-1:])
        return blob

    def copied_from(self) -> tuple[int, int] | None:
        """The open file's descriptor and where the contents table's entries are counted
        from in it, for a writer to check and copy kept entries there (`layout`); None
        when the entries are in memory (`blob` gives them).

        Raises:
            ContentsError: The file was closed.
        """
        if self._table is not None or self._segment is not None or not hasattr(os, "pread"):
            return None
        with self._lock:
            if self._handle is None or self._handle.closed:
                raise ContentsError("the store file was closed")
            return self._handle.fileno(), self._start

    def hold(self, ranges: list[tuple[int, int]]) -> bool:
        """Plan to read these entries (their byte ranges, in the order they will be asked
        for) a window at a time when there are many: a run of entries that lie close
        together in the file is read in one piece of at most `_WINDOW` bytes, of which
        they fill at least half. Return whether a plan was made (see `release`).

        Reading the whole table at once would hold it in memory beside the records made
        from it: 70 MB more at 10,000 documents.
        """
        if self._table is not None or self._segment is not None or len(ranges) <= _WINDOWED_FROM:
            return False
        plan: dict[int, tuple[int, int]] = {}
        first = 0
        while first < len(ranges):
            low, high = ranges[first]
            used, last = high - low, first + 1
            while last < len(ranges):
                start, end = ranges[last]
                reach = max(high, end)
                if start < low or reach - low > _WINDOW or reach - low > 2 * (used + end - start):
                    break
                high, used, last = reach, used + end - start, last + 1
            for start, _ in ranges[first:last]:
                plan.setdefault(start, (low, high))
            first = last
        self._plan = plan
        return True

    def release(self) -> None:
        """Let go of the plan made by `hold`, and of the window last read."""
        self._plan = self._window = None

    def read_whole(self) -> None:
        """Read every entry now and close the file (where an open file would keep a writer
        from replacing it, as on Windows)."""
        self._read_all()
        self.close()

    def close(self) -> None:
        """Close the file the entries are read from (they are then read no more)."""
        if self._handle is not None:
            self._handle.close()

    def entry(self, doc: str, at: Any, text: bool = True) -> dict[str, Any]:
        """A document's entry (its id, and its text and records where it has them; not
        its text, unless `text`).

        Raises:
            ContentsError: As `attach`.
        """
        if self._table is not None:
            return self._table.get(doc) or {}
        piece = self._piece(*_range(doc, at))
        if not text:
            records = _records_of(doc, bytes(piece))
            if records is not None:
                return records
        try:
            entry = orjson.loads(piece)
        except orjson.JSONDecodeError:
            entry = None
        if not (_is_entry(entry) and entry["id"] == doc):
            raise ContentsError(f"document {doc}: its text and records are not where the file says")
        return entry

    def _piece(self, start: int, end: int) -> bytes | memoryview:
        if self._segment is not None:
            return memoryview(self._segment)[start:end]
        plan = self._plan
        planned = plan.get(start) if plan is not None else None
        if planned is not None and planned[0] <= start and end <= planned[1]:
            low, high = planned
            window = self._window
            if window is None or window[0] != low:
                window = self._window = (low, self._read(low, high))
            return memoryview(window[1])[start - low : end - low]
        return self._read(start, end)

    def _read(self, start: int, end: int) -> bytes:
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


_RECORDS_KEY = b',"extraction":'


def _records_of(doc: str, entry: bytes) -> dict[str, Any] | None:
    """An entry as `entry_bytes` writes it, without its text, which is not parsed (a
    third of the time of reading a corpus's entries); None when the entry is not
    written so, for the caller to parse whole.

    The records' key is found by its bytes: the text before it is a JSON string, in
    which a quotation mark is always escaped, so `,"` cannot occur in it.
    """
    head = _head(doc)
    if not (entry.startswith(head) and entry.endswith(b"}")):
        return None
    cut = entry.find(_RECORDS_KEY, len(head))
    if cut < 0:
        return {"id": doc} if entry[len(head) : len(head) + 8] in (b"}", b',"text":') else None
    try:
        records = orjson.loads(entry[cut + len(_RECORDS_KEY) : -1])
    except orjson.JSONDecodeError:
        return None
    return {"id": doc, "extraction": records} if isinstance(records, dict) else None


def _head(doc: str) -> bytes:
    """How a document's entry starts (as `entry_bytes` writes it)."""
    return b'{"id":' + orjson.dumps(doc)


def _check_head(doc: str, head: bytes, first: bytes | memoryview, length: int) -> None:
    """Check an entry's first bytes: it starts with its row's id (`head`), a cheap check
    that its range is right without parsing it (`_check_last` checks its end).

    Raises:
        ContentsError: It does not.
    """
    if not (
        length > len(head)
        and first[: len(head)] == head
        and bytes(first[len(head) : len(head) + 1]) in (b",", b"}")
    ):
        raise ContentsError(f"document {doc}: its text and records are not where the file says")


_HEAD_ENDS = (b",", b"}")
"""What may follow an entry's id."""


def _check_last(doc: str, last: bytes | memoryview) -> None:
    """Check an entry's last byte, its closing brace.

    Raises:
        ContentsError: It is not.
    """
    if bytes(last) != b"}":
        raise ContentsError(f"document {doc}: its text and records are not where the file says")


def _is_entry(row: Any) -> bool:
    return (
        isinstance(row, dict)
        and isinstance(row.get("id"), str)
        and isinstance(row.get("text", ""), str)
        and isinstance(row.get("extraction", {}), dict)
    )


def _range(doc: str, at: Any) -> tuple[int, int]:
    if type(at) is list and len(at) == 2:
        start, end = at
        if type(start) is int and type(end) is int and start >= 0 and end >= 0:
            return start, end
    raise ContentsError(f"document {doc}: 'content_at' is not a byte range")


def entry_bytes(doc: str, text: str | None, extraction: dict[str, Any] | str | None) -> bytes:
    """A document's entry in the contents table (without what is None); `extraction` may
    be packed (a JSON text).

    Raises:
        ContentsError: A packed extraction is not a JSON object.
    """
    entry = _head(doc)
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
        end = handle.seek(0, 2)
        if 0 <= end - size <= _TRAILING:  # an editor may have added a new line at the end
            handle.seek(size)
            end = size if handle.read().isspace() or end == size else end
        if end == size and contents_at < size:
            handle.seek(contents_at)
            if handle.read(len(_MARK)) == _MARK:
                head = bytearray(contents_at + 1)
                handle.seek(0)
                if handle.readinto(memoryview(head)[:contents_at]) == contents_at:
                    head[contents_at] = ord("}")
                    return head, Contents.at_end(handle, contents_at + len(_MARK) - 1)
    handle.seek(0)
    return handle.read(), None


class Spill:
    """Entries set aside on disk until a commit writes them: what an ingest has extracted,
    held in an unnamed temporary file rather than in memory (nothing is left behind
    however the process ends)."""

    def __init__(self, directory: Path | None = None) -> None:
        self._file = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115 - closed by `close`
        self._end = 0
        self._lock = threading.Lock()

    def put(self, blob: bytes) -> list[int]:
        """Set an entry aside; return where it is (a row's `spilled`).

        Raises:
            OSError: The disk is full, and so on.
        """
        with self._lock:
            self._file.seek(self._end)
            self._file.write(blob)
            start, self._end = self._end, self._end + len(blob)
        return [start, self._end]

    def blob(self, row: dict[str, Any]) -> bytes:
        """A row's entry as it was set aside."""
        start, end = _range(row.get("id", ""), row.get("spilled"))
        with self._lock:
            self._file.seek(start)
            return self._file.read(end - start)

    def entry(self, row: dict[str, Any]) -> dict[str, Any]:
        """A row's entry, parsed."""
        entry: dict[str, Any] = orjson.loads(self.blob(row))
        return entry

    def close(self) -> None:
        self._file.close()


def attach(
    rows: list[dict[str, Any]],
    contents: Contents | None,
    spill: Spill | None,
    check: Callable[[dict[str, Any]], str | None],
    texts: bool = True,
) -> Iterator[dict[str, Any]]:
    """Each row, one at a time, with its text and records as a document carries them
    (`text` and `extraction`; no `content_at` or `spilled`), read from the file's contents
    or from where an ingest set them aside; `check` says what is wrong with a document's
    records, if anything. Without `texts`, a text in the file's contents is not read.

    Raises:
        ContentsError: An entry is not where its row says (the file was cut short or
            edited), or its records are not what `check` wants.
    """
    held = contents is not None and contents.hold(_ranges(rows))
    try:
        for row in rows:
            if not ("content_at" in row or "spilled" in row):
                yield row
                continue
            whole = dict(row)
            doc = whole.get("id", "")
            at, spilled = whole.pop("content_at", None), whole.pop("spilled", None)
            if spilled is not None and spill is not None:
                entry = spill.entry(row)
            elif at is not None and contents is not None:
                entry = contents.entry(doc, at, texts)
            else:
                yield whole
                continue
            problem = check(entry["extraction"]) if "extraction" in entry else None
            if problem:
                raise ContentsError(f"document {doc}: {problem}")
            whole.update((name, entry[name]) for name in ("text", "extraction") if name in entry)
            yield whole
    finally:
        if held and contents is not None:
            contents.release()


def _ranges(rows: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """The byte ranges of the rows' entries in the file's contents (those that say one)."""
    found = []
    for row in rows:
        at = row.get("content_at")
        if type(at) is list and len(at) == 2 and type(at[0]) is int and type(at[1]) is int:
            found.append((at[0], at[1]))
    return found


def _source(row: dict[str, Any], contents: Contents | None, spill: Spill | None) -> str:
    """Where a row's entry is: in the row ("row"), the file's contents, or set aside."""
    if "text" in row or "extraction" in row:
        return "row"
    if "spilled" in row:
        if spill is None:  # set aside for another transaction: never written as empty
            raise ContentsError(f"document {row.get('id', '')}: held for another transaction")
        return "spill"
    if "content_at" in row and contents is not None:
        return "contents"
    return "row"


def entry_of(row: dict[str, Any], contents: Contents | None, spill: Spill | None) -> bytes | memoryview:
    """A row's entry as a store file holds it.

    Raises:
        ContentsError: As `attach`.
    """
    source = _source(row, contents, spill)
    if source == "spill" and spill is not None:
        return spill.blob(row)
    if source == "contents" and contents is not None:
        return contents.blob(row)
    return entry_bytes(row.get("id", ""), row.get("text"), row.get("extraction"))


def layout(
    data: dict[str, Any],
    meta_table: str,
    documents_table: str,
    contents: Contents | None,
    spill: Spill | None = None,
    state_table: str | None = None,
) -> Iterator[bytes | memoryview | FileRange]:
    """The bytes of a store file holding `data` (its tables, the meta table's row "1"
    first), each document's text and records moved to the contents table at the end,
    in chunks to write one after another (`write_chunks`): entries are read as they
    are written, not gathered first, and those kept from the file `contents` come from
    are copied from it. `data` is left as it was.

    A row of `state_table` may carry an entry of its own for the contents table (what a
    writer keeps for the next writer, that readers need not parse): as `state`, its
    bytes, or as `state_at`, where it is in the file `contents` come from. It is written
    last, under the key "state", and the row says where (`state_at`).

    Raises (as the chunks are made):
        ContentsError: A document's entry cannot be read from the file it came from, or
            its packed records are not JSON.
    """
    documents = data.get(documents_table, {})
    in_file = contents is not None and contents.in_file
    # Each entry in order: its key, its row, its bytes where they had to be made, its
    # length, and where it is in the contents of the file read (when it is copied).
    plan: list[tuple[bytes, dict[str, Any], bytes | memoryview | None, int, tuple[int, int] | None]] = []
    rows: dict[str, dict[str, Any]] = {}
    position = 0  # where the next entry's key starts in the contents table
    for number, (name, row) in enumerate(documents.items(), 1):
        source = _source(row, contents, spill)
        key = _key(number, name)
        blob, old = None, None
        if source == "spill":
            start, end = _range(row.get("id", ""), row["spilled"])
            length = end - start
        elif source == "contents" and in_file:
            old = _range(row.get("id", ""), row.get("content_at"))
            length = old[1] - old[0]
        else:
            blob = entry_of(row, contents, spill)
            length = len(blob)
        kept = dict(row)  # a reader may hold `row`
        for field in _ENTRY_FIELDS:
            kept.pop(field, None)
        start = position + len(key)
        kept["content_at"] = [start, start + length]
        rows[name] = kept
        position = start + length
        plan.append((key, row, blob, length, old))
    state_rows, state = _state(data.get(state_table) if state_table else None, contents)
    if state is not None:
        key = _STATE_KEY if documents else b"{" + _STATE_KEY[1:]
        start = position + len(key)
        state.row["state_at"] = [start, start + state.length]
        state.key, position = key, start + state.length
    kept_meta = dict(next(iter(data[meta_table].values())))
    meta = {"format": kept_meta.pop("format"), "version": kept_meta.pop("version")}
    meta.update(contents_at=_PLACEHOLDER.decode(), size=_PLACEHOLDER.decode())
    meta.update((name, value) for name, value in kept_meta.items() if name not in meta)
    tables = {meta_table: {"1": meta}}
    tables.update((name, table) for name, table in data.items() if name not in (meta_table, CONTENTS_TABLE))
    if documents_table in tables:
        tables[documents_table] = rows
    if state_table in tables and state_rows is not None:
        tables[state_table] = state_rows
    whole = orjson.dumps(tables)
    head = memoryview(whole)[:-1]  # without the closing brace; not copied (tens of MB)
    filled_table = documents or state is not None
    segment = position + 1 if filled_table else 2  # the table's closing `}`, or `{}`
    size = len(head) + len(_MARK) - 1 + segment + 1
    fields = b'"contents_at":"%s","size":"%s"' % (_PLACEHOLDER, _PLACEHOLDER)
    filled = b'"contents_at":"%0*d","size":"%0*d"' % (_WIDTH, len(head), _WIDTH, size)
    at = whole.find(fields)  # in the meta row, which comes first
    yield whole[:at] + filled
    yield head[at + len(fields) :]
    yield _MARK[:-1]
    # Kept entries are copied from the file they are in, a run of them (with the keys
    # between them, where those are the same) at a time.
    copied_from = contents.copied_from() if contents is not None else None
    fd, base = copied_from or (-1, 0)
    copying: list[int] = []  # the file, start and end of the run being gathered
    last = ""  # the id of the run's last entry, whose last byte is checked when it ends

    def run() -> FileRange:
        """The run gathered, its last entry's end checked (the others' were with the
        entry after them)."""
        _check_last(last, os.pread(copying[0], 1, copying[2] - 1))
        return FileRange(*copying)

    if state is not None:
        old = _range("", state.copied["content_at"]) if state.blob is None else None
        plan.append((state.key, state.copied, state.blob, state.length, old))
    for key, row, blob, length, old in plan:
        if old is not None and copied_from is not None:
            # One read: the byte before the key, the key, and the entry's first bytes,
            # which say it is the row's (its last byte is checked with the next entry's
            # read, or when its run ends).
            doc = row.get("id", "")
            start, end = base + old[0], base + old[1]
            expected = _head(doc)
            before = min(len(key) + 1, start)
            around = os.pread(fd, before + len(expected) + 1, start - before)
            if not (
                end - start > len(expected)
                and around[before : before + len(expected)] == expected
                and around[before + len(expected) : before + len(expected) + 1] in _HEAD_ENDS
            ):
                _check_head(doc, expected, around[before:], end - start)  # raises
            if copying and copying[2] + len(key) == start and before > len(key):
                if around[1:before] == key:
                    if around[:1] != b"}":
                        _check_last(last, around[:1])  # raises: the entry before ends here
                    copying[2], last = end, doc
                    continue
            if copying:
                yield run()
            yield key
            copying, last = [fd, start, end], doc
            continue
        if copying:
            yield run()
            copying = []
        yield key
        if blob is None:
            blob = entry_of(row, contents, spill)
        if len(blob) != length:
            raise ContentsError(f"document {row.get('id', '')}: its text and records changed while written")
        yield blob
    if copying:
        yield run()
    yield b"}}" if filled_table else b"{}}"


_ENTRY_FIELDS = ("text", "extraction", "content_at", "spilled")


_STATE_KEY = b',"state":'


class _State:
    """The state entry a row of the state table carries: made anew (`blob`), or copied
    from the file it is in (`copied`, a row as a document's would say where)."""

    def __init__(self, row: dict[str, Any], blob: bytes | None, copied: dict[str, Any], length: int) -> None:
        self.row = row
        self.blob = blob
        self.copied = copied
        self.length = length
        self.key = _STATE_KEY


def _state(table: Any, contents: Contents | None) -> tuple[dict[str, Any] | None, _State | None]:
    """The state table's rows as they will be written and the state entry one of them
    carries, if any (one whose entry cannot be copied from a file read whole loses it:
    the next writer works it out again)."""
    if not isinstance(table, dict):
        return None, None
    rows: dict[str, Any] = {}
    found = None
    for name, row in table.items():
        if not isinstance(row, dict) or not ("state" in row or "state_at" in row):
            rows[name] = row
            continue
        row = dict(row)  # a reader may hold the table's row
        blob, at = row.pop("state", None), row.pop("state_at", None)
        rows[name] = row
        if found is not None:
            continue
        copied = {"id": "", "content_at": at}
        if isinstance(blob, bytes):
            found = _State(row, blob, copied, len(blob))
        elif at is not None and contents is not None and contents.in_file:
            start, end = _range("", at)
            found = _State(row, None, copied, end - start)
    return rows, found


def _key(number: int, name: str) -> bytes:
    """The key of the contents table's entry `number` (from 1), with what comes before
    it: the key of the document's row (so that an entry kept where it was keeps the
    bytes before it, and is copied with its neighbours)."""
    return (b"," if number > 1 else b"{") + orjson.dumps(name) + b":"


def same_entry(
    old: dict[str, Any], new: dict[str, Any], contents: Contents | None, spill: Spill | None = None
) -> bool:
    """Whether a row put again holds the text and records of the stored row it replaces
    (a file stamped anew, or extracted again by the same rules)."""
    if all(old.get(name) == new.get(name) for name in _ENTRY_FIELDS):
        return True
    try:
        return bytes(entry_of(old, contents, spill)) == bytes(entry_of(new, contents, spill))
    except ContentsError:
        return False


__all__ = [
    "CONTENTS_TABLE",
    "Contents",
    "ContentsError",
    "FileRange",
    "Spill",
    "attach",
    "entry_bytes",
    "layout",
    "read",
    "write_chunks",
]
