"""The extractor: `extract_document` turns one document's text and metadata into records
(`diplotui.extract.pipeline`), from the parts in this package.

Its parts are imported when first asked for: a reader that needs one of them (the rules'
descriptions, the sentence splitter) does not load the whole extractor and its lexicons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diplotui.extract.pipeline import extract_document, person_id

__all__ = ["extract_document", "person_id"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from diplotui.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
