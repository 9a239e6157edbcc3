"""A JSON store keeps its documents' texts and records in a table at the end of the file,
and a command reads only the documents it uses (`diplotui.jsonfile`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from test_stored_merges import REPORTS, _write

from diplotui import jsonfile
from diplotui.ingest import ingest
from diplotui.query import corpus_for
from diplotui.store import FORMAT_VERSION, Store, StoreError, _rows_of

# Texts a careless layout would trip on: quotation marks, backslashes, new lines, other
# scripts, and the very bytes that start the contents table.
TEXTS = [
    'He said: "We met in Geneva."\nThen left.',
    'A path C:\\talks\\2024 and the marker ,"contents":{ inside a text',
    "Встреча министров. 会谈在北京举行。",
]
MISPLACED = r"corrupt store \(document d-1: its text and records are not where the file says\)"


def _doc(n: int, text: str, title: str = "") -> dict[str, Any]:
    return {"id": f"d-{n}", "abspath": f"/docs/{n}.txt", "title": title or f"T{n}", "text": text}


def _store(path: Path, texts: list[str] = TEXTS) -> Store:
    store = Store(path)
    with store.transaction() as transaction:
        for n, text in enumerate(texts, 1):
            transaction.put(_doc(n, text, title='a title with ,"contents":{' if n == 1 else ""))
    return Store(path)


def test_texts_are_kept_at_the_end_and_each_row_says_where(tmp_path: Path) -> None:
    # (Records are kept with them: see the test of a narrowed query below.)
    store = _store(tmp_path / "s.json")
    raw = store.path.read_bytes()
    data = orjson.loads(raw)  # one JSON object still, as TinyDB reads it
    assert list(data)[-1] == "contents"
    meta = data["diplotui"]["1"]
    assert meta["version"] == FORMAT_VERSION and int(meta["size"]) == len(raw)
    contents_at = int(meta["contents_at"])
    assert raw[contents_at:].startswith(b',"contents":{')
    segment = contents_at + len(b',"contents":')
    for n, row in enumerate(data["documents"].values(), 1):
        assert "text" not in row
        start, end = row["content_at"]
        assert orjson.loads(raw[segment + start : segment + end]) == {"id": f"d-{n}", "text": TEXTS[n - 1]}
    assert [d["text"] for d in store.documents()] == TEXTS
    assert all("content_at" not in d for d in store.documents())


def test_a_reader_reads_only_the_texts_it_needs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store(tmp_path / "s.json")
    read: list[int] = []
    real = jsonfile.Contents._piece
    monkeypatch.setattr(
        jsonfile.Contents, "_piece", lambda self, s, e: (read.append(e - s), real(self, s, e))[1]
    )
    assert not store.is_empty() and len(store.fingerprints()) == 3 and store.annotations() == []
    assert read == []
    (document,) = store.documents_by_id({"d-2"})
    assert document["text"] == TEXTS[1] and len(read) == 1


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the reads a store makes of its file's contents, as it makes them."""
    read: list[int] = []
    real = jsonfile.Contents._read
    monkeypatch.setattr(
        jsonfile.Contents, "_read", lambda self, s, e: (read.append(e - s), real(self, s, e))[1]
    )
    return read


def test_many_texts_are_read_a_window_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    count = jsonfile._WINDOWED_FROM * 10
    texts = [f"Talks number {n} were held. " + "Word " * (n % 50) for n in range(count)]
    store = _store(tmp_path / "s.json", texts)
    monkeypatch.setattr(jsonfile, "_WINDOW", 4096)
    read = _reads(monkeypatch)
    assert [d["text"] for d in store.each_document()] == texts
    # A few windows, each full of the entries asked for (and the keys between them), none
    # larger than the window.
    entries = sum(len(jsonfile.entry_bytes(f"d-{n}", t, None)) for n, t in enumerate(texts, 1))
    assert len(read) < count / 10 and max(read) <= 4096 and sum(read) < entries * 1.1

    # Entries wanted in another order than the file's, or spread thinly through it, are
    # read one by one, not in windows mostly of other entries.
    rows = _rows_of(orjson.loads(store.path.read_bytes()))
    contents = _opened(store)
    read.clear()
    backwards = rows[::-1]
    got = list(jsonfile.attach(backwards, contents, None, lambda _: None))
    assert [d["text"] for d in got] == texts[::-1] and len(read) == count
    read.clear()
    thin = rows[::8]
    assert [d["text"] for d in jsonfile.attach(thin, contents, None, lambda _: None)] == texts[::8]
    assert len(read) == len(thin)


