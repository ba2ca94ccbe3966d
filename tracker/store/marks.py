"""Small per-data-file marks kept in the user state folder, never in the data file: when the
reminder was last sent, in which week the care paragraph was last shown. Losing one only
means a notice may come once more."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from tracker.store.regular_file import read_regular


def stamp_file(data_file: Path, kind: str) -> Path:
    """Where the ``kind`` mark of ``data_file`` is kept."""
    from platformdirs import user_state_path

    name = hashlib.sha256(os.fsencode(data_file)).hexdigest()[:24]
    return user_state_path("reconnect", appauthor=False) / kind / f"{name}.last"


def read_stamp(data_file: Path, kind: str) -> str | None:
    """The mark, or None when there is none (or it cannot be read)."""
    try:
        return read_regular(stamp_file(data_file, kind), limit=4096).decode().strip()  # a date or a time
    except (OSError, UnicodeDecodeError):
        return None


def write_stamp(data_file: Path, kind: str, value: str) -> None:
    """Keep the mark; a folder that cannot be written only costs a repeated notice."""
    path = stamp_file(data_file, kind)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(value)
    except OSError:
        pass
