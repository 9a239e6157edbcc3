"""One bad input never stops an ingest, and nothing hostile reaches the terminal.

Dates that fall off the calendar, file names that are not UTF-8 or hold escape
sequences and newlines, HTML character references for invisible characters, and
hand-edited stores.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import diplotui, write_corpus

from diplotui.text import read_source

ESC = "\x1b"


@pytest.mark.parametrize(("published", "when"), [("9999-12-31", "tomorrow"), ("0001-01-01", "yesterday")])
def test_a_date_off_the_calendar_is_a_warning_not_a_failure(
    tmp_path: Path, published: str, when: str
) -> None:
    folder = tmp_path / "in"
    write_corpus(folder, 1)
    (folder / "odd.txt").write_text(
        f"Published: {published}\n\nForeign Minister Ana Pereira met Rui Costa {when}. "
        "They will meet again next month.\n"
    )
    db = tmp_path / "store.json"
    done = diplotui("ingest", str(folder), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "odd.txt: a date relative to the publication date" in done.stderr
    assert "outside the calendar" in done.stderr and "Traceback" not in done.stderr
    names = {Path(d["path"]).name for d in json.loads(db.read_text())["documents"].values()}
    assert names == {"doc-0000.txt", "odd.txt"}
    # The same with --published for an undated file.
    (folder / "odd.txt").write_text(f"Foreign Minister Ana Pereira met Rui Costa {when}.\n")
    done = diplotui("ingest", str(folder), "--db", str(db), "--published", published)
    assert done.returncode == 0 and "outside the calendar" in done.stderr


def test_file_names_that_are_not_utf8_or_hold_escapes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = [
        b"latin\xe9.txt",
        f"clip{ESC}]52;c;ZWNobyBoaQ==\x07.txt".encode(),
        f"red{ESC}[31m.txt".encode(),
        b"two\nlines.txt",
    ]
    for number, name in enumerate(names):
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(b"Foreign Minister Ana Pereira met Rui Costa in Lisbon (%d).\n" % number)
    with open(os.path.join(os.fsencode(folder), f"bin{ESC}[2J.txt".encode()), "wb") as handle:
        handle.write(b"\x00\x01\x02 binary")
    db = tmp_path / "store.json"
    done = diplotui("ingest", str(folder), "--db", str(db))
    assert done.returncode == 1  # the binary file is skipped, the rest stored
    assert ESC not in done.stderr and "\x07" not in done.stderr
    skipped = [line for line in done.stderr.splitlines() if line.startswith("diplotui: skipped")]
    assert len(skipped) == 1 and "binary file" in skipped[0]
    data = json.loads(db.read_text())
    stored = sorted(d["path"].split("/")[-1] for d in data["documents"].values())
    assert len(stored) == 4 and "latin\\xe9.txt" in stored
    for text in [*stored, *(d["title"] for d in data["documents"].values())]:
        assert ESC not in text and "\x07" not in text and "\n" not in text
    # Everything that shows paths and titles is as clean.
    for args in (["search", "Pereira"], ["export"], ["export", "--format", "json"]):
        out = diplotui(*args, "--db", str(db))
        assert out.returncode == 0 and ESC not in out.stdout and "\x07" not in out.stdout
    # Re-ingesting finds every file unchanged: the stored name is the same each time.
    again = diplotui("ingest", str(folder), "--db", str(db))
    assert "0 new, 0 updated, 4 unchanged" in again.stderr


@pytest.mark.parametrize(
    "reference",
    [
        "&#x202E;",
        "&#x200B;",
        "&#x200D;",
        "&#x200E;",
        "&#x200F;",
        "&#x61C;",
        "&#x2064;",
        "&#xE0041;",
        "&#x1b;",
    ],
)
def test_character_references_cannot_hide_in_text(reference: str) -> None:
    html = (
        f"<html><head><title>Ti{reference}tle</title><meta name='author' content='A{reference}B'></head>"
        f"<body><p>Foreign Minister Ana Pe{reference}reira said, “We want a deal{reference} now.”</p>"
        "</body></html>"
    )
    source = read_source(html.encode(), ".html")
    for text in (source.body, source.title or "", source.author or ""):
        assert not any(ch in text for ch in "\u202e\u200b\u200d\u200e\u200f\u061c\u2064\U000e0041\x1b"), text
    assert "Ana Pereira" in source.body


def test_eight_bit_escapes_are_removed_whole() -> None:
    source = read_source("Title: T\n\nAna\x9d52;c;aGk=\x07 Pereira met \x9b31mRui Costa.\n".encode(), ".txt")
    assert source.body.strip() == "Ana Pereira met Rui Costa."


# Each edits a document's row or its entry at the end of the file (its text and records).
STORE_EDITS = {
    "document without id": lambda row, entry: row.pop("id"),
    "bad date_start": lambda row, entry: entry["extraction"]["events"][0].update(date_start="22 Feb"),
    "people as an object": lambda row, entry: entry["extraction"].update(people={"a": 1}),
    "person without a name": lambda row, entry: entry["extraction"]["people"][0].pop("name"),
    "records not JSON": lambda row, entry: entry.update(extraction='{"people": ['),
}


@pytest.mark.parametrize("edit", list(STORE_EDITS), ids=list(STORE_EDITS))
def test_a_hand_edited_store_is_refused_whole_and_untouched(tmp_path: Path, edit: str) -> None:
    write_corpus(tmp_path / "in", 2)
    db = tmp_path / "store.json"
    diplotui("ingest", str(tmp_path / "in" / "doc-0000.txt"), "--db", str(db))
    data = json.loads(db.read_text())
    row = next(iter(data["documents"].values()))
    entry = next(e for e in data["contents"].values() if e["id"] == row["id"])
    STORE_EDITS[edit](row, entry)
    db.write_text(json.dumps(data))
    before = db.read_bytes()
    for args in (["ingest", str(tmp_path / "in")], ["search", "Lavrov"], ["export"]):
        done = diplotui(*args, "--db", str(db))
        assert done.returncode == 2 and done.stderr.count("\n") == 1, (args, done.stderr)
        assert "corrupt store" in done.stderr and "Traceback" not in done.stderr
    assert db.read_bytes() == before


def test_a_duplicated_table_is_refused_not_silently_emptied(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 1)
    db = tmp_path / "store.json"
    diplotui("ingest", str(tmp_path / "in"), "--db", str(db))
    raw = db.read_text()
    assert raw.endswith("}")
    db.write_text(raw[:-1] + ',"documents":{}}')
    done = diplotui("search", "Lavrov", "--db", str(db))
    assert done.returncode == 2 and "a table appears twice" in done.stderr