def _opened(store: Store) -> jsonfile.Contents:
    """The contents table of the store file, open (as a reader finds it)."""
    _, contents = jsonfile.read(store.path.open("rb"))
    assert contents is not None
    return contents


def test_a_query_narrowed_by_the_index_reads_only_its_documents_texts(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    _write(
        folder,
        {**REPORTS, "other.txt": "Title: X\n\nPresident Lena Sorvik met Prime Minister Tomas Ekberg.\n"},
    )
    store = Store(tmp_path / "s.json")
    ingest(store, [folder])
    rows = orjson.loads(store.path.read_bytes())["documents"].values()
    assert all("extraction" not in row and "text" not in row for row in rows)
    assert all(d["extraction"]["people"] for d in store.documents())
    # Spoil the text of the one document `person:sorvik` does not concern, keeping the
    # file's length: a narrowed query never reads it; a whole read finds it out.
    raw = bytearray(store.path.read_bytes())
    data = orjson.loads(bytes(raw))
    segment = int(data["diplotui"]["1"]["contents_at"]) + len(b',"contents":')
    row = next(r for r in data["documents"].values() if r["path"].endswith("wire.txt"))
    start, end = row["content_at"]
    raw[segment + start : segment + start + 8] = b"XXXXXXXX"  # the entry's `{"id":"` gone
    store.path.write_bytes(bytes(raw))
    fresh = Store(store.path)
    assert [e.title for e in corpus_for(fresh, "person:sorvik").events]
    with pytest.raises(StoreError, match=MISPLACED.replace("d-1", r"d-\w+")):
        corpus_for(Store(store.path))


def test_a_file_edited_by_hand_is_read_whole_and_laid_out_again(tmp_path: Path) -> None:
    store = _store(tmp_path / "s.json")
    data = orjson.loads(store.path.read_bytes())
    data["documents"]["2"]["title"] = "A longer title, typed in an editor"
    store.path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))  # and pretty-printed
    edited = Store(store.path)
    assert [d["text"] for d in edited.documents()] == TEXTS
    assert edited.documents()[1]["title"] == "A longer title, typed in an editor"
    with edited.transaction() as transaction:
        transaction.put(_doc(4, "a fourth text"))
    raw = store.path.read_bytes()
    assert raw.startswith(
        b'{"diplotui":{"1":{"format":"diplotui-store","version":%d,"contents_at":' % FORMAT_VERSION
    )
    assert [d["text"] for d in Store(store.path).documents()] == [*TEXTS, "a fourth text"]


def test_a_format_2_file_is_read_and_laid_out_by_its_next_write(tmp_path: Path) -> None:
    store = _store(tmp_path / "s.json")
    data = orjson.loads(store.path.read_bytes())
    texts = {row["id"]: row["text"] for row in data.pop("contents").values() if row["id"]}
    data["diplotui"]["1"] = {"format": "diplotui-store", "version": 2}
    for row in data["documents"].values():
        del row["content_at"]
        row["text"] = texts[row["id"]]
    store.path.write_bytes(orjson.dumps(data))
    old = Store(store.path)
    before = old.documents()
    assert [d["text"] for d in before] == TEXTS
    with old.transaction() as transaction:
        transaction.put_annotation(
            {"id": "a1", "target": "d-1", "kind": "star", "created": "now", "value": True}
        )
    after = orjson.loads(store.path.read_bytes())
    assert after["diplotui"]["1"]["version"] == FORMAT_VERSION
    assert all("text" not in row for row in after["documents"].values())
    assert Store(store.path).documents() == before


