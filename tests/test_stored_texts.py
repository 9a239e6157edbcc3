"""A corpus read from a store leaves the documents' texts there and reads each when it is
asked for (`diplotui.query.StoredTexts`), on either backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import store_of

from diplotui.ingest import ingest
from diplotui.query import StoredTexts, corpus_for
from diplotui.store import Store

TEXTS = {
    "a.txt": (
        "Foreign Minister Lena Vidal met Prime Minister Omar Amrani in Rabat on 3 May 2024.\n\n"
        "“Our ports will stay open,” Vidal said after the talks on fisheries.\n"
    ),
    "b.txt": (
        "President Ines Carvalho held talks with Chancellor Jonas Weber in Lisbon on 9 June 2024.\n\n"
        "The two discussed a rail link and the grain corridor.\n"
    ),
}


def _store(tmp_path: Path, db: Path) -> Store:
    return store_of(TEXTS, tmp_path, db.name)


def test_the_corpus_holds_no_text_and_reads_each_from_the_store(tmp_path: Path, db: Path) -> None:
    store = _store(tmp_path, db)
    corpus = corpus_for(store)
    stored = {d["id"]: d["text"] for d in store.documents()}
    assert all(d.body is None for d in corpus.documents)
    assert {d.id: d.text for d in corpus.documents} == stored
    # A quote's offsets point into the text read back.
    quote = next(q for q in corpus.quotes if "ports" in q.text)
    document = corpus.document_by_id[quote.document]
    assert quote.text in document.text[quote.sentence_start : quote.sentence_end]


def test_free_words_are_found_in_texts_read_from_the_store(tmp_path: Path, db: Path) -> None:
    corpus = corpus_for(_store(tmp_path, db))
    assert [Path(d.path).name for d in corpus.search("rail link").texts] == ["b.txt"]
    assert [Path(d.path).name for d in corpus.search("fisheries").texts] == ["a.txt"]
    assert corpus.search("rail fisheries").texts == []


def test_a_text_removed_from_the_store_reads_empty_and_says_why(tmp_path: Path, db: Path) -> None:
    store = _store(tmp_path, db)
    corpus = corpus_for(store)
    gone = next(d for d in corpus.documents if d.path.endswith("b.txt"))
    with store.transaction() as transaction:  # as `diplotui remove` does, meanwhile
        transaction.remove_path(str((tmp_path / "docs" / "b.txt").resolve()))
    assert gone.text == ""
    assert isinstance(gone.reader, StoredTexts) and gone.id in (gone.reader.problem or "")


def test_the_last_texts_read_are_kept_and_no_more(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store(tmp_path, tmp_path / "s.json")
    reads: list[set[str]] = []
    real = Store.texts
    monkeypatch.setattr(type(store), "texts", lambda self, ids: (reads.append(ids), real(self, ids))[1])
    monkeypatch.setattr(StoredTexts, "KEEP", 1)
    corpus = corpus_for(store)
    first, second = corpus.documents
    assert first.text == first.text and len(reads) == 1  # kept
    assert second.text and first.text and len(reads) == 3  # the first was let go


def test_a_problem_is_said_of_the_text_last_asked_for(tmp_path: Path) -> None:
    store = _store(tmp_path, tmp_path / "s.json")
    corpus = corpus_for(store)
    kept, gone = sorted(corpus.documents, key=lambda d: d.path)
    with store.transaction() as transaction:
        transaction.remove_path(str((tmp_path / "docs" / "b.txt").resolve()))
    reader = gone.reader
    assert isinstance(reader, StoredTexts)
    assert gone.text == "" and reader.problem
    assert kept.text and reader.problem is None


PHRASES = [
    "rail link",
    "rail",
    "lis",
    "isbon",
    "minister omar",
    "grain corr",
    "ports will",
    "open,”",
    "vidal met",
    "zzz",
]


def test_free_words_are_found_alike_on_both_backends(tmp_path: Path) -> None:
    found = {}
    for name in ("s.json", "s.sqlite"):
        corpus = corpus_for(store_of(TEXTS, tmp_path, name))
        found[name] = {p: sorted(Path(d.path).name for d in corpus.search(p).texts) for p in PHRASES}
    assert found["s.json"] == found["s.sqlite"]
    assert found["s.sqlite"]["isbon"] == [] and found["s.sqlite"]["lis"] == ["b.txt"]


def test_a_sqlite_corpus_finds_free_words_in_its_stores_index_and_reads_no_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path, tmp_path / "s.sqlite")
    corpus = corpus_for(store)
    monkeypatch.setattr(StoredTexts, "read", lambda self, ids: pytest.fail("a text was read"))
    assert [Path(d.path).name for d in corpus.search("grain").texts] == ["b.txt"]
    # A title is searched too, though the store's index has the texts alone.
    (tmp_path / "docs" / "c.txt").write_text("Title: Quarterly Digest\n\nNothing of note happened.\n")
    ingest(store, [tmp_path / "docs"])
    corpus = corpus_for(store)
    assert [d.title for d in corpus.search("quarterly").texts] == ["Quarterly Digest"]


TITLES = [
    "Talks in Kyiv",
    "Over_view of kyiv",
    "Ångström Prize\nnews",
    "Re: (Kyiv) talks",
    "Berlin–Kyiv line",
    "kyivan",
]


@pytest.mark.parametrize(
    "phrase", ["kyiv", "yiv", "view", "angstrom", "(kyiv)", "kyiv) talks", "n\u2013k", ": ("]
)
def test_titles_are_searched_as_the_in_memory_index_searches_them(phrase: str) -> None:
    from diplotui.model import Document, fold
    from diplotui.query import _InStore
    from diplotui.textindex import find_word_start

    documents = [Document(f"d-{n}", f"{n}.txt", title, None, None, "", "") for n, title in enumerate(TITLES)]
    found = _InStore(lambda phrase: set(), documents).search(phrase)
    expected = {n for n, title in enumerate(TITLES) if find_word_start(fold(title), phrase) >= 0}
    assert found == expected


def test_organisations_and_key_phrases_are_read_from_the_store_when_first_asked_for(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = {
        **TEXTS,
        "c.txt": (
            "Foreign Minister Lena Vidal met NATO Secretary General Omar Amrani at the headquarters of the "
            "United Nations in Rabat on 3 May 2024. The ministry said the two discussed the maritime "
            "security corridor, the maritime security corridor and fisheries.\n"
        ),
    }
    store = store_of(texts, tmp_path, db.name)
    reads: list[set[str]] = []
    real = type(store).documents_by_id
    monkeypatch.setattr(
        type(store),
        "documents_by_id",
        lambda self, ids, texts=True: (reads.append(ids), real(self, ids, texts))[1],
    )
    corpus = corpus_for(store)
    assert reads == []
    stored = {d["id"]: d["extraction"] for d in store.documents()}
    assert {d: corpus.organisations.get(d) for d in stored} == {
        d: x["organisations"] for d, x in stored.items()
    }
    assert {d: corpus.keyphrases.get(d) for d in stored} == {d: x["keyphrases"] for d, x in stored.items()}
    assert "NATO" in corpus.organisations[next(d for d in stored if stored[d]["organisations"])]
    assert any(corpus.keyphrases.values())
    assert len(reads) == 1  # both, at once
    assert corpus.organisations.get("d-none", []) == []


def test_records_read_from_a_store_share_their_repeated_strings(tmp_path: Path, db: Path) -> None:
    corpus = corpus_for(
        store_of({**TEXTS, "c.txt": TEXTS["a.txt"].replace("3 May", "4 May")}, tmp_path, db.name)
    )
    by_text: dict[str, set[int]] = {}
    for event in corpus.events:
        for value in [*event.topics, *event.rules, event.kind, *event.documents]:
            by_text.setdefault(value, set()).add(id(value))
    for quote in corpus.quotes:
        for value in [*quote.rules, quote.kind, quote.document]:
            by_text.setdefault(value, set()).add(id(value))
    for document in corpus.documents:
        by_text.setdefault(document.id, set()).add(id(document.id))
    assert len(by_text) > 10 and all(len(ids) == 1 for ids in by_text.values())
