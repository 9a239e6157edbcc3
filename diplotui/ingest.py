"""Provides ingest: files and folders in, documents and their records into the store.

Reading and extraction happen before the writer lock is taken; the lock is held only
to merge the results into the current store and write it once.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplotui.config import load_user_topics
from diplotui.dates import OUT_OF_RANGE
from diplotui.export import plural
from diplotui.extract.topics import DEFAULT_TOPICS, TopicLexicon, with_user_topics
from diplotui.model import stable_id, to_dict
from diplotui.store import Store, Transaction
from diplotui.text import DEFAULT_MAX_BYTES, SourceText, UnreadableInput, clean_line, path_text, read_source

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
SHARD_SUFFIX = ".jsonl"  # records `diplotui extract` wrote (see shards.py)
# Bumped whenever extraction changes what it produces, so re-ingest refreshes old records.
EXTRACTOR_VERSION = "11"


@dataclass
class Problem:
    """A file that could not be ingested, and why; both safe to print on one line."""

    path: str
    reason: str

    def __post_init__(self) -> None:
        self.path = clean_line(path_text(self.path))
        self.reason = clean_line(self.reason)


@dataclass
class IngestReport:
    """What an ingest did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    documents: int = 0
    events: int = 0
    people: int = 0
    quotes: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        """One line a person reads at the end of an ingest."""
        parts = [
            f"{self.documents} document{'s' if self.documents != 1 else ''} "
            f"({self.added} new, {self.updated} updated, {self.unchanged} unchanged)",
            plural(self.events, "event"),
            plural(self.people, "person", "people"),
            plural(self.quotes, "quote"),
        ]
        line = ", ".join(parts)
        if self.problems:
            line += f"; {len(self.problems)} skipped"
        return line


@dataclass(frozen=True, slots=True)
class Found:
    """A file to ingest: the path as given or found, and its real absolute path."""

    name: str
    """The path as given or found (a string: making a `Path` of every file found took a
    third of a re-ingest of 50,000 unchanged files)."""
    real: str

    @property
    def path(self) -> Path:
        return Path(self.name)

    @property
    def suffix(self) -> str:
        """The file's extension, lower case with its dot."""
        return os.path.splitext(self.name)[1].lower()


def collect_files(
    paths: Iterable[str | Path], follow_links: bool = False, shards: bool = False
) -> tuple[list[Found], list[Problem]]:
    """Expand files and folders into the documents below them, in a stable order (and
    the shards of extracted records, `.jsonl`, with `shards`).

    Folders are walked without following symbolic links (so a link loop cannot trap
    the walk); hidden files and folders are skipped. A link inside a folder to a file
    outside it is skipped with a problem unless `follow_links` is set: a folder of
    articles must not carry `/etc/passwd` into the store.
    """
    files: list[Found] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    wanted = (*SUFFIXES, SHARD_SUFFIX) if shards else SUFFIXES

    def add(path: str, real: str) -> None:
        if real not in seen:
            seen.add(real)
            files.append(Found(path, real))

    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            inside = os.path.realpath(path)
            for root, dirs, names in os.walk(
                path,
                onerror=lambda e: problems.append(
                    Problem(str(e.filename), f"cannot read folder ({e.strerror})")
                ),
            ):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                # The walk does not follow links, so a folder's real path is found once
                # and a plain file's is that plus its name.
                # Joined once per folder: a file's path is then the folder's and its name.
                real_root = os.path.join(os.path.realpath(root), "")
                folder = os.path.join(root, "")
                links = set(_links_in(root))
                for name in sorted(names):
                    if name.startswith(".") or not name.lower().endswith(wanted):
                        continue
                    candidate = folder + name
                    if name not in links:
                        add(candidate, real_root + name)
                        continue
                    if not os.path.exists(candidate):
                        problems.append(Problem(candidate, "broken or looping symbolic link"))
                        continue
                    target = os.path.realpath(candidate)
                    if not follow_links and os.path.commonpath([inside, target]) != inside:
                        problems.append(
                            Problem(
                                candidate,
                                "symbolic link to a file outside the folder; not followed (--follow-links)",
                            )
                        )
                        continue
                    add(candidate, target)
        elif path.exists():
            add(str(path), os.path.realpath(path))
        elif path.is_symlink():
            problems.append(Problem(str(path), "broken or looping symbolic link"))
        else:
            problems.append(Problem(str(path), "no such file or folder"))
    return files, problems