def test_a_text_not_where_its_row_says_is_refused_and_the_file_kept(tmp_path: Path) -> None:
    store = _store(tmp_path / "s.json")
    raw = store.path.read_bytes()
    start, end = orjson.loads(raw)["documents"]["1"]["content_at"]
    # The first row's range moved on by a byte, the file's length unchanged.
    spoiled = raw.replace(
        b'"content_at":[%d,%d]' % (start, end), b'"content_at":[%d,%d]' % (start + 1, end + 1), 1
    )
    assert len(spoiled) == len(raw) and spoiled != raw
    store.path.write_bytes(spoiled)
    with pytest.raises(StoreError, match=MISPLACED):
        Store(store.path).documents()
    with pytest.raises(StoreError, match=MISPLACED):
        with Store(store.path).transaction() as transaction:
            transaction.put(_doc(3, "new"))
    assert store.path.read_bytes() == spoiled


@pytest.mark.parametrize("moved", ["start", "end"])
@pytest.mark.parametrize("key", ["1", "2", "3"])  # first, amid a run, last before the state
def test_a_text_not_where_its_row_says_is_not_copied(tmp_path: Path, key: str, moved: str) -> None:
    # A write copies the entries it keeps without parsing them: each is checked where it
    # starts (its id) and where it ends (its closing brace), an entry whose neighbour
    # follows it right after with the same read as that neighbour's start. A start moved
    # on with the end kept is told by the first check alone: copied as the row says, the
    # new file would lack the entry's `{`.
    store = _store(tmp_path / "s.json")
    raw = store.path.read_bytes()
    start, end = orjson.loads(raw)["documents"][key]["content_at"]
    said = (start + 1, end) if moved == "start" else (start, end - 1)
    spoiled = raw.replace(b'"content_at":[%d,%d]' % (start, end), b'"content_at":[%d,%d]' % said, 1)
    assert len(spoiled) == len(raw) and spoiled != raw
    store.path.write_bytes(spoiled)
    with pytest.raises(StoreError, match=MISPLACED.replace("d-1", f"d-{key}")):
        with Store(store.path).transaction() as transaction:
            transaction.put(_doc(4, "new"))
    assert store.path.read_bytes() == spoiled


def test_a_file_cut_short_in_its_texts_is_refused(tmp_path: Path) -> None:
    store = _store(tmp_path / "s.json")
    cut = store.path.read_bytes()[:-12]
    store.path.write_bytes(cut)
    for read in (lambda s: s.documents(), lambda s: s.fingerprints(), lambda s: s.counts()):
        with pytest.raises(StoreError, match=r"corrupt store \(not valid JSON\)"):
            read(Store(store.path))
    assert store.path.read_bytes() == cut


def test_a_reader_reads_texts_from_the_file_it_opened(tmp_path: Path) -> None:
    from diplotui.store import _rows_of, with_contents

    reader = _store(tmp_path / "s.json")
    data = reader._read()  # type: ignore[attr-defined]
    with Store(reader.path).transaction() as transaction:  # a writer replaces the file
        transaction.remove_path("/docs/1.txt")
        transaction.put(_doc(9, "a text written meanwhile, longer than the others were"))
    assert [d["text"] for d in with_contents(reader.path, data, _rows_of(data))] == TEXTS


def test_where_an_open_file_cannot_be_replaced_a_reader_keeps_none_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diplotui.store import _rows_of, with_contents

    _store(tmp_path / "s.json")
    monkeypatch.setattr("sys.platform", "win32")  # Windows will not replace an open file
    reader = Store(tmp_path / "s.json")
    data = reader._read()  # type: ignore[attr-defined]
    assert data.contents._handle.closed  # type: ignore[union-attr]
    (tmp_path / "s.json").unlink()
    assert [d["text"] for d in with_contents(reader.path, data, _rows_of(data))] == TEXTS


def test_what_an_ingest_holds_is_set_aside_on_disk_until_its_commit(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.json")
    documents = [
        {**_doc(n, text), "extraction": {"people": [{"id": f"p-{n}", "name": "Ana Pereira"}]}}
        for n, text in enumerate(TEXTS, 1)
    ]
    held = [store.held(d) for d in documents]
    # Rows alone in memory; texts and records wait in an unnamed file beside the store.
    assert all("text" not in row and "extraction" not in row for row in held)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    with store.transaction() as transaction:
        for row in held:
            transaction.put(row)
        assert [d["text"] for d in transaction.documents()] == TEXTS
    assert Store(store.path).documents() == documents
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json", "s.json.lock"]


def test_a_document_held_again_unchanged_changes_nothing_to_work_out(tmp_path: Path) -> None:
    store = _store(tmp_path / "s.json")
    first = store.documents()[0]
    with store.transaction() as transaction:
        transaction.put(store.held(first))  # the same text and records, set aside anew
        assert not transaction.documents_changed  # type: ignore[attr-defined]
        transaction.put(store.held({**first, "text": first["text"] + " And more."}))
        assert transaction.documents_changed  # type: ignore[attr-defined]


def test_where_nothing_can_be_set_aside_a_document_is_held_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: jsonfile.Spill, blob: bytes) -> list[int]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonfile.Spill, "put", full)
    store = Store(tmp_path / "s.json")
    row = store.held(_doc(1, TEXTS[0]))
    assert row["text"] == TEXTS[0]
    with store.transaction() as transaction:
        transaction.put(row)
    assert Store(store.path).documents() == [_doc(1, TEXTS[0])]


