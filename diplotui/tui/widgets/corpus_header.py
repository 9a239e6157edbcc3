"""Provides the header: corpus counts, the active query and filters, the dates in view."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from diplotui.export import plural
from diplotui.query import Corpus, View


class CorpusHeader(Static):
    """Two lines: what the store holds; what the view shows and why."""

    DEFAULT_CSS = "CorpusHeader { height: 2; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("diplotui — loading…", markup=False, id=id)

    def show_loading(self, counts: tuple[int, int, int, int], view: View, failed: bool = False) -> None:
        """Say the store is being read (or, `failed`, could not be read whole), and what
        the first screen shows meanwhile."""
        documents, events, people, quotes = counts
        line = (
            f"reading {plural(documents, 'document')} · {plural(events, 'event')} · "
            f"{plural(people, 'person', 'people')} · {plural(quotes, 'quote')}…"
        )
        if failed:
            line = f"could not read the whole store of {plural(documents, 'document')} (see the message)"
        self.update(
            Content("\n").join(
                [
                    Content.assemble(("diplotui ", "bold $accent"), line),
                    Content.assemble(
                        ("in view ", "dim"),
                        f"the first {plural(len(view.events), 'event')}, {view.span_text()}",
                        (
                            "   only these could be read"
                            if failed
                            else "   the other keys work once the store is read",
                            "dim",
                        ),
                    ),
                ]
            ),
            layout=False,
        )

    def show(self, corpus: Corpus, view: View, query: str, filters: list[str], texts: bool = True) -> None:
        """Update the header for the current view (without `texts`, saying the texts
        that hold its words are still being looked for)."""
        counts = (
            f"{plural(len(corpus.documents), 'document')} · {plural(len(corpus.events), 'event')} · "
            f"{plural(len(corpus.people), 'person', 'people')} · "
            f"{plural(corpus.statement_count, 'quote')}"
        )
        review = corpus.review
        if review is not None:
            reviewed = sum(1 for record in review.status if record in corpus.event_by_id)
            counts += f" · reviewed {reviewed} of {plural(len(corpus.events), 'event')}"
            if corpus.whole and review.orphans:
                # Kept, never dropped: `diplotui review list --orphans` says what they were on.
                counts += f" · {plural(len(review.orphans), 'orphaned annotation')}"
        span = view.span_text()
        second: list[str | tuple[str, str]] = [
            ("in view ", "dim"),
            f"{plural(len(view.events), 'event')}, {span}",
        ]
        if query:
            second += [("   query ", "dim"), (query, "bold")]
        if view.words and not texts:
            second += [("   searching the texts…", "dim")]
        elif view.texts_pending:
            second += [("   the texts are being indexed", "dim")]
        elif view.words:
            second += [("   in the text of ", "dim"), plural(len(view.texts), "document"), (" (t)", "dim")]
        if filters:
            second += [("   filters ", "dim"), (" ".join(filters), "bold $accent")]
        # Two lines, as tall as ever: the screen need not be laid out again for them.
        self.update(
            Content("\n").join(
                [Content.assemble(("diplotui ", "bold $accent"), counts), Content.assemble(*second)]
            ),
            layout=False,
        )
