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
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain, product
from math import prod
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import orjson

from diplotui.model import fold, paused_gc
from diplotui.store import (
    FIRST_EVENT_TIES,
    FORMAT_NAME,
    LOCK_TIMEOUT,
    Store,
    StoreError,
    Transaction,
    _check_annotation,
    _checked_annotations,
    document_problem,
)
from diplotui.textindex import WORD as _WORD
from diplotui.textindex import find_word_start

if TYPE_CHECKING:
    from diplotui.merged import Merged
    from diplotui.model import Person, Topic

SQLITE_FORMAT_VERSION = 4
"""2: the records' people, events and quotes in tables of their own, and what the
cross-document merges decided (kept in step at each commit). 3: each document's record
text (`doc_records`), so that a free word is looked for without reading every record,
and each event's topics (`event_topics`), which the explorer's first screen counts.
4: indexes holding what the first screen's counts and time axis read (`_FORMAT_4`). An
older store is upgraded by the first write; until then readers merge as they read
(version 1), read every document for a free word and show no topics on the first
screen (versions 1 and 2), and read the tables those indexes cover (versions 1 to 3)."""

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

# Added in format 3: the words of a document's records that a free word is looked for
# in and no other table holds (see `_record_text`), and each event's topics (what the
# first screen of the explorer counts).
_FORMAT_3 = [
    "CREATE TABLE doc_records (doc TEXT PRIMARY KEY, search TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE event_topics (doc TEXT NOT NULL, eid TEXT NOT NULL, tid TEXT NOT NULL)",
    "CREATE INDEX event_topics_doc ON event_topics (doc)",
    """CREATE TRIGGER documents_record_text_delete AFTER DELETE ON documents BEGIN
        DELETE FROM doc_records WHERE doc = old.id;
        DELETE FROM event_topics WHERE doc = old.id;
    END""",
]

# Added in format 4: indexes that hold all the explorer's first screen reads of three
# tables, so that it reads them and not the tables' records (at 50,000 documents, with
# the system's file cache empty, 0.9 s less: 41 MB of events and 40 MB of quotes and
# people not read).
_FORMAT_4 = [
    "CREATE INDEX IF NOT EXISTS doc_events_dates ON doc_events (eid, date_start, date_end)",
    "CREATE INDEX IF NOT EXISTS doc_quotes_statement ON doc_quotes (statement)",
    "CREATE INDEX IF NOT EXISTS people_id ON people (id)",
]

# Each document's people, events, quotes and topics in rows of their own (written by
# `_index_rows` beside the document, removed with it by a trigger), and what the
# cross-document merges made of them (`diplotui.sqlmerge`): the indexes `search` narrows
# a query with, and what readers would otherwise work out again. Searched text is folded
# (lower case, accents off) as the query layer folds it.
_RECORDS = [
    "CREATE TABLE doc_search (doc TEXT PRIMARY KEY, search TEXT NOT NULL, published TEXT) WITHOUT ROWID",
    "CREATE INDEX doc_search_published ON doc_search (published)",
    # What ingest compares a file with, without reading the record.
    "CREATE TABLE doc_stamps (doc TEXT PRIMARY KEY, sha256 TEXT, file_stat TEXT) WITHOUT ROWID",
    *_FORMAT_3,
    "CREATE TABLE doc_people (doc TEXT NOT NULL, pid TEXT NOT NULL, record TEXT NOT NULL)",
    "CREATE INDEX doc_people_doc ON doc_people (doc)",
    "CREATE INDEX doc_people_pid ON doc_people (pid)",
    """CREATE TABLE doc_events (
        doc TEXT NOT NULL, eid TEXT NOT NULL, record TEXT NOT NULL,
        date_start TEXT, date_end TEXT, date_partial TEXT
    )""",
    "CREATE INDEX doc_events_doc ON doc_events (doc)",
    "CREATE INDEX doc_events_eid ON doc_events (eid)",
    "CREATE INDEX doc_events_date ON doc_events (date_start)",
    "CREATE TABLE event_people (doc TEXT NOT NULL, eid TEXT NOT NULL, pid TEXT NOT NULL)",
    "CREATE INDEX event_people_doc ON event_people (doc)",
    "CREATE INDEX event_people_pid ON event_people (pid)",
    """CREATE TABLE doc_quotes (
        doc TEXT NOT NULL, qid TEXT NOT NULL, speaker TEXT, statement INTEGER NOT NULL, search TEXT NOT NULL
    )""",
    "CREATE INDEX doc_quotes_doc ON doc_quotes (doc)",
    """CREATE TABLE doc_topics (
        doc TEXT NOT NULL, tid TEXT NOT NULL, search TEXT NOT NULL, record TEXT NOT NULL
    )""",
    "CREATE INDEX doc_topics_tid ON doc_topics (tid)",
    "CREATE INDEX doc_topics_doc ON doc_topics (doc)",
    "CREATE TABLE person_map (pid TEXT PRIMARY KEY, merged TEXT NOT NULL) WITHOUT ROWID",
    "CREATE INDEX person_map_merged ON person_map (merged)",
    "CREATE TABLE event_map (eid TEXT PRIMARY KEY, merged TEXT NOT NULL) WITHOUT ROWID",
    "CREATE INDEX event_map_merged ON event_map (merged)",
    "CREATE TABLE people (id TEXT PRIMARY KEY, record TEXT NOT NULL, search TEXT NOT NULL) WITHOUT ROWID",
    """CREATE TRIGGER documents_records_delete AFTER DELETE ON documents BEGIN
        DELETE FROM doc_search WHERE doc = old.id;
        DELETE FROM doc_stamps WHERE doc = old.id;
        DELETE FROM doc_people WHERE doc = old.id;
        DELETE FROM doc_events WHERE doc = old.id;
        DELETE FROM event_people WHERE doc = old.id;
        DELETE FROM doc_quotes WHERE doc = old.id;
        DELETE FROM doc_topics WHERE doc = old.id;
    END""",
    *_FORMAT_4,
]