def test_a_row_set_aside_by_another_store_is_refused_not_written_empty(tmp_path: Path) -> None:
    row = Store(tmp_path / "a.json").held(_doc(1, TEXTS[0]))
    other = _store(tmp_path / "b.json")
    before = other.path.read_bytes()
    with pytest.raises(StoreError, match="held for another transaction"):
        with other.transaction() as transaction:
            transaction.put(row)
    assert other.path.read_bytes() == before


def test_a_new_line_an_editor_adds_at_the_end_keeps_the_layout(tmp_path: Path) -> None:
    store = _store(tmp_path / "s.json")
    store.path.write_bytes(store.path.read_bytes() + b"\n")
    data = Store(store.path)._read()  # type: ignore[attr-defined]
    assert data.contents is not None and data.contents.in_file
    assert [d["text"] for d in Store(store.path).documents()] == TEXTS
    store.path.write_bytes(store.path.read_bytes() + b"x")  # not white space: read whole
    with pytest.raises(StoreError, match=r"corrupt store \(not valid JSON\)"):
        Store(store.path).documents()


def _texts_where_rows_say(path: Path) -> list[str]:
    """Each document's text read from the range its row gives, as the layout promises."""
    raw = path.read_bytes()
    data = orjson.loads(raw)
    assert int(data["diplotui"]["1"]["size"]) == len(raw)
    segment = int(data["diplotui"]["1"]["contents_at"]) + len(b',"contents":')
    texts = []
    for row in data["documents"].values():
        start, end = row["content_at"]
        entry = orjson.loads(raw[segment + start : segment + end])
        assert entry["id"] == row["id"]
        texts.append(entry["text"])
    return texts


MANY = [f"Text number {n}: the ministers met in Oslo." for n in range(1, 7)]


def test_a_write_copies_the_texts_it_keeps_from_the_file_in_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path / "s.json", MANY)
    copied: list[tuple[int, int]] = []
    copy_to = jsonfile.FileRange.copy_to

    def spy(self: jsonfile.FileRange, out: int) -> None:
        copied.append((self.start, self.end))
        copy_to(self, out)

    monkeypatch.setattr(jsonfile.FileRange, "copy_to", spy)
    with store.transaction() as transaction:
        transaction.put(_doc(3, "The third text, written again."))
    # The document put again moves to the end.
    expected = [*MANY[:2], *MANY[3:], "The third text, written again."]
    assert _texts_where_rows_say(store.path) == expected
    assert [d["text"] for d in Store(store.path).documents()] == expected
    # Two runs: the two texts before the one put again, and the three after it (with the
    # keys between them).
    assert len(copied) == 2
    assert copied[0][1] < copied[1][0]
    copied.clear()
    with store.transaction() as transaction:
        transaction.remove_path("/docs/1.txt")
    assert _texts_where_rows_say(store.path) == expected[1:]
    assert len(copied) == 1  # the rest, in one run


@pytest.mark.parametrize("how", ["none", "refused", "nothing"])
def test_where_the_system_cannot_copy_a_write_reads_and_writes_the_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    import errno
    import os

    store = _store(tmp_path / "s.json", MANY)
    if how == "none":  # no os.copy_file_range (macOS, Windows)
        monkeypatch.setattr(jsonfile, "_COPY_FILE_RANGE", False)
    else:  # not between these two files (older Linux, some file systems), or nothing done

        def cannot(*args: Any) -> int:
            if how == "refused":
                raise OSError(errno.EXDEV, "Invalid cross-device link")
            return 0

        monkeypatch.setattr(jsonfile, "_COPY_FILE_RANGE", True)
        monkeypatch.setattr(os, "copy_file_range", cannot, raising=False)
    with store.transaction() as transaction:
        transaction.put(_doc(7, "A seventh text."))
    assert _texts_where_rows_say(store.path) == [*MANY, "A seventh text."]


