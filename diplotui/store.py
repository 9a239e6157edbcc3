"""Provides the store: documents and their extracted records, in one file.

`Store(path)` opens the backend the file name asks for: one TinyDB JSON file (the
default, `JSONStore` here) or, for names ending in .sqlite, .sqlite3 or .db, one SQLite
file (`diplotui.sqlstore`). This module is the only one that imports TinyDB. Both keep
the same guarantees:

- a whole ingest is one commit (TinyDB's caching middleware holds every change until
  the transaction commits; SQLite has its own transactions);
- every write is atomic: a JSON store is written to a temporary file in the same
  directory, fsynced and renamed, so a killed process leaves the old store or the new
  one, never half of one;
- writers are serialised by a lock file next to the store; readers need no lock;
- the file carries a format name and version; a corrupt, foreign or newer file is
  refused with `StoreError` and left exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage

from diplotui import jsonfile
from diplotui.jsonfile import CONTENTS_TABLE, Contents, ContentsError, Spill
from diplotui.model import paused_gc

if TYPE_CHECKING:
    from diplotui.jsonmerges import Narrowing
    from diplotui.merged import Merged
    from diplotui.model import Person, Topic

FIRST_EVENT_TIES = 20
"""`Store.first_events` gives no first events when more than so many times as many
share their days (they would be no few)."""

FORMAT_NAME = "diplotui-store"
FORMAT_VERSION = 3
"""1: each document's extraction stored as JSON objects. 2: stored as one JSON text
(packed, see `pack`): parsing the file makes one string per document instead of every
record's objects, a sixth of the time at 50,000 documents. 3: each document's text and
records in a table of their own at the end of the file, read only by a command that
uses that document (`diplotui.jsonfile`). Versions 1 and 2 are read, and written as 3
by the next change."""
META_TABLE = "diplotui"
DOCUMENTS_TABLE = "documents"
ANNOTATIONS_TABLE = "annotations"
"""The analyst's layer (`diplotui.review`): apart from the documents, never touched by
ingest. A store without it has no annotations; older diplotui versions keep it as is."""
LOCK_TIMEOUT = 120.0


class StoreError(Exception):
    """The store cannot be used; the message names the file and the problem."""


def default_path() -> Path:
    """Return the store path: `$DIPLOTUI_DB`, else `diplotui.json` in the user data dir."""
    from diplotui.config import user_file

    return user_file("DIPLOTUI_DB", "data", "diplotui.json")


def atomic_write(path: Path, data: bytes | Iterable[bytes | memoryview | jsonfile.FileRange]) -> None:
    """Replace `path` with `data` (or its chunks, one after another: bytes, or ranges of
    another file to copy) so that readers see the old file or the new, whole.

    A symbolic link is written through: its target is replaced and the link stays.

    Raises:
        OSError: The directory is not writable, the disk is full, and so on; the old
            file is then untouched and no temporary file is left behind. Also when
            `path` is a device, a pipe or anything else that is not a regular file.
    """
    path = Path(os.path.realpath(path))
    if path.exists() and not path.is_file():
        raise OSError(f"{path} is not a regular file")
    directory = path.parent
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        try:
            jsonfile.write_chunks(fd, [data] if isinstance(data, bytes) else data)
            os.fsync(fd)
        finally:
            os.close(fd)
        with contextlib.suppress(OSError):
            # mkstemp makes 0600 files; keep the old file's mode, or the usual one for new files.
            os.chmod(temp_name, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            dir_fd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class StoreData(dict[str, Any]):
    """A store file's tables as read, and its documents' texts and records (`contents`:
    None when each document row holds its own, as in files of format 2 and older)."""

    contents: Contents | None = None


def read_store_file(path: Path) -> StoreData | None:
    """Read and check a store file; return None when it does not exist yet.

    Raises:
        StoreError: The file is unreadable, not JSON, not a diplotui store, or newer.
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 - laid out, it is kept open for its contents
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StoreError(f"{path}: is a directory, not a store file") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the store ({exc.strerror or exc})") from None
    contents: Contents | None = None
    try:
        raw, contents = jsonfile.read(handle)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the store ({exc.strerror or exc})") from None
    finally:
        if contents is None:
            handle.close()
    try:
        checked = _checked(path, raw, contents)
        if contents is not None and sys.platform == "win32":
            contents.read_whole()  # an open file cannot be replaced there
        return checked
    except BaseException:
        if contents is not None:
            contents.close()
        raise