def _index_rows(connection: sqlite3.Connection, document: dict[str, Any]) -> None:
    """Write the rows of one stored document's records (see `_RECORDS`)."""
    doc = document["id"]
    extraction = document.get("extraction") or {}
    search = fold(f"{doc} {document.get('path', '')} {document.get('title', '')}")
    connection.execute(
        "INSERT OR REPLACE INTO doc_search VALUES (?, ?, ?)", (doc, search, document.get("published"))
    )
    _format_3_rows(connection, doc, extraction)
    stat = document.get("file_stat")
    connection.execute(
        "INSERT OR REPLACE INTO doc_stamps VALUES (?, ?, ?)",
        (doc, document.get("sha256"), None if stat is None else orjson.dumps(stat).decode()),
    )
    people = extraction.get("people", [])
    connection.executemany(
        "INSERT INTO doc_people VALUES (?, ?, ?)", [(doc, p["id"], orjson.dumps(p).decode()) for p in people]
    )
    events = extraction.get("events", [])
    connection.executemany(
        "INSERT INTO doc_events VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                doc,
                e["id"],
                orjson.dumps(e).decode(),
                e.get("date_start"),
                e.get("date_end"),
                e.get("date_partial"),
            )
            for e in events
        ],
    )
    connection.executemany(
        "INSERT INTO event_people VALUES (?, ?, ?)",
        [(doc, e["id"], p) for e in events for p in e["participants"]],
    )
    connection.executemany(
        "INSERT INTO doc_quotes VALUES (?, ?, ?, ?, ?)",
        [
            (doc, q["id"], q.get("speaker"), not q.get("short", False), fold(q["text"]))
            for q in extraction.get("quotes", [])
        ],
    )
    topics = []
    for topic in extraction.get("topics", []):
        keywords = topic.get("keywords") or ()
        search, record = _topic_row(topic.get("id", ""), topic.get("label", ""), tuple(keywords))
        topics.append((doc, topic.get("id", ""), search, record))
    connection.executemany("INSERT INTO doc_topics VALUES (?, ?, ?, ?)", topics)


def _format_3_rows(connection: sqlite3.Connection, doc: str, extraction: dict[str, Any]) -> None:
    """Write the rows of the tables format 3 added (`_FORMAT_3`) for one document."""
    connection.execute("INSERT OR REPLACE INTO doc_records VALUES (?, ?)", (doc, _record_text(extraction)))
    connection.executemany(
        "INSERT INTO event_topics VALUES (?, ?, ?)",
        [(doc, e["id"], t) for e in extraction.get("events", []) for t in e.get("topics", [])],
    )


def _record_text(extraction: dict[str, Any]) -> str:
    """What the query layer looks for a free word in (`_SearchIndex`) that a document's
    records hold and no other table does: its events' titles, kinds, places and dates,
    its people's titles and countries, its quotes' attributions, folded. (People's names,
    topics, quotes' words and the document's title are searched in their own tables.)"""
    parts: list[str] = []
    for event in extraction.get("events", []):
        fields = ("title", "kind", "place", "date_text", "date_start")
        parts.extend(str(event.get(key) or "") for key in fields)
    for person in extraction.get("people", []):
        parts.extend((person.get("title") or "", person.get("country") or ""))
    parts.extend(quote.get("attribution") or "" for quote in extraction.get("quotes", []))
    # A line apart from the next: a word with a space cannot span two of them.
    return fold("\n".join(part for part in parts if part))


@lru_cache(maxsize=4096)
def _topic_row(topic_id: str, label: str, keywords: tuple[str, ...]) -> tuple[str, str]:
    """A topic's folded text to search and its whole record, as the corpus reads it (a
    topic with no keywords is the lexicon's): worked out once per topic, not for each
    document that touches it (4 s of an ingest's 50,000 documents)."""
    from diplotui.extract.topics import topic_record

    words = list(keywords) or topic_record(label).keywords
    whole = {"id": topic_id, "label": label, "keywords": list(words)}
    return fold(" ".join([label, *words])), orjson.dumps(whole).decode()


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