def _links_in(folder: str) -> Iterator[str]:
    """The names of the symbolic links in `folder`, from its directory listing (no
    look at each file: a folder of 50,000 files would take 50,000 of them)."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_symlink():
                    yield entry.name
    except OSError:
        return


@dataclass
class Prepared:
    """A file read and extracted, ready to be stored."""

    abspath: str
    record: dict[str, Any]


def fingerprint(sha256: str, published_override: str | None, topics: TopicLexicon = DEFAULT_TOPICS) -> str:
    """What decides whether a stored document is still current: its bytes, the date it
    was given, the extractor's version and the topic lexicon it was read with."""
    lexicon = "" if topics == DEFAULT_TOPICS else stable_id("l", topics)
    # The hash, then the rest (which ends with the version or what follows it, never ":").
    return sha256 + f":{published_override or ''}:{EXTRACTOR_VERSION}:{lexicon}".rstrip(":")


def read_file(path: Path, max_bytes: int) -> bytes:
    """Read a file's bytes, refusing files larger than `max_bytes`.

    Raises:
        UnreadableInput: Too large, not a regular file, or unreadable.
    """
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UnreadableInput("not a regular file")
        if size > max_bytes:
            raise UnreadableInput(
                f"larger than the {max_bytes // (1024 * 1024)} MB limit ({size // (1024 * 1024)} MB); "
                "raise it with --max-size"
            )
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except PermissionError:
        raise UnreadableInput("permission denied") from None
    except OSError as exc:
        raise UnreadableInput(f"cannot read ({exc.strerror or exc})") from None


def display_path(path: Path | str) -> str:
    """The path as it is shown and exported: relative to the working directory if below it."""
    resolved = Path(os.path.realpath(path))
    try:
        shown = resolved.relative_to(os.path.realpath(Path.cwd()))
    except ValueError:
        shown = resolved
    return clean_line(path_text(shown))


def build_record(
    data: bytes,
    path: Path,
    published_override: str | None,
    source: SourceText | None = None,
    topics: TopicLexicon = DEFAULT_TOPICS,
    real: str | None = None,
) -> dict[str, Any]:
    """Read, normalise and extract one file into the record the store keeps.

    `real` is the file's real path when the caller knows it already.

    Raises:
        UnreadableInput: The file is not a readable document.
    """
    real = real or os.path.realpath(path)
    sha = hashlib.sha256(data).hexdigest()
    source = source or read_source(data, path.suffix.lower())
    published = published_override or source.published
    document_id = stable_id("d", sha)
    record: dict[str, Any] = {
        "id": document_id,
        "path": display_path(real),
        "title": source.title or clean_line(path_text(path.stem)),
        "published": published,
        "source": source.source,
        "sha256": sha,
        "text": source.body,
        "author": source.author,
        "extra": dict(source.extra),
    }
    # Imported here: an ingest that finds nothing changed never loads the extractor.
    from diplotui.extract import extract_document

    title = source.title if source.title and source.title not in source.body[:500] else None
    extraction = extract_document(source.body, published, document_id, topics, title)
    record["abspath"] = path_text(real)
    record["fingerprint"] = fingerprint(sha, published_override, topics)
    record["warnings"] = list(source.warnings)
    if extraction.warnings:
        record["warnings"].append(f"a date relative to the publication date ({published}) {OUT_OF_RANGE}")
    stored = to_dict(extraction)
    # Topic keywords come from the lexicon; repeating them in every document made the
    # store large and slow to parse. The query layer fills them back in.
    built_in = dict(DEFAULT_TOPICS)
    stored["topics"] = [
        {"id": t.id, "label": t.label}
        if t.label in built_in and tuple(t.keywords) == built_in[t.label]
        else {"id": t.id, "label": t.label, "keywords": t.keywords}
        for t in extraction.topics
    ]
    record["extraction"] = stored
    return record


