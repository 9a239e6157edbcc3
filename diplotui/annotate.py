"""Provides the write side of the analyst's layer: record a decision in the store and
bring the corpus in memory in step with it. The explorer and `diplotui review` both
call these; `diplotui.review` says what annotations are and how they apply."""

from __future__ import annotations

from typing import Any

from diplotui.query import Corpus
from diplotui.review import SINGLE_KINDS, apply, as_extracted, attach, changes_records, make, remark
from diplotui.store import Store


def annotate(store: Store, corpus: Corpus, target: str, kind: str, value: Any) -> Corpus:
    """Record one annotation on `target` (an id the corpus shows) and return the corpus
    with it applied. A status, a star, a merge or an edit of a field replaces the one
    the record had; a tag or a note is added (the same tag twice is kept once); a field
    set back to its extracted value drops the correction.

    Raises:
        ReviewError: The record does not exist, or the value does not fit it.
        StoreError: The store cannot be written; nothing was recorded.
    """
    base = corpus.base
    entry = make(base, target, kind, value)
    # A field set back to what was extracted is no correction: the one before goes.
    keep = not as_extracted(base, target, kind, entry["value"])
    with store.transaction() as transaction:
        entries = transaction.annotations()
        landed = attach(base, entries)
        for old in entries:
            if landed.get(old["id"]) != target or old["kind"] != kind:
                continue
            same_slot = (
                kind in SINGLE_KINDS
                or (kind == "edit" and old["value"].keys() == entry["value"].keys())
                or (kind == "tag" and old["value"] == entry["value"])
            )
            if same_slot:
                transaction.remove_annotation(old["id"])
        if keep:
            transaction.put_annotation(entry)
        entries = transaction.annotations()
    return _applied(corpus, entries)


def remove(store: Store, corpus: Corpus, entry_ids: list[str]) -> tuple[Corpus, int]:
    """Remove annotations by id; return the corpus without them and how many went.

    Raises:
        StoreError: The store cannot be written; nothing was removed.
    """
    with store.transaction() as transaction:
        removed = sum(transaction.remove_annotation(entry_id) for entry_id in entry_ids)
        entries = transaction.annotations()
    return _applied(corpus, entries), removed


def _applied(corpus: Corpus, entries: list[dict[str, Any]]) -> Corpus:
    """The corpus with `entries` applied: when the records they change are the same as
    before (a status, star, tag or note was added), the corpus in hand is only marked
    again; otherwise the reviewed corpus is built again from the extracted one."""
    before = [e["id"] for e in (corpus.review.entries if corpus.review else []) if changes_records(e)]
    after = [e["id"] for e in entries if changes_records(e)]
    if sorted(before) == sorted(after):
        return remark(corpus, entries)
    return apply(corpus.base, entries)
