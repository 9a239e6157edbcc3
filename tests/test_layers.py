"""Layer boundaries: the core never imports Textual; only `store` touches TinyDB and only
`dates` calls dateparser."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "diplotui"
CORE = ["model", "text", "dates", "lexicon", "extract", "store", "ingest", "query", "export", "cli"]


def test_core_modules_do_not_import_textual() -> None:
    imports = "; ".join(f"import diplotui.{name}" for name in CORE)
    code = f"import sys; {imports}; print(sorted(m for m in sys.modules if m.startswith('textual')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def _modules_importing(library: str) -> set[str]:
    pattern = re.compile(rf"^\s*(?:import|from)\s+{library}\b", re.MULTILINE)
    return {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    }


def test_only_the_store_imports_tinydb() -> None:
    assert _modules_importing("tinydb") == {"store.py"}


def test_only_dates_imports_dateparser() -> None:
    assert _modules_importing("dateparser") == {"dates.py"}


def test_extraction_and_query_do_not_import_textual_or_the_store() -> None:
    for module in ("extract", "query", "export"):
        for path in (
            (PACKAGE / module).rglob("*.py") if (PACKAGE / module).is_dir() else [PACKAGE / f"{module}.py"]
        ):
            source = path.read_text(encoding="utf-8")
            assert "import textual" not in source and "from textual" not in source, path
            if module == "extract":
                assert "diplotui.store" not in source, path


def test_each_module_imports_on_its_own() -> None:
    # Modules that import one another (the extractor's merge, events and people) must not
    # depend on which of them a command happens to import first.
    names = sorted(
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for path in PACKAGE.rglob("*.py")
        # `review_cli` is a part of `cli`, which imports it at its end to add the group.
        if path.name not in ("__main__.py", "review_cli.py")
    )
    code = "import importlib, sys; importlib.import_module(sys.argv[1])"
    for name in names:
        done = subprocess.run([sys.executable, "-c", code, name], capture_output=True, text=True)
        assert done.returncode == 0, (name, done.stderr[-600:])


def test_the_explorer_does_not_load_the_extractor_to_start() -> None:
    code = "import sys, diplotui.tui.app; print('diplotui.extract.events' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
