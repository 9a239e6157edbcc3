"""Every command of the README's command-line example runs as shown: its exit status and
the first line it prints (the example's own output lines) match."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import orjson
import pytest
from test_cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"


def _console_steps(number: int = 0) -> list[tuple[list[str], list[str]]]:
    """The README's `console` block `number` as (command words, expected output lines)."""
    blocks = re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(blocks) > number, "the README has its console examples"
    steps: list[tuple[list[str], list[str]]] = []
    for line in blocks[number].splitlines():
        if line.startswith("$ "):
            command = line[2:].split("  #")[0].strip()
            steps.append((shlex.split(command), []))
        elif steps:
            steps[-1][1].append(line)
    return steps


@pytest.fixture
def as_a_new_user(tmp_path: Path, seed_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding a copy of the seeds, and the default store in it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DIPLOTUI_DB", str(tmp_path / "diplotui.json"))
    shutil.copytree(seed_dir, tmp_path / "seeds")
    return tmp_path


def test_the_command_line_example_runs_as_shown(capsys, as_a_new_user: Path, seed_dir: Path) -> None:
    tmp_path = as_a_new_user
    mixed = tmp_path / "folder-with-a-binary-file"
    mixed.mkdir()
    shutil.copy(next(seed_dir.glob("*.txt")), mixed / "copy-of-the-sample.txt")
    (mixed / "note.txt").write_text("Title: Note\n\nA note with nobody in it.\n")
    (mixed / "bin.txt").write_bytes(b"\x00\x01\x02 binary")
    steps = _console_steps()
    assert len(steps) >= 8
    _run_as_shown(capsys, steps)
    assert (tmp_path / "patrushev.md").read_text().startswith("# diplotui briefing")


def test_the_review_example_runs_as_shown(capsys, as_a_new_user: Path) -> None:
    steps = _console_steps(1)
    assert [words[1:3] for words, _ in steps][2:4] == [["review", "accept"], ["review", "edit"]]
    _run_as_shown(capsys, steps)


def _run_as_shown(capsys, steps: list[tuple[list[str], list[str]]]) -> None:
    """Run each step; check its exit status and its first and last lines as shown."""
    for words, expected in steps:
        assert words[0] == "diplotui"
        status, out, err = cli(capsys, *words[1:])
        printed = [line for line in (out + err).splitlines() if line.strip()]
        # A table's rows wrap with the terminal's width; its title line is checked.
        wanted = [line for line in expected if line.strip() and line.strip()[0] not in "┏┃┡│└"]
        if any(line.startswith("diplotui: error:") for line in wanted):
            assert status == 2, words
        elif any("skipped" in line for line in wanted):
            assert status == 1, words
        else:
            assert status == 0, (words, err)
        for line in wanted[:1] + wanted[-1:]:
            shown = line.split("…")[0].strip()  # "…" marks where the README cuts a line
            assert any(shown in " ".join(p.split()) or shown in p for p in printed), (words, line, printed)


@pytest.mark.parametrize(
    "query",
    [
        "-planned date:2023",
        "talks -topic:trade",
        'person:"wang yi"',
        "Russia's",
        "ukr",
        'place:"white house"',
        "place:kreml",
    ],
)
def test_the_query_examples_in_the_text_run(capsys, db: Path, seed_dir: Path, query: str) -> None:
    assert query in README.read_text(encoding="utf-8")
    assert cli(capsys, "ingest", str(seed_dir), "--db", str(db))[0] == 0
    status, out, err = cli(capsys, "search", query, "--db", str(db))
    assert status == 0 and re.search(r"\d+ events?, \d+ quotes?", out), (query, err)


def _query_examples() -> list[str]:
    """Every query the README's query-language table gives as an example (first column)."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Query language", 1)[1]
    table = section[section.index("| term |") :].split("\n\n", 1)[0]
    examples = []
    for row in table.splitlines()[2:]:
        first = row.split(" | ")[0]
        examples += [e for e in re.findall(r"`([^`]+)`", first) if e != "-term"]
    return examples


def test_every_query_example_of_the_table_finds_something_in_the_sample(
    capsys, db: Path, seed_dir: Path
) -> None:
    examples = _query_examples()
    assert len(examples) >= 10 and "place:moscow" in examples
    assert cli(capsys, "ingest", str(seed_dir), "--db", str(db))[0] == 0
    # A review for the review examples to find: one event accepted, starred, tagged and
    # noted, one rejected (the rest unreviewed).
    status, out, _ = cli(capsys, "search", "--json", "person:lavrov", "--db", str(db))
    lavrov = orjson.loads(out.splitlines()[0])["id"]
    status, out, _ = cli(capsys, "search", "--json", "person:patrushev", "--db", str(db))
    patrushev = orjson.loads(out.splitlines()[0])["id"]
    for words in (
        ("accept", lavrov),
        ("star", lavrov),
        ("tag", lavrov, "visit"),
        ("note", lavrov, "ask", "the", "embassy"),
        ("reject", patrushev),
    ):
        assert cli(capsys, "review", *words, "--db", str(db))[0] == 0
    for query in examples:
        status, out, err = cli(capsys, "search", query, "--db", str(db))
        assert status == 0, (query, err)
        assert re.search(r"^\s*[1-9]\d* events?|, [1-9]\d* quotes?", out, re.M), (query, out)
