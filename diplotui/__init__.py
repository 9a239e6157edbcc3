"""Provides diplotui: a terminal timeline explorer for diplomatic reporting."""

__version__ = "0.1.0"
