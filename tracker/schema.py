"""The shape of the data file, its schema version, and the migrations between versions.

The file is a TinyDB database with four tables::

    _meta      {"1": {"schema": 1}}
    settings   {"1": {"day_start": 4, "week_start": "monday"}}
    actions    {"<n>": {"id": "compliment", "name": …, "kind": …, "goal": {…} | null, …}}
    days-2026  {"<ordinal>": {"day": "2026-11-25", "entries": [{…}], "rests": [{…}]}}

One document per day (doc id = the date's ordinal), in one table per year: a write touches
and re-serializes only its year, which keeps it cheap at ten years of use.
Migrations are pure ``dict -> dict`` functions, applied in order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from tracker.errors import DataFileDamaged
from tracker.model import KINDS, PERS, Settings
from tracker.storage import Tables

SCHEMA = 1

META, SETTINGS, ACTIONS = "_meta", "settings", "actions"
DAYS_PREFIX = "days-"


def day_table(year: int) -> str:
    """The table holding the days of ``year``."""
    return f"{DAYS_PREFIX}{year:04d}"


def day_tables(data: Mapping[str, Any]) -> list[str]:
    """The names of the day tables in ``data``, oldest year first."""
    return sorted(name for name in data if name.startswith(DAYS_PREFIX))


def day_docs(data: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every day document, oldest year first."""
    for name in day_tables(data):
        yield from data[name].values()


def _from_plain_tinydb(data: Tables) -> Tables:
    """0 → 1: nothing, or an empty TinyDB file, becomes a Reconnect file with the starters."""
    from tracker.catalogue import starter_actions

    return {
        META: {"1": {"schema": 1}},
        SETTINGS: {"1": Settings().to_dict()},
        ACTIONS: {str(n): action.to_dict() for n, action in enumerate(starter_actions(), 1)},
    }


# MIGRATIONS[n] turns schema n into schema n + 1.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {0: _from_plain_tinydb}


def schema_of(data: Mapping[str, Any]) -> int:
    """The schema version recorded in the file (0 for a plain, empty TinyDB file)."""
    meta = data.get(META)
    if not meta:
        return 0
    return int(next(iter(meta.values()))["schema"])


def migrate(
    data: Tables,
    target: int = SCHEMA,
    migrations: Mapping[int, Callable[[Tables], Tables]] = MIGRATIONS,
) -> Tables:
    """Bring ``data`` up to schema ``target``, one migration at a time."""
    version = schema_of(data)
    while version < target:
        data = migrations[version](data)
        new_version = schema_of(data)
        if new_version != version + 1:
            raise RuntimeError(f"migration from schema {version} produced schema {new_version}")
        version = new_version
    return data


def new_data() -> Tables:
    """A new data file's tables: settings and the five starter actions."""
    return migrate({})


def _fail(path: Path, what: str) -> DataFileDamaged:
    return DataFileDamaged(f"the data file {path} is damaged: {what}")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def check_shape(data: Tables, path: Path, days: bool = True) -> int:
    """Verify every document has the shape this version writes; return the schema version.

    A file from a newer version is only checked for its version: its shape is its own.
    ``days=False`` leaves out the day tables (most of the file), for a first screen drawn
    fast; the store checks them before any write and before reading all of history.
    """
    meta = data.get(META)
    if not meta:
        if any(data.values()):
            raise _fail(path, "it has no schema version (is it a Reconnect data file?)")
        return 0
    try:
        version = schema_of(data)
    except (KeyError, TypeError, ValueError, StopIteration):
        raise _fail(path, "its schema version is unreadable") from None
    if version > SCHEMA:
        return version
    if version < 1:
        raise _fail(path, f"its schema version {version} is not one Reconnect wrote")
    for table in (SETTINGS, ACTIONS):
        if table not in data:
            raise _fail(path, f"the {table!r} table is missing")
    ids: set[str] = set()
    for doc in data[ACTIONS].values():
        _check_action(doc, path)
        if doc["id"] in ids:
            raise _fail(path, f"two actions have the id {doc['id']!r}")
        ids.add(doc["id"])
    for name in day_tables(data) if days else ():
        for key, doc in data[name].items():
            _check_day(name, key, doc, path)
    return version


def _check_action(doc: Mapping[str, Any], path: Path) -> None:
    if not isinstance(doc.get("id"), str) or not isinstance(doc.get("name"), str):
        raise _fail(path, "an action has no id or name")
    if doc.get("kind") not in KINDS:
        raise _fail(path, f"action {doc['id']!r} has an unknown kind")
    goal = doc.get("goal")
    if goal is not None and (
        not isinstance(goal, dict) or not _is_number(goal.get("amount")) or goal.get("per") not in PERS
    ):
        raise _fail(path, f"action {doc['id']!r} has a goal of the wrong shape")


def _check_day(table: str, key: str, doc: Mapping[str, Any], path: Path) -> None:
    try:
        day = date.fromisoformat(doc["day"])
    except (KeyError, TypeError, ValueError):
        raise _fail(path, f"day document {key} has no valid day") from None
    if key != str(day.toordinal()) or table != day_table(day.year):
        raise _fail(path, f"day document {key} is filed in the wrong place")
    entries, rests = doc.get("entries", []), doc.get("rests", [])
    if type(entries) is not list or type(rests) is not list:
        raise _fail(path, f"the entries of {day} are not a list")
    # This runs over every entry on every load: keep it to plain lookups and comparisons.
    for entry in entries:
        try:
            ok = (
                0 < entry["amount"] < 1e9
                and type(entry["amount"]) is not bool
                and type(entry["id"]) is str
                and type(entry["action"]) is str
                and type(entry["at"]) is str
            )
        except (KeyError, TypeError):
            ok = False
        if not ok:
            raise _fail(path, f"an entry on {day} has the wrong shape")
    for rest in rests:
        try:
            ok = type(rest["id"]) is str and type(rest["at"]) is str and (
                rest["action"] is None or type(rest["action"]) is str
            )
        except (KeyError, TypeError):
            ok = False
        if not ok:
            raise _fail(path, f"a rest day on {day} has the wrong shape")