def _checked(path: Path, raw: bytes | bytearray, contents: Contents | None) -> StoreData:
    """The tables of a store file's bytes (and its contents), checked (see `read_store_file`)."""
    if not raw or raw.isspace():
        raise StoreError(f"{path}: empty file, not a diplotui store (move it away to start afresh)")
    try:
        data = _parse(raw)
    except orjson.JSONDecodeError:
        raise StoreError(f"{path}: corrupt store (not valid JSON); left untouched") from None
    meta = _meta(data)
    if meta is None:
        raise StoreError(f"{path}: not a diplotui store (a JSON file of another kind); left untouched")
    version = meta.get("version")
    if not isinstance(version, int):
        raise StoreError(f"{path}: corrupt store (format version missing); left untouched")
    if version > FORMAT_VERSION:
        raise StoreError(
            f"{path}: made by a newer diplotui (store format {version}, this one reads "
            f"{FORMAT_VERSION}); upgrade diplotui"
        )
    documents = data.get(DOCUMENTS_TABLE, {})
    if not isinstance(documents, dict) or not all(isinstance(d, dict) for d in documents.values()):
        raise StoreError(f"{path}: corrupt store (documents table is malformed); left untouched")
    annotations = data.get(ANNOTATIONS_TABLE, {})
    if not isinstance(annotations, dict) or not all(
        _annotation_problem(a) is None for a in annotations.values()
    ):
        raise StoreError(f"{path}: corrupt store (annotations table is malformed); left untouched")
    if (
        contents is None
        and _tables_may_repeat(raw)
        and len(found := _TABLE_KEY.findall(raw)) > len(set(found))
    ):
        # JSON parsers keep the last of two equal keys: a hand-edited file with the
        # documents table twice would silently lose the first. (A file laid out with its
        # contents at the end is as diplotui wrote it: an edit changes the lengths its meta
        # row gives, and the file is then read whole, and checked here.)
        raise StoreError(f"{path}: corrupt store (a table appears twice); left untouched")
    for key, document in documents.items():
        problem = document_problem(document)
        if problem:
            raise StoreError(f"{path}: corrupt store (document {key}: {problem}); left untouched")
    checked = StoreData(data)
    if contents is not None:
        if CONTENTS_TABLE in checked:  # read from before the contents at the end: a second table
            raise StoreError(f"{path}: corrupt store (a table appears twice); left untouched")
        checked.contents = contents
    elif CONTENTS_TABLE in checked:
        try:
            checked.contents = Contents.from_table(checked.pop(CONTENTS_TABLE))
        except ContentsError as exc:
            raise StoreError(f"{path}: corrupt store ({exc}); left untouched") from None
    return checked


# The store's tables as keys: `"diplotui": {`, `"documents": {` and `"annotations": {`.
# Record fields named "documents" hold lists, and quotation marks inside strings are
# escaped, so anything else matching is a duplicated table.
_TABLES = (META_TABLE.encode(), DOCUMENTS_TABLE.encode(), ANNOTATIONS_TABLE.encode(), CONTENTS_TABLE.encode())
_TABLE_KEY = re.compile(rb'"(%s|%s|%s|%s)"\s*:\s*\{' % _TABLES)


def _tables_may_repeat(raw: bytes | bytearray) -> bool:
    """Whether a table's name appears twice (a quick search, where the pattern above
    scans every quotation mark: packed records escape theirs, so a name is usually once)."""
    return any(raw.count(b'"%s"' % name) > 1 for name in _TABLES)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# Fields a stored document and its records must have, and their types.
_DOCUMENT_FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "path": str,
    "title": str,
    "text": str,
    "sha256": str,
    "extraction": (dict, str),
    "content_at": list,
}
_RECORD_FIELDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "people": {"id": str, "name": str},
    "events": {"id": str, "kind": str, "participants": list},
    "quotes": {"id": str, "text": str, "start": int, "end": int},
}


def document_problem(document: dict[str, Any]) -> str | None:
    """What is wrong with a stored document, in a few words, or None. Every document
    has an id; the other fields, where present, have their types. Records kept apart
    (packed as a JSON text, or in the contents table) are checked when they are read
    (`unpack`, `with_contents`)."""
    if not isinstance(document.get("id"), str) or not document["id"]:
        return "'id' is missing"
    for name, kind in _DOCUMENT_FIELDS.items():
        if name in document and not isinstance(document[name], kind):
            return f"'{name}' is not a {getattr(kind, '__name__', 'value')}"
    extraction = document.get("extraction")
    # Records kept in the contents table, or packed, are checked when they are read.
    return None if extraction is None or isinstance(extraction, str) else records_problem(extraction)


