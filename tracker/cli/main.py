"""The ``reconnect`` command. Every subcommand works without importing Textual; only
``reconnect`` with no subcommand imports ``screens`` to open the app."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime
from pathlib import Path
from typing import TextIO

from tracker.cli import reflect_commands as cli_reflect
from tracker.cli.action_commands import cmd_action, cmd_actions
from tracker.cli.day_commands import (
    cmd_ask,
    cmd_log,
    cmd_rest,
    cmd_status,
    cmd_undo,
    cmd_week,
)
from tracker.cli.file_commands import (
    cmd_backups,
    cmd_check,
    cmd_export,
    cmd_import,
    cmd_restore,
    cmd_settings,
    cmd_sync,
)
from tracker.cli.output import Output
from tracker.cli.outside_commands import cmd_nudge, cmd_remind, cmd_serve
from tracker.cli.parser import FLAGS, build_parser
from tracker.domain.days import local_now
from tracker.errors import BadInput, DataFileDamaged, ReconnectError
from tracker.store import lock as filelock
from tracker.store.location import default_path
from tracker.store.store import Store
from tracker.views.text import (
    printable,
)


def main(
    argv: Sequence[str] | None = None,
    *,
    now: Callable[[], datetime] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run the command line; return the exit code. ``now`` injects the clock for tests."""
    output = Output(out or sys.stdout, err or sys.stderr)
    try:
        with redirect_stdout(output.out), redirect_stderr(output.err):
            args = build_parser().parse_args(argv)
    except SystemExit as done:  # --help, --version, or a usage error (exit 2)
        return done.code if isinstance(done.code, int) else 0
    try:
        timeout = filelock.parse_timeout(os.environ.get("RECONNECT_LOCK_TIMEOUT"))
        _check_text_arguments(args)
        store = Store(_db_path(args.db), now=now or local_now, lock_timeout=timeout)
    except ReconnectError as error:
        output.error(str(error))
        return error.exit_code
    if args.command is None:
        return _open_app(store)
    try:
        if args.command not in NO_MERGE and not getattr(args, "dry_run", False):
            from tracker.interchange.sync import merge_quietly

            merge_quietly(store, output.notice)
        code = COMMANDS[args.command](args, store, output)
    except DataFileDamaged as error:
        output.error(f"{error}; {_advice(store, error)}")
        return error.exit_code
    except ReconnectError as error:
        output.error(error.worded(FLAGS) if isinstance(error, BadInput) else str(error))
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    if store.created:
        output.notice(f"started your data file at {store.path}")
    return code


PATH_ARGUMENTS = ("db", "path", "output")
# Every command that reads or writes the data file merges the conflict copies beside it first
# (docs/sync.md), but these: a prompt's nudge and the reminder only read, quickly; sync does it itself;
# backups and restore are the way back, whatever a copy holds.
NO_MERGE = ("nudge", "remind", "sync", "support", "serve", "backups", "restore")  # serve: its app does it


def _check_text_arguments(args: argparse.Namespace) -> None:
    """Refuse an argument that is not valid UTF-8 text (a path may be any bytes the system
    allows: it is only ever shown escaped)."""
    for name, value in vars(args).items():
        if name not in PATH_ARGUMENTS and isinstance(value, str) and _NOT_UTF8.search(value):
            flag = name.replace("_", "-")
            raise BadInput(f"the {flag} given is not valid UTF-8 text: {printable(value)}")


_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # bytes that did not decode (surrogateescape)


def _db_path(text: str | None) -> Path:
    """The data file: ``--db``, else $RECONNECT_DB, else the default in the user data folder.
    Only the default's folder is created: a path the user named must be in a real folder (a
    typo must not grow a new folder tree holding an empty history)."""
    named = "--db"
    if text is None and os.environ.get("RECONNECT_DB"):
        text, named = os.environ["RECONNECT_DB"], "$RECONNECT_DB"
    if text is None:
        return default_path()
    if not text.strip():
        raise BadInput(f"{named} needs the path of a data file")
    path = Path(text).expanduser()
    if path.is_dir():
        raise BadInput(f"{named} {printable(text)} is a folder; name the data file in it")
    if path.parent.exists() and not path.parent.is_dir():
        raise BadInput(f"{named} {printable(text)}: {printable(str(path.parent))} is a file, "
                       "not a folder")
    if not path.parent.is_dir():
        raise BadInput(f"{named} {printable(text)}: the folder {printable(str(path.parent))} "
                       "does not exist; create it first, or check the path")
    return path


def _advice(store: Store, error: DataFileDamaged) -> str:
    from tracker.store.repair import damage_advice

    return damage_advice(store, error)


def _open_app(store: Store) -> int:
    from screens.app import run  # the one import across: only the app needs Textual
    from tracker.config.settings_toml import load_config

    return run(store, load_config())  # the app reads the file itself, and shows any problem


COMMANDS: dict[str, Callable[[argparse.Namespace, Store, Output], int]] = {
    "log": cmd_log,
    "ask": cmd_ask,
    "undo": cmd_undo,
    "rest": cmd_rest,
    "status": cmd_status,
    "week": cmd_week,
    "actions": cmd_actions,
    "action": cmd_action,
    "check": cmd_check,
    "settings": cmd_settings,
    "export": cmd_export,
    "import": cmd_import,
    "nudge": cmd_nudge,
    "remind": cmd_remind,
    "sync": cmd_sync,
    "serve": cmd_serve,
    "backups": cmd_backups,
    "restore": cmd_restore,
    **cli_reflect.COMMANDS,
}


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
    except BrokenPipeError:
        code = 0
    except Exception as error:  # never a traceback for the user
        message = printable(f"unexpected problem ({type(error).__name__}: {error})", one_line=True)
        sys.stderr.write(f"reconnect: error: {message}\n")
        code = 1
    sys.exit(code)
