"""Where the data file lives by default (a module of its own: ``nudge`` needs it at once)."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # (not typing's: nudge imports this module on every prompt)

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


def cache_folder() -> str:
    """``$RECONNECT_CACHE``, else the user cache folder (on Linux worked out here, as for the
    data file: ``$XDG_CACHE_HOME`` or ``~/.cache``, then ``reconnect``)."""
    if os.environ.get("RECONNECT_CACHE"):
        return os.path.expanduser(os.environ["RECONNECT_CACHE"])
    if sys.platform.startswith("linux"):
        cache_home = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return os.path.join(cache_home, "reconnect")
    from platformdirs import user_cache_dir

    return user_cache_dir("reconnect", appauthor=False)


def default_path() -> Path:
    """``default_location`` as a Path."""
    from pathlib import Path

    return Path(default_location())
