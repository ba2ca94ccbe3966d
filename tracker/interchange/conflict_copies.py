"""Sync-conflict copies of the data file, found by name beside it (docs/sync.md): a directory
listing, no more, so that every command can look for them on every run.

This module only finds them; ``tracker.interchange.sync`` merges them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Copy:
    """A file beside the data file that a sync tool left: its path and the tool's name.
    ``certain``: the name alone says it is a conflict copy (the "name 2" style says it only
    when the file is a Reconnect file)."""

    path: Path
    tool: str
    certain: bool = True


def _patterns(stem: str, suffix: str) -> list[tuple[str, re.Pattern[str], bool]]:
    s, x = re.escape(stem), re.escape(suffix)
    return [
        ("Syncthing", re.compile(rf"^{s}\.sync-conflict-\d{{8}}-\d{{6}}-[A-Z0-9]{{7}}{x}$"), True),
        ("Nextcloud", re.compile(rf"^{s} \(conflicted copy \d{{4}}-\d{{2}}-\d{{2}} \d{{6}}\)( \(\d+\))?{x}$"), True),
        ("Dropbox", re.compile(rf"^{s} \([^()]*conflicted copy[^()]*\)( \(\d+\))?{x}$"), True),
        ("iCloud or Google Drive", re.compile(rf"^{s}( \d+| \(\d+\)){x}$"), False),
    ]


def find(data_file: Path) -> list[Copy]:
    """The conflict copies beside ``data_file`` (its symlink resolved by the caller), oldest
    name first; none when the folder cannot be listed."""
    try:
        names = os.listdir(data_file.parent)
    except OSError:
        return []
    patterns = _patterns(data_file.stem, data_file.suffix)
    found = []
    for name in sorted(names):
        for tool, pattern, certain in patterns:
            if pattern.match(name):
                path = data_file.parent / name
                if path.is_file() and path != data_file:
                    found.append(Copy(path, tool, certain))
                break
    return found
