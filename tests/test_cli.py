"""The command line as a user drives it: ingest, search, export, exit codes, messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from diplotui.cli import main

LAVROV = """Title: Lavrov in Ankara
Published: 2023-04-07

Foreign Minister Sergei Lavrov met Turkish Foreign Minister Mevlut Cavusoglu in Ankara on \
Friday. "We discussed the grain deal," Lavrov told reporters.
"""


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit status, stdout, stderr)."""
    try:
        main(list(args))
        status = 0
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_ingest_seeds_then_export_json(capsys, db: Path, seed_dir: Path) -> None:
    status, _, err = cli(capsys, "ingest", str(seed_dir), "--db", str(db))
    assert status == 0
    assert "1 document (1 new" in err and "7 people" in err
    status, out, _ = cli(capsys, "export", "--db", str(db), "--format", "json")
    data = json.loads(out)
    assert data["format"] == "diplotui/1"
    assert [d["published"] for d in data["documents"]] == ["2023-02-22"]
    assert len(data["people"]) == 7


def test_reingest_is_a_no_op_and_export_is_byte_identical(capsys, db: Path, seed_dir: Path) -> None:
    cli(capsys, "ingest", str(seed_dir), "--db", str(db))
    first = cli(capsys, "export", "--db", str(db), "--format", "json")[1]
    store_before = db.read_bytes()
    status, _, err = cli(capsys, "ingest", str(seed_dir), "--db", str(db))
    assert status == 0 and "1 unchanged" in err
    assert db.read_bytes() == store_before
    assert cli(capsys, "export", "--db", str(db), "--format", "json")[1] == first


def test_changed_file_replaces_only_its_own_records(capsys, db: Path, tmp_path: Path, seed_dir: Path) -> None:
    doc = tmp_path / "lavrov.txt"
    doc.write_text(LAVROV)
    cli(capsys, "ingest", str(seed_dir), str(doc), "--db", str(db))
    doc.write_text(LAVROV.replace("grain deal", "Black Sea grain initiative"))
    status, _, err = cli(capsys, "ingest", str(doc), "--db", str(db))
    assert status == 0 and "1 updated" in err
    data = json.loads(cli(capsys, "export", "--db", str(db), "--format", "json")[1])
    texts = [q["text"] for q in data["quotes"]]
    assert any("Black Sea grain initiative" in t for t in texts)
    assert not any(t == "We discussed the grain deal," for t in texts)
    assert len(data["documents"]) == 2
    assert any(p["name"] == "Wang Yi" for p in data["people"])


def test_force_re_extracts(capsys, db: Path, seed_dir: Path) -> None:
    cli(capsys, "ingest", str(seed_dir), "--db", str(db))
    status, _, err = cli(capsys, "ingest", str(seed_dir), "--db", str(db), "--force")
    assert status == 0 and "1 updated" in err


def test_published_flag_dates_undated_documents(capsys, db: Path, tmp_path: Path) -> None:
    doc = tmp_path / "undated.txt"
    doc.write_text(LAVROV.split("\n\n", 1)[1])
    cli(capsys, "ingest", str(doc), "--db", str(db), "--published", "2023-04-08")
    data = json.loads(cli(capsys, "export", "--db", str(db), "--format", "json")[1])
    assert data["documents"][0]["published"] == "2023-04-08"
    assert data["events"][0]["date_start"] == "2023-04-07"


def test_bad_published_flag_is_a_usage_error(capsys, db: Path, seed_dir: Path) -> None:
    status, _, err = cli(capsys, "ingest", str(seed_dir), "--db", str(db), "--published", "22/02/2023")
    assert status == 2 and err.count("\n") == 1 and "YYYY-MM-DD" in err


