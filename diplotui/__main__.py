"""Provides `python -m diplotui`."""

from diplotui.cli import main

main()
