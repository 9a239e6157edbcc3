"""Provides `diplotui review`: the analyst's layer from the command line, for scripts.

Each command names records by the ids `diplotui search --json` prints (e-…, q-…, p-…,
d-…), records one annotation per record in the store, and prints what it did.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from diplotui.cli import Fail, _store, db_option


@click.group("review")
def review_group() -> None:
    """Review what was extracted: accept, reject, correct, star, tag and annotate.

    Decisions are kept apart from the extracted records and survive re-ingest,
    `ingest --force` and a new extractor version. Search them with status:, star:,
    tag: and note:.

    \b
    Examples:
      diplotui search --json 'date:2024' | head
      diplotui review accept e-1bd302e64998
      diplotui review edit e-1bd302e64998 place=Tampa date=2024-05-02
      diplotui review merge p-1111aaaa2222 p-3333bbbb4444
      diplotui review list --json
    """


def _corpus(
    db: str | None, holding: set[str] | None = None, annotations: set[str] | bool = False
) -> tuple[Any, Any]:
    """The store and its corpus: all of it, or as much as holds the records `holding`
    names, or (`annotations`: these ids, or True for all) the records annotations are
    on (with the documents they were made on, where ids changed)."""
    from diplotui.query import corpus_for

    store = _store(db, must_exist=True)
    if annotations:
        wanted = annotations if isinstance(annotations, set) else None
        holding = {e["target"] for e in store.annotations() if wanted is None or e["id"] in wanted}
    return store, corpus_for(store, holding=holding)


def _needed(store: Any, targets: tuple[str, ...], kind: str, value: Any) -> set[str] | None:
    """The records (and documents) annotating `targets` with `value` needs to read, or
    None when that is every record. People named by name (a merge's, an edit's
    participants or speaker) are looked for in the store's indexes where it has them."""
    from diplotui.query import documents_naming
    from diplotui.review import RECORD_ID

    if not all(RECORD_ID.fullmatch(t) for t in targets):
        return None  # not a record: refused by the annotation, as with every record read
    names: list[str] = []
    if kind == "merge":
        names.append(str(value))
    elif kind == "edit" and isinstance(value, dict):
        for field in ("participants", "speaker"):
            if field in value:
                items = value[field]
                names.extend(str(item) for item in (items if isinstance(items, list) else [items]))
    ids = set(targets) | {n for n in names if RECORD_ID.fullmatch(n)}
    names = [n for n in names if not RECORD_ID.fullmatch(n)]
    if not names:
        return ids
    found = documents_naming(store, names)
    return None if found is None else ids | found


def _record(db: str | None, targets: tuple[str, ...], kind: str, value: Any) -> Any:
    """Annotate each target; say what was done on stderr. Returns the corpus after."""
    from diplotui.annotate import annotate
    from diplotui.query import corpus_for
    from diplotui.review import ReviewError, as_extracted, describe

    store = _store(db, must_exist=True)
    corpus = corpus_for(store, holding=_needed(store, targets, kind, value))
    for target in targets:
        try:
            corpus = annotate(store, corpus, target, kind, value)
        except ReviewError as exc:
            raise Fail(str(exc)) from None
        said = " (as extracted: no correction kept)" if as_extracted(corpus.base, target, kind, value) else ""
        what = describe(corpus, {"id": "", "target": target})
        click.echo(f"{kind} {_shown(value)}{said}: {target} {what}", err=True)
    return corpus


def _shown(value: Any) -> str:
    """An annotation's value as a person reads it."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, dict):
        return ", ".join(f"{k}={', '.join(v) if isinstance(v, list) else v}" for k, v in value.items())
    return str(value)


@review_group.command("accept")
@click.argument("targets", nargs=-1, required=True)
@db_option
def accept_command(targets: tuple[str, ...], db: str | None) -> None:
    """Mark events, quotes or people as right (status:accepted)."""
    _record(db, targets, "status", "accepted")


@review_group.command("reject")
@click.argument("targets", nargs=-1, required=True)
@db_option
def reject_command(targets: tuple[str, ...], db: str | None) -> None:
    """Mark events, quotes or people as wrong: hidden everywhere (status:rejected shows them)."""
    _record(db, targets, "status", "rejected")


@review_group.command("unreview")
@click.argument("targets", nargs=-1, required=True)
@db_option
def unreview_command(targets: tuple[str, ...], db: str | None) -> None:
    """Take back an accept or reject (status:unreviewed)."""
    _record(db, targets, "status", "unreviewed")


EDIT_HELP = """Correct fields of one record: FIELD=VALUE…

\b
Events:  date=YYYY-MM-DD[..YYYY-MM-DD]  date_start=  date_end=  place=
         kind=talks|meeting|visit|call|summit|planned
         participants="p-…, Name, …" (ids or names of known people)
