"""Provides the explorer's screens."""
