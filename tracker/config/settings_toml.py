"""How the app looks and which keys it uses: ``settings.toml`` in the user config folder.

What changes the meaning of the history (day_start, week_start) lives in the data file; this
file holds only what is personal to one machine: ``theme`` and a ``[keys]`` table mapping
binding ids (tracker/config/keys.py) to keys. A bad file never stops the app: it gives one clear
problem and the defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tracker.config.keys import BY_ID, clashes, parse_keys
from tracker.store.regular_file import read_regular
from tracker.views.text import printable

EXAMPLE = """\
# Reconnect: how the app looks and which keys it uses.
# theme = "nord"            # any Textual theme: textual-dark, nord, gruvbox, dracula, …
# [keys]                    # binding id = keys (reconnect settings lists the ids)
# "today.log" = "space,l"
"""


@dataclass(frozen=True)
class AppConfig:
    """The app's look and keys; ``problem`` says why the file was set aside, if it was."""

    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    path: Path | None = None


MAX_SETTINGS_BYTES = 1 << 20  # a theme and a few dozen keys are a few hundred bytes


def config_path() -> Path:
    """``settings.toml`` in the user config folder ($RECONNECT_CONFIG overrides it)."""
    override = os.environ.get("RECONNECT_CONFIG")
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("reconnect", appauthor=False) / "settings.toml"


def load_config(path: Path | None = None) -> AppConfig:
    """Read ``settings.toml``; a missing file is the defaults, a bad one the defaults and a
    ``problem`` that names the file and what is wrong with it."""
    path = path or config_path()
    try:
        text = read_regular(path, MAX_SETTINGS_BYTES).decode("utf-8")
    except FileNotFoundError:
        return AppConfig(path=path)
    except (OSError, UnicodeDecodeError) as error:
        return AppConfig(problem=_problem(path, getattr(error, "strerror", None) or "not UTF-8 text"),
                         path=path)
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return AppConfig(problem=_problem(path, str(error)), path=path)
    try:
        return AppConfig(theme=_theme(data), keys=_keys(data), path=path)
    except ValueError as error:
        return AppConfig(problem=_problem(path, str(error)), path=path)


def _problem(path: Path, what: str) -> str:
    return printable(f"{path}: {what}; using the default look and keys")


def _theme(data: dict[str, object]) -> str | None:
    theme = data.get("theme")
    if theme is not None and (not isinstance(theme, str) or not theme.strip()):
        raise ValueError("theme must be the name of a theme, in quotes")
    unknown = sorted(set(data) - {"theme", "keys"})
    if unknown:
        raise ValueError(f"unknown setting {unknown[0]!r} (theme and [keys] are the settings here)")
    return theme.strip() if isinstance(theme, str) else None


def _keys(data: dict[str, object]) -> dict[str, str]:
    table = data.get("keys", {})
    if not isinstance(table, dict):
        raise ValueError("[keys] must be a table of binding id = \"keys\"")
    keymap: dict[str, str] = {}
    for binding_id, keys in table.items():
        if binding_id not in BY_ID:
            raise ValueError(f"[keys]: no binding {binding_id!r} (reconnect settings lists them)")
        if not isinstance(keys, str):
            raise ValueError(f"[keys]: {binding_id} must be keys in quotes, like \"j,down\"")
        try:
            keymap[binding_id] = ",".join(parse_keys(keys))
        except ValueError as error:
            raise ValueError(f"[keys]: {binding_id}: {error}") from None
    found = clashes(keymap)
    if found:
        raise ValueError(f"[keys]: {found[0]}")
    return keymap