# Rows of `table` whose `key` is in a JSON list given as the one parameter.
_IN = "SELECT {columns} FROM {table} WHERE {key} IN (SELECT value FROM json_each(?))"

# The documents a positive query term can concern, by its field (`:value` is folded;
# `:low` and `:high` bound a date range) ...
_BASE = {
    # those naming a merged person whose names hold the value, or whose id it is;
    "person": """
        WITH named AS (SELECT id FROM people WHERE id = :value OR instr(search, :value) > 0),
        locals AS (SELECT id AS pid FROM named UNION SELECT pid FROM person_map WHERE merged IN named)
        SELECT DISTINCT doc FROM doc_people WHERE pid IN locals""",
    # whose id, path or title holds it;
    "doc": "SELECT doc FROM doc_search WHERE instr(search, :value) > 0",
    # with a topic whose label or keywords hold it (or whose id it is), or a quote that holds it;
    "topic": """
        WITH named AS (SELECT DISTINCT tid FROM doc_topics WHERE tid = :value OR instr(search, :value) > 0)
        SELECT doc FROM doc_topics WHERE tid IN named
        UNION SELECT doc FROM doc_quotes WHERE instr(search, :value) > 0""",
    # with an event in the range (or of a year not known), or published in it.
    "date": """
        SELECT doc FROM doc_events
        WHERE (date_start <= :high AND coalesce(date_end, date_start) >= :low) OR date_partial IS NOT NULL
        UNION SELECT doc FROM doc_search WHERE published BETWEEN :low AND :high""",
}
_BASE["speaker"] = _BASE["person"]
# A free word (`:value`, folded, without spaces): the documents whose records
# (`_record_text`), quotes, id, path or title hold it; those naming a merged person whose
# names, title or country hold it (a merged person's title and country are those of one
# of their records, in a document whose record text holds them); those with a topic
# whose label holds it; and those whose text holds its words (`:match`, as `_FullText`
# looks for them).
_BASE["words"] = """
    WITH recorded AS (SELECT doc FROM doc_records WHERE instr(search, :value) > 0),
    described AS (
        SELECT pid FROM doc_people WHERE doc IN recorded AND instr(fold(
            coalesce(json_extract(record, '$.title'), '') || char(10)
            || coalesce(json_extract(record, '$.country'), '')), :value) > 0
    ),
    named AS (
        SELECT id FROM people WHERE instr(search, :value) > 0
        UNION SELECT coalesce(person_map.merged, described.pid)
            FROM described LEFT JOIN person_map ON person_map.pid = described.pid
    ),
    locals AS (SELECT id AS pid FROM named UNION SELECT pid FROM person_map WHERE merged IN named),
    topics AS (
        SELECT tid FROM doc_topics WHERE instr(search, :value) > 0
            AND rowid IN (SELECT min(rowid) FROM doc_topics GROUP BY tid)
    )
    SELECT doc FROM recorded
    UNION SELECT doc FROM doc_people WHERE pid IN locals
    UNION SELECT doc FROM doc_quotes WHERE instr(search, :value) > 0
    UNION SELECT doc FROM doc_topics WHERE tid IN topics
    UNION SELECT doc FROM doc_search WHERE instr(search, :value) > 0
    UNION SELECT id FROM documents WHERE seq IN
        (SELECT rowid FROM document_text WHERE document_text MATCH :match)"""

# The documents holding any of the records whose ids are the JSON list `:ids`.
_HOLDING = """
    WITH ids(id) AS (SELECT value FROM json_each(:ids))
    SELECT id FROM documents WHERE id IN ids
    UNION SELECT doc FROM doc_events
        WHERE eid IN ids OR eid IN (SELECT eid FROM event_map WHERE merged IN ids)
    UNION SELECT doc FROM doc_quotes WHERE qid IN ids
    UNION SELECT doc FROM doc_people
        WHERE pid IN ids OR pid IN (SELECT pid FROM person_map WHERE merged IN ids)"""

# ... with every document of each merged event they report (so that each is whole).
_CLOSED = """
WITH base(doc) AS ({base}),
reported AS (
    SELECT coalesce(event_map.merged, doc_events.eid) AS merged
    FROM doc_events LEFT JOIN event_map ON event_map.eid = doc_events.eid
    WHERE doc_events.doc IN base
), members AS (
    SELECT merged AS eid FROM reported UNION SELECT eid FROM event_map WHERE merged IN reported
)
SELECT doc FROM base UNION SELECT doc FROM doc_events WHERE eid IN members
"""

