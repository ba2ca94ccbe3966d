"""Merging the sync-conflict copies beside the data file into it (docs/sync.md).

Each copy is merged as one transaction under the lock, with the usual backup first, and moved
into ``backups/merged/`` only once the merge is saved: a crash between the two leaves the
merged file and the copy still beside it, and merging that copy again changes nothing.
A copy that cannot be read, or is from a newer Reconnect, is left where it is (``check``
names it).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import BadInput, DataFileError, NoBackup
from tracker.interchange import conflict_copies as conflicts
from tracker.interchange.conflict_copies import Copy
from tracker.store.durable import Tables
from tracker.store.schema import SETTINGS
from tracker.store.store import Store

if TYPE_CHECKING:
    from tracker.interchange.merge import Merged


@dataclass(frozen=True)
class Outcome:
    """What became of one copy: ``summary`` ("3 entries added") once merged, else ``problem``."""

    copy: Copy
    summary: str | None = None
    problem: str | None = None

    def line(self, dry_run: bool = False) -> str:
        """The one line said about it."""
        name = self.copy.path.name
        if self.problem is not None:
            return f"Left {name} where it is ({self.copy.tool}): {self.problem}"
        if dry_run:
            return f"Would merge a copy from another machine ({self.copy.tool}, {name}): {self.summary}."
        return f"Merged a copy from another machine ({self.copy.tool}): {self.summary}."


def pending(store: Store) -> list[Copy]:
    """The conflict copies beside the data file (a directory listing; nothing is read)."""
    return conflicts.find(store.path)


def merge_copies(store: Store, dry_run: bool = False) -> list[Outcome]:
    """Merge every conflict copy beside the data file; what became of each. Copies in the
    "name 2" style that are not Reconnect files are not ours and are not mentioned."""
    outcomes = []
    for copy in pending(store):  # each is listed again under the lock (``_merge_one``)
        outcome = _merge_one(store, copy, dry_run)
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes


def unmerged(store: Store) -> list[Outcome]:
    """The copies beside the data file that cannot be merged (unreadable, hostile, or from a
    newer Reconnect), each with why; for ``check`` and the app. Nothing is written."""
    from tracker.interchange.untrusted import actions_allowed, read_export

    found = []
    copies = pending(store)
    most_actions = actions_allowed(store) if copies else 0  # (reads the file only for a copy)
    for copy in copies:
        try:
            read_export(copy.path, store.now(), most_actions)
        except BadInput as error:
            if copy.certain:
                found.append(Outcome(copy, problem=_problem(copy, error)))
        except OUTSIDE_ERRORS as error:
            if copy.certain:
                found.append(Outcome(copy, problem=_unreadable(error)))
    return found


# What a hostile file could still make the checks or the merge raise: it is that copy's
# problem, named, and never stops the command or the other copies.
OUTSIDE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError)


def _problem(copy: Copy, error: BadInput) -> str:
    return str(error).removeprefix(f"{copy.path}: ")


def _unreadable(error: Exception) -> str:
    return f"it cannot be merged ({type(error).__name__}); nothing was taken from it"


class _Gone(Exception):
    """The copy was merged (and set aside) by another process meanwhile."""


class _Rollback(Exception):
    pass


def merge_into(store: Store, read: Callable[[], Tables], *, dry_run: bool = False, fresh: bool = False,
               keep_day: Callable[[date], bool] = lambda day: True,
               before_write: Callable[[], None] = lambda: None) -> tuple[Tables, Merged]:
    """The one way a merge reaches the data file (a conflict copy, an import of a Reconnect
    file): in one transaction, under the lock, ``read`` the other side (it may raise to stop),
    merge it with the file's tables (``fresh``: the file is new, so the other side's settings
    come too) and, unless ``dry_run``, replace them when anything changed, ``before_write``
    first (a backup). A dry run writes nothing at all, not even a due upgrade of the file.
    Returns the file's tables as they were, and the merge."""
    from tracker.interchange.merge import merge

    found: list[tuple[Tables, Merged]] = []
    try:
        with store.transaction():
            there = read()
            here = store.all_tables()
            merged = merge({**here, SETTINGS: {}} if fresh else here, there, keep_day)
            found.append((here, merged))
            if dry_run:
                raise _Rollback
            if merged.data != here:
                before_write()
                store.replace_data(merged.data)
    except _Rollback:
        pass
    return found[0]


def _merge_one(store: Store, copy: Copy, dry_run: bool) -> Outcome | None:
    from tracker.interchange.untrusted import actions_allowed, read_export

    cleaned: list[str] = []
    aside: list[Path] = []

    def read() -> Tables:
        # looked for again under the lock: another process may have merged it meanwhile
        if not copy.path.exists():
            raise _Gone
        there, notes = read_export(copy.path, store.now(), actions_allowed(store))
        cleaned.extend(note.removeprefix(f"{copy.path}: ") for note in notes)
        return there

    def backup() -> None:
        aside.append(_aside_name(store, copy))
        store.backups.keep_before_merge(aside[0])

    try:
        _, merged = merge_into(store, read, dry_run=dry_run, before_write=backup)
    except _Gone:
        return None
    except NoBackup as error:  # no merge without its backup: the copy waits, and says why
        return Outcome(copy, problem=f"{error}; nothing was taken from it yet")
    except BadInput as error:
        if not copy.certain:
            return None  # "reconnect 2.json" that is not a Reconnect file: not ours
        return Outcome(copy, problem=_problem(copy, error))
    except OUTSIDE_ERRORS as error:
        return Outcome(copy, problem=_unreadable(error))
    summary = "; ".join([merged.summary(), *cleaned])
    if not dry_run:
        _set_aside(copy, aside[0] if aside else _aside_name(store, copy))
    return Outcome(copy, summary=summary)


def _aside_name(store: Store, copy: Copy) -> Path:
    """Where a merged copy goes: ``backups/merged/``, under a name no other copy has."""
    folder = store.backups.merged_folder
    target = folder / copy.path.name
    n = 1
    while target.exists() or store.backups.before_merge(target).exists():
        n += 1
        target = folder / f"{copy.path.stem}.{n}{copy.path.suffix}"
    return target


def _set_aside(copy: Copy, target: Path) -> None:
    """Move a merged copy into ``backups/merged/`` (never deleted)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.replace(copy.path, target)
    except OSError:
        pass  # merged all the same; the next run finds it again and changes nothing


def merge_quietly(store: Store, say: Callable[[str], None]) -> None:
    """What every command does first: merge the copies beside the data file and say one line
    for each (on stderr). A problem with the data file itself is left to the command."""
    try:
        for outcome in merge_copies(store):
            if outcome.problem is None:
                say(outcome.line())
    except DataFileError:
        pass

