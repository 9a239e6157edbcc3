"""Provides `SQLiteStore`: the store in one SQLite file, for corpora too large for one JSON file.

Chosen by the store's name (`--db corpus.sqlite`); `diplotui migrate` copies a store
between the backends. The same guarantees as the TinyDB store:

- a transaction commits whole or not at all (SQLite's own journal, in WAL mode so that
  readers are never blocked by the writer);
- writers are serialised by the same lock file next to the store, and SQLite's lock;
- the file carries a format name and version in its `meta` table; a file that is not
  SQLite, another program's database, or a newer store is refused with `StoreError`
  and left exactly as it was (it is checked through a read-only connection first).

Document records are kept as JSON text beside their own columns (id, path, fingerprint)
so that looking up a path does not parse every record. Document texts have their own
column and a full-text index of their words (FTS5, where the SQLite library has it).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson

from diplotui.store import FORMAT_NAME, LOCK_TIMEOUT, Store, StoreError, Transaction, document_problem

SQLITE_FORMAT_VERSION = 1

_SCHEMA = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE documents (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        abspath TEXT NOT NULL,
        fingerprint TEXT,
        record TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX documents_abspath ON documents (abspath)",
]

_FTS = [
    "CREATE VIRTUAL TABLE document_text"
    " USING fts5(text, content='documents', content_rowid='seq'{tokenizer})",
    """CREATE TRIGGER documents_text_insert AFTER INSERT ON documents BEGIN
        INSERT INTO document_text (rowid, text) VALUES (new.seq, new.text);
    END""",
    """CREATE TRIGGER documents_text_delete AFTER DELETE ON documents BEGIN
        INSERT INTO document_text (document_text, rowid, text) VALUES ('delete', old.seq, old.text);
    END""",
]


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    """A connection; a reader's does not create the file. Readers open it read-write
    when they may (SQLite opens it read-only otherwise) and only read: the last
    connection to close then removes the write-ahead log files, which a read-only
    connection would leave beside the store."""
    uri = f"file:{quote(str(path))}?mode={'rw' if read_only else 'rwc'}"
    return sqlite3.connect(uri, uri=True, timeout=LOCK_TIMEOUT, isolation_level=None)


def _problem(exc: sqlite3.Error) -> str:
    message = str(exc)
    if "not a database" in message or "malformed" in message or "encrypted" in message:
        return "corrupt store (not a readable SQLite database); left untouched"
    return f"cannot read the store ({message})"


class SQLiteStore(Store):
    """The store in one SQLite file."""

    @property
    def backend(self) -> str:
        return "SQLite"

    def _check(self, connection: sqlite3.Connection) -> bool:
        """Check an existing file is a diplotui store this version reads; return whether
        it has been set up at all (an empty file has not)."""
        try:
            listed = connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            tables = {row[0] for row in listed}
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {_problem(exc)}") from None
        if not tables:
            return False
        foreign = StoreError(
            f"{self.path}: not a diplotui store (another program's database); left untouched"
        )
        if "meta" not in tables or "documents" not in tables:
            raise foreign
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("format") != FORMAT_NAME:
            raise foreign
        try:
            version = int(meta.get("version", ""))
        except ValueError:
            raise StoreError(f"{self.path}: corrupt store (format version missing); left untouched") from None
        if version > SQLITE_FORMAT_VERSION:
            raise StoreError(
                f"{self.path}: made by a newer diplotui (store format {version}, this one reads "
                f"{SQLITE_FORMAT_VERSION}); upgrade diplotui"
            )
        return True

    @contextlib.contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection | None]:
        if not self.path.exists():
            yield None
            return
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory, not a store file")
        try:
            connection = _connect(self.path, read_only=True)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {_problem(exc)}") from None
        try:
            yield connection if self._check(connection) else None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {_problem(exc)}") from None
        finally:
            connection.close()

    def documents(self) -> list[dict[str, Any]]:
        with self._reader() as connection:
            if connection is None:
                return []
            rows = connection.execute("SELECT record, text FROM documents ORDER BY seq").fetchall()
        return [self._document(record, text) for record, text in rows]

    def fingerprints(self) -> dict[str, dict[str, Any]]:
        with self._reader() as connection:
            if connection is None:
                return {}
            rows = connection.execute(
                "SELECT abspath, fingerprint, json_extract(record, '$.sha256'), "
                "json_extract(record, '$.file_stat') FROM documents"
            ).fetchall()
        return {
            path: {"fingerprint": fp, "sha256": sha, "file_stat": orjson.loads(stat) if stat else None}
            for path, fp, sha, stat in rows
        }

    def search_text(self, phrase: str) -> list[str]:
        """The ids of documents whose text holds the words of `phrase` in a row (case and
        accents ignored), from the full-text index."""
        with self._reader() as connection:
            if connection is None or not _has_table(connection, "document_text"):
                return []
            quoted = '"' + phrase.replace('"', '""') + '"'
            rows = connection.execute(
                "SELECT documents.id FROM document_text"
                " JOIN documents ON documents.seq = document_text.rowid"
                " WHERE document_text MATCH ? ORDER BY documents.seq",
                (quoted,),
            ).fetchall()
        return [row[0] for row in rows]

    def _document(self, record: str, text: str) -> dict[str, Any]:
        document = orjson.loads(record)
        document["text"] = text
        return document

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self._writer_lock():
            if self.path.exists():
                with self._reader():
                    pass  # refuses a foreign, damaged or newer file before it is opened for writing
            try:
                connection = _connect(self.path, read_only=False)
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: {_problem(exc)}") from None
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=FULL")
                connection.execute("BEGIN IMMEDIATE")
                if not self._check(connection):
                    # A new store is set up inside the same transaction as its first
                    # documents: a writer killed meanwhile leaves an empty file.
                    for statement in _SCHEMA:
                        connection.execute(statement)
                    connection.executemany(
                        "INSERT INTO meta (key, value) VALUES (?, ?)",
                        [("format", FORMAT_NAME), ("version", str(SQLITE_FORMAT_VERSION))],
                    )
                    _create_fts(connection)
                transaction = SQLiteTransaction(connection, self)
                try:
                    yield transaction
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise
                connection.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
                raise StoreError(
                    f"{self.path}: cannot write the store ({exc}); the previous store is intact"
                ) from None
            finally:
                connection.close()


def _has_table(connection: sqlite3.Connection, name: str) -> bool:
    row = connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    return row is not None


def _create_fts(connection: sqlite3.Connection) -> None:
    """The full-text index of words, accents and case folded (a trigram index, for
    substrings, was three times the size of the texts), where SQLite has FTS5."""
    for tokenizer in (", tokenize='unicode61 remove_diacritics 2'", ""):
        connection.execute("SAVEPOINT fts")
        try:
            for statement in _FTS:
                connection.execute(statement.format(tokenizer=tokenizer))
        except sqlite3.OperationalError:
            connection.execute("ROLLBACK TO fts")
            connection.execute("RELEASE fts")
            continue
        connection.execute("RELEASE fts")
        return


class SQLiteTransaction(Transaction):
    """Changes inside one SQLite transaction; they are visible to its own reads at once."""

    def __init__(self, connection: sqlite3.Connection, store: SQLiteStore) -> None:
        self.connection = connection
        self.store = store
        self.changed = False

    def _one(self, where: str, value: str) -> dict[str, Any] | None:
        row = self.connection.execute(
            f"SELECT record, text FROM documents WHERE {where} = ? ORDER BY seq DESC LIMIT 1", (value,)
        ).fetchone()
        return self.store._document(*row) if row else None

    def by_path(self, abspath: str) -> dict[str, Any] | None:
        return self._one("abspath", abspath)

    def by_id(self, document_id: str) -> dict[str, Any] | None:
        return self._one("id", document_id)

    def put(self, document: dict[str, Any]) -> None:
        problem = document_problem(document)
        if problem:
            raise StoreError(f"{self.store.path}: refused a document ({problem})")
        record = {k: v for k, v in document.items() if k != "text"}
        self.connection.execute(
            "DELETE FROM documents WHERE abspath = ? OR id = ?", (document["abspath"], document["id"])
        )
        self.connection.execute(
            "INSERT INTO documents (id, abspath, fingerprint, record, text) VALUES (?, ?, ?, ?, ?)",
            (
                document["id"],
                document["abspath"],
                document.get("fingerprint"),
                orjson.dumps(record).decode(),
                document.get("text", ""),
            ),
        )
        self.changed = True

    def remove_path(self, abspath: str) -> bool:
        removed = self.connection.execute("DELETE FROM documents WHERE abspath = ?", (abspath,)).rowcount
        self.changed = self.changed or removed > 0
        return removed > 0

    def count(self) -> int:
        return int(self.connection.execute("SELECT count(*) FROM documents").fetchone()[0])

    def documents(self) -> list[dict[str, Any]]:
        rows = self.connection.execute("SELECT record, text FROM documents ORDER BY seq").fetchall()
        return [self.store._document(record, text) for record, text in rows]


__all__ = ["SQLiteStore", "SQLiteTransaction"]