_MAYBE_UNDATED = """
WITH clustered AS (
    SELECT doc_events.rowid AS row, coalesce(event_map.merged, doc_events.eid) AS cluster,
        date_start IS NULL AND date_partial IS NULL AS undated
    FROM doc_events LEFT JOIN event_map ON event_map.eid = doc_events.eid
)
SELECT record FROM doc_events WHERE rowid IN (
    SELECT row FROM clustered WHERE cluster IN (SELECT cluster FROM clustered WHERE undated)
) ORDER BY rowid
"""

# Each topic as the first document that names it has it (its keywords filled in from the
# lexicon), as the corpus keeps it.
_TOPICS = """
SELECT tid, record FROM doc_topics
WHERE rowid IN (SELECT min(rowid) FROM doc_topics {where} GROUP BY tid)
"""

# The reports dated up to the day of the Nth first (a merged event takes the date of
# one of its reports, so every merged event of those days has a report among them);
# no more than so many times N.
_FIRST_EVENTS = """
SELECT eid, date_start FROM doc_events
WHERE date_start <= coalesce(
    (SELECT date_start FROM doc_events WHERE date_start IS NOT NULL ORDER BY date_start LIMIT 1 OFFSET ?),
    '9999'
)
LIMIT ?
"""

# Each merged event's dates are its report's with the shortest span (SQLite gives a
# bare column the values of the row that min() picked), as merging mostly picks them.
_EVENT_DATES = """
SELECT date_start, date_end, count(*) FROM (
    SELECT coalesce(event_map.merged, doc_events.eid) AS event, date_start, date_end,
        min(julianday(coalesce(date_end, date_start)) - julianday(date_start))
    FROM doc_events LEFT JOIN event_map ON event_map.eid = doc_events.eid
    WHERE date_start IS NOT NULL
    GROUP BY event
) GROUP BY date_start, date_end
"""

_COUNTS = """
SELECT
    (SELECT count(*) FROM documents),
    (SELECT count(*) FROM (
        SELECT DISTINCT coalesce(event_map.merged, doc_events.eid)
        FROM doc_events LEFT JOIN event_map ON event_map.eid = doc_events.eid
    )),
    (SELECT count(*) FROM people),
    (SELECT count(*) FROM doc_quotes WHERE statement)
"""


# The `:count` merged people who took part in the most merged events (then by name, as
# the corpus orders them), with how many.
_MOST_ACTIVE = """
WITH counted AS (
    SELECT person, count(*) AS events FROM (
        SELECT DISTINCT coalesce(person_map.merged, event_people.pid) AS person,
            coalesce(event_map.merged, event_people.eid) AS event
        FROM event_people
        LEFT JOIN person_map ON person_map.pid = event_people.pid
        LEFT JOIN event_map ON event_map.eid = event_people.eid
    ) GROUP BY person
), least AS (
    SELECT coalesce(min(events), 0) AS events
    FROM (SELECT events FROM counted ORDER BY events DESC LIMIT :count)
)
SELECT people.record, counted.events FROM counted JOIN people ON people.id = counted.person
WHERE counted.events >= (SELECT events FROM least)
ORDER BY counted.events DESC, json_extract(people.record, '$.name') LIMIT :count
"""

# The first of the merged people who took part in no event, by name (as many as asked).
_IDLE_PEOPLE = """
SELECT record FROM people
WHERE id NOT IN (
    SELECT coalesce(person_map.merged, event_people.pid)
    FROM event_people LEFT JOIN person_map ON person_map.pid = event_people.pid
)
ORDER BY json_extract(record, '$.name') LIMIT ?
"""

# How many statements (quotes not short) each of the merged people of a JSON list said.
_STATEMENTS_OF = """
SELECT coalesce(person_map.merged, doc_quotes.speaker) AS person, count(*)
FROM doc_quotes LEFT JOIN person_map ON person_map.pid = doc_quotes.speaker
WHERE statement AND coalesce(person_map.merged, doc_quotes.speaker) IN (SELECT value FROM json_each(?))
GROUP BY person
"""

# How many merged events touch each topic.
_EVENTS_PER_TOPIC = """
SELECT tid, count(DISTINCT coalesce(event_map.merged, event_topics.eid))
FROM event_topics LEFT JOIN event_map ON event_map.eid = event_topics.eid
GROUP BY tid
"""


