"""Provides the `diplotui` command: ingest, search, export, and the explorer.

Each command parses its arguments, calls one library function and prints. Errors are
one line on stderr; exit status 0 success, 1 some inputs failed, 2 usage or store error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import click

from diplotui import __version__
from diplotui.config import ConfigError
from diplotui.store import Store, StoreError, default_path

EXIT_INPUTS = 1
EXIT_USAGE = 2


class Fail(Exception):
    """A one-line error with an exit status."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


def _store(db: str | None, must_exist: bool = False) -> Store:
    """The store the user named: the command's --db, else the group's (`diplotui --db X
    ingest …`), else DIPLOTUI_DB, else the default. Readers need it to exist."""
    from click.core import ParameterSource

    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.get_parameter_source("db") is not ParameterSource.COMMANDLINE:
        root = ctx.find_root()
        if root is not ctx and root.get_parameter_source("db") is ParameterSource.COMMANDLINE:
            db = root.params.get("db")
    if db is not None and not db.strip():
        raise Fail("--db: the store path is empty")
    store = Store(Path(db).expanduser() if db else default_path())
    if must_exist and not store.path.exists():
        raise Fail(f"no store at {store.path} (ingest documents first: diplotui ingest PATH…)")
    return store


def _err(message: str) -> None:
    click.echo(f"diplotui: {message}", err=True)


_TERM = "\0"
"""Marks a word of one dash on the command line as a query term (see `QueryCommand`)."""


class QueryCommand(click.Command):
    """A command whose QUERY may hold terms that exclude (`-planned`, `-topic:trade`):
    a word of one dash is such a term, not short options run together (click read
    `-topic:trade` as `-t -o pic:trade`, and `export` wrote a file named `pic:trade`).
    A short option stands alone (`-o FILE`, `-h`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value = {
            name
            for param in self.get_params(ctx)
            if isinstance(param, click.Option) and not param.is_flag
            for name in param.opts
        }
        marked: list[str] = []
        after = ""
        for arg in args:
            if arg == "--":
                marked.extend(args[len(marked) :])
                break
            term = arg.startswith("-") and not arg.startswith("--") and len(arg) > 2
            marked.append(_TERM + arg if term and after not in takes_value else arg)
            after = arg
        return super().parse_args(ctx, marked)


def _query_words(_ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(word.removeprefix(_TERM) for word in value)


db_option: Callable[[Callable[..., Any]], Callable[..., Any]] = click.option(
    "--db",
    metavar="PATH",
    envvar="DIPLOTUI_DB",
    help="The store file (default: diplotui.json in the user data directory; env DIPLOTUI_DB).",
)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="diplotui", message="%(prog)s %(version)s")
@db_option
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """A terminal timeline explorer for diplomacy.

    Without a command, opens the explorer (loading the bundled sample documents when
    the store is empty).
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_command, paths=(), db=db)


@contextmanager
def _progress(label: str, finishing: str | None = None) -> Iterator[Callable[[int, int, str], None]]:
    """A `progress(done, total, path)` callback that draws a Rich progress bar on stderr
    when it is a terminal and there are more than a few files (the work reports the file
    count before the first file); once every file is done, the bar says `finishing`
    (what is still being done: a large store takes seconds to write)."""
    with ExitStack() as stack:
        bar: dict[str, Any] = {}

        def update(done: int, total: int, path: str) -> None:
            if not bar and done == 0 and total > 3 and sys.stderr.isatty():
                from rich.console import Console
                from rich.progress import (
                    BarColumn,
                    MofNCompleteColumn,
                    Progress,
                    TextColumn,
                    TimeRemainingColumn,
                )

                progress = stack.enter_context(
                    Progress(
                        TextColumn("{task.description}"),
                        BarColumn(),
                        MofNCompleteColumn(),
                        TimeRemainingColumn(),
                        console=Console(stderr=True),
                        transient=True,
                    )
                )
                bar["progress"], bar["task"] = progress, progress.add_task(label, total=total)
            if bar:
                described = {"description": finishing} if finishing and done == total else {}
                bar["progress"].update(bar["task"], completed=done, **described)

        yield update


def _progress_ingest(
    store: Store,
    paths: list[str],
    published: str | None,
    force: bool,
    max_bytes: int,
    follow_links: bool = False,
    workers: int | None = None,
) -> Any:
    """Ingest with a progress bar."""
    from diplotui.ingest import default_workers, ingest

    with _progress("Ingesting", "Writing the store") as update:
        return ingest(
            store,
            paths,
            published=published,
            force=force,
            max_bytes=max_bytes,
            progress=update,
            follow_links=follow_links,
            workers=workers or default_workers(),
        )


