"""The CLI's long tables: the rows after the first part are drawn without laying a Rich
table out for each part, and must come out as Rich draws them."""

from __future__ import annotations

import random

import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from diplotui.cli import _row_lines

WORDS = [
    "Talks:",
    "Wang",
    "Yi",
    "–",
    "Lavrov",
    "in",
    "Moscow",
    "会谈",
    "莫斯科",
    "🇨🇳",
    "Se\u0301rgey",
    "[bold]not[/bold]",
    "a-very-long-hyphenated-name-that-cannot-fit-in-any-column",
    "2023-02-21",
    "\t",
    "",
    "“quoted”",
]


def _cell(chance: random.Random, as_text: bool) -> str | Text:
    words = " ".join(chance.choice(WORDS) for _ in range(chance.randint(0, 14)))
    if not as_text:
        return words  # as the CLI's own short cells are: a kind, a date
    text = Text(words)
    if words and chance.random() < 0.3:
        text.stylize("bold", 0, chance.randint(1, len(words)))
    return text


def _normal(line: list[Segment]) -> list[tuple[str, str]]:
    segments = Segment.simplify(Segment(s.text, s.style or Style.null()) for s in line)
    return [(s.text, str(s.style)) for s in segments]


@pytest.mark.parametrize("widths", [[5, 12, 30, 17], [1, 3, 2, 4], [8, 40, 60, 9]])
def test_rows_are_drawn_as_a_rich_table_draws_them(widths: list[int]) -> None:
    chance = random.Random(sum(widths))
    overflows = ["ellipsis", "ellipsis", "fold", "fold"]
    rows = [tuple(_cell(chance, as_text=column >= 2) for column in range(len(widths))) for _ in range(300)]
    for console in (
        Console(width=140, soft_wrap=False, force_terminal=False),
        Console(width=140, soft_wrap=False, force_terminal=True, color_system="truecolor"),
    ):
        table = Table(show_header=False)
        for width, overflow in zip(widths, overflows, strict=True):
            table.add_column(overflow=overflow, width=width)  # type: ignore[arg-type]
        for row in rows:
            table.add_row(*row)
        expected = console.render_lines(table, pad=False)[1:-1]  # without the top and bottom edges
        drawn = [line for row in rows for line in _row_lines(console, row, widths, overflows)]
        assert len(drawn) == len(expected) > len(rows)  # some rows wrap
        for got, wanted in zip(drawn, expected, strict=True):
            assert _normal(got) == _normal(wanted)


def test_a_long_table_is_drawn_whole_in_parts(capsys: pytest.CaptureFixture[str]) -> None:
    from diplotui.cli import TABLE_CHUNK, _print_table

    rows = [
        ("event", f"{n % 28 + 1:02d} May", Text(f"Meeting {n:04d}"), Text("Readout"))
        for n in range(TABLE_CHUNK * 2 + 7)
    ]
    _print_table("many", ("type", "date", "what", "document"), rows)
    lines = capsys.readouterr().out.splitlines()
    body = [line for line in lines if line.startswith("│")]
    assert [line.split("│")[3].strip() for line in body] == [f"Meeting {n:04d}" for n in range(len(rows))]
    assert lines[-1].startswith("└") and sum(line.startswith("└") for line in lines) == 1
    assert len({len(line) for line in lines[1:]}) == 1  # one width, edges and rows
