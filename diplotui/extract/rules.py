"""Provides the registry of named extraction rules.

Every decision the extractor makes that a reader may want to check or switch off is a
rule with a name (`stage.what`), a stage and a one-line description. Extracted records
list the names of the rules that produced them (`rules` in the interchange JSON), and
the explorer shows them beside the evidence. `extract_document(..., disabled={...})`
runs the extractor with some rules switched off, which is how each rule is tested
alone.

A cue rule's code is its compiled pattern (`RULES["event.met"].code`); the other rules
are branches of their finder that ask `on(name)` before they fire, so switching one off
skips exactly that branch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

STAGES = ("person", "quote", "speaker", "event", "exclude", "date", "place")


@dataclass(frozen=True)
class Rule:
    """One named extraction rule."""

    name: str
    stage: str
    description: str
    code: Any = field(default=None, compare=False, repr=False)


RULES: dict[str, Rule] = {}


def rule(name: str, stage: str, description: str, code: Any = None) -> str:
    """Register a rule and return its name (for use as a constant where it applies).

    Args:
        name: `stage.what`, unique.
        stage: One of `STAGES`.
        description: One line a user reads in `diplotui rules` and the explorer.
        code: The compiled pattern, for a rule that is one.
    """
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r} for rule {name!r}")
    if name in RULES and RULES[name].description != description:
        raise ValueError(f"rule {name!r} registered twice")
    RULES[name] = Rule(name, stage, description, code)
    return name


class Switches:
    """Which rules are on for one extraction run."""

    def __init__(self, disabled: Iterable[str] = ()) -> None:
        self.disabled = frozenset(disabled)
        unknown = self.disabled - set(RULES)
        if unknown:
            raise ValueError(f"unknown rule(s): {', '.join(sorted(unknown))}")

    def on(self, name: str) -> bool:
        """Whether rule `name` may fire."""
        return name not in self.disabled


ALL_ON = Switches()


def describe() -> list[Rule]:
    """Every registered rule, by stage then name."""
    return sorted(RULES.values(), key=lambda r: (STAGES.index(r.stage), r.name))


def add_rules(target: list[str], *names: str | None) -> None:
    """Append rule names to a record's list, once each, in order."""
    for name in names:
        if name and name not in target:
            target.append(name)