def default_workers() -> int:
    """The processes `ingest` extracts in by default: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on every platform
        return max(1, os.cpu_count() or 1)


# Below this many files to read, a process pool costs more than it saves.
POOL_MIN_FILES = 16


@dataclass(frozen=True)
class Settings:
    """What every file of one ingest is read with."""

    published: str | None
    force: bool
    max_bytes: int
    topics: TopicLexicon


@dataclass
class Outcome:
    """What became of one file: a record to store, unchanged, or a problem."""

    record: dict[str, Any] | None = None
    unchanged: bool = False
    problem: str | None = None
    stamp: list[int] | None = None  # of an unchanged file, to be stored


_WORKER_SETTINGS: Settings | None = None


def _start_worker(settings: Settings, parent: int) -> None:
    """Set up a pool process: Ctrl+C is the parent's to handle (it drops the whole
    ingest, and nothing is written before the end)."""
    global _WORKER_SETTINGS
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_SETTINGS = settings

    def leave_with_parent() -> None:
        # A parent killed outright (SIGKILL, SIGHUP) cannot stop its pool; without this
        # the workers would wait on its queue for ever, holding its terminal's pipes.
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=leave_with_parent, daemon=True).start()


def _in_worker(job: tuple[Found, str | None]) -> Outcome:
    assert _WORKER_SETTINGS is not None
    return prepare(job, _WORKER_SETTINGS)


def prepare(job: tuple[Found, str | None], settings: Settings) -> Outcome:
    """Read one file and extract it, unless its bytes match the stored fingerprint."""
    found, stored_fingerprint = job
    try:
        stamp = _stamp(found.real)
        data = read_file(Path(found.real), settings.max_bytes)
        sha = hashlib.sha256(data).hexdigest()
        if not settings.force and stored_fingerprint == fingerprint(sha, settings.published, settings.topics):
            return Outcome(unchanged=True, stamp=stamp)
        record = build_record(data, found.path, settings.published, topics=settings.topics, real=found.real)
        record["file_stat"] = stamp
        return Outcome(record=record)
    except UnreadableInput as exc:
        return Outcome(problem=str(exc))


def _stamp(real: str) -> list[int] | None:
    """A file's size and modification time: when both are as stored, the file is taken
    as unchanged without being read (as make, rsync and git do; `--force` reads all)."""
    try:
        info = os.stat(real)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl+C, hang-up and terminate while worker processes start, and deliver them
    after: a parent that dies while a spawned worker reads its start-up data leaves that
    worker printing a traceback on the user's terminal."""
    names = ("SIGINT", "SIGHUP", "SIGTERM")
    held = [getattr(signal, name) for name in names if hasattr(signal, name)]
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (and only it receives signals)
        return
    caught: list[int] = []
    previous = {sig: signal.signal(sig, lambda number, _frame: caught.append(number)) for sig in held}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sig in caught:
            signal.raise_signal(sig)


