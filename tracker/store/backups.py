"""Backups beside the data file, in ``backups/``: the previous version, one snapshot per day of
use (pruned to 14 daily + 12 monthly), and the file as it was before each schema migration.

Versions are hard links to the replaced file (the store never writes a file in place, so a link
is a true snapshot and costs no copying); where links are not possible they are copies. A link
is made under a temp name and takes its backup's name only once the new data file has replaced
the old one, so no backup ever shares an inode with the data file: a save that fails or is
killed leaves only a temp file, removed by the next write.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from tracker.errors import DataFileError, NoBackup
from tracker.store.durable import Tables, read_file
from tracker.store.regular_file import open_regular

KEEP_DAILY = 14
KEEP_MONTHLY = 12
_DAILY = re.compile(r"\.(\d{4}-\d{2}-\d{2})\.json$")


KEEP_BEFORE_MERGE = 30
BEFORE_MERGE = ".before-merge"


@dataclass(frozen=True)
class Backup:
    """One backup: its file, when its content was saved, and for a backup taken before a
    merge, the conflict copy that was merged (now in ``backups/merged/``)."""

    path: Path
    modified: datetime
    merged_copy: Path | None = None

    def describe(self) -> str:
        return f"{self.path} (saved {self.modified:%Y-%m-%d %H:%M})"

    @property
    def kind(self) -> str:
        """What the backup is, in words: "before merging <copy>", "the previous version"…"""
        if self.merged_copy is not None:
            return f"before merging {self.merged_copy.name}"
        name = self.path.name
        if name.endswith(".previous.json"):
            return "the previous version"
        if ".before-schema-" in name:
            return "before an upgrade"
        if ".before-restore." in name:
            return "before a restore"
        return "the day's first version"


class Backups:
    """The backups of one data file."""

    def __init__(self, data_file: Path, today: Callable[[], date]):
        self.data_file = data_file
        self.folder = data_file.parent / "backups"
        self.stem = data_file.stem
        self._today = today

    def why_none_can_be_kept(self) -> str | None:
        """Why no backup can be kept (a save goes on without one, so `check` and `backups` say
        it): something other than a folder where the folder goes, or a folder this user
        cannot write. None when backups can be kept."""
        for folder, kept in ((self.folder, "backups"), (self.merged_folder, "the backups before a merge")):
            if os.path.lexists(folder) and not folder.is_dir():
                return f"{folder} is not a folder; move it away so that {kept} can be kept"
            if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
                return f"the folder {folder} cannot be written"
        return None

    @property
    def previous(self) -> Path:
        return self.folder / f"{self.stem}.previous.json"

    def daily(self, day: date) -> Path:
        return self.folder / f"{self.stem}.{day.isoformat()}.json"

    def before_schema(self, schema: int) -> Path:
        return self.folder / f"{self.stem}.before-schema-{schema}.json"

    def before_restore(self, now: datetime) -> Path:
        """Where the data file is kept before ``restore`` replaces it."""
        return self.folder / f"{self.stem}.before-restore.{now:%Y%m%d-%H%M%S-%f}.json"

    @property
    def merged_folder(self) -> Path:
        """Where merged conflict copies are kept, each beside the backup taken before it."""
        return self.folder / "merged"

    @staticmethod
    def before_merge(copy_aside: Path) -> Path:
        """The backup taken before merging the copy that is set aside as ``copy_aside``."""
        return copy_aside.with_name(f"{copy_aside.stem}{BEFORE_MERGE}{copy_aside.suffix}")

    def keep_before_merge(self, copy_aside: Path) -> None:
        """Keep the data file as it is, before a merge of the copy that will be set aside as
        ``copy_aside``: a hard link (the store replaces the file, never writes into it), else
        a copy. Only the newest 30 are kept."""
        self.keep_now(self.before_merge(copy_aside))
        kept = sorted(self.merged_folder.glob(f"*{BEFORE_MERGE}.*"), key=_mtime, reverse=True)
        for stale in kept[KEEP_BEFORE_MERGE:]:
            stale.unlink(missing_ok=True)

    def keep_now(self, target: Path) -> None:
        """Keep the data file as it is now as ``target`` (a new name, never overwritten)."""
        try:
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            tmp = _temp_beside(target)
            try:
                os.link(self.data_file, tmp)
            except OSError:
                copy_file(self.data_file, tmp)
            os.replace(tmp, target)
        except OSError as error:
            why = self.why_none_can_be_kept() or error.strerror
            raise NoBackup(f"cannot back up {self.data_file} first: {why}") from None

    def keep(self, source: Path) -> Staged:
        """Called just before ``source`` (the data file) is replaced by a new version: stage
        its backups; ``Staged.done`` names them once the replace has happened."""
        staged = Staged()
        try:
            self.folder.mkdir(mode=0o700, exist_ok=True)
            staged.add(source, self.previous)
            snapshot = self.daily(self._today())
            if not snapshot.exists():
                staged.add(source, snapshot)
                staged.prune = self.prune
        except OSError:
            pass  # a backup that cannot be made must not stop the save itself
        return staged

    def clean_temp_files(self) -> None:
        """Remove what a failed or killed save left in ``backups/``. Call holding the lock."""
        for leftover in self.folder.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)

    def keep_before_migration(self, schema: int) -> None:
        """Keep the file as it was before migrating it from ``schema`` (never pruned)."""
        try:
            self.folder.mkdir(mode=0o700, exist_ok=True)
            if not self.before_schema(schema).exists():
                tmp = _temp_beside(self.before_schema(schema))
                copy_file(self.data_file, tmp)  # a copy: the data file is about to change
                os.replace(tmp, self.before_schema(schema))
        except OSError as error:
            raise DataFileError(
                f"cannot back up {self.data_file} before upgrading it: {error.strerror}"
            ) from None

    def dailies(self) -> list[tuple[date, Path]]:
        """The daily snapshots, newest first."""
        found = []
        for path in self.folder.glob(f"{glob_escape(self.stem)}.*.json"):
            match = _DAILY.search(path.name)
            if match and path.name == self.daily(date.fromisoformat(match[1])).name:
                found.append((date.fromisoformat(match[1]), path))
        return sorted(found, reverse=True)

    def prune(self) -> None:
        """Keep the newest 14 daily snapshots and the newest snapshot of each of 12 months."""
        dailies = self.dailies()
        keep = {path for _, path in dailies[:KEEP_DAILY]}
        months: dict[tuple[int, int], Path] = {}
        for day, path in dailies:
            if len(months) == KEEP_MONTHLY and (day.year, day.month) not in months:
                break
            months.setdefault((day.year, day.month), path)
        keep.update(months.values())
        for _, path in dailies:
            if path not in keep:
                path.unlink(missing_ok=True)

    def all(self) -> list[Backup]:
        """Every backup, newest first (by the time its content was saved): the previous
        version, the daily ones, those before an upgrade, a restore or a merge."""
        if not self.folder.is_dir():
            return []
        found = []
        paths = [*self.folder.glob(f"{glob_escape(self.stem)}.*.json"),
                 *self.merged_folder.glob(f"*{BEFORE_MERGE}.*")]
        for path in paths:
            if not path.is_file():  # a FIFO, a device or a folder named like one is no backup
                continue
            merged = None
            if path.parent == self.merged_folder:
                merged = path.with_name(path.stem.removesuffix(BEFORE_MERGE) + path.suffix)
            try:
                found.append(Backup(path, datetime.fromtimestamp(_mtime(path)), merged))
            except (OSError, ValueError, OverflowError):
                continue
        return sorted(found, key=lambda b: (b.modified, b.path.name), reverse=True)

    def newest_good(self) -> tuple[Backup, Tables] | None:
        """The newest backup that parses, with its data; None when there is none."""
        from tracker.store.validation import check_shape

        for backup in self.all():
            try:
                data = read_file(backup.path)
                if data is not None:
                    check_shape(data, backup.path)
                    return backup, data
            except DataFileError:
                continue
        return None


def _mtime(path: Path) -> float:
    return path.stat().st_mtime


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


class Staged:
    """Backups linked (or copied) under temp names, waiting for the save to succeed."""

    def __init__(self) -> None:
        self.pending: list[tuple[Path, Path]] = []
        self.prune: Callable[[], None] | None = None

    def add(self, source: Path, target: Path) -> None:
        tmp = _temp_beside(target)
        try:
            os.link(source, tmp)
        except OSError:
            copy_file(source, tmp)  # only where hard links are not possible
        self.pending.append((tmp, target))

    def done(self) -> None:
        """The new data file is in place: the staged versions take their names."""
        try:
            for tmp, target in self.pending:
                os.replace(tmp, target)
            if self.prune is not None:
                self.prune()
        except OSError:
            self.discard()

    def discard(self) -> None:
        """The save failed: remove what was staged."""
        for tmp, _ in self.pending:
            tmp.unlink(missing_ok=True)


def _temp_beside(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")


def copy_file(source: Path, target: Path) -> None:
    """Copy ``source`` to a new file ``target`` (never overwritten), readable by the owner only:
    a copy, not a link, so nothing done to one can reach the other."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with open_regular(source) as src:
            while chunk := src.read(1 << 20):
                _write_fully(fd, chunk)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        target.unlink(missing_ok=True)
        raise
    os.close(fd)


def _write_fully(fd: int, chunk: bytes) -> None:
    view = memoryview(chunk)
    while view:
        view = view[os.write(fd, view):]
