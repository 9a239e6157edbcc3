"""The store: one atomic write per transaction, a lock for writers, refusal of bad files."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplotui import store as store_module
from diplotui.store import FORMAT_VERSION, Store, StoreError


def _doc(n: int, path: str = "") -> dict:
    return {"id": f"d-{n}", "abspath": path or f"/docs/{n}.txt", "text": "x" * 10}


def test_new_store_is_created_with_format_and_version(json_db: Path) -> None:
    with Store(json_db).transaction() as tx:
        tx.put(_doc(1))
    data = orjson.loads(json_db.read_bytes())
    meta = data["diplotui"]["1"]
    assert (meta["format"], meta["version"]) == ("diplotui-store", FORMAT_VERSION)
    assert Store(json_db).documents() == [_doc(1)]


def test_a_transaction_writes_the_file_once(json_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writes = []
    real = store_module.atomic_write
    monkeypatch.setattr(store_module, "atomic_write", lambda p, d: (writes.append(p), real(p, d)))
    with Store(json_db).transaction() as tx:
        for n in range(50):
            tx.put(_doc(n))
    assert len(writes) == 1
    assert len(Store(json_db).documents()) == 50


def test_nothing_is_written_when_the_block_fails(db: Path) -> None:
    with Store(db).transaction() as tx:
        tx.put(_doc(1))
    before = db.read_bytes()
    with pytest.raises(RuntimeError), Store(db).transaction() as tx:
        tx.put(_doc(2))
        raise RuntimeError("boom")
    assert db.read_bytes() == before


def test_documents_one_at_a_time_are_the_documents_in_order(db: Path) -> None:
    store = Store(db)
    assert store.is_empty()  # no file yet
    assert list(store.each_document()) == []
    with store.transaction() as tx:
        for n in (3, 1, 2):
            tx.put(_doc(n))
    assert not store.is_empty()
    assert [d["id"] for d in store.each_document()] == ["d-3", "d-1", "d-2"]
    assert list(store.each_document()) == store.documents()
    with store.transaction() as tx:
        for n in (3, 1, 2):
            tx.remove_path(f"/docs/{n}.txt")
    assert store.exists() and store.is_empty()


def test_put_replaces_the_document_of_the_same_path(db: Path) -> None:
    with Store(db).transaction() as tx:
        tx.put(_doc(1, "/a"))
        tx.put(_doc(2, "/b"))
    with Store(db).transaction() as tx:
        tx.put(_doc(3, "/a"))
    assert [d["id"] for d in Store(db).documents()] == ["d-2", "d-3"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{not json", "corrupt store"),
        (b"", "empty file"),
        (b'{"_default": {}}', "not a diplotui store"),
        (b"[1, 2, 3]", "not a diplotui store"),
        (b'{"diplotui": {"1": {"format": "diplotui-store", "version": 99}}}', "newer diplotui"),
        (b'{"diplotui": {"1": {"format": "diplotui-store", "version": 1}}, "documents": [1]}', "malformed"),
    ],
)
def test_bad_store_files_are_refused_and_left_untouched(json_db: Path, content: bytes, problem: str) -> None:
    json_db.write_bytes(content)
    with pytest.raises(StoreError) as info:
        Store(json_db).documents()
    assert problem in str(info.value) and str(json_db) in str(info.value)
    with pytest.raises(StoreError), Store(json_db).transaction() as tx:
        tx.put(_doc(1))
    assert json_db.read_bytes() == content


def test_store_path_that_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"), Store(tmp_path).transaction():
        pass


def test_default_path_honours_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DIPLOTUI_DB", str(tmp_path / "env.json"))
    assert store_module.default_path() == tmp_path / "env.json"
    monkeypatch.delenv("DIPLOTUI_DB")
    assert store_module.default_path().name == "diplotui.json"


def test_failed_write_leaves_the_old_store_and_no_temp_file(
    json_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(json_db).transaction() as tx:
        tx.put(_doc(1))
    before = json_db.read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.os, "fsync", full_disk)
    with pytest.raises(StoreError, match="No space left"), Store(json_db).transaction() as tx:
        tx.put(_doc(2))
    assert json_db.read_bytes() == before
    assert sorted(p.name for p in json_db.parent.iterdir()) == ["store.json", "store.json.lock"]


WRITER = textwrap.dedent(
    """
    import sys
    from diplotui.store import Store
    store = Store(sys.argv[1])
    tag = sys.argv[2]
    for n in range(int(sys.argv[3])):
        with store.transaction() as tx:
            tx.put({"id": f"{tag}-{n}", "abspath": f"/{tag}/{n}", "text": "y" * 20000})
    """
)


def test_two_writer_processes_both_land(db: Path) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), tag, "15"]) for tag in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    ids = {d["id"] for d in Store(db).documents()}
    assert ids == {f"{tag}-{n}" for tag in "ab" for n in range(15)}


def test_killed_writer_leaves_a_loadable_store(db: Path) -> None:
    with Store(db).transaction() as tx:
        tx.put({"id": "first", "abspath": "/first", "text": "z"})
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), "k", "100000"])
    try:
        for _ in range(200):
            if db.stat().st_size > 200_000:
                break
            import time

            time.sleep(0.02)
    finally:
        proc.kill()
        proc.wait()
    docs = Store(db).documents()
    assert docs[0]["id"] == "first"


def test_stale_temp_files_of_a_killed_writer_are_cleared_by_the_next(json_db: Path) -> None:
    with Store(json_db).transaction() as tx:
        tx.put(_doc(1))
    stale = json_db.parent / f".{json_db.name}.abc123.tmp"
    stale.write_bytes(b"half a store")
    with Store(json_db).transaction() as tx:
        tx.put(_doc(2))
    assert not stale.exists()
    assert len(Store(json_db).documents()) == 2


STEPS = st.lists(
    st.tuples(st.sampled_from(["put", "remove"]), st.integers(0, 4), st.integers(0, 4)),
    max_size=20,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(STEPS, min_size=1, max_size=3))
def test_changes_gathered_in_a_transaction_land_as_a_plain_dict_model_says(
    tmp_path: Path, transactions: list[list[tuple[str, int, int]]]
) -> None:
    # The transaction applies its changes to TinyDB in two calls at commit; whatever the
    # order of puts and removals, over documents stored before or in the same
    # transaction, what lands is what a path-keyed dict would hold.
    db = tmp_path / f"model-{abs(hash(str(transactions)))}.json"
    db.unlink(missing_ok=True)
    model: dict[str, dict] = {}
    for steps in transactions:
        with Store(db).transaction() as tx:
            for action, path_n, id_n in steps:
                path = f"/docs/{path_n}.txt"
                if action == "put":
                    doc = {"id": f"d-{id_n}", "abspath": path, "text": f"{path_n}/{id_n}"}
                    # A put replaces the document of the same path and the one of the same id.
                    model = {p: d for p, d in model.items() if p != path and d["id"] != doc["id"]}
                    model[path] = doc
                    tx.put(doc)
                    assert tx.by_path(path) == doc and tx.by_id(doc["id"]) == doc
                else:
                    assert tx.remove_path(path) == (path in model)
                    model.pop(path, None)
                    assert tx.by_path(path) is None
                assert tx.count() == len(model)
        stored = Store(db).documents() if db.exists() else []
        assert sorted(stored, key=lambda d: d["abspath"]) == sorted(
            model.values(), key=lambda d: d["abspath"]
        )


def test_stored_records_load_with_defaults_and_without_fields_the_model_lacks() -> None:
    from diplotui.model import extraction_from

    stored = {
        "people": [{"id": "p-1", "name": "Ana Lima", "from_a_newer_version": True}],
        "events": [
            {
                "id": "e-1",
                "kind": "talks",
                "title": "Talks",
                "participants": ["p-1"],
                "date_start": None,
                "date_end": None,
                "date_text": "",
                "date_precision": "unknown",
                "date_note": "",
                "place": None,
                "evidence": [{"document": "d-1", "start": 0, "end": 5}],
                "confidence": 0.5,
            }
        ],
    }
    extraction = extraction_from(stored)
    person, event = extraction.people[0], extraction.events[0]
    assert (person.name, person.aliases, person.title, person.rules) == ("Ana Lima", [], None, [])
    assert not hasattr(person, "from_a_newer_version") and not hasattr(event, "confidence")
    assert event.evidence[0].end == 5 and event.topics == [] and event.date_partial is None
