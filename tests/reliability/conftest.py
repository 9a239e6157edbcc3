"""Helpers for the reliability suite: corpora on disk and the CLI as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TEMPLATE = """Title: Talks number {n}
Published: 2024-03-{day:02d}

MOSCOW, March {day} (Wire) - Foreign Minister Sergei Lavrov met Chinese Foreign Minister \
Wang Yi in Moscow on Monday for talks on trade, energy and the Ukraine crisis (report {n}).

"We had a frank and useful exchange," Lavrov told reporters after the meeting number {n}.

Wang said that the two sides would deepen cooperation and prepare a visit at the highest level.
"""


def write_corpus(folder: Path, count: int, tag: str = "") -> list[Path]:
    """Write `count` distinct small documents into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"{tag}doc-{n:04d}.txt"
        path.write_text(TEMPLATE.format(n=f"{tag}{n}", day=n % 28 + 1), encoding="utf-8")
        paths.append(path)
    return paths


def diplotui(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI as a user would, as `python -m diplotui`."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("DIPLOTUI_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "diplotui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        **kwargs,  # type: ignore[arg-type]
    )


def popen(*args: str) -> subprocess.Popen[str]:
    """Start the CLI without waiting for it."""
    env = {**os.environ}
    env.pop("DIPLOTUI_DB", None)
    return subprocess.Popen(
        [sys.executable, "-m", "diplotui", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