def _check_published(value: str | None) -> str | None:
    if value is None:
        return None
    from diplotui.dates import parse_iso

    if parse_iso(value) is None or len(value) != 10:
        raise Fail(f"--published {value!r}: use YYYY-MM-DD")
    return value


def _report(report: Any) -> int:
    for problem in report.problems:
        _err(f"skipped {problem.path}: {problem.reason}")
    for warning in report.warnings:
        _err(f"warning: {warning.path}: {warning.reason}")
    click.echo(report.summary(), err=True)
    return EXIT_INPUTS if report.problems else 0


def reading_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of reading files, the same for `ingest` and `extract`."""
    options = [
        click.option(
            "--published", metavar="YYYY-MM-DD", help="Publication date for documents that carry none."
        ),
        click.option(
            "--max-size",
            "max_size",
            type=click.IntRange(min=1),
            default=20,
            show_default=True,
            metavar="MB",
            help="Refuse files larger than this many megabytes.",
        ),
        click.option(
            "--follow-links",
            is_flag=True,
            help="Follow symbolic links in folders to files outside them (skipped otherwise).",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            metavar="N",
            help="Read and extract files in N processes (default: one per core).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@reading_options
@click.option("--force", is_flag=True, help="Re-extract files even if they have not changed.")
@db_option
def ingest_command(
    paths: tuple[str, ...],
    published: str | None,
    force: bool,
    max_size: int,
    db: str | None,
    follow_links: bool = False,
    workers: int | None = None,
) -> None:
    """Parse documents (.txt, .md, .html; folders recursively) into the store; .jsonl
    shards that `extract` wrote are stored as they are."""
    published = _check_published(published)
    report = _progress_ingest(
        _store(db), list(paths), published, force, max_size * 1024 * 1024, follow_links, workers
    )
    sys.exit(_report(report))


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Folder to write the shards into (part-00000.jsonl, …); made if missing.",
)
@reading_options
@click.option(
    "--per-shard",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    metavar="N",
    help="Documents per shard.",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    help="Run on the Dask cluster whose scheduler is at ADDRESS (needs pip install 'diplotui[dask]').",
)
def extract_command(
    paths: tuple[str, ...],
    output: str,
    published: str | None,
    max_size: int,
    follow_links: bool,
    workers: int | None,
    per_shard: int,
    dask_address: str | None,
) -> None:
    """Extract documents into JSON Lines shards, without a store; `ingest DIR` loads
    them later without reading the files again."""
    from diplotui.ingest import default_workers
    from diplotui.shards import ClusterError, extract, extract_on_dask
    from diplotui.text import clean_line

    published = _check_published(published)
    folder = Path(output).expanduser()
    max_bytes = max_size * 1024 * 1024
    try:
        if dask_address:
            try:
                import dask.distributed  # noqa: F401
            except ImportError:
                raise Fail("--dask needs Dask: pip install 'diplotui[dask]'") from None
            report = extract_on_dask(
                list(paths), folder, dask_address, published, max_bytes, follow_links, per_shard
            )
        else:
            with _progress("Extracting") as update:
                report = extract(
                    list(paths),
                    folder,
                    published,
                    max_bytes,
                    follow_links,
                    workers or default_workers(),
                    per_shard,
                    update,
                )
    except ClusterError as exc:
        raise Fail(clean_line(str(exc))) from None
    except OSError as exc:
        raise Fail(f"cannot write shards into {folder}: {exc.strerror or exc}") from None
    sys.exit(_report(report))


def _corpus(db: str | None, holding: set[str] | None = None) -> Any:
    """The store's corpus: all of it, or (`holding`) as much as holds these records."""
    return _read(_store(db, must_exist=True), holding=holding)


def _read(store: Store, query: str = "", holding: set[str] | None = None) -> Any:
    """As much of the store as `query` (or `holding`) needs (see `corpus_for`)."""
    from diplotui.query import QueryError, corpus_for

    try:
        return corpus_for(store, query, holding)
    except QueryError as exc:
        raise Fail(f"bad query: {exc}") from None


def _view(corpus: Any, query: str) -> Any:
    from diplotui.query import QueryError

    try:
        return corpus.search(query)
    except QueryError as exc:
        raise Fail(f"bad query: {exc}") from None


