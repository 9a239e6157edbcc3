"""Fixtures for the explorer tests: a store holding the seed, and apps over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from diplotui.ingest import ingest
from diplotui.query import Corpus
from diplotui.store import Store

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"


@pytest.fixture
def seed_store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store.json")
    ingest(store, [SEEDS])
    return store


@pytest.fixture
def seed_corpus(seed_store: Store) -> Corpus:
    corpus = Corpus.from_records(seed_store.documents())
    # Its search index built, as the explorer's worker builds it once the first screen is
    # drawn: a test that types a free word at once does not race that worker.
    corpus.prepare_search().texts()
    return corpus
