"""Where the data file lives by default (a module of its own: ``nudge`` needs it at once)."""

from __future__ import annotations

import os
from pathlib import Path


def default_path() -> Path:
    """``$RECONNECT_DB``, else ``reconnect.json`` in the user data directory."""
    if os.environ.get("RECONNECT_DB"):
        return Path(os.environ["RECONNECT_DB"]).expanduser()
    from platformdirs import user_data_path

    return user_data_path("reconnect", appauthor=False) / "reconnect.json"
