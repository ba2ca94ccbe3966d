"""The ``reconnect`` command's entry point. ``reconnect nudge`` runs on every shell prompt, so
it starts here without loading the rest of the command line; everything else goes to
:mod:`tracker.cli.main`."""

from __future__ import annotations

import sys


def run() -> None:
    """Console-script entry point."""
    from tracker.outside.nudge import nudge_argv

    if nudge_argv(sys.argv[1:]) is not False:
        from tracker.outside import nudge

        sys.stdout.flush()
        sys.exit(nudge.run(sys.argv[1:]))
    from tracker.cli import main as cli

    cli.run()