def test_a_copy_past_the_end_of_its_file_is_refused(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    source.write_bytes(b"0123456789")
    with source.open("rb") as read, target.open("wb") as write:
        jsonfile.FileRange(read.fileno(), 2, 6).copy_to(write.fileno())
        with pytest.raises(jsonfile.ContentsError, match="cut short"):
            jsonfile.FileRange(read.fileno(), 8, 14).copy_to(write.fileno())
    assert target.read_bytes().startswith(b"2345")


def test_a_store_file_cut_short_under_a_writer_is_refused_and_nothing_written(tmp_path: Path) -> None:
    import os

    store = _store(tmp_path / "s.json", MANY)
    raw = store.path.read_bytes()
    data = orjson.loads(raw)
    segment = int(data["diplotui"]["1"]["contents_at"]) + len(b',"contents":')
    last = max(row["content_at"][1] for row in data["documents"].values())
    with pytest.raises(StoreError, match=r"corrupt store \(document d-\d: its text and records are not"):
        with store.transaction() as transaction:
            transaction.put(_doc(7, "A seventh text."))
            # Cut in place (the same file the transaction read), inside the last text.
            os.truncate(store.path, segment + last - 5)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_where_an_open_file_cannot_be_replaced_a_write_copies_from_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_stored_merges import _kept_row, _worked_out_whole

    store = Store(tmp_path / "s.json")
    with store.transaction() as transaction:
        for n, text in enumerate(MANY, 1):
            transaction.put(
                {**_doc(n, text), "extraction": {"people": [{"id": f"p-{n}", "name": "Ana Lima"}]}}
            )
    monkeypatch.setattr("sys.platform", "win32")  # the entries are read whole, the file closed
    copied: list[jsonfile.FileRange] = []
    monkeypatch.setattr(jsonfile.FileRange, "copy_to", lambda self, out: copied.append(self))
    with Store(store.path).transaction() as transaction:
        transaction.put(
            {**_doc(7, "A seventh text."), "extraction": {"people": [{"id": "p-7", "name": "Rui Costa"}]}}
        )
    assert copied == []  # nothing copied from a closed file: written from memory
    assert _texts_where_rows_say(store.path) == [*MANY, "A seventh text."]
    assert _kept_row(store.path) == _worked_out_whole(Store(store.path))


def test_records_are_read_without_the_texts_when_asked(db: Path) -> None:
    records = {
        "events": [],
        "people": [],
        "quotes": [],
        "topics": [],
        "organisations": ['A ,"extraction":{ B'],
    }
    texts = [*TEXTS, 'He wrote ,"extraction":{"people":[]} in a note \\', ""]
    store = Store(db)
    with store.transaction() as transaction:
        for n, text in enumerate(texts, 1):
            transaction.put({**_doc(n, text), "extraction": records})
    store = Store(store.path)
    whole = store.documents()
    assert [d["text"] for d in whole] == texts
    without = list(store.each_document(texts=False))
    assert without == [{k: v for k, v in d.items() if k != "text"} for d in whole]
    assert store.documents_by_id({"d-4"}, texts=False) == [without[3]]


def test_an_entry_not_as_written_is_parsed_whole() -> None:
    written = jsonfile.entry_bytes("d-1", 'a ,"extraction": b', {"people": []})
    assert jsonfile._records_of("d-1", written) == {"id": "d-1", "extraction": {"people": []}}
    assert jsonfile._records_of("d-1", jsonfile.entry_bytes("d-1", "text", None)) == {"id": "d-1"}
    # Another order, spaces, another id: left to the whole parse (which checks it).
    for other in (
        b'{"id":"d-1","extraction":{"people":[]},"text":"a"}',
        b'{"id": "d-1","extraction":{}}',
        b'{"id":"d-2","extraction":{}}',
        b'{"id":"d-1","texts":"a"}',
    ):
        assert jsonfile._records_of("d-1", other) is None, other
