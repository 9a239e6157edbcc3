"""Provides the explorer: a Textual app over the query layer."""