@cli.command("search", cls=QueryCommand, context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, required=True, callback=_query_words)
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@db_option
def search_command(query: tuple[str, ...], as_json: bool, db: str | None) -> None:
    """Search events, quotes and documents' text with the explorer's query language.

    Words and phrases are looked for in what was extracted (events, quotes) and in
    every document's own text: the table ends with the documents whose text holds
    them, each with its first sentence that does.

    \b
    Examples:
      diplotui search Lavrov
      diplotui search 'person:putin topic:ukraine'
      diplotui search 'date:2023-02-01..2023-02-28 -planned'
    """
    from diplotui.export import format_event_date, plural, to_interchange

    text = " ".join(query)
    store = _store(db, must_exist=True)
    corpus = _read(store, text)
    view = _view(corpus, text)
    _say_what_dates_leave_out(store, corpus, view)
    if as_json:
        import orjson

        data = to_interchange(corpus, view)
        people = {p["id"]: p for p in data["people"]}

        def named(person_id: str | None) -> dict[str, Any] | None:
            person = people.get(person_id or "")
            return {"id": person_id, "name": person["name"], "title": person["title"]} if person else None

        for kind, key in (("event", "events"), ("quote", "quotes")):
            for record in data[key]:
                # Scripts get the names and titles beside the ids.
                if kind == "event":
                    record = {**record, "participant_names": [named(p) for p in record["participants"]]}
                else:
                    record = {**record, "speaker_name": named(record["speaker"])}
                sys.stdout.buffer.write(orjson.dumps({"type": kind, **record}) + b"\n")
        for document, span, sentence in view.text_matches():
            line = {
                "type": "document",
                "id": document.id,
                "title": document.title,
                "path": document.path,
                "published": document.published,
                "sentence": sentence if span else None,
                "start": span[0] if span else None,
                "end": span[1] if span else None,
            }
            sys.stdout.buffer.write(orjson.dumps(line) + b"\n")
        return
    from rich.text import Text

    title = f"{plural(len(view.events), 'event')}, {plural(len(view.quotes), 'quote')}"
    if view.words:
        title += f", {plural(len(view.texts), 'document')} whose text holds it"
    rows: list[tuple[str, str, Text, Text]] = []
    for event in view.events:
        docs = ", ".join(corpus.document_by_id[d].title for d in event.documents)
        rows.append(("event", format_event_date(event), Text(event.title), Text(docs)))
    for quote in view.quotes:
        speaker = corpus.person_by_id.get(quote.speaker or "")
        who = speaker.name if speaker else "unattributed"
        document = corpus.document_by_id[quote.document]
        rows.append(
            (quote.kind, document.published or "", Text(f"{who}: “{quote.text}”"), Text(document.title))
        )
    for document, span, sentence in view.text_matches():
        what = Text(" ".join(sentence.split()) if span else "(in the title)")
        rows.append(("text", document.published or "", what, Text(document.title)))
    _print_table(title, ("type", "date", "what", "document"), rows)


@cli.command("readouts")
@click.argument("event")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@db_option
def readouts_command(event: str, as_json: bool, db: str | None) -> None:
    """What each document reporting EVENT (an id, e-…) says of it, side by side; the
    fields they disagree on are named."""
    from rich.text import Text

    from diplotui.compare import READOUT_FIELDS, disagreements, readouts

    corpus = _corpus(db, {event})
    if event not in corpus.event_by_id:
        raise Fail(f"no event {event} in the store (ids come from diplotui search --json)")
    found = readouts(corpus, event)
    differ = disagreements(found)
    if as_json:
        import orjson

        for readout in found:
            line: dict[str, Any] = {"document": readout.document.id, "title": readout.document.title}
            line |= {name: readout.value(name) for name in READOUT_FIELDS[:3]}
            line |= {"participants": readout.participants, "quotes": [q.id for q in readout.quotes]}
            line |= {"disagree": sorted(differ)}
            sys.stdout.buffer.write(orjson.dumps(line) + b"\n")
        return
    title = f"{corpus.event_by_id[event].title}: {len(found)} documents"
    title += f"; they differ on {', '.join(sorted(differ))}" if differ else "; they agree"
    rows = [
        (Text(name + (" ≠" if name in differ else "")), *(Text(r.value(name)) for r in found))
        for name in READOUT_FIELDS
    ]
    _print_table(title, ("", *(r.document.title for r in found)), rows)


