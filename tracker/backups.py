"""Backups beside the data file, in ``backups/``: the previous version, one snapshot per day of
use (pruned to 14 daily + 12 monthly), and the file as it was before each schema migration.

Versions are hard links to the replaced file (the store never writes a file in place, so a link
is a true snapshot and costs no copying); where links are not possible they are copies.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from tracker.errors import DataFileError
from tracker.storage import Tables, read_file

KEEP_DAILY = 14
KEEP_MONTHLY = 12
_DAILY = re.compile(r"\.(\d{4}-\d{2}-\d{2})\.json$")


@dataclass(frozen=True)
class Backup:
    path: Path
    modified: datetime

    def describe(self) -> str:
        return f"{self.path} (saved {self.modified:%Y-%m-%d %H:%M})"


class Backups:
    """The backups of one data file."""

    def __init__(self, data_file: Path, today: Callable[[], date]):
        self.data_file = data_file
        self.folder = data_file.parent / "backups"
        self.stem = data_file.stem
        self._today = today

    @property
    def previous(self) -> Path:
        return self.folder / f"{self.stem}.previous.json"

    def daily(self, day: date) -> Path:
        return self.folder / f"{self.stem}.{day.isoformat()}.json"

    def before_schema(self, schema: int) -> Path:
        return self.folder / f"{self.stem}.before-schema-{schema}.json"

    def keep(self, source: Path) -> None:
        """Called just before ``source`` (the data file) is replaced by a new version."""
        try:
            self.folder.mkdir(mode=0o700, exist_ok=True)
            _link_or_copy(source, self.previous)
            snapshot = self.daily(self._today())
            if not snapshot.exists():
                _link_or_copy(source, snapshot)
                self.prune()
        except OSError:
            pass  # a backup that cannot be made must not stop the save itself

    def keep_before_migration(self, schema: int) -> None:
        """Keep the file as it was before migrating it from ``schema`` (never pruned)."""
        try:
            self.folder.mkdir(mode=0o700, exist_ok=True)
            if not self.before_schema(schema).exists():
                _link_or_copy(self.data_file, self.before_schema(schema))
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
        """Every backup, newest first (by the time its content was saved)."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.glob(f"{glob_escape(self.stem)}.*.json"):
            try:
                found.append(Backup(path, datetime.fromtimestamp(path.stat().st_mtime)))
            except OSError:
                continue
        return sorted(found, key=lambda b: (b.modified, b.path.name), reverse=True)

    def newest_good(self) -> tuple[Backup, Tables] | None:
        """The newest backup that parses, with its data; None when there is none."""
        from tracker.validate import check_shape

        for backup in self.all():
            try:
                data = read_file(backup.path)
                if data is not None:
                    check_shape(data, backup.path)
                    return backup, data
            except DataFileError:
                continue
        return None


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _link_or_copy(source: Path, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
    try:
        os.link(source, tmp)
    except OSError:
        import shutil  # only where hard links are not possible

        shutil.copy2(source, tmp)
    os.replace(tmp, target)
