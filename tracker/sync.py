"""Merging the sync-conflict copies beside the data file into it (sync.md).

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
from pathlib import Path

from tracker import conflicts
from tracker.conflicts import Copy
from tracker.errors import BadInput, DataFileError
from tracker.store import Store


@dataclass(frozen=True)
class Outcome:
    """What became of one copy: ``summary`` ("3 entries added") once merged, else ``problem``."""

    copy: Copy
    summary: str | None = None
    problem: str | None = None
    moved_to: Path | None = None

    def line(self, dry_run: bool = False) -> str:
        """The one line said about it."""
        if self.problem is not None:
            return f"Left {self.copy.path.name} where it is ({self.copy.tool}): {self.problem}"
        if dry_run:
            return f"Would merge a copy from another machine ({self.copy.tool}): {self.summary}."
        return f"Merged a copy from another machine ({self.copy.tool}): {self.summary}."


class _DryRun(Exception):
    pass


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
    """The copies beside the data file that cannot be merged (unreadable, or from a newer
    Reconnect), each with why; for ``check``. Nothing is written."""
    from tracker.interchange.reconnect import read_export

    found = []
    for copy in pending(store):
        try:
            read_export(copy.path)
        except BadInput as error:
            if copy.certain:
                found.append(Outcome(copy, problem=str(error).removeprefix(f"{copy.path}: ")))
    return found


def _merge_one(store: Store, copy: Copy, dry_run: bool) -> Outcome | None:
    from tracker.interchange.reconnect import read_export
    from tracker.merge import merge

    try:
        with store.transaction():
            # listed again under the lock: another process may have merged it meanwhile
            if not copy.path.exists():
                return None
            try:
                there, _ = read_export(copy.path)
            except BadInput as error:
                if not copy.certain:
                    return None  # "reconnect 2.json" that is not a Reconnect file: not ours
                return Outcome(copy, problem=str(error).removeprefix(f"{copy.path}: "))
            here = store.all_tables()
            merged = merge(here, there)
            if merged.data != here:
                store.replace_data(merged.data)
            if dry_run:
                raise _DryRun(merged.summary())
    except _DryRun as done:
        return Outcome(copy, summary=str(done))
    return Outcome(copy, summary=merged.summary(), moved_to=_set_aside(store, copy))


def _set_aside(store: Store, copy: Copy) -> Path | None:
    """Move a merged copy into ``backups/merged/`` (never deleted; a unique name)."""
    folder = store.backups.folder / "merged"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = folder / copy.path.name
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{copy.path.stem}.{n}{copy.path.suffix}"
        os.replace(copy.path, target)
    except OSError:
        return None  # merged all the same; the next run finds it again and changes nothing
    return target


def merge_quietly(store: Store, say: Callable[[str], None]) -> None:
    """What every command does first: merge the copies beside the data file and say one line
    for each (on stderr). A problem with the data file itself is left to the command."""
    try:
        for outcome in merge_copies(store):
            if outcome.problem is None:
                say(outcome.line())
    except DataFileError:
        pass