def records_problem(extraction: dict[str, Any]) -> str | None:
    """What is wrong with a document's records (its `extraction`), or None."""
    for table, fields in _RECORD_FIELDS.items():
        rows = extraction.get(table, [])
        if not isinstance(rows, list):
            return f"'{table}' is not a list"
        for row in rows:
            if not isinstance(row, dict):
                return f"a record of '{table}' is not an object"
            for name, kind in fields.items():
                if not isinstance(row.get(name), kind) or (kind is str and not row[name]):
                    return f"a record of '{table}' has no valid '{name}'"
            if table == "events":
                for name in ("date_start", "date_end"):
                    value = row.get(name)
                    if value is not None and not (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
                        return f"an event's '{name}' is not a YYYY-MM-DD date"
    return None


def _entry_start(row: dict[str, Any]) -> int:
    """Where a row's entry starts in the file's contents (-1 when it says nowhere)."""
    at = row.get("content_at")
    return at[0] if type(at) is list and at and type(at[0]) is int else -1


def _rows_of(data: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The document rows of a file's tables as read, oldest first."""
    rows = (data or {}).get(DOCUMENTS_TABLE, {})
    return [rows[key] for key in sorted(rows, key=int)]


def with_contents(
    path: Path,
    data: dict[str, Any] | None,
    rows: list[dict[str, Any]],
    spill: Spill | None = None,
    texts: bool = True,
) -> Iterator[dict[str, Any]]:
    """Rows of the file's tables as read (`data`), one at a time, with their texts and
    records as documents carry them. In a file laid out with its contents at the end,
    only these rows' entries are read, and only now; rows an ingest set aside are read
    back from `spill` (see `diplotui.jsonfile`).

    Raises:
        StoreError: A row's text and records are not where it says (the file was cut
            short or edited), or its records are not valid.
    """
    contents = getattr(data, "contents", None)
    if contents is None and spill is None:
        yield from rows
        return
    try:
        yield from jsonfile.attach(rows, contents, spill, records_problem, texts)
    except ContentsError as exc:
        raise StoreError(f"{path}: corrupt store ({exc}); left untouched") from None


def pack(document: dict[str, Any]) -> dict[str, Any]:
    """The document as a version 2 file keeps it: its extraction as one JSON text."""
    extraction = document.get("extraction")
    if not isinstance(extraction, dict):
        return document
    return {**document, "extraction": orjson.dumps(extraction).decode()}


def unpack(path: Path, document: dict[str, Any]) -> dict[str, Any]:
    """The stored document with its extraction as objects, checked.

    Raises:
        StoreError: The packed records are not JSON or not records (`records_problem`).
    """
    extraction = document.get("extraction")
    if not isinstance(extraction, str):
        return document
    try:
        records = orjson.loads(extraction)
    except orjson.JSONDecodeError:
        records = None
    unpacked = {**document, "extraction": records}
    # The document's own fields were checked when the file was read.
    problem = "its records are not JSON" if not isinstance(records, dict) else records_problem(records)
    if problem:
        raise StoreError(f"{path}: corrupt store (document {document.get('id')}: {problem}); left untouched")
    return unpacked


def _annotation_problem(entry: Any) -> str | None:
    """What is wrong with a stored annotation, or None."""
    if not isinstance(entry, dict):
        return "not an object"
    for name in ("id", "target", "kind", "created"):
        if not isinstance(entry.get(name), str) or not entry[name]:
            return f"no valid '{name}'"
    if "anchor" in entry and not isinstance(entry["anchor"], dict):
        return "'anchor' is not an object"
    return None


def _check_annotation(path: Path, entry: dict[str, Any]) -> None:
    problem = _annotation_problem(entry)
    if problem:
        raise StoreError(f"{path}: refused an annotation ({problem})")


def _checked_annotations(path: Path, entries: list[Any]) -> list[dict[str, Any]]:
    for entry in entries:
        if _annotation_problem(entry):
            raise StoreError(f"{path}: corrupt store (annotations table is malformed); left untouched")
    return entries


def _parse(raw: bytes | bytearray) -> Any:
    """Parse JSON with the cyclic collector paused (a big store is many small objects)."""
    with paused_gc():
        return orjson.loads(raw)


def _meta(data: Any) -> dict[str, Any] | None:
    if not isinstance(data, dict):
        return None
    table = data.get(META_TABLE)
    if not isinstance(table, dict):
        return None
    for row in table.values():
        if isinstance(row, dict) and row.get("format") == FORMAT_NAME:
            return row
    return None


class _CheckedJSONStorage(Storage):
    """TinyDB storage over one JSON file: checked reads, atomic orjson writes."""

    def __init__(self, path: str, initial: dict[str, Any] | None = None, spill: Spill | None = None) -> None:
        self.path = Path(path)
        self.initial = initial
        self.spill = spill

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self.initial is not None:
            data, self.initial = self.initial, None
            return data
        return read_store_file(self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        from diplotui.jsonmerges import MERGES_TABLE

        contents = getattr(data, "contents", None)
        try:
            with paused_gc():  # tens of thousands of rows copied, no cycles
                atomic_write(
                    self.path,
                    jsonfile.layout(data, META_TABLE, DOCUMENTS_TABLE, contents, self.spill, MERGES_TABLE),
                )
        except ContentsError as exc:
            raise StoreError(f"{self.path}: corrupt store ({exc}); left untouched") from None

    def close(self) -> None:
        pass


class _HoldAllMiddleware(CachingMiddleware):
    """Keep every write in memory until `flush()`: one file write per transaction."""

    WRITE_CACHE_SIZE = sys.maxsize


def _read_only_mode(path: Path) -> bool:
    """Whether the file's mode forbids writing for everyone (root ignores permissions,
    so `os.access` alone would let root rewrite a store the user made 0444)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")


def is_sqlite_path(path: Path | str) -> bool:
    """Whether a store path names the SQLite backend (by its suffix)."""
    return Path(path).suffix.lower() in SQLITE_SUFFIXES


class Store:
    """The document store at `path`: one TinyDB JSON file (the default), or one SQLite
    file when the name ends in .sqlite, .sqlite3 or .db. `Store(path)` gives the right one.
    """

    def __new__(cls, path: Path | str) -> Store:
        if cls is Store:
            if is_sqlite_path(path):
                from diplotui.sqlstore import SQLiteStore

                cls = SQLiteStore
            else:
                cls = JSONStore
        return super().__new__(cls)

    def __init__(self, path: Path | str) -> None:
        # A store reached through a symbolic link is its target: one lock, one file,
        # and writes replace the target, not the link.
        self.path = Path(os.path.realpath(Path(path).expanduser()))

    @property
    def backend(self) -> str:
        """The backend's name, as the README and `diplotui migrate` say it."""
        raise NotImplementedError

    @property
    def lock_path(self) -> Path:
        """The lock file writers hold."""
        return self.path.with_name(self.path.name + ".lock")

    def exists(self) -> bool:
        """Whether the store file exists."""
        return self.path.exists()

    def documents(self) -> list[dict[str, Any]]:
        """Return every stored document (with its extraction), oldest first, without
        taking the lock.

        Raises:
            StoreError: The file is unusable.
        """
        raise NotImplementedError

    def _rows(self) -> list[dict[str, Any]]:
        """The documents as stored, their records in whatever form the backend keeps."""
        return self.documents()

    def each_document(self, texts: bool = True) -> Iterator[dict[str, Any]]:
        """Every stored document, as `documents()` gives them, one at a time: a reader
        that turns each into objects as it comes never holds every record at once (at
        50,000 documents the records alone take over a gigabyte). Without `texts`, the
        documents may come without their texts (a reader that reads them when needed).

        Raises:
            StoreError: The file is unusable.
        """
        yield from self.documents()

    def is_empty(self) -> bool:
        """Whether the store holds no document (or does not exist yet).

        Raises:
            StoreError: The file is unusable.
        """
        return not self.documents()

    def annotations(self) -> list[dict[str, Any]]:
        """The analyst's annotations (`diplotui.review`), oldest first, without the lock.

        Raises:
            StoreError: The file is unusable.
        """
        raise NotImplementedError

    def held(self, document: dict[str, Any]) -> dict[str, Any]:
        """The document in the form this store keeps it in, for a writer to hold until it
        puts it (`Transaction.put` takes either form)."""
        return document

    keeps_merges = False
    """Whether the store keeps the cross-document merges and counts (see `merged`)."""
    batch_size: int | None = None
    """Documents an ingest commits at a time (None: all in one commit)."""

    def documents_by_id(self, ids: set[str], texts: bool = True) -> list[dict[str, Any]]:
        """The stored documents with these ids, oldest first (without `texts`, maybe
        without their texts)."""
        return [d for d in self.documents() if d["id"] in ids]

    def texts(self, ids: set[str]) -> dict[str, str]:
        """The texts of the stored documents with these ids, by id.

        Raises:
            StoreError: The file is unusable.
        """
        return {d["id"]: d.get("text") or "" for d in self.documents_by_id(ids)}

    def text_finder(self, ids: list[str]) -> Callable[[str], set[int]] | None:
        """What finds, of the documents `ids`, those whose text holds a phrase, in the
        store's own full-text index; None when it keeps none (the query layer then
        indexes the texts in memory). The finder takes a folded phrase and gives the
        positions in `ids` of the documents holding it where a word begins, as
        `diplotui.textindex.TextIndex` finds it: its words in a row, the last one begun.

        Raises:
            StoreError: The file is unusable.
        """
        return None

    def each_document_by_id(self, ids: set[str], texts: bool = True) -> Iterator[dict[str, Any]]:
        """`documents_by_id`, one at a time (a store that can reads them as they go)."""
        yield from self.documents_by_id(ids, texts)

    def merged(self, documents: set[str] | None = None) -> Merged | None:
        """What the cross-document merges decided for the people and events of the
        documents with these ids (all of them: None), as kept at ingest; None when this
        store keeps no such thing and readers must merge as they read."""
        return None

    def documents_for(
        self, field: str, value: str, low: str | None = None, high: str | None = None
    ) -> set[str] | None:
        """The ids of the documents a positive query term on `field` can concern (for
        `person:`, those naming a merged person whose names hold `value`, folded, or whose
        id it is; `low` and `high` bound a `date:` range; "words" is a free word, without
        spaces, to be found in a record or a text), with every document reporting
        any event these report (so each merged event is whole). None when this store
        cannot tell without reading everything, or for a field it does not index."""
        return None

    def documents_named(self, name: str, abspath: str) -> Iterator[dict[str, Any]]:
        """The stored documents that may be the one `name` names (its id, its path as
        shown, or its title, folded) or that came from `abspath`: a superset, for the
        caller to check each against what it means."""
        yield from self.each_document()

    def documents_holding(self, ids: set[str]) -> set[str] | None:
        """The ids of the documents that hold any of these records (events, merged or as
        one document reported them; quotes; people, merged or as named; documents), with
        every document reporting any event these report. None when this store cannot
        tell without reading everything."""
        return None

    def undated_events(self) -> int | None:
        """How many merged events have no date at all, when the store can tell without
        building the corpus (else None)."""
        return None

    def first_events(self, count: int) -> tuple[set[str], str] | None:
        """The ids of the reports of the `count` first dated events (with every other of
        the last one's day and the days before), and that day, from an index of their
        dates; None when the store keeps none, or when so many share those days that
        they are no few."""
        return None

    def event_dates(self) -> list[tuple[str, str | None, int]] | None:
        """How many merged events have each pair of first and last dates (the dates of
        the report with the shortest span, undated events left out), from the store's
        indexes; None when it keeps none."""
        return None

    def most_active(self, count: int) -> list[tuple[Person, int, int]] | None:
        """The `count` merged people who took part in the most merged events (then by
        name: the order of the explorer's participants pane), each with how many events
        they took part in and how many statements they made, from the store's indexes;
        None when it keeps none."""
        return None

    def topic_counts(self) -> list[tuple[Topic, int]] | None:
        """Every topic, with how many merged events touch it, from the store's indexes;
        None when it keeps none."""
        return None

    def counts(self) -> tuple[int, int, int, int] | None:
        """Documents, merged events, merged people and quotes that are statements, when
        the store keeps them (else None: count from the corpus)."""
        return None

    def fingerprints(self, paths: set[str] | None = None) -> dict[str, dict[str, Any]]:
        """What ingest needs to tell changed files: per stored path (of those in `paths`,
        or all), the document's `fingerprint`, `sha256` and `file_stat` (here its row as
        read, which holds them: not to be changed)."""
        if paths is None:
            return {d.get("abspath", ""): d for d in self._rows()}
        return {d.get("abspath", ""): d for d in self._rows() if d.get("abspath", "") in paths}

    def transaction(self, more: bool = False) -> contextlib.AbstractContextManager[Transaction]:
        """Hold the writer lock and commit every change of the block at once, or none
        if the block raises. `more`: further transactions of the same ingest follow (a
        store may leave work that spans them to the last).

        Raises:
            StoreError: The store is unusable, locked for too long, or cannot be written.
        """
        raise NotImplementedError

    @contextlib.contextmanager
    def _writer_lock(self) -> Iterator[None]:
        """Check the file can be written, then hold the lock file writers share."""
        self._check_directory()
        lock = FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT)
        try:
            lock.acquire()
        except Timeout:
            raise StoreError(
                f"{self.path}: another diplotui is writing; gave up after {LOCK_TIMEOUT:.0f} s"
            ) from None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create the lock file ({exc.strerror or exc})") from None
        try:
            yield
        finally:
            lock.release()

    def _check_directory(self) -> None:
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory, not a store file")
        if self.path.exists() and not os.access(self.path, os.W_OK) or _read_only_mode(self.path):
            # As git and SQLite do: a file made read-only is not to be rewritten.
            raise StoreError(f"{self.path}: the store is read-only; make it writable to ingest into it")
        parent = self.path.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{parent}: cannot create the store directory ({exc.strerror or exc})") from None


class JSONStore(Store):
    """The TinyDB store: one JSON file, read whole, written whole and atomically."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(path)
        # The last file read and what it held: a command that reads the store and then
        # writes it parses the file once, unless another process replaced it meanwhile.
        self._last: tuple[tuple[int, int, int, int], dict[str, Any]] | None = None
        # The merges kept in that file, as `_kept` read them (keyed by the data read).
        self._merges: tuple[dict[str, Any], Any] | None = None
        self._by_id: tuple[dict[str, Any] | None, dict[str, dict[str, Any]]] | None = None
        # Where `held` sets documents aside until a transaction writes them.
        self._spill: Spill | None = None
        self._writing = False

    @property
    def backend(self) -> str:
        return "TinyDB (JSON)"

    def _read(self) -> dict[str, Any] | None:
        try:
            info = self.path.stat()
            stamp = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        except OSError:
            stamp = None
        if stamp is not None and self._last is not None and self._last[0] == stamp:
            return self._last[1]
        data = read_store_file(self.path)
        self._last = (stamp, data) if stamp is not None and data is not None else None
        return data

    def _rows(self) -> list[dict[str, Any]]:
        """The documents as the file keeps them (texts and records apart), oldest first."""
        return _rows_of(self._read())

    def documents(self) -> list[dict[str, Any]]:
        return list(self.each_document())

    def each_document(self, texts: bool = True) -> Iterator[dict[str, Any]]:
        data = self._read()  # once: the rows and their contents from the same file
        for row in with_contents(self.path, data, _rows_of(data), texts=texts):
            yield unpack(self.path, row)

    def documents_by_id(self, ids: set[str], texts: bool = True) -> list[dict[str, Any]]:
        data = self._read()
        rows = [row for row in _rows_of(data) if row["id"] in ids]
        return [unpack(self.path, row) for row in with_contents(self.path, data, rows, texts=texts)]

    def texts(self, ids: set[str]) -> dict[str, str]:
        data = self._read()
        if self._by_id is None or self._by_id[0] is not data:
            self._by_id = (data, {row.get("id", ""): row for row in _rows_of(data)})
        rows = [self._by_id[1][i] for i in ids if i in self._by_id[1]]
        rows.sort(key=_entry_start)  # in the file's order: read a window at a time
        return {row["id"]: row.get("text") or "" for row in with_contents(self.path, data, rows)}

    def is_empty(self) -> bool:
        data = self._read()
        return not (data or {}).get(DOCUMENTS_TABLE)

    def held(self, document: dict[str, Any]) -> dict[str, Any]:
        """The document's row, its text and records set aside on disk until this store's
        next transaction writes them (a whole ingest of 50,000 documents would hold a
        few hundred megabytes of them); held packed in memory if they cannot be, or if
        a transaction is open (it writes only what was set aside before it began)."""
        if self._writing:
            return pack(document)
        try:
            if self._spill is None:
                directory = self.path.parent if self.path.parent.is_dir() else None
                self._spill = Spill(directory)
            entry = jsonfile.entry_bytes(document["id"], document.get("text"), document.get("extraction"))
            at = self._spill.put(entry)
        except (OSError, ContentsError):
            return pack(document)
        row = {name: value for name, value in document.items() if name not in ("text", "extraction")}
        row["spilled"] = at
        return row

    def _kept(self) -> tuple[Merged, tuple[int, int, int, int], Narrowing] | None:
        """The merges the file keeps, if they are in step with its documents (see
        `diplotui.jsonmerges`), with the narrowing they allow; worked out once per read."""
        from diplotui.jsonmerges import MERGES_TABLE, Narrowing, kept

        data = self._read()
        if data is None:
            return None
        if self._merges is not None and self._merges[0] is data:
            return self._merges[1]
        rows = data.get(MERGES_TABLE)
        documents = self._rows()
        row = next(iter(rows.values()), None) if isinstance(rows, dict) and rows else None
        found = kept(row, documents)
        result = None
        if found is not None:
            result = (found[0], found[1], Narrowing(documents, found[0], (row or {}).get("index")))
        self._merges = (data, result)
        return result

    def merged(self, documents: set[str] | None = None) -> Merged | None:
        kept = self._kept()
        return kept[0] if kept else None

    def counts(self) -> tuple[int, int, int, int] | None:
        if self._read() is None:
            return (0, 0, 0, 0)
        kept = self._kept()
        return kept[1] if kept else None

    def documents_for(
        self, field: str, value: str, low: str | None = None, high: str | None = None
    ) -> set[str] | None:
        from diplotui.jsonmerges import MalformedIndex

        kept = self._kept()
        if kept is None:
            return None if self._read() is not None else set()
        try:
            base = kept[2].base(field, value, low, high)
            return None if base is None else kept[2].closed(base)
        except MalformedIndex:
            return None

    def first_events(self, count: int) -> tuple[set[str], str] | None:
        from diplotui.jsonmerges import MalformedIndex

        kept = self._kept()
        try:
            return kept[2].first_events(count, FIRST_EVENT_TIES) if kept else None
        except MalformedIndex:
            return None

    def event_dates(self) -> list[tuple[str, str | None, int]] | None:
        from diplotui.jsonmerges import MalformedIndex

        kept = self._kept()
        if kept is None:
            return None if self._read() is not None else []
        try:
            return kept[2].event_dates()
        except MalformedIndex:
            return None

    def documents_holding(self, ids: set[str]) -> set[str] | None:
        from diplotui.jsonmerges import MalformedIndex

        kept = self._kept()
        if kept is None:
            return None if self._read() is not None else set()
        try:
            return kept[2].closed(kept[2].holding(ids))
        except MalformedIndex:
            return None

    def undated_events(self) -> int | None:
        from diplotui.jsonmerges import MalformedIndex
        from diplotui.merged import regroup_events
        from diplotui.model import load_event

        kept = self._kept()
        if kept is None:
            return None if self._read() is not None else 0
        try:
            documents = kept[2].undated()
        except MalformedIndex:
            return None
        with paused_gc():
            events = [
                load_event(record)
                for document in self.documents_by_id(documents)
                for record in (document.get("extraction") or {}).get("events", [])
            ]
        merged = regroup_events(events, kept[0].event_map)
        return sum(1 for e in merged if not e.date_start and not e.date_partial)

    def annotations(self) -> list[dict[str, Any]]:
        data = self._read()
        rows = (data or {}).get(ANNOTATIONS_TABLE, {})
        return [rows[key] for key in sorted(rows, key=int)]

    @contextlib.contextmanager
    def transaction(self, more: bool = False) -> Iterator[Transaction]:
        try:
            with self._writer_lock():
                self._writing = True
                yield from self._transaction()
        finally:
            self._writing = False
            if not more and self._spill is not None:
                # What was set aside is written now, or given up with the transaction.
                self._spill.close()
                self._spill = None

    def _transaction(self) -> Iterator[Transaction]:
        self._clear_stale_temp_files()
        initial = self._read()
        self._last = None  # TinyDB changes what it is given; never reuse it
        if initial is None:
            initial = {
                META_TABLE: {"1": {"format": FORMAT_NAME, "version": FORMAT_VERSION}},
                DOCUMENTS_TABLE: {},
            }
        storage = _HoldAllMiddleware(_CheckedJSONStorage)
        db = TinyDB(str(self.path), storage=storage, initial=initial, spill=self._spill)
        transaction = JSONTransaction(db, self.path, self._spill)
        yield transaction
        from diplotui.jsonmerges import MERGES_TABLE, work_out

        merges = db.table(MERGES_TABLE, cache_size=0)
        if transaction.documents_changed or (transaction.changed and transaction.upgrading):
            # The merges of the documents as they will be, kept with them.
            # What the kept row says is trusted only in a file as `layout` wrote it: one
            # edited by hand is read whole, and so is every document of it, to check it.
            previous = merges.all() if transaction.laid_out() else None
            worked_out = work_out(
                transaction.rows(),
                transaction.each_document,
                previous[0] if previous else None,
                transaction.rows_before(),
                transaction.untouched(),
                transaction.read_entry,
            )
            merges.truncate()
            merges.insert(worked_out)
            transaction.merges_row, transaction.merges_fresh = worked_out, True
        else:
            rows = merges.all()
            transaction.merges_row = rows[0] if rows else None
        if transaction.changed:
            transaction.commit()
            try:
                db.storage.flush()  # type: ignore[attr-defined]
            except OSError as exc:
                kept = "the previous store is intact" if self.path.exists() else "nothing was written"
                raise StoreError(
                    f"{self.path}: cannot write the store ({exc.strerror or exc}); {kept}"
                ) from None

    def _clear_stale_temp_files(self) -> None:
        """Remove temporary files a killed writer left; only lock holders make them."""
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()


class Transaction:
    """Changes to the documents inside one `Store.transaction()`."""

    changed: bool = False

    def counts(self) -> tuple[int, int, int, int] | None:
        """Documents, merged events, merged people and statements as committed, when the
        store can give them without reading its file again (else None)."""
        return None

    def by_path(self, abspath: str) -> dict[str, Any] | None:
        """Return the document stored for a file path, if any."""
        raise NotImplementedError

    def by_id(self, document_id: str) -> dict[str, Any] | None:
        """Return the document with this id, if stored."""
        raise NotImplementedError

    def put(self, document: dict[str, Any]) -> None:
        """Store a document, replacing the one from the same path and the one with the
        same id (the same text, from a path that is gone): one document per text."""
        raise NotImplementedError

    def remove_path(self, abspath: str) -> bool:
        """Remove the document stored for a path; return whether there was one."""
        raise NotImplementedError

    def count(self) -> int:
        """How many documents are stored."""
        raise NotImplementedError

    def documents(self) -> list[dict[str, Any]]:
        """Every document as the transaction will write it."""
        raise NotImplementedError

    def annotations(self) -> list[dict[str, Any]]:
        """The analyst's annotations, oldest first, as the transaction will write them."""
        raise NotImplementedError

    def put_annotation(self, entry: dict[str, Any]) -> None:
        """Add an annotation (or replace the one with its id).

        Raises:
            StoreError: It lacks an id, target, kind or time.
        """
        raise NotImplementedError

    def remove_annotation(self, entry_id: str) -> bool:
        """Remove an annotation; return whether there was one."""
        raise NotImplementedError


class JSONTransaction(Transaction):
    """Changes to the TinyDB documents table inside one `Store.transaction()`.

    Changes are gathered and applied to TinyDB's table at commit in two calls (one
    removal, one `insert_multiple`): TinyDB rebuilds its whole table on every call, so
    one insert per document made an ingest quadratic in the size of the store.
    """

    def __init__(self, db: TinyDB, path: Path, spill: Spill | None = None) -> None:
        self.table = db.table(DOCUMENTS_TABLE, cache_size=0)
        self._spill = spill
        self._annotations = db.table(ANNOTATIONS_TABLE, cache_size=0)
        self._path = path
        self.changed = False
        self.documents_changed = False
        self.merges_row: dict[str, Any] | None = None
        """The kept merges as committed (set by the store at the end of the block)."""
        self.merges_fresh = False
        """Whether they were worked out by this transaction (so need no checking)."""
        # The rows as TinyDB holds them (its `all()` copies each into a Document of its
        # own: seconds at 50,000 documents, for rows most of which are only kept).
        rows = db.storage.read() or {}
        self._data = rows
        self._meta = _meta(rows) or {}
        version = self._meta.get("version")
        self.upgrading = isinstance(version, int) and version < FORMAT_VERSION
        """Whether the file is of an older format (the commit writes it in this one)."""
        self._stored: dict[int, dict[str, Any]] = {
            int(key): row for key, row in rows.get(DOCUMENTS_TABLE, {}).items()
        }
        self._by_path: dict[str, int] = {}
        self._by_id: dict[str, int] = {}
        for doc_id, row in self._stored.items():
            self._by_path[row.get("abspath", "")] = doc_id
            self._by_id[row.get("id", "")] = doc_id
        self._removed: set[int] = set()
        self._added: dict[int, dict[str, Any]] = {}  # temporary negative keys, in order
        self._next = -1
        # Stored rows put again with the same records (a file stamped anew): kept in
        # their place, so that the order the kept merges were worked out in stands.
        self._restamped: dict[int, dict[str, Any]] = {}

    def _row(self, key: int) -> dict[str, Any]:
        return self._added[key] if key < 0 else self._restamped.get(key) or self._stored[key]

    def _forget(self, key: int) -> None:
        row = self._row(key)
        for index, value in ((self._by_path, row.get("abspath", "")), (self._by_id, row.get("id", ""))):
            if index.get(value) == key:
                del index[value]
        if key < 0:
            del self._added[key]
        else:
            self._restamped.pop(key, None)
            self._removed.add(key)

    def by_path(self, abspath: str) -> dict[str, Any] | None:
        """Return the document stored for a file path, if any (its records as stored:
        give it back to `put` as it is)."""
        key = self._by_path.get(abspath)
        return dict(self._row(key)) if key is not None else None

    def by_id(self, document_id: str) -> dict[str, Any] | None:
        """Return the document with this id, if stored."""
        key = self._by_id.get(document_id)
        return dict(self._row(key)) if key is not None else None

    def put(self, document: dict[str, Any]) -> None:
        """Store a document, replacing the one from the same path and the one with the
        same id (the same text, from a path that is gone): one document per text."""
        row = pack(document)
        replaced = [
            key for key in {self._by_path.get(row["abspath"]), self._by_id.get(row["id"])} if key is not None
        ]
        # One row put again with the same id, fingerprint and records (a file stamped anew):
        # the kept merges, worked out from those, stand.
        same = (
            len(replaced) == 1
            and all(self._row(replaced[0]).get(name) == row.get(name) for name in ("id", "fingerprint"))
            and jsonfile.same_entry(
                self._row(replaced[0]), row, getattr(self._data, "contents", None), self._spill
            )
        )
        if same and replaced[0] >= 0:
            # Kept in its place (its entry, the same, is written from the new row).
            key = replaced[0]
            before = self._row(key)
            if self._by_path.get(before.get("abspath", "")) == key:
                del self._by_path[before.get("abspath", "")]
            self._restamped[key] = row
        else:
            for key in replaced:
                self._forget(key)
            key, self._next = self._next, self._next - 1
            self._added[key] = row
        self._by_path[row["abspath"]] = key
        self._by_id[row["id"]] = key
        self.changed = True
        self.documents_changed = self.documents_changed or not same

    def remove_path(self, abspath: str) -> bool:
        """Remove the document stored for a path; return whether there was one."""
        key = self._by_path.get(abspath)
        if key is None:
            return False
        self._forget(key)
        self.changed = self.documents_changed = True
        return True

    def count(self) -> int:
        """How many documents are stored."""
        return len(self._stored) - len(self._removed) + len(self._added)

    def rows(self) -> list[dict[str, Any]]:
        """Every document as the transaction will write it, its records packed."""
        restamped, removed = self._restamped, self._removed
        kept = [restamped.get(key, row) for key, row in self._stored.items() if key not in removed]
        return kept + list(self._added.values())

    def documents(self) -> list[dict[str, Any]]:
        """Every document as the transaction will write it."""
        return [dict(unpack(self._path, row)) for row in self.each_document()]

    def rows_before(self) -> list[dict[str, Any]]:
        """Every document as the store held it before the transaction, its records packed."""
        return list(self._stored.values())

    def read_entry(self, at: Any) -> dict[str, Any]:
        """The entry without a document (id "") at `at` in the file's contents.

        Raises:
            ContentsError: It is not there.
        """
        contents = getattr(self._data, "contents", None)
        if contents is None:
            raise ContentsError("the file has no contents table")
        return contents.entry("", at)

    def laid_out(self) -> bool:
        """Whether the file was read as `jsonfile.layout` wrote it (its entries left in it)."""
        contents = getattr(self._data, "contents", None)
        return contents is not None and contents.in_file

    def untouched(self) -> set[str]:
        """The ids of the documents the transaction keeps as the store held them."""
        return {row.get("id", "") for key, row in self._stored.items() if key not in self._removed}

    def each_document(self, rows: list[dict[str, Any]] | None = None) -> Iterator[dict[str, Any]]:
        """Every document as the transaction will write it (or those of `rows`), one at a time."""
        for row in with_contents(self._path, self._data, self.rows() if rows is None else rows, self._spill):
            yield unpack(self._path, row)

    def counts(self) -> tuple[int, int, int, int] | None:
        # Worked out when asked (by ingest), not at every commit: a review's commit
        # changes no document and need not list them all.
        from diplotui.jsonmerges import kept_counts

        if self.merges_row is None:
            return None
        if self.merges_fresh:
            first, second, third, fourth = self.merges_row["counts"]
            return first, second, third, fourth
        return kept_counts(self.merges_row, self.rows())

    def annotations(self) -> list[dict[str, Any]]:
        return [dict(row) for row in self._annotations.all()]

    def put_annotation(self, entry: dict[str, Any]) -> None:
        _check_annotation(self._path, entry)
        self.remove_annotation(entry["id"])
        self._annotations.insert(entry)
        self.changed = True

    def remove_annotation(self, entry_id: str) -> bool:
        removed = self._annotations.remove(lambda row: row.get("id") == entry_id)
        self.changed = self.changed or bool(removed)
        return bool(removed)

    def commit(self) -> None:
        """Apply the gathered changes to the table (the store writes it afterwards); a
        file of an older format is written in this one."""
        if self.upgrading:
            for row in self._stored.values():
                row.update(pack(row))  # in place: these are the rows TinyDB writes
            self._meta["version"] = FORMAT_VERSION
        for key, row in self._restamped.items():
            stored = self._stored[key]  # in place, as above
            stored.clear()
            stored.update(row)
        if self._restamped:
            # TinyDB writes only what one of its calls changed: one call, for them all.
            self.table.update(lambda _: None, doc_ids=sorted(self._restamped))
        if self._removed:
            self.table.remove(doc_ids=sorted(self._removed))
        if self._added:
            self.table.insert_multiple(self._added.values())


__all__ = [
    "JSONStore",
    "Store",
    "StoreError",
    "Transaction",
    "atomic_write",
    "default_path",
    "is_sqlite_path",
]
