"""Figures derived from past years, kept in the user cache folder so that a command reads only
this year's days (docs/storage.md, "Derived figures are a cache, not data").

Streaks and strength read every day since an action's first. What the years before this one
leave to them (``streaks.Carried``) is kept under a key made of those years' day tables (the
bytes of their lines, so nothing is parsed to check it), the actions' goals, the file's
settings and this module's version. A missing, stale or unreadable entry is computed again
from every day, which also checks every document; the data file is never written for it.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date, timedelta
from itertools import chain
from pathlib import Path
from weakref import WeakKeyDictionary

import orjson

from tracker.domain.days import week_bounds
from tracker.domain.model import Action
from tracker.domain.progress import History
from tracker.domain.streaks import Carried, carried_before
from tracker.errors import DataFileError
from tracker.store.durable import atomic_write, identity
from tracker.store.location import cache_folder
from tracker.store.regular_file import read_regular
from tracker.store.schema import SCHEMA
from tracker.store.store import Store

VERSION = b"reconnect-derived-1"
MAX_CACHE_BYTES = 16 << 20  # the figures of thirty actions are a few kB


def cache_file(store: Store) -> Path:
    """Where the derived figures of ``store``'s data file are kept: ``$RECONNECT_CACHE``, else
    the user cache folder; one file per data file."""
    folder = Path(cache_folder())
    name = hashlib.sha256(os.fsencode(store.path)).hexdigest()[:24]
    return folder / "derived" / f"{name}.json"


def _key(store: Store, actions: list[Action], year: int) -> str:
    settings = store.settings()
    digest = hashlib.sha256(VERSION)
    digest.update(orjson.dumps([SCHEMA, year, settings.day_start, settings.week_start]))
    digest.update(orjson.dumps([[a.id, a.kind, a.goal.to_dict() if a.goal else None] for a in actions]))
    digest.update(store.days_digest(before=year))
    return digest.hexdigest()


def history_as_of(
    store: Store, actions: list[Action], as_of: date, today: date, earliest: date | None = None
) -> tuple[History, Carried | None]:
    """What a report needs to count streaks and strength up to ``as_of`` and to show the days
    from ``earliest`` on: the history, and what the years before this one left (None: the
    history holds every day).

    For this year, the days from its first week on and the kept figures, when they are
    still those of the file; otherwise every day, and the figures are kept for next time."""
    year = as_of.year
    first = date(year, 1, 1)
    since = min(first, week_bounds(first, store.settings().week_start)[0])
    if year != today.year or (earliest is not None and earliest < since):
        return store.history(), None
    key = _key(store, actions, year)
    path = cache_file(store)
    kept = _read(path, key, actions)
    if kept is not None and kept.day == first:
        recent = _this_year(store, key, kept)
        if recent is not None:
            return recent, kept
    history = store.history()  # every day, every document checked
    before = store.day_docs(since, first - timedelta(days=1))  # last year's days of the week
    carried = carried_before(actions, history, first, today, store.settings().week_start, before)
    _write(path, key, carried)
    return history, None


# the last history built for each open store (the app's), while the store lives
_histories: WeakKeyDictionary[Store, tuple[int, str, History]] = WeakKeyDictionary()


def _this_year(store: Store, key: str, kept: Carried) -> History | None:
    """This year's days, with last year's days of its first week as kept (so that last
    year's table is neither read nor checked); None if the kept days cannot be read."""
    known = _histories.get(store)
    if known is not None and known[:2] == (store.version, key):
        return known[2]
    recent = store.day_docs(kept.day)
    try:
        history = History.from_day_docs(chain(kept.days, recent))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    _histories[store] = (store.version, key, history)
    return history


# what this process last read or wrote, by cache file (and that file's identity then)
_last: dict[Path, tuple[str, object, Carried]] = {}


def _identity(path: Path) -> object:
    try:
        return identity(path)
    except OSError:  # a cache that cannot be looked at is read (and fails) again: never an error
        return None


def _read(path: Path, key: str, actions: list[Action]) -> Carried | None:
    known = _last.get(path)
    if known is not None and known[:2] == (key, _identity(path)):
        return known[2]  # the app asks on every redraw: the same file, not read again
    try:
        # no figures of ours are larger: such a file is not read (OSError), and written anew
        data = orjson.loads(read_regular(path, MAX_CACHE_BYTES))
        if data["key"] != key:
            return None
        carried = Carried.from_json(data["carried"])
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        return None
    if set(carried.carries) != {a.id for a in actions}:
        return None
    _last[path] = (key, _identity(path), carried)
    return carried


def _write(path: Path, key: str, carried: Carried) -> None:
    """Keep the figures; a cache that cannot be written is only slower next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, orjson.dumps({"key": key, "carried": carried.to_json()}))
    except (OSError, DataFileError):  # full, read-only, a file in the way: never the data file's fault
        return
    _last[path] = (key, _identity(path), carried)
