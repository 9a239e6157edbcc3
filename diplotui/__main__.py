"""Provides `python -m diplotui` and the `diplotui` command.

The command line is imported here, inside `run`, rather than by the script itself: a
Ctrl+C while the program is still loading (a slow machine takes a second) ends it with
one line, as it does later, not with a traceback.
"""

import sys


def run() -> None:
    """Load the command line and run it."""
    try:
        from diplotui.cli import main
        from diplotui.model import freeze_after_pauses
    except KeyboardInterrupt:
        sys.stderr.write("diplotui: interrupted\n")
        sys.exit(130)
    freeze_after_pauses()  # one command, then the process ends (the explorer says otherwise)
    main()


if __name__ == "__main__":
    run()
