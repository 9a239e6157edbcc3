"""Shared fixtures."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

# A user's own topics file must not change what the tests see (subprocesses inherit this).
os.environ["DIPLOTUI_TOPICS"] = str(Path(__file__).parent / "no-user-topics.json")
os.environ.pop("DIPLOTUI_DB", None)
# Nor may the explorer's remembered theme, and tests never write into the user's config.
os.environ["DIPLOTUI_SETTINGS"] = str(Path(tempfile.mkdtemp(prefix="diplotui-settings-")) / "settings.json")

REPO = Path(__file__).resolve().parent.parent
SEED_DIR = REPO / "seeds"


@pytest.fixture
def seed_dir() -> Path:
    return SEED_DIR


@pytest.fixture(params=["json", "sqlite"])
def db(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A store path; every test that takes it runs against both backends (TinyDB JSON
    and SQLite), chosen by the file name as users choose them."""
    return tmp_path / f"store.{request.param}"


@pytest.fixture
def json_db(tmp_path: Path) -> Path:
    """A TinyDB store path, for tests of the JSON file's own format."""
    return tmp_path / "store.json"
