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
        return os.path.join(_xdg_home("XDG_DATA_HOME", "~/.local/share"), "reconnect", "reconnect.json")
    from platformdirs import user_data_dir

    return os.path.join(user_data_dir("reconnect", appauthor=False), "reconnect.json")


def cache_folder() -> str:
    """``$RECONNECT_CACHE``, else the user cache folder (on Linux worked out here, as for the
    data file: ``$XDG_CACHE_HOME`` or ``~/.cache``, then ``reconnect``)."""
    if os.environ.get("RECONNECT_CACHE"):
        return os.path.expanduser(os.environ["RECONNECT_CACHE"])
    if sys.platform.startswith("linux"):
        return os.path.join(_xdg_home("XDG_CACHE_HOME", "~/.cache"), "reconnect")
    from platformdirs import user_cache_dir

    return user_cache_dir("reconnect", appauthor=False)


def _xdg_home(variable: str, default: str) -> str:
    """An XDG base folder: the variable when it holds an absolute path, else ``default``. The
    XDG spec says a relative one is invalid and ignored; followed, it would put the history in
    whatever folder a command was run from, a different one each time."""
    value = os.environ.get(variable, "").strip()
    return value if os.path.isabs(value) else os.path.expanduser(default)


def default_path() -> Path:
    """``default_location`` as a Path."""
    from pathlib import Path

    return Path(default_location())
