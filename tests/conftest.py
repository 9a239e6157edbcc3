"""Shared fixtures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parent.parent
SEED_DIR = REPO / "seeds"


@pytest.fixture
def seed_dir() -> Path:
    return SEED_DIR


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.json"