@cli.command("cadence")
@click.argument("first")
@click.argument("second")
@click.option("--countries", is_flag=True, help="FIRST and SECOND are countries, not people.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@db_option
def cadence_command(first: str, second: str, countries: bool, as_json: bool, db: str | None) -> None:
    """Every meeting between two people (ids, p-…, or names) or two countries, how many,
    the first and last, and the mean interval.

    \b
    Examples:
      diplotui cadence "Wang Yi" Lavrov
      diplotui cadence --countries China Russia
    """
    from diplotui.compare import cadence, country_cadence
    from diplotui.export import format_event_date
    from diplotui.query import documents_naming
    from diplotui.review import RECORD_ID, ReviewError, person_named

    store = _store(db, must_exist=True)
    # Two people named by their ids: only the documents naming them are read.
    ids = {first, second}
    if not countries and all(RECORD_ID.fullmatch(p) and p.startswith("p-") for p in ids):
        corpus = _read(store, holding=ids)
    else:
        corpus = _read(store, holding=documents_naming(store, [first, second], countries))
    if countries:
        found = country_cadence(corpus, first, second)
    else:
        try:
            found = cadence(corpus, person_named(corpus, first), person_named(corpus, second))
        except ReviewError as exc:
            raise Fail(str(exc)) from None
    if as_json:
        import orjson

        data = {
            "pair": list(found.pair),
            "meetings": [{"id": e.id, "date_start": e.date_start, "title": e.title} for e in found.meetings],
            "undated": [e.id for e in found.undated],
            "first": found.first,
            "last": found.last,
            "mean_interval_days": found.mean_interval,
        }
        sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
        return
    click.echo(found.summary())
    if found.meetings:
        click.echo(found.strip(60))
    for event in [*found.meetings, *found.undated]:
        click.echo(f"  {format_event_date(event):<22} {event.title}")


# Rows of a long table are drawn this many at a time, in the columns the first ones set:
# a table is otherwise measured whole before its first line, which for 100,000 rows
# takes minutes and gigabytes.
TABLE_CHUNK = 500


def _print_table(title: str, columns: tuple[str, ...], rows: list[Any]) -> None:
    """Print a table (a long one as it is drawn, a part at a time)."""
    from rich.console import Console
    from rich.segment import Segment, Segments
    from rich.table import Table

    console = Console(soft_wrap=False)

    def table(part: list[Any], first: bool, widths: list[int | None]) -> Table:
        made = Table(title=title if first else None, show_header=first)
        for name, width in zip(columns, widths, strict=True):
            made.add_column(
                name, overflow="fold" if name in ("what", "document") else "ellipsis", width=width
            )
        for row in part:
            made.add_row(*row)
        return made

    if len(rows) <= TABLE_CHUNK:
        console.print(table(rows, True, [None] * len(columns)))
        return
    lines = console.render_lines(table(rows[:TABLE_CHUNK], True, [None] * len(columns)), pad=False)
    texts = ["".join(segment.text for segment in line) for line in lines]
    top = next((n for n, text in enumerate(texts) if "┳" in text), None)
    if top is None:  # a console without box-drawing characters: measured whole
        console.print(table(rows, True, [None] * len(columns)))
        return
    widths: list[int | None] = [len(part) - 2 for part in texts[top].strip()[1:-1].split("┳")]

    def show(part: list[list[Segment]]) -> None:
        console.print(Segments(segment for line in part for segment in [*line, Segment.line()]), end="")

    show(lines[:-1])  # the bottom edge comes after the last part
    overflows = ["fold" if name in ("what", "document") else "ellipsis" for name in columns]
    sized = [width or 0 for width in widths]
    for start in range(TABLE_CHUNK, len(rows), TABLE_CHUNK):
        show(
            [
                line
                for row in rows[start : start + TABLE_CHUNK]
                for line in _row_lines(console, row, sized, overflows)
            ]
        )
    show(lines[-1:])


def _row_lines(console: Any, row: Any, widths: list[int], overflows: list[str]) -> list[list[Any]]:
    """A body row of `_print_table`'s table, in columns of these widths, as Rich draws
    it (each cell's text wrapped as the table wraps it, padded by a space each side, in
    the table's box), without laying a table out for it: ten times as fast."""
    from rich.box import HEAVY_HEAD
    from rich.cells import cell_len
    from rich.segment import Segment
    from rich.text import Text

    cells = []
    for value, width, overflow in zip(row, widths, overflows, strict=True):
        if isinstance(value, str) and "[" not in value and ":" not in value:  # no markup, no emoji
            value = Text(value)
        text = console.render_str(value, highlight=False) if isinstance(value, str) else value
        plain = text.plain
        room = width - cell_len(plain)
        if room >= 0 and not text.style and "\n" not in plain and "\t" not in plain:
            # One line as it is, padded (what wrapping it would give, four times as fast).
            cells.append([[*text.render(console), Segment(" " * room)]])
            continue
        wrapped = text.wrap(console, width, justify="left", overflow=overflow)
        cells.append([list(line.render(console)) for line in wrapped] or [[Segment(" " * width)]])
    height = max(len(cell) for cell in cells)
    edges = [HEAVY_HEAD.mid_left + " ", *[" " + HEAVY_HEAD.mid_vertical + " "] * (len(cells) - 1)]
    drawn = []
    for number in range(height):
        line = []
        for edge, cell, width in zip(edges, cells, widths, strict=True):
            line.append(Segment(edge))
            line.extend(cell[number] if number < len(cell) else [Segment(" " * width)])
        line.append(Segment(" " + HEAVY_HEAD.mid_right))
        drawn.append(line)
    return drawn


def _say_what_dates_leave_out(store: Store, corpus: Any, view: Any) -> None:
    """A date: query cannot match events that have no date at all; say how many of
    those the rest of the query selects (on stderr), rather than leave them out silently."""
    from diplotui.query import corpus_for, parse_query, without_dates

    if not any(term.field == "date" and not term.negated for term in parse_query(view.query)):
        return
    rest = without_dates(view.query)
    undated = None if corpus.whole or parse_query(rest) else store.undated_events()
    if undated is None:
        # The corpus read for the query may hold only what its dates concern.
        base = corpus if corpus.whole else corpus_for(store, rest)
        undated = sum(1 for e in base.search(rest).events if not e.date_start and not e.date_partial)
    if undated:
        events = f"{undated} event{'s' if undated != 1 else ''}"
        _err(f"note: {events} without any date cannot match date: (search without it to see them)")


@cli.command("export", cls=QueryCommand, context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, callback=_query_words)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json", "csv"]),
    default="md",
    show_default=True,
    help="Markdown briefing, interchange JSON, or CSV of events and quotes.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout ('-' is stdout)."
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@db_option
def export_command(query: tuple[str, ...], fmt: str, output: str | None, force: bool, db: str | None) -> None:
    """Export the store (or what QUERY selects) as Markdown, JSON or CSV.

    Exports carry the analyst's layer: edited values (JSON keeps the extracted ones
    under `extracted`), stars, tags and notes; rejected records are left out.
    """
    from diplotui.export import export_csv, export_json, export_markdown

    text = " ".join(query)
    corpus = _read(_store(db, must_exist=True), text)
    view = _view(corpus, text)
    if fmt == "json":
        data = export_json(corpus, view)
    elif fmt == "csv":
        data = export_csv(corpus, view)
    else:
        data = export_markdown(corpus, view).encode()
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_export(Path(output), data, force, _store(db).path)
    click.echo(f"wrote {output}", err=True)


def write_export(path: Path, data: bytes, force: bool, store: Path | None = None) -> None:
    """Write an export file; turn refusals into one-line errors."""
    from diplotui.export import save_export

    try:
        save_export(path, data, replace=force, store=store)
    except FileExistsError:
        raise Fail(f"{path} exists; use --force to replace it") from None
    except ValueError as exc:
        raise Fail(f"will not write over {exc}") from None
    except OSError as exc:
        raise Fail(f"cannot write {path}: {exc.strerror or exc}") from None


@cli.command("rules")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
def rules_command(as_json: bool) -> None:
    """List the named extraction rules that records cite in their `rules`."""
    import orjson

    from diplotui.extract import rules as registry

    found = registry.describe()
    if as_json:
        for item in found:
            click.echo(
                orjson.dumps({"name": item.name, "stage": item.stage, "description": item.description})
            )
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("rule", "stage", "what it does", title=f"{len(found)} rules", title_justify="left")
    for item in found:
        table.add_row(item.name, item.stage, item.description)
    Console(highlight=False).print(table)


@cli.command("remove")
@click.argument("documents", nargs=-1, required=True)
@click.option("--dry-run", is_flag=True, help="Say what would be removed; change nothing.")
@db_option
def remove_command(documents: tuple[str, ...], dry_run: bool, db: str | None) -> None:
    """Remove documents, and everything extracted from them, from the store.

    Each DOCUMENT is a document's id, its path (as shown, or the file's own path) or
    its title (ignoring case). People and events that other documents also report stay.

    \b
    Examples:
      diplotui remove d-b5bb220adb63
      diplotui remove seeds/wang-yi-moscow-talks-2023-02-22.txt --dry-run
    """
    import os

    from diplotui.model import fold
    from diplotui.text import path_text

    store = _store(db, must_exist=True)
    chosen: dict[str, dict[str, Any]] = {}
    for wanted in documents:
        real = path_text(Path(os.path.realpath(Path(wanted).expanduser())))
        matches = [
            d
            for d in store.documents_named(wanted, real)
            if wanted in (d.get("id"), d.get("path"))
            or real == d.get("abspath")
            or fold(wanted) == fold(d.get("title", ""))
        ]
        if not matches:
            raise Fail(f"no document matches {wanted!r} (by id, path or title); nothing removed")
        chosen.update((d["id"], d) for d in matches)
    for document in chosen.values():
        verb = "would remove" if dry_run else "removing"
        click.echo(f"{verb} {document['id']}  {document.get('title', '')}")
    if dry_run:
        return
    with store.transaction() as transaction:
        for document in chosen.values():
            transaction.remove_path(document.get("abspath", ""))
    click.echo(f"removed {len(chosen)} document{'s' if len(chosen) != 1 else ''}", err=True)


@cli.command("migrate")
@click.argument("source", type=click.Path())
@click.argument("target", type=click.Path())
def migrate_command(source: str, target: str) -> None:
    """Copy a store into a new file of the other backend (or the same).

    The backend follows the file name: .sqlite, .sqlite3 or .db is SQLite, anything else
    TinyDB JSON. SOURCE is only read; TARGET must not exist yet.

    \b
    Examples:
      diplotui migrate ~/.local/share/diplotui/diplotui.json corpus.sqlite
      diplotui migrate corpus.sqlite corpus.json
    """
    old, new = Store(Path(source).expanduser()), Store(Path(target).expanduser())
    if not old.exists():
        raise Fail(f"no store at {old.path}")
    if new.exists() or new.path == old.path:
        raise Fail(f"{new.path} exists; migrate into a new file")
    documents, annotations = old.documents(), old.annotations()
    with new.transaction() as transaction:
        for document in documents:
            transaction.put(document)
        for entry in annotations:
            transaction.put_annotation(entry)
    kept = f" and {len(annotations)} annotation{'s' if len(annotations) != 1 else ''}" if annotations else ""
    click.echo(
        f"copied {len(documents)} document{'s' if len(documents) != 1 else ''}{kept} from {old.path} "
        f"({old.backend}) to {new.path} ({new.backend})",
        err=True,
    )


@cli.command("open")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date for documents that carry none.")
@db_option
def open_command(paths: tuple[str, ...], db: str | None, published: str | None = None) -> None:
    """Open the explorer; PATHs are ingested first."""
    from diplotui.model import freeze_after_pauses

    freeze_after_pauses(False)  # the explorer lives on, and drops what it built
    store = _store(db)
    status = 0
    if paths:
        status = _report(
            _progress_ingest(store, list(paths), _check_published(published), False, 20 * 1024 * 1024)
        )
    if not sys.stdout.isatty():
        raise Fail("the explorer needs a terminal; use `diplotui search` or `diplotui export` in scripts")
    from diplotui.tui.app import DiplotuiApp

    if not store.is_empty():
        DiplotuiApp(store).run()
        return
    # An empty store: the bundled sample is shown from memory, never written into the
    # user's store (where it would stay as one document too many).
    from diplotui.ingest import sample_records
    from diplotui.query import Corpus

    notice = (
        f"The bundled sample, shown from memory: your store ({store.path}) is empty. "
        "Add your documents with: diplotui ingest PATH"
    )
    DiplotuiApp(corpus=Corpus.from_records(sample_records()), notice=notice).run()
    sys.exit(status)


def main(argv: list[str] | None = None) -> None:
    """Run the command line; turn every failure into one line and an exit status."""
    try:
        cli.main(args=argv, prog_name="diplotui", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
        _err(f"error: {exc.format_message()}{hint}")
        sys.exit(EXIT_USAGE)
    except click.Abort:
        _err("aborted")
        sys.exit(130)
    except Fail as exc:
        _err(f"error: {exc}")
        sys.exit(exc.status)
    except (StoreError, ConfigError) as exc:
        _err(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        if os.environ.get("DIPLOTUI_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set DIPLOTUI_DEBUG=1 for details)")
        sys.exit(EXIT_USAGE)


from diplotui.review_cli import review_group  # noqa: E402 - it builds on the helpers above

cli.add_command(review_group)