def json_list(values: Iterable[str]) -> str:
    """Values as the JSON list a `json_each(?)` parameter reads (sorted, each once)."""
    return orjson.dumps(sorted(set(values))).decode()


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

    keeps_merges = True
    batch_size = 2000

    @property
    def backend(self) -> str:
        return "SQLite"

    def _check(self, connection: sqlite3.Connection) -> int:
        """Check an existing file is a diplotui store this version reads; return its
        format version (0 when it has not been set up at all: an empty file)."""
        try:
            listed = connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            tables = {row[0] for row in listed}
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {_problem(exc)}") from None
        if not tables:
            return 0
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
        return version

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
        with paused_gc():  # a large store is many small objects
            return list(self.each_document())

    def each_document(self, texts: bool = True) -> Iterator[dict[str, Any]]:
        columns = "record, text" if texts else "record, NULL"
        with self._reader() as connection:
            if connection is None:
                return
            for record, text in connection.execute(f"SELECT {columns} FROM documents ORDER BY seq"):
                yield self._document(record, text)

    def is_empty(self) -> bool:
        with self._reader() as connection:
            if connection is None:
                return True
            return connection.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None

    def documents_by_id(self, ids: set[str], texts: bool = True) -> list[dict[str, Any]]:
        columns = "record, text" if texts else "record, NULL"
        with self._reader() as connection:
            if connection is None:
                return []
            statement = _IN.format(columns=columns, table="documents", key="id") + " ORDER BY seq"
            rows = connection.execute(statement, (json_list(ids),)).fetchall()
        with paused_gc():  # a large store is many small objects
            return [self._document(record, text) for record, text in rows]

    def texts(self, ids: set[str]) -> dict[str, str]:
        with self._reader() as connection:
            if connection is None:
                return {}
            statement = _IN.format(columns="id, text", table="documents", key="id")
            return dict(connection.execute(statement, (json_list(ids),)).fetchall())

    def each_document_by_id(self, ids: set[str], texts: bool = True) -> Iterator[dict[str, Any]]:
        columns = "record, text" if texts else "record, NULL"
        with self._reader() as connection:
            if connection is None:
                return
            statement = _IN.format(columns=columns, table="documents", key="id") + " ORDER BY seq"
            for record, text in connection.execute(statement, (json_list(ids),)):
                yield self._document(record, text)

    def merged(self, documents: set[str] | None = None) -> Merged | None:
        from diplotui.merged import Merged
        from diplotui.model import Topic, load_person

        with self._reader() as connection:
            if connection is None or not _merges_kept(connection):
                return None
            if documents is None:
                person_map = dict(connection.execute("SELECT pid, merged FROM person_map"))
                event_map = dict(connection.execute("SELECT eid, merged FROM event_map"))
                topics = connection.execute(_TOPICS.format(where="")).fetchall()
                rows = connection.execute("SELECT record FROM people")
            else:
                # The people, events and topics of these documents, from their rows.
                docs = {"docs": json_list(documents)}
                of = "SELECT {0} FROM doc_{1} WHERE doc IN (SELECT value FROM json_each(:docs))"
                where = f"WHERE tid IN ({of.format('tid', 'topics')})"
                topics = connection.execute(_TOPICS.format(where=where), docs).fetchall()
                mapped = "SELECT {0}, merged FROM {2}_map WHERE {0} IN (" + of + ")"
                person_map = dict(connection.execute(mapped.format("pid", "people", "person"), docs))
                event_map = dict(connection.execute(mapped.format("eid", "events", "event"), docs))
                pids = connection.execute(of.format("pid", "people"), docs)
                wanted = {person_map.get(pid, pid) for (pid,) in pids}
                rows = connection.execute(
                    _IN.format(columns="record", table="people", key="id"), (json_list(wanted),)
                )
            with paused_gc():
                people = {person.id: person for person in (load_person(orjson.loads(r)) for (r,) in rows)}
        kept_topics = {tid: Topic(**orjson.loads(record)) for tid, record in topics}
        return Merged(person_map=person_map, event_map=event_map, people=people, topics=kept_topics)

    def documents_for(
        self, field: str, value: str, low: str | None = None, high: str | None = None
    ) -> set[str] | None:
        base = _BASE.get(field)
        words = _WORD.findall(value) if field == "words" else []
        with self._reader() as connection:
            if connection is None:
                return set()
            if base is None or not _merges_kept(connection):
                return None
            if field == "words":
                if not words or not _has_table(connection, "doc_records"):
                    return None  # punctuation alone, or a store of format 2
                if not _has_table(connection, "document_text"):
                    return None  # no index of the texts: every text is read
                connection.create_function("fold", 1, fold, deterministic=True)
            parameters = {"value": value, "low": low, "high": high, "match": _match(words) if words else None}
            rows = connection.execute(_CLOSED.format(base=base), parameters).fetchall()
        return {row[0] for row in rows}

    def documents_named(self, name: str, abspath: str) -> Iterator[dict[str, Any]]:
        from diplotui.model import fold

        with self._reader() as connection:
            if connection is None:
                return
            if not _has_table(connection, "doc_search"):  # a store of format 1
                yield from self.each_document()
                return
            rows = connection.execute(
                "SELECT record, text FROM documents WHERE abspath = ? OR id IN"
                " (SELECT doc FROM doc_search WHERE instr(search, ?) > 0) ORDER BY seq",
                (abspath, fold(name)),
            ).fetchall()
        for record, text in rows:
            yield self._document(record, text)

    def documents_holding(self, ids: set[str]) -> set[str] | None:
        with self._reader() as connection:
            if connection is None:
                return set()
            if not _merges_kept(connection):
                return None
            rows = connection.execute(_CLOSED.format(base=_HOLDING), {"ids": json_list(ids)}).fetchall()
        return {row[0] for row in rows}

    def undated_events(self) -> int | None:
        from diplotui.merged import regroup_events
        from diplotui.model import load_event

        with self._reader() as connection:
            if connection is None:
                return 0
            if not _merges_kept(connection):
                return None
            with paused_gc():
                # Only an event with a report of no date can be undated when merged.
                events = [load_event(orjson.loads(r)) for (r,) in connection.execute(_MAYBE_UNDATED)]
                event_map = dict(connection.execute("SELECT eid, merged FROM event_map"))
        merged = regroup_events(events, event_map)
        return sum(1 for e in merged if not e.date_start and not e.date_partial)

    def first_events(self, count: int) -> tuple[set[str], str] | None:
        with self._reader() as connection:
            if connection is None or not _merges_kept(connection):
                return None
            rows = connection.execute(_FIRST_EVENTS, (count - 1, count * FIRST_EVENT_TIES + 1)).fetchall()
        if not rows or len(rows) > count * FIRST_EVENT_TIES:
            return None
        return {eid for eid, _ in rows}, max(day for _, day in rows)

    def event_dates(self) -> list[tuple[str, str | None, int]] | None:
        with self._reader() as connection:
            if connection is None:
                return []
            if not _merges_kept(connection):
                return None
            return [(start, end, int(count)) for start, end, count in connection.execute(_EVENT_DATES)]

    def most_active(self, count: int) -> list[tuple[Person, int, int]] | None:
        from diplotui.model import load_person

        with self._reader() as connection:
            if connection is None:
                return []
            if not _merges_kept(connection):
                return None
            # A hundred rows, not a row per person: a reader beside the explorer's load
            # waited for the interpreter at each of 98,000 rows (5 s at 50,000 documents).
            rows = connection.execute(_MOST_ACTIVE, {"count": count}).fetchall()
            if len(rows) < count:  # and some who took part in no event, by name
                rows += [(r, 0) for (r,) in connection.execute(_IDLE_PEOPLE, (count - len(rows),))]
            people = [(load_person(orjson.loads(record)), events) for record, events in rows]
            ids = json_list(p.id for p, _ in people)
            quotes = dict(connection.execute(_STATEMENTS_OF, (ids,)).fetchall())
        return [(p, events, quotes.get(p.id, 0)) for p, events in people]

    def topic_counts(self) -> list[tuple[Topic, int]] | None:
        from diplotui.model import Topic

        with self._reader() as connection:
            if connection is None:
                return []
            if not _merges_kept(connection) or not _has_table(connection, "event_topics"):
                return None
            counted = dict(connection.execute(_EVENTS_PER_TOPIC).fetchall())
            topics = connection.execute(_TOPICS.format(where="")).fetchall()
        kept = [Topic(**orjson.loads(record)) for _, record in topics]
        return [(topic, counted.get(topic.id, 0)) for topic in kept]

    def counts(self) -> tuple[int, int, int, int] | None:
        with self._reader() as connection:
            if connection is None:
                return (0, 0, 0, 0)
            if not _merges_kept(connection):
                return None
            row = connection.execute(_COUNTS).fetchone()
        return (int(row[0]), int(row[1]), int(row[2]), int(row[3]))

    def fingerprints(self, paths: set[str] | None = None) -> dict[str, dict[str, Any]]:
        with self._reader() as connection:
            if connection is None:
                return {}
            if _has_table(connection, "doc_stamps"):
                statement = (
                    "SELECT abspath, fingerprint, sha256, file_stat FROM documents"
                    " JOIN doc_stamps ON doc_stamps.doc = documents.id"
                )
            else:  # a store of format 1
                statement = (
                    "SELECT abspath, fingerprint, json_extract(record, '$.sha256'), "
                    "json_extract(record, '$.file_stat') FROM documents"
                )
            if paths is None:
                rows = connection.execute(statement).fetchall()
            else:
                where = " WHERE abspath IN (SELECT value FROM json_each(?))"
                rows = connection.execute(statement + where, (json_list(paths),)).fetchall()
        return {
            path: {"fingerprint": fp, "sha256": sha, "file_stat": orjson.loads(stat) if stat else None}
            for path, fp, sha, stat in rows
        }

    def text_finder(self, ids: list[str]) -> _FullText | None:
        with self._reader() as connection:
            if connection is None or not _has_table(connection, "document_text"):
                return None
            finder = _FullText(self, ids)
            finder.map_rows(connection)  # now, not at the first word typed (50 ms at 50,000)
        return finder

    def annotations(self) -> list[dict[str, Any]]:
        with self._reader() as connection:
            if connection is None or not _has_table(connection, "annotations"):
                return []
            rows = connection.execute("SELECT entry FROM annotations ORDER BY seq").fetchall()
        return _checked_annotations(self.path, [orjson.loads(row[0]) for row in rows])

    def _document(self, record: str, text: str | None) -> dict[str, Any]:
        document = orjson.loads(record)
        if text is not None:
            document["text"] = text
        return document

    @contextlib.contextmanager
    def transaction(self, more: bool = False) -> Iterator[Transaction]:
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
                version = self._check(connection)
                if not version:
                    # A new store is set up inside the same transaction as its first
                    # documents: a writer killed meanwhile leaves an empty file.
                    for statement in _SCHEMA:
                        connection.execute(statement)
                    connection.executemany(
                        "INSERT INTO meta (key, value) VALUES (?, ?)",
                        [("format", FORMAT_NAME), ("version", str(SQLITE_FORMAT_VERSION))],
                    )
                    _create_fts(connection)
                    _create_records(connection)
                elif version < SQLITE_FORMAT_VERSION:
                    _upgrade(connection, version)
                # The analyst's layer: kept apart from the documents, never touched by
                # ingest (a store made before it has none until its first write).
                connection.execute(_ANNOTATIONS)
                transaction = SQLiteTransaction(connection, self)
                try:
                    yield transaction
                    from diplotui import sqlmerge

                    stale = version < 2 or _merges_stale(connection)
                    if more and (transaction.touched or stale):
                        # More batches follow: the merges are worked out after the last
                        # one; until then readers merge as they read.
                        connection.execute("INSERT OR REPLACE INTO meta VALUES ('merges', 'stale')")
                    elif stale:
                        sqlmerge.refresh_all(connection)
                        connection.execute("DELETE FROM meta WHERE key = 'merges'")
                    elif transaction.touched:
                        sqlmerge.refresh(
                            connection, len(transaction.touched), transaction.pids, transaction.eids
                        )
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