def outcomes(jobs: list[tuple[Found, str | None]], settings: Settings, workers: int) -> Iterator[Outcome]:
    """Each job's outcome, in order; in a pool of `workers` processes when it pays."""
    if workers <= 1 or len(jobs) < POOL_MIN_FILES:
        for job in jobs:
            yield prepare(job, settings)
        return
    # "spawn": a fresh interpreter per worker, never a fork of a process that may be
    # running threads (the progress bar's, for one).
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=context,
        initializer=_start_worker,
        initargs=(settings, os.getpid()),
    )
    try:
        with _signals_held():
            # map submits every job at once, and the workers start as they are submitted.
            results = pool.map(_in_worker, jobs, chunksize=max(1, min(32, len(jobs) // (workers * 8))))
        yield from results
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


FEW_FILES = 100


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    published: str | None = None,
    force: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[int, int, str], None] | None = None,
    follow_links: bool = False,
    workers: int = 1,
) -> IngestReport:
    """Ingest files and folders into `store`.

    Args:
        store: Where the documents go.
        paths: Files and folders.
        published: `YYYY-MM-DD` for documents that carry no publication date.
        force: Re-extract files even when they have not changed.
        max_bytes: Files larger than this are refused.
        progress: Called as `progress(done, total, path)` after each file.
        follow_links: Follow links in folders to files outside them.
        workers: Processes to read and extract files in (1: this one).

    Returns:
        Counts, and one Problem per file that could not be ingested.

    Raises:
        StoreError: The store is unusable or cannot be written; nothing is lost.
        ConfigError: The user's topics file is unusable.
    """
    extra = load_user_topics()
    topics = with_user_topics(extra) if extra else DEFAULT_TOPICS
    settings = Settings(published, force, max_bytes, topics)
    paths = list(paths)
    files, problems = collect_files(paths, follow_links, shards=True)
    report = IngestReport(problems=problems)
    # A few files named one by one are looked up by path, not against every stored one.
    few = len(files) <= FEW_FILES and all(Path(p).expanduser().is_file() for p in paths)
    current = store.fingerprints({path_text(f.real) for f in files} if few else None)
    named = {os.path.realpath(Path(p).expanduser()) for p in paths}
    is_shard = [f.suffix == SHARD_SUFFIX for f in files]
    shards = list(itertools.compress(files, is_shard))
    prepared = _from_shards([f for f in shards if f.real in named or _looks_like_shard(f.real)], report)
    files = [f for f, shard in zip(files, is_shard, strict=True) if not shard]
    if progress is not None:
        progress(0, len(files), "")
    jobs: list[tuple[Found, str | None]] = []
    rest = fingerprint("", published, topics)  # a fingerprint is its file's hash and this
    for found in files:
        stored = current.get(path_text(found.real))
        stored_fingerprint = stored.get("fingerprint") if stored else None
        if (
            not force
            and stored
            and stored.get("file_stat") is not None
            and stored.get("file_stat") == _stamp(found.real)
            and stored_fingerprint == f"{stored.get('sha256', '')}{rest}"
        ):
            report.unchanged += 1
            continue
        jobs.append((found, stored_fingerprint))
    done = len(files) - len(jobs)
    restamp: dict[str, list[int]] = {}
    batch = store.batch_size or len(jobs) + len(prepared) + 1
    for (found, _), outcome in zip(jobs, outcomes(jobs, settings, workers), strict=True):
        if outcome.problem is not None:
            report.problems.append(Problem(found.name, outcome.problem))
        elif outcome.unchanged:
            report.unchanged += 1
            stored = current.get(path_text(found.real))
            if stored is not None and outcome.stamp is not None and stored.get("file_stat") != outcome.stamp:
                restamp[path_text(found.real)] = outcome.stamp  # touched, not changed
        elif outcome.record is not None:
            report.warnings.extend(Problem(found.name, w) for w in outcome.record["warnings"])
            # Held until the commit in the form the store asks (a JSON store, whose whole
            # ingest is one commit, sets each document's text and records aside on disk).
            prepared.append(Prepared(path_text(found.real), store.held(outcome.record)))
        done += 1
        if progress is not None:
            progress(done, len(files), found.name)
        if len(prepared) >= batch:
            # A store that commits in batches keeps what is done if the rest is cut short.
            _commit(store, prepared, {}, force, report, more=True)
    stored_records = _commit(store, prepared, restamp, force, report)
    _count(store, stored_records, report)
    return report


def _commit(
    store: Store,
    prepared: list[Prepared],
    restamp: dict[str, list[int]],
    force: bool,
    report: IngestReport,
    more: bool = False,
) -> Transaction | None:
    """Store `prepared` (and clear it) and the new times of touched files, in one
    transaction (`more`: others follow); return the transaction, to count from, when
    the store keeps no counts to ask it for."""
    with store.transaction(more) as transaction:
        for item in prepared:
            twin = transaction.by_id(item.record["id"])
            if twin and twin.get("abspath") != item.abspath and Path(twin["abspath"]).exists():
                report.warnings.append(
                    Problem(item.record["path"], f"same text as {twin.get('path')}; kept once")
                )
                report.unchanged += 1
                continue
            previous = transaction.by_path(item.abspath)
            if previous and previous.get("fingerprint") == item.record["fingerprint"] and not force:
                report.unchanged += 1
                continue
            transaction.put(item.record)
            if previous:
                report.updated += 1
            else:
                report.added += 1
        prepared.clear()  # stored now; a backend that copied them need not keep both
        for abspath, stamp in restamp.items():
            # Stored with its new time, so the next ingest need not read it again.
            row = transaction.by_path(abspath)
            if row is not None:
                transaction.put({**row, "file_stat": stamp})
        # The counts of a store that keeps its merges are asked of it after the commit;
        # a JSON store works them out at its commit when documents changed; others are
        # counted from what was just written, without reading the file again.
        return None if store.keeps_merges else transaction


def _looks_like_shard(path: str) -> bool:
    """Whether a `.jsonl` file found in a folder is a shard `extract` wrote (its first
    line says so); any other JSON Lines file there is not a document and is passed over,
    as before. A shard named on the command line is always read as one."""
    from diplotui.shards import RECORD_FORMAT

    try:
        with open(path, encoding="utf-8") as handle:
            first = handle.read(64)
    except (OSError, UnicodeDecodeError):
        return False
    return first.startswith(f'{{"format": "{RECORD_FORMAT}"')


def _from_shards(shards: list[Found], report: IngestReport) -> list[Prepared]:
    """The records of shards (`diplotui extract` wrote them), stored as they are,
    without reading the files again."""
    from diplotui.shards import shard_records

    prepared: list[Prepared] = []
    for shard in shards:
        try:
            records = list(shard_records(Path(shard.real)))
        except UnreadableInput as exc:
            report.problems.append(Problem(shard.name, str(exc)))
            continue
        for record in records:
            # Its file's size and time were taken where it was extracted: the next plain
            # ingest of the file reads it rather than trusting them.
            record.pop("file_stat", None)
            prepared.append(Prepared(record["abspath"], record))
            report.warnings.extend(Problem(record["path"], w) for w in record.get("warnings", []))
    return prepared


def _count(store: Store, committed: Transaction | None, report: IngestReport) -> None:
    from diplotui.query import merged_counts

    counts = committed.counts() if committed is not None else None
    if counts is None:
        counts = store.counts()
    if counts is None:
        counts = merged_counts(store.documents() if committed is None else committed.documents())
    report.documents, report.events, report.people, report.quotes = counts


def sample_records() -> list[dict[str, Any]]:
    """The bundled sample documents read and extracted in memory, for showing them
    without writing them into anyone's store."""
    seeds = bundled_seeds()
    if seeds is None:
        return []
    files, _ = collect_files([seeds])
    records = []
    for found in files:
        try:
            records.append(build_record(read_file(Path(found.real), DEFAULT_MAX_BYTES), found.path, None))
        except UnreadableInput:
            continue
    return records


def bundled_seeds() -> Path | None:
    """Return the folder of sample documents shipped with diplotui, if present."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    return None
