"""Provides `DiplotuiApp`: loads the corpus through the query layer and shows it."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from diplotui.config import load_settings, save_setting
from diplotui.query import Corpus, corpus_for, first_panes, first_screen
from diplotui.store import Store, StoreError
from diplotui.tui.commands import GoToProvider
from diplotui.tui.messages import ReviewAsked
from diplotui.tui.screens.main import MainScreen
from diplotui.tui.widgets.facet_lists import MAX_ROWS


class DiplotuiApp(App[None]):
    """The diplotui explorer."""

    CSS_PATH = "app.tcss"
    TITLE = "diplotui"
    COMMANDS = App.COMMANDS | {GoToProvider}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit diplotui"),
        Binding("question_mark", "help", "Help", id="help", tooltip="Keys and query language"),
    ]
    """Quit and help work on every screen."""

    def __init__(
        self, store: Store | None = None, corpus: Corpus | None = None, notice: str | None = None
    ) -> None:
        super().__init__()
        self.store = store
        self.corpus = corpus
        self.notice = notice
        self.main_screen = MainScreen(corpus)
        self._review_lock = threading.Lock()

    def on_mount(self) -> None:
        theme = load_settings().get("theme")
        if theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.push_screen(self.main_screen)
        if self.notice:
            self.notify(self.notice, title="Sample", timeout=12, markup=False)
        if self.corpus is None and self.store is not None:
            self.run_worker(self._load, thread=True, exclusive=True, name="load")
        elif self.corpus is not None:
            self.run_worker(partial(self._index, self.corpus), thread=True, name="index")

    def _load(self) -> None:
        assert self.store is not None
        # The corpus lives as long as the app: it is moved out of the collector's sight
        # as soon as it is made (a collection over its million young objects took 0.1 s
        # of the first paint at 10,000 documents), so that full collections over a large
        # store stall neither the first paint nor keystrokes.
        gc.disable()
        try:
            first = first_screen(self.store)
            if first is not None:
                self.call_from_thread(self.main_screen.set_first_screen, first)
                # Counted by the store, meanwhile (its queries leave the interpreter free).
                self.call_from_thread(self.run_worker, self._first_panes, thread=True, name="panes")
            corpus = corpus_for(self.store)
        except StoreError as exc:
            self.call_from_thread(self.notify, str(exc), title="Store", severity="error", timeout=30)
            self.call_from_thread(self.main_screen.store_unreadable)
            return
        finally:
            gc.freeze()
            gc.enable()
        self.corpus = corpus
        self.call_from_thread(self.main_screen.set_corpus, corpus)
        self._index(corpus)
        gc.freeze()

    def _first_panes(self) -> None:
        """The participants and topics of a large store's first screen."""
        assert self.store is not None
        try:
            panes = first_panes(self.store, MAX_ROWS)
        except StoreError:
            return  # the whole store's read says so
        if panes is not None:
            self.call_from_thread(self.main_screen.set_first_panes, panes)

    def _index(self, corpus: Corpus) -> None:
        """Build the search index, in a worker: the first screen needs none of it, so
        once that screen is drawn (not while it is: the two would share one
        interpreter), before the first "/"; then show again a view that waited for the
        word index of the texts."""
        drawn = threading.Event()
        self.call_from_thread(self.call_after_refresh, drawn.set)
        drawn.wait(timeout=2)
        corpus.prepare_search().texts()
        self.call_from_thread(self.main_screen.texts_ready)

    def on_review_asked(self, message: ReviewAsked) -> None:
        """Record the analyst's decision in the store (in a thread: a JSON store is
        written whole), then show the corpus with it."""
        if self.store is not None and self.corpus is None:
            self.notify("The store is still being read: try again in a moment.", title="Review", timeout=4)
            return
        if self.store is None or self.corpus is None:
            self.notify(
                "This is the bundled sample, not a store: ingest documents "
                "(diplotui ingest PATH) to review them.",
                title="Review",
                timeout=6,
            )
            return
        self.run_worker(
            partial(self._review, message.target, message.changes, message.said), thread=True, group="review"
        )

    def _review(self, target: str, changes: list[tuple[str, Any]], said: str) -> None:
        from diplotui.annotate import annotate
        from diplotui.review import ReviewError

        assert self.store is not None
        # One decision at a time, each starting from the corpus the one before left (two
        # keys pressed within one write may be recorded in either order).
        with self._review_lock:
            corpus = before = self.corpus
            assert corpus is not None
            problem = None
            try:
                for kind, value in changes:
                    corpus = annotate(self.store, corpus, target, kind, value)
            except (ReviewError, StoreError) as exc:
                problem = str(exc)
            self.corpus = corpus
            self.call_from_thread(self.main_screen.set_corpus, corpus, True)
            show_marks = getattr(self.screen, "show_marks", None)
            if show_marks is not None:  # a screen over the main one that shows marks
                self.call_from_thread(show_marks, corpus)
            if problem:
                self.call_from_thread(
                    self.notify, problem, title="Not recorded", severity="error", markup=False
                )
            else:
                self.call_from_thread(self.notify, said, title="Review", timeout=3, markup=False)
            if corpus is not before:
                corpus.prepare_search()  # the reviewed records are searched from now on

    def _remember_theme(self, theme: Theme) -> None:
        try:
            save_setting("theme", theme.name)
        except OSError as exc:
            message = f"The theme is not remembered: {exc.strerror or exc}"
            self.notify(message, severity="warning", markup=False)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG of the screen: into the Downloads folder when there is one, else
        the current directory (Textual's default fails without a Downloads folder)."""
        if path is None:
            import platformdirs

            downloads = platformdirs.user_downloads_path()
            path = str(downloads if downloads.is_dir() else Path.cwd())
        super().action_screenshot(filename, path)

    def action_help(self) -> None:
        """Show the help screen."""
        self.main_screen.action_help()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        main = self.main_screen
        yield SystemCommand("Search", "Search as you type", main.action_search)
        yield SystemCommand("Export briefing", "Write the view as Markdown", main.action_export)
        yield SystemCommand("Clear filters", "Clear the search and all filters", main.action_clear)
        yield SystemCommand("Keys and query language", "Show the help screen", main.action_help)
