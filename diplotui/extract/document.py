"""Provides `Analysis`: one document's text analysed once, for every stage to read.

Paragraphs, sentences, the publication date and the rule switches are worked out here
and handed to the people finder, the quote attributor and the event finder, which read
them and never work them out again or reach into each other's private state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from diplotui.dates import parse_iso
from diplotui.extract.patterns import lower_text
from diplotui.extract.rules import Switches
from diplotui.extract.sentences import Sentences, Spans, paragraphs, split_sentences


@dataclass(frozen=True)
class Analysis:
    """A document as every extraction stage sees it."""

    text: str
    published: date | None
    paragraphs: Spans
    sentences: Sentences
    switches: Switches
    lowered: str | None = None
    """The text lower-cased for case-insensitive `WordPattern`s (`lower_text`)."""

    def on(self, rule_name: str) -> bool:
        """Whether a rule is switched on for this run."""
        return self.switches.on(rule_name)


def analyse(text: str, published: str | None, disabled: frozenset[str] = frozenset()) -> Analysis:
    """Split `text` into paragraphs and sentences and resolve its publication date.

    Raises:
        ValueError: `disabled` names a rule that does not exist.
    """
    paras = paragraphs(text)
    return Analysis(
        text=text,
        published=parse_iso(published) if published else None,
        paragraphs=paras,
        sentences=split_sentences(text, paras),
        switches=Switches(disabled),
        lowered=lower_text(text),
    )
