"""Where the data file lives by default (a module of its own: ``nudge`` needs it at once)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def default_location() -> str:
    """``$RECONNECT_DB``, else ``reconnect.json`` in the user data directory, as text.

    On Linux the folder is worked out here, as platformdirs does it (``$XDG_DATA_HOME`` or
    ``~/.local/share``): ``reconnect nudge`` runs on every prompt, and importing platformdirs
    (with pathlib) would cost it a sixth of its time. Elsewhere platformdirs says."""
    if os.environ.get("RECONNECT_DB"):
        return os.path.expanduser(os.environ["RECONNECT_DB"])
    if sys.platform.startswith("linux"):
        data_home = os.environ.get("XDG_DATA_HOME", "").strip() or os.path.expanduser("~/.local/share")
        return os.path.join(data_home, "reconnect", "reconnect.json")
    from platformdirs import user_data_dir

    return os.path.join(user_data_dir("reconnect", appauthor=False), "reconnect.json")


def default_path() -> Path:
    """``default_location`` as a Path."""
    from pathlib import Path

    return Path(default_location())
