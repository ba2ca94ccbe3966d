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
from importlib import import_module
from pathlib import Path
from typing import TextIO

from tracker.cli.output import Output
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
            args = build_parser(sys.argv[1:] if argv is None else argv).parse_args(argv)
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
        code = command(args.command)(args, store, output)
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
    try:
        path = Path(text).expanduser()
    except RuntimeError:  # "~someone" who has no home here
        raise BadInput(f"{named} {printable(text)}: no such user's home folder") from None
    try:
        os.stat(path.parent)  # a path too long, a loop of links: the system's words, once
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        pass  # said below, in words of our own
    except OSError as error:
        raise BadInput(f"{named} {printable(text)}: {error.strerror}") from None
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


# Where each command's ``cmd_<name>`` lives; only the one run is imported.
HANDLERS = {
    "day_commands": ("log", "ask", "undo", "rest", "status", "week"),
    "action_commands": ("actions", "action"),
    "file_commands": ("check", "settings", "export", "import", "sync", "backups", "restore"),
    "outside_commands": ("nudge", "remind", "serve"),
    "reflect_commands": ("reflect", "journal", "summary", "support", "insights"),
}
Handler = Callable[[argparse.Namespace, Store, Output], int]


def command(name: str) -> Handler:
    """The function that runs the command ``name``."""
    module = next(module for module, names in HANDLERS.items() if name in names)
    handler: Handler = getattr(import_module(f"tracker.cli.{module}"), f"cmd_{name}")
    return handler


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
