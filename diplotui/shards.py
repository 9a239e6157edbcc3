"""Extraction without a store: files become records in JSON Lines shards, which `ingest`
loads later without reading the files again.

Extraction is a pure map from one file to one record, so it can run anywhere: in this
machine's process pool, or as a Dask bag on a cluster (`diplotui[dask]`). Each line of a
shard is one document's record as the store keeps it (the document, its text, what was
extracted from it, the fingerprint that says whether it is current), with
`"format": "diplotui/1"`. A shard is written whole or not at all.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplotui.config import load_user_topics
from diplotui.export import plural
from diplotui.extract.topics import DEFAULT_TOPICS, with_user_topics
from diplotui.ingest import SHARD_SUFFIX, Found, Problem, Settings, collect_files, outcomes, prepare
from diplotui.store import atomic_write, document_problem
from diplotui.text import DEFAULT_MAX_BYTES, UnreadableInput, clean_line, path_text

RECORD_FORMAT = "diplotui/1"
DEFAULT_PER_SHARD = 1000
"""Documents per shard: a shard of 1,000 articles is a few megabytes."""

# What a record needs beyond what every stored document has, to be stored as read.
_SHARD_FIELDS = ("abspath", "path", "sha256", "fingerprint", "text")


class ClusterError(Exception):
    """The Dask cluster cannot be used; the message says why, on one line."""


@dataclass
class ExtractReport:
    """What `extract` wrote, and the files it could not read."""

    folder: Path
    documents: int = 0
    shards: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        """One line a person reads at the end."""
        shards, folder = plural(len(self.shards), "shard"), clean_line(path_text(self.folder))
        line = f"{plural(self.documents, 'document')} extracted into {shards} in {folder}"
        if self.problems:
            line += f"; {len(self.problems)} skipped"
        return line


def _settings(published: str | None, max_bytes: int) -> Settings:
    extra = load_user_topics()
    topics = with_user_topics(extra) if extra else DEFAULT_TOPICS
    # Every file is read: a shard holds what was extracted, not what a store has.
    return Settings(published, True, max_bytes, topics)


def record_line(record: dict[str, Any]) -> str:
    """One record as a line of a shard."""
    # The format first: `ingest` knows a shard in a folder by the start of its first line.
    return json.dumps({"format": RECORD_FORMAT, **record}, ensure_ascii=False)


def extract(
    paths: Iterable[str | Path],
    folder: Path,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_links: bool = False,
    workers: int = 1,
    per_shard: int = DEFAULT_PER_SHARD,
    progress: Callable[[int, int, str], None] | None = None,
) -> ExtractReport:
    """Read and extract files into shards in `folder`, in a pool of `workers` processes.

    Raises:
        OSError: The folder cannot be made or written; shards already written stay.
    """
    settings = _settings(published, max_bytes)
    files, problems = collect_files(paths, follow_links)
    report = ExtractReport(folder, problems=problems)
    folder.mkdir(parents=True, exist_ok=True)
    start = _next_shard_number(folder)
    if progress is not None:
        progress(0, len(files), "")
    lines: list[str] = []
    jobs: list[tuple[Found, str | None]] = [(found, None) for found in files]
    for done, ((found, _), outcome) in enumerate(
        zip(jobs, outcomes(jobs, settings, workers), strict=True), 1
    ):
        if outcome.problem is not None:
            report.problems.append(Problem(found.name, outcome.problem))
        elif outcome.record is not None:
            lines.append(record_line(outcome.record))
            report.documents += 1
            report.warnings.extend(Problem(found.name, w) for w in outcome.record["warnings"])
        if len(lines) >= per_shard:
            report.shards.append(_write_shard(folder, start + len(report.shards), lines))
            lines = []
        if progress is not None:
            progress(done, len(files), found.name)
    if lines:
        report.shards.append(_write_shard(folder, start + len(report.shards), lines))
    return report


def _next_shard_number(folder: Path) -> int:
    """The number after the highest shard already in `folder` (a second run adds shards,
    it never writes over the first run's)."""
    numbers = [int(p.stem[5:]) for p in folder.glob(f"part-*{SHARD_SUFFIX}") if p.stem[5:].isdigit()]
    return max(numbers, default=-1) + 1


def _write_shard(folder: Path, number: int, lines: list[str]) -> Path:
    path = folder / f"part-{number:05d}{SHARD_SUFFIX}"
    atomic_write(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path


# -- on a Dask cluster ------------------------------------------------------------------


def _extract_one(item: tuple[str, str], settings: Settings) -> dict[str, str]:
    """Extract one file on a Dask worker: its shard line, or why it could not be read."""
    path, real = item
    outcome = prepare((Found(path, real), None), settings)
    if outcome.record is not None:
        return {"line": record_line(outcome.record)}
    return {"path": path, "problem": outcome.problem or "not read"}


def extract_on_dask(
    paths: Iterable[str | Path],
    folder: Path,
    address: str,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_links: bool = False,
    per_shard: int = DEFAULT_PER_SHARD,
) -> ExtractReport:
    """Extract files as a Dask bag on the cluster whose scheduler is at `address`.

    The workers read the files and write the shards, so the files and `folder` must be
    at the same paths on every worker (a shared file system). Shards are written into a
    hidden folder inside `folder` and moved into it only when every one is written.

    Raises:
        ImportError: Dask is not installed (`pip install 'diplotui[dask]'`).
        ClusterError: The scheduler cannot be reached.
        OSError: `folder` cannot be written.
    """
    import dask.bag
    from dask.distributed import Client

    settings = _settings(published, max_bytes)
    files, problems = collect_files(paths, follow_links)
    report = ExtractReport(folder, problems=problems)
    folder.mkdir(parents=True, exist_ok=True)
    if not files:
        return report
    partial = folder / f".partial-{uuid.uuid4().hex[:12]}"
    items = [(found.name, found.real) for found in files]
    try:
        client = Client(address)
    except (OSError, ValueError) as exc:  # refused, timed out, no such address
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        with client:
            bag = dask.bag.from_sequence(items, npartitions=math.ceil(len(items) / per_shard))
            outcomes = client.persist(bag.map(_extract_one, settings))
            outcomes.filter(lambda o: "line" in o).pluck("line").to_textfiles(
                str(partial / f"part-*{SHARD_SUFFIX}"), name_function=lambda n: f"{n:05d}"
            )
            failed = outcomes.filter(lambda o: "problem" in o).compute()
        report.problems += [Problem(o["path"], o["problem"]) for o in failed]
        start = _next_shard_number(folder)
        for shard in sorted(partial.glob(f"part-*{SHARD_SUFFIX}")):
            count = sum(1 for line in shard.open(encoding="utf-8") if line.strip())
            if count == 0:
                continue
            target = folder / f"part-{start + len(report.shards):05d}{SHARD_SUFFIX}"
            os.replace(shard, target)
            report.shards.append(target)
            report.documents += count
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return report


# -- reading shards back ----------------------------------------------------------------


def shard_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of one shard, checked as the store checks its own.

    Raises:
        UnreadableInput: A line is not a diplotui record (the whole shard is refused, so
            that half a shard is never stored).
    """
    records = []
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                records.append(_record(line, number))
    except UnicodeDecodeError as exc:
        raise UnreadableInput("not a shard: not UTF-8 text") from exc
    except OSError as exc:
        raise UnreadableInput(f"cannot read it ({exc.strerror})") from exc
    yield from records


def _record(line: str, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except ValueError:
        raise UnreadableInput(f"not a shard: line {number} is not JSON") from None
    if not isinstance(record, dict) or record.get("format") != RECORD_FORMAT:
        raise UnreadableInput(f"not a shard: line {number} is not a {RECORD_FORMAT} record")
    del record["format"]
    missing = next((name for name in _SHARD_FIELDS if not isinstance(record.get(name), str)), None)
    problem = f"'{missing}' is missing" if missing else document_problem(record)
    if problem:
        raise UnreadableInput(f"not a shard: line {number}: {problem}")
    return record
