"""The commands that reach beyond the process: serve, nudge and remind."""

from __future__ import annotations

import argparse

from tracker.cli.output import Output
from tracker.errors import BadInput
from tracker.store.store import Store
from tracker.views.text import (
    printable,
)


def cmd_serve(args: argparse.Namespace, store: Store, output: Output) -> int:
    try:
        from tracker.outside.serve import serve
    except ImportError as error:
        raise BadInput(f"serve needs textual-serve ({error}); reinstall Reconnect") from None

    def warn(text: str) -> None:
        print(f"reconnect: warning: {printable(text, one_line=True)}", file=output.err, flush=True)

    def say(text: str) -> None:
        output.say(text)
        output.out.flush()

    return serve(store.path, args.host, args.port, args.allow_remote, args.open, say, warn)


def cmd_nudge(args: argparse.Namespace, store: Store, output: Output) -> int:
    """What ``tracker.launch`` runs without this module, for a command line built here."""
    from tracker.outside.nudge import quiet_nudge

    line = quiet_nudge(store.path, store.now())
    if line:
        output.say(line)
    return 0


def cmd_remind(args: argparse.Namespace, store: Store, output: Output) -> int:
    from tracker.outside import remind

    if args.now:
        said = remind.remind_now(store)
        if args.verbose:
            output.say(said)
    elif args.at is not None:
        output.say("\n".join(remind.install(store, args.at)))
    elif args.off:
        output.say("\n".join(remind.remove()))
    else:
        output.say(remind.describe())
    return 0