_ANNOTATIONS = (
    "CREATE TABLE IF NOT EXISTS annotations (seq INTEGER PRIMARY KEY, id TEXT UNIQUE, entry TEXT NOT NULL)"
)


def _merges_kept(connection: sqlite3.Connection) -> bool:
    """Whether the store keeps merges (format 2) that are in step with its documents."""
    return _has_table(connection, "doc_search") and not _merges_stale(connection)


def _merges_stale(connection: sqlite3.Connection) -> bool:
    """Whether the kept merges lag behind the documents (an ingest in batches is under
    way, or was cut short); readers then merge as they read."""
    return connection.execute("SELECT 1 FROM meta WHERE key = 'merges'").fetchone() is not None


def _create_records(connection: sqlite3.Connection) -> None:
    from diplotui import sqlmerge

    for statement in [*_RECORDS, *sqlmerge.SCHEMA]:
        connection.execute(statement)


def _upgrade(connection: sqlite3.Connection, version: int) -> None:
    """Bring an older store to this version, inside the writer's transaction (a writer
    killed meanwhile leaves the older store as it was)."""
    if version < 2:
        _create_records(connection)
        for record in connection.execute("SELECT record FROM documents ORDER BY seq").fetchall():
            _index_rows(connection, orjson.loads(record[0]))
    else:
        if version < 3:
            for statement in _FORMAT_3:
                connection.execute(statement)
            for doc, record in connection.execute("SELECT id, record FROM documents ORDER BY seq"):
                _format_3_rows(connection, doc, orjson.loads(record).get("extraction") or {})
        for statement in _FORMAT_4:
            connection.execute(statement)
    connection.execute("UPDATE meta SET value = ? WHERE key = 'version'", (str(SQLITE_FORMAT_VERSION),))


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