Quotes:  speaker=p-… or a name
People:  name=  title=  country=
An empty value (place=) clears the field.
"""


@review_group.command("edit", help=EDIT_HELP)
@click.argument("target")
@click.argument("assignments", nargs=-1, required=True)
@db_option
def edit_command(target: str, assignments: tuple[str, ...], db: str | None) -> None:
    from diplotui.review import edits_from

    typed: dict[str, str] = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        if not sep:
            raise Fail(f"{assignment!r}: write FIELD=VALUE, as in place=Tampa")
        typed[name] = value
    edits = edits_from(typed)
    for edit in edits:
        _record(db, (target,), "edit", edit)


@review_group.command("merge")
@click.argument("person")
@click.argument("into")
@db_option
def merge_command(person: str, into: str, db: str | None) -> None:
    """Merge PERSON into INTO: one person, PERSON's names become INTO's aliases (and a
    later document naming PERSON lands on INTO)."""
    _record(db, (person,), "merge", into)


@review_group.command("not-person")
@click.argument("people", nargs=-1, required=True)
@db_option
def not_person_command(people: tuple[str, ...], db: str | None) -> None:
    """Say a "person" is not one: removed from events, quotes and the people list."""
    _record(db, people, "not_person", True)


@review_group.command("star")
@click.argument("targets", nargs=-1, required=True)
@click.option("--off", is_flag=True, help="Take the star away.")
@db_option
def star_command(targets: tuple[str, ...], off: bool, db: str | None) -> None:
    """Star events, quotes, people or documents (star: finds them)."""
    _record(db, targets, "star", not off)


@review_group.command("tag")
@click.argument("target")
@click.argument("tags", nargs=-1, required=True)
@db_option
def tag_command(target: str, tags: tuple[str, ...], db: str | None) -> None:
    """Tag a record (tag:NAME finds it). `diplotui review undo` takes a tag away."""
    for tag in tags:
        _record(db, (target,), "tag", tag)


@review_group.command("note")
@click.argument("target")
@click.argument("text", nargs=-1, required=True)
@db_option
def note_command(target: str, text: tuple[str, ...], db: str | None) -> None:
    """Write a note on a record (note:WORD finds it; exports carry it)."""
    _record(db, (target,), "note", " ".join(text))


@review_group.command("undo")
@click.argument("annotations", nargs=-1, required=True)
@db_option
def undo_command(annotations: tuple[str, ...], db: str | None) -> None:
    """Remove annotations by their id (a-…, from `diplotui review list`)."""
    from diplotui.annotate import remove

    store, corpus = _corpus(db, annotations=set(annotations))
    known = {e["id"] for e in (corpus.review.entries if corpus.review else [])}
    unknown = [a for a in annotations if a not in known]
    if unknown:
        raise Fail(f"no annotation {unknown[0]} (see diplotui review list)")
    _, removed = remove(store, corpus, list(annotations))
    click.echo(f"removed {removed} annotation{'s' if removed != 1 else ''}", err=True)


@review_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@click.option("--orphans", is_flag=True, help="Only annotations whose record is gone.")
@db_option
def list_command(as_json: bool, orphans: bool, db: str | None) -> None:
    """List the annotations, oldest first, with the record each is on now.

    An annotation whose record no longer exists (its document was removed, or a new
    extractor no longer finds it) is kept and listed as orphaned.
    """
    import orjson
    from rich.text import Text

    from diplotui.cli import _print_table
    from diplotui.review import describe

    store, corpus = _corpus(db, annotations=True)
    review = corpus.review
    entries = review.entries if review else []
    rows = []
    for entry in entries:
        landed = review.landed.get(entry["id"]) if review else None
        if orphans and landed is not None:
            continue
        what = describe(corpus, entry)
        if as_json:
            line = {k: entry[k] for k in ("id", "target", "kind", "value", "created")}
            line |= {"record": landed, "orphaned": landed is None, "what": what}
            sys.stdout.buffer.write(orjson.dumps(line) + b"\n")
            continue
        rows.append(
            (entry["id"], entry["kind"], Text(_shown(entry["value"])), landed or "orphaned", Text(what))
        )
    if not as_json:
        reviewed = sum(1 for e in corpus.base.events if review and e.id in review.status)
        counts = None if corpus.whole else store.counts()  # a narrowed read holds only some
        total = counts[1] if counts else len(corpus.base.events)
        title = f"{len(rows)} annotations; reviewed {reviewed} of {total} events"
        _print_table(title, ("id", "kind", "value", "record", "what"), rows)


@review_group.command("score")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@db_option
def score_command(as_json: bool, db: str | None) -> None:
    """How right the extractor was on what you reviewed: of the records you accepted,
    rejected or corrected, how many were right as extracted, field by field."""
    import orjson

    from diplotui.review import score

    _, corpus = _corpus(db, annotations=True)
    figures = score(corpus)
    if as_json:
        for figure in figures:
            line = {"measure": figure.label, "right": figure.right, "judged": figure.judged}
            sys.stdout.buffer.write(orjson.dumps(line | {"precision": figure.ratio}) + b"\n")
        return
    width = max(len(f.label) for f in figures)
    for figure in figures:
        ratio = f"{figure.ratio:6.1%}" if figure.ratio is not None else "     —"
        click.echo(f"{figure.label:<{width}}  {ratio}  ({figure.right} of {figure.judged} reviewed)")
