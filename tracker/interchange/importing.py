"""Bringing history in and taking it out: Loop Habit Tracker, harsh, Reconnect JSON, CSV.

Every import reads the whole file first (any problem stops it before anything is written),
then applies it in one transaction.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from tracker.errors import BadInput
from tracker.interchange.import_plan import Report, apply
from tracker.store.regular_file import open_regular
from tracker.store.store import Store

SQLITE_MAGIC = b"SQLite format 3\x00"
ZIP_MAGIC = b"PK\x03\x04"


def detect(path: Path) -> str:
    """Which program wrote ``path``: "loop", "harsh" or "reconnect"."""
    from tracker.interchange.reconnect_json import looks_like_export

    if path.is_dir():
        if (path / "Habits.csv").is_file():
            return "loop"
        if (path / "habits").is_file() and (path / "log").is_file():
            return "harsh"
        raise BadInput(
            f"{path}: a folder that is neither a Loop export (Habits.csv) nor harsh's (habits, log)"
        )
    head = _head(path)
    if head.startswith((SQLITE_MAGIC, ZIP_MAGIC)) or path.suffix.lower() == ".zip":
        return "loop"
    if looks_like_export(head):
        return "reconnect"
    raise BadInput(f"{path}: cannot tell which program wrote this file; say it with --from")


def _head(path: Path) -> bytes:
    try:
        with open_regular(path) as f:
            return f.read(4096)
    except OSError as error:
        raise BadInput(f"{path}: cannot be read ({error.strerror})") from None


def import_path(store: Store, path: Path, fmt: str = "auto", *, dry_run: bool = False) -> Report:
    """Import a file or folder of ``fmt`` (or the detected one) into the store."""
    if not path.exists():
        raise BadInput(f"{path}: no such file or folder")
    kind = detect(path) if fmt == "auto" else fmt
    if kind == "reconnect":
        from tracker.interchange import reconnect_json as reconnect
        from tracker.interchange import untrusted

        if path.is_dir():
            raise BadInput(f"{path}: a folder, not a Reconnect export")
        data, cleaned = _reading(path, kind, lambda: untrusted.read_export(path, store.now()))
        return reconnect.merge(store, path, data, dry_run=dry_run, fresh=not store.exists, notes=cleaned)
    if kind == "loop":
        from tracker.interchange import loop

        if path.is_dir():
            plan = _reading(path, kind, lambda: loop.read_csv_folder(path))
        elif _head(path).startswith(SQLITE_MAGIC):
            plan = _reading(path, kind, lambda: loop.read_db(path))
        elif _head(path).startswith(ZIP_MAGIC) or path.suffix.lower() == ".zip":
            plan = _reading(path, kind, lambda: loop.read_zip(path))
        else:
            raise BadInput(f"{path}: not a Loop export (a zip, its folder, or a .db backup)")
    elif kind == "harsh":
        from tracker.interchange import harsh

        if not path.is_dir():
            raise BadInput(f"{path}: harsh's files come as a folder holding habits and log")
        plan = _reading(path, kind, lambda: harsh.read_folder(path))
    else:
        raise BadInput(f"unknown format {fmt!r}: use auto, reconnect, loop or harsh")
    return apply(store, plan, dry_run=dry_run)


T = TypeVar("T")
PROGRAMS = {"reconnect": "a Reconnect export", "loop": "a Loop export", "harsh": "harsh's files"}


def _reading(path: Path, kind: str, read: Callable[[], T]) -> T:
    """Read a file from outside; whatever it holds, a problem is one line that names it. Each
    reader says what it refuses in its own words; this catches what none foresaw."""
    try:
        return read()
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError,
            RecursionError, UnicodeError, csv.Error) as error:
        raise BadInput(f"{path}: {PROGRAMS[kind]} this version cannot read "
                       f"({type(error).__name__}); nothing was imported") from None