class _FullText:
    """Finds documents by words of their text in the store's FTS5 index (see
    `Store.text_finder`), as the in-memory index of the query layer would: each word
    the start of a word, the words in a row. A phrase with more than spaces between
    its words ("russia's", "u.s.") is then looked for as written in the texts the
    index gives, folded (the index alone cannot tell "Russia's" from "Russia says")."""

    def __init__(self, store: SQLiteStore, ids: list[str]) -> None:
        self._store = store
        self._wanted = {document: position for position, document in enumerate(ids)}
        self._positions: list[int] = []
        """The position in `ids` of the document of each row (-1: none of them): the
        index gives rows, and mapping them in Python took four times as long as
        finding them, at 50,000 documents."""

    def map_rows(self, connection: sqlite3.Connection) -> None:
        """Work out the position of each row's document (again, after rows were put)."""
        positions = [-1] * ((connection.execute("SELECT max(seq) FROM documents").fetchone()[0] or 0) + 1)
        for row, document in connection.execute("SELECT seq, id FROM documents"):
            positions[row] = self._wanted.get(document, -1)
        self._positions = positions

    def __call__(self, phrase: str) -> set[int]:
        words = _WORD.findall(phrase)
        as_written = " ".join(words) != phrase.strip()
        with self._store._reader() as connection:
            if connection is None:
                return set()
            if as_written:
                connection.create_function("holds", 2, _holds, deterministic=True)
            if not words:  # punctuation alone: read in every text
                cursor = connection.execute("SELECT seq FROM documents WHERE holds(text, ?)", (phrase,))
            elif as_written:
                cursor = connection.execute(
                    "SELECT seq FROM documents WHERE seq IN"
                    " (SELECT rowid FROM document_text WHERE document_text MATCH ?) AND holds(text, ?)",
                    (_match(words), phrase),
                )
            else:
                cursor = connection.execute(
                    "SELECT rowid FROM document_text WHERE document_text MATCH ?", (_match(words),)
                )
            rows = list(chain.from_iterable(cursor.fetchall()))
            if rows and max(rows) >= len(self._positions):  # rows put since
                self.map_rows(connection)
        found = set(map(self._positions.__getitem__, rows))
        found.discard(-1)
        return found