def test_bad_files_are_reported_one_line_each_and_the_rest_ingested(capsys, db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(LAVROV)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (folder / "ignored.pdf").write_bytes(b"%PDF")
    status, _, err = cli(capsys, "ingest", str(folder), "--db", str(db))
    assert status == 1
    lines = err.strip().splitlines()
    assert any("empty.txt: empty file" in line for line in lines)
    assert any("binary.txt: binary file" in line for line in lines)
    assert not any("ignored.pdf" in line for line in lines)
    assert "1 document (1 new" in lines[-1]


def test_search_table_and_json_lines(capsys, db: Path, seed_dir: Path) -> None:
    cli(capsys, "ingest", str(seed_dir), "--db", str(db))
    status, out, _ = cli(capsys, "search", "Lavrov", "--db", str(db))
    assert status == 0 and "Lavrov" in out and "1 event, 0 quotes" in out
    status, out, _ = cli(capsys, "search", "speaker:wang", "--json", "--db", str(db))
    records = [json.loads(line) for line in out.splitlines()]
    assert records and all(r["type"] in ("event", "quote") for r in records)
    assert any(r["type"] == "quote" and "Mount Tai" in r["text"] for r in records)


def test_bad_query_is_one_line_exit_2(capsys, db: Path, seed_dir: Path) -> None:
    cli(capsys, "ingest", str(seed_dir), "--db", str(db))
    status, _, err = cli(capsys, "search", "date:2023-02-30", "--db", str(db))
    assert status == 2 and err.count("\n") == 1 and "date:" in err


def test_export_to_file_refuses_to_overwrite_without_force(
    capsys, db: Path, seed_dir: Path, tmp_path: Path
) -> None:
    cli(capsys, "ingest", str(seed_dir), "--db", str(db))
    target = tmp_path / "brief.md"
    assert cli(capsys, "export", "--db", str(db), "-o", str(target))[0] == 0
    assert target.read_text().startswith("# diplotui briefing")
    target.write_text("keep me")
    status, _, err = cli(capsys, "export", "--db", str(db), "-o", str(target))
    assert status == 2 and "--force" in err
    assert target.read_text() == "keep me"
    assert cli(capsys, "export", "--db", str(db), "-o", str(target), "--force")[0] == 0
    assert target.read_text().startswith("# diplotui briefing")


def test_export_query_selects(capsys, db: Path, seed_dir: Path) -> None:
    cli(capsys, "ingest", str(seed_dir), "--db", str(db))
    data = json.loads(cli(capsys, "export", "person:patrushev", "--format", "json", "--db", str(db))[1])
    assert data["query"] == "person:patrushev"
    assert [e["title"] for e in data["events"]] == ["Talks: Wang Yi – Nikolay Patrushev in Moscow"]


def test_a_term_that_excludes_is_a_term_not_options(
    capsys, db: Path, seed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "-topic:…" is "-t -o pic:…" to a parser of bundled short options: it wrote a file.
    cli(capsys, "ingest", str(seed_dir), "--db", str(db))
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    status, out, _ = cli(capsys, "export", "--format", "json", "talks", "-topic:ukraine", "--db", str(db))
    assert status == 0 and json.loads(out)["query"] == "talks -topic:ukraine"
    status, out, _ = cli(capsys, "search", "--json", "-person:lavrov", "--db", str(db))
    assert status == 0 and out and "Sergey Lavrov" not in out
    status, _, _ = cli(capsys, "export", "-o", "-brief.md", "--db", str(db), "person:lavrov")
    assert status == 0 and (here / "-brief.md").read_text().startswith("# diplotui briefing")
    assert sorted(p.name for p in here.iterdir()) == ["-brief.md"]


def test_corrupt_store_is_exit_2_one_line_and_untouched(capsys, db: Path, seed_dir: Path) -> None:
    # Half a file of either backend: JSON cut short, an SQLite header and then nonsense.
    half = b'{"half": ' if db.suffix == ".json" else b"SQLite format 3\x00" + b"\x13" * 200
    db.write_bytes(half)
    for args in (["ingest", str(seed_dir)], ["search", "x"], ["export"]):
        status, _, err = cli(capsys, *args, "--db", str(db))
        assert status == 2 and err.count("\n") == 1 and "corrupt store" in err
    assert db.read_bytes() == half


def test_every_command_has_help(capsys) -> None:
    for command in ("", "ingest", "search", "export", "open"):
        status, out, _ = cli(capsys, *([command] if command else []), "--help")
        assert status == 0 and "Usage: diplotui" in out and "--db" in out


def test_rules_lists_every_rule_the_records_cite(capsys, db: Path, seed_dir: Path, tmp_path: Path) -> None:
    status, out, _ = cli(capsys, "rules", "--json")
    assert status == 0
    listed = {json.loads(line)["name"]: json.loads(line) for line in out.splitlines()}
    assert {"event.met", "date.in_sentence", "speaker.after_quote", "person.title"} <= set(listed)
    assert all(item["stage"] and item["description"] for item in listed.values())
    cli(capsys, "ingest", str(seed_dir), "--db", str(db))
    cli(capsys, "export", "--format", "json", "-o", str(tmp_path / "out.json"), "--db", str(db))
    data = json.loads((tmp_path / "out.json").read_text())
    for kind in ("events", "quotes", "people"):
        for record in data[kind]:
            assert record["rules"] and set(record["rules"]) <= set(listed), (kind, record["rules"])
    # Every event says which cue reported it, and every quote how it was found.
    assert all(any(r.startswith("event.") for r in e["rules"]) for e in data["events"])
    assert all(any(r.startswith("quote.") for r in q["rules"]) for q in data["quotes"])
    status, out, _ = cli(capsys, "rules", "--help")
    assert status == 0 and "Usage: diplotui rules" in out


def test_usage_error_is_one_line(capsys) -> None:
    status, _, err = cli(capsys, "ingest")
    assert status == 2 and err.count("\n") == 1 and err.startswith("diplotui: error:")
    status, _, err = cli(capsys, "frobnicate")
    assert status == 2 and err.count("\n") == 1


def test_version(capsys) -> None:
    from diplotui import __version__

    status, out, _ = cli(capsys, "--version")
    assert status == 0 and out.strip() == f"diplotui {__version__}"


def test_env_var_selects_the_store(capsys, db: Path, seed_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIPLOTUI_DB", str(db))
    cli(capsys, "ingest", str(seed_dir))
    assert db.exists()


def test_console_script_runs_without_a_traceback(tmp_path: Path, seed_dir: Path) -> None:
    env = {**os.environ, "DIPLOTUI_DB": str(tmp_path / "s.json")}
    done = subprocess.run(
        [sys.executable, "-m", "diplotui", "search", "x"], capture_output=True, text=True, env=env
    )
    # No store yet: an error, not an empty table.
    assert done.returncode == 2 and "no store at" in done.stderr and "Traceback" not in done.stderr
    (tmp_path / "s.json").write_text("garbage")
    done = subprocess.run(
        [sys.executable, "-m", "diplotui", "search", "x"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1


def test_core_commands_never_import_textual() -> None:
    code = (
        "import sys, diplotui.cli, diplotui.query, diplotui.export, diplotui.ingest, "
        "diplotui.store, diplotui.extract; "
        "assert 'textual' not in sys.modules, 'textual imported'; print('clean')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "clean", done.stderr


ARCTIC = """Title: Arctic talks
Published: 2024-03-01

Foreign Minister Sergei Lavrov met Norwegian Foreign Minister Espen Barth Eide in Oslo on \
Thursday to discuss the Northern Sea Route and fisheries.
"""


def test_user_topics_extend_the_lexicon(
    capsys, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = tmp_path / "arctic.txt"
    doc.write_text(ARCTIC)
    cli(capsys, "ingest", str(doc), "--db", str(db))
    before = json.loads(cli(capsys, "export", "--db", str(db), "--format", "json")[1])
    assert "Arctic" not in {t["label"] for t in before["topics"]}
    topics = tmp_path / "topics.json"
    topics.write_text(json.dumps({"Arctic": ["northern sea route"], "Fisheries": ["fisheries"]}))
    monkeypatch.setenv("DIPLOTUI_TOPICS", str(topics))
    status, _, err = cli(capsys, "ingest", str(doc), "--db", str(db))
    assert status == 0 and "1 updated" in err  # a new lexicon re-reads the document
    data = json.loads(cli(capsys, "export", "--db", str(db), "--format", "json")[1])
    labels = {t["id"]: t["label"] for t in data["topics"]}
    assert {"Arctic", "Fisheries"} <= set(labels.values())
    assert "Arctic" in {labels[t] for t in data["events"][0]["topics"]}
    assert cli(capsys, "search", "topic:arctic", "--db", str(db))[0] == 0


def test_broken_topics_file_is_one_line_exit_2(capsys, db: Path, tmp_path: Path, monkeypatch) -> None:
    topics = tmp_path / "topics.json"
    topics.write_text('{"Arctic": "not a list"}')
    monkeypatch.setenv("DIPLOTUI_TOPICS", str(topics))
    doc = tmp_path / "arctic.txt"
    doc.write_text(ARCTIC)
    status, _, err = cli(capsys, "ingest", str(doc), "--db", str(db))
    assert status == 2 and err.count("\n") == 1 and "topics.json" in err
    assert not db.exists()


def test_ingest_reports_the_file_count_before_the_first_file(db: Path, tmp_path: Path) -> None:
    from diplotui.ingest import ingest
    from diplotui.store import Store

    for n in range(5):
        (tmp_path / f"doc{n}.txt").write_text(LAVROV.replace("grain deal", f"grain deal {n}"))
    calls: list[tuple[int, int]] = []
    report = ingest(Store(db), [tmp_path], progress=lambda done, total, path: calls.append((done, total)))
    assert calls[0] == (0, 5) and calls[-1] == (5, 5)
    assert report.documents == 5 and report.added == 5


def test_json_lines_name_people_and_export_dash_is_stdout(
    capsys, db: Path, seed_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    cli(capsys, "ingest", str(seed_dir), "--db", str(db))
    status, out, _ = cli(capsys, "search", "speaker:putin impetus", "--json", "--db", str(db))
    quote = json.loads(out.splitlines()[0])
    assert (
        quote["speaker_name"]["name"] == "Vladimir Putin" and quote["speaker_name"]["id"] == quote["speaker"]
    )
    status, out, _ = cli(capsys, "search", "person:patrushev", "--json", "--db", str(db))
    event = json.loads(out.splitlines()[0])
    assert {p["name"] for p in event["participant_names"]} == {"Wang Yi", "Nikolay Patrushev"}
    monkeypatch.chdir(tmp_path)
    status, out, _ = cli(capsys, "export", "person:patrushev", "-o", "-", "--db", str(db))
    assert status == 0 and out.startswith("# ") and not (tmp_path / "-").exists()


def test_search_lists_documents_whose_text_holds_the_words(capsys, db: Path, tmp_path: Path) -> None:
    (tmp_path / "port.txt").write_text(LAVROV + "\nFishermen watched the frigates from the quay.\n")
    assert cli(capsys, "ingest", str(tmp_path / "port.txt"), "--db", str(db))[0] == 0
    status, out, _ = cli(capsys, "search", "fishermen", "--db", str(db))
    assert status == 0 and "0 events, 0 quotes, 1 document whose text holds it" in out
    assert "Fishermen watched the frigates" in out
    status, out, _ = cli(capsys, "search", "fishermen", "--json", "--db", str(db))
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(line["type"], line["title"], line["sentence"]) for line in lines] == [
        ("document", "Lavrov in Ankara", "Fishermen watched the frigates from the quay.")
    ]


def test_remove_takes_out_documents_by_id_path_or_title(capsys, db: Path, tmp_path: Path) -> None:
    (tmp_path / "ankara.txt").write_text(LAVROV)
    (tmp_path / "port.txt").write_text(
        "Title: Port call\nPublished: 2024-03-04\n\nDefence Minister Ana Pereira met Rui Costa in Lisbon.\n"
    )
    assert cli(capsys, "ingest", str(tmp_path), "--db", str(db))[0] == 0
    from diplotui.store import Store

    ids = {d["title"]: d["id"] for d in Store(db).documents()}
    # A SQLite store looks the name up in its index rather than reading every document.
    named = [d["title"] for d in Store(db).documents_named("port call", "/nowhere")]
    assert named == (["Port call"] if db.suffix == ".sqlite" else ["Lavrov in Ankara", "Port call"])
    status, out, _ = cli(capsys, "remove", "port call", "--dry-run", "--db", str(db))
    assert status == 0 and f"would remove {ids['Port call']}" in out
    assert len(Store(db).documents()) == 2  # a dry run changes nothing
    status, out, err = cli(capsys, "remove", str(tmp_path / "port.txt"), "--db", str(db))
    assert status == 0 and "removed 1 document" in err
    assert [d["title"] for d in Store(db).documents()] == ["Lavrov in Ankara"]
    status, out, _ = cli(capsys, "search", "pereira", "--json", "--db", str(db))
    assert status == 0 and out == ""  # nothing extracted from it is left
    status, _, err = cli(capsys, "remove", "no-such-thing", "--db", str(db))
    assert status == 2 and "no document matches" in err and err.count("\n") == 1
    status, _, err = cli(capsys, "remove", ids["Lavrov in Ankara"], "--db", str(db))
    assert status == 0 and Store(db).documents() == []


def test_an_empty_store_shows_the_sample_from_memory_without_writing_it(
    capsys, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diplotui.tui.app import DiplotuiApp

    shown: list[DiplotuiApp] = []
    monkeypatch.setattr(DiplotuiApp, "run", lambda self: shown.append(self))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    status, _, _ = cli(capsys, "--db", str(db))
    assert status == 0 and not db.exists()  # the user's store is not touched
    app = shown[0]
    assert app.store is None and app.corpus is not None and len(app.corpus.documents) == 1
    assert app.notice is not None and "diplotui ingest PATH" in app.notice and str(db) in app.notice


def test_a_date_query_says_how_many_events_have_no_date(capsys, db: Path, tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(
        "Title: Plans\nPublished: 2024-03-04\n\nPresident Ana Pereira will visit Lisbon to meet Rui Costa.\n"
    )
    assert cli(capsys, "ingest", str(tmp_path), "--db", str(db))[0] == 0
    status, out, _ = cli(capsys, "search", "--json", "pereira", "--db", str(db))
    undated = [json.loads(line) for line in out.splitlines() if '"event"' in line]
    assert undated and all(e["date_start"] is None and e["date_partial"] is None for e in undated)
    status, _, err = cli(capsys, "search", "date:2024", "--db", str(db))
    assert status == 0 and f"note: {len(undated)} event" in err and "without any date" in err


def test_ctrl_c_while_the_program_loads_is_one_line(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    from diplotui.__main__ import run

    class Loading(types.ModuleType):
        def __getattr__(self, name: str) -> None:
            raise KeyboardInterrupt  # as if Ctrl+C came while the command line loaded

    monkeypatch.setitem(sys.modules, "diplotui.cli", Loading("diplotui.cli"))
    with pytest.raises(SystemExit) as exit_:
        run()
    assert exit_.value.code == 130
    assert capsys.readouterr().err == "diplotui: interrupted\n"


def test_the_ingest_bar_says_the_store_is_being_written_once_every_file_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rich.progress import Progress

    from diplotui import cli as cli_module

    said: list[str | None] = []
    update = Progress.update

    def spy(self: Progress, task: Any, **fields: Any) -> None:
        said.append(fields.get("description"))
        update(self, task, **fields)

    monkeypatch.setattr(Progress, "update", spy)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with cli_module._progress("Ingesting", "Writing the store") as progress:
        progress(0, 5, "")
        progress(3, 5, "c.txt")
        progress(5, 5, "e.txt")  # every file read: the store is written next
    assert said == [None, None, "Writing the store"]


def test_a_one_shot_command_freezes_what_it_loads_and_the_explorer_does_not(
    capsys, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from diplotui import model
    from diplotui.__main__ import run
    from diplotui.tui.app import DiplotuiApp

    (tmp_path / "a.txt").write_text(
        "Title: A\nPublished: 2024-03-04\n\nAna Pereira met Rui Costa in Lisbon.\n"
    )
    assert cli(capsys, "ingest", str(tmp_path), "--db", str(db))[0] == 0
    monkeypatch.setattr(model, "_FREEZING", False)
    try:
        # `run` is the process's entry: a command's store loads are then frozen.
        monkeypatch.setattr(sys, "argv", ["diplotui", "search", "pereira", "--db", str(db)])
        gc.unfreeze()
        run()
        assert model._FREEZING and gc.get_freeze_count() > 0
        gc.unfreeze()
        with model.paused_gc(freeze=False):  # one document's extraction, over and over
            pass
        assert gc.get_freeze_count() == 0
        # The explorer lives on and drops what it built: it says so before it loads.
        seen: list[tuple[bool, int]] = []
        monkeypatch.setattr(
            DiplotuiApp, "run", lambda self: seen.append((model._FREEZING, gc.get_freeze_count()))
        )
        monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
        monkeypatch.setattr(sys, "argv", ["diplotui", "--db", str(db)])
        run()
        assert seen == [(False, 0)]
    finally:
        gc.unfreeze()