def _match(words: list[str]) -> str:
    """The FTS5 query for words in a row, the last one a word's start. A folded "ss" may
    stand for "ß", which the index keeps as written: each way of spelling is asked for."""
    spellings = [_spellings(word) for word in words]
    if prod(map(len, spellings)) > 16:
        spellings = [[word] for word in words]
    return " OR ".join('"' + " ".join(words) + '"*' for words in product(*spellings))


def _spellings(word: str) -> list[str]:
    parts = word.split("ss")
    if not 1 < len(parts) <= 4:
        return [word]
    return [
        "".join(chain.from_iterable(zip(parts, between, strict=False))) + parts[-1]
        for between in product(("ss", "ß"), repeat=len(parts) - 1)
    ]


def _holds(text: str | None, phrase: str) -> bool:
    return find_word_start(fold(text or ""), phrase) >= 0


class SQLiteTransaction(Transaction):
    """Changes inside one SQLite transaction; they are visible to its own reads at once."""

    def __init__(self, connection: sqlite3.Connection, store: SQLiteStore) -> None:
        self.connection = connection
        self.store = store
        self.changed = False
        self.touched: set[str] = set()
        """The documents put or removed; the merges are brought in step with them before
        the commit, from the people and events they name (as they were and as they are)."""
        self.pids: set[str] = set()
        self.eids: set[str] = set()

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
        # Even a document put back with the same records (a touched file re-stamped)
        # moves to the end, and the merges read records in order: they are brought in
        # step for it too (a step as small as the document).
        replaced = self.connection.execute(
            "SELECT id FROM documents WHERE abspath = ? OR id = ?", (document["abspath"], document["id"])
        ).fetchall()
        self._touch([row[0] for row in replaced])
        extraction = document.get("extraction") or {}
        self.touched.add(document["id"])
        self.pids.update(p["id"] for p in extraction.get("people", []))
        self.eids.update(e["id"] for e in extraction.get("events", []))
        if replaced:
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
        _index_rows(self.connection, record)
        self.changed = True

    def _touch(self, documents: list[str]) -> None:
        """Note the people and events of documents about to go."""
        for document in documents:
            self.touched.add(document)
            people = self.connection.execute("SELECT pid FROM doc_people WHERE doc = ?", (document,))
            self.pids.update(row[0] for row in people)
            events = self.connection.execute("SELECT eid FROM doc_events WHERE doc = ?", (document,))
            self.eids.update(row[0] for row in events)

    def remove_path(self, abspath: str) -> bool:
        going = self.connection.execute("SELECT id FROM documents WHERE abspath = ?", (abspath,)).fetchall()
        self._touch([row[0] for row in going])
        removed = self.connection.execute("DELETE FROM documents WHERE abspath = ?", (abspath,)).rowcount
        self.changed = self.changed or removed > 0
        return removed > 0

    def count(self) -> int:
        return int(self.connection.execute("SELECT count(*) FROM documents").fetchone()[0])

    def documents(self) -> list[dict[str, Any]]:
        rows = self.connection.execute("SELECT record, text FROM documents ORDER BY seq").fetchall()
        return [self.store._document(record, text) for record, text in rows]

    def annotations(self) -> list[dict[str, Any]]:
        rows = self.connection.execute("SELECT entry FROM annotations ORDER BY seq").fetchall()
        return [orjson.loads(row[0]) for row in rows]

    def put_annotation(self, entry: dict[str, Any]) -> None:
        _check_annotation(self.store.path, entry)
        self.connection.execute("DELETE FROM annotations WHERE id = ?", (entry["id"],))
        self.connection.execute(
            "INSERT INTO annotations (id, entry) VALUES (?, ?)", (entry["id"], orjson.dumps(entry).decode())
        )
        self.changed = True

    def remove_annotation(self, entry_id: str) -> bool:
        removed = self.connection.execute("DELETE FROM annotations WHERE id = ?", (entry_id,)).rowcount
        self.changed = self.changed or removed > 0
        return removed > 0


__all__ = ["SQLiteStore", "SQLiteTransaction"]
