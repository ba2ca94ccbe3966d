"""``reconnect nudge``: one kind line for a shell prompt (docs/sync.md, "A gentle reminder").

It runs on every prompt, so it starts without the rest of the command line (no argparse, no
TinyDB, no lock), reads only the tables this week needs, writes nothing and prints nothing at
all when nothing is open today, when the file is missing, or when it cannot be read: a prompt
must never break.
"""

from __future__ import annotations

import json
import mmap
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

# Only this week's (and month's) days are parsed: the standard library's parser is quick enough
# for them, and starts without orjson's imports. Neither pathlib: a prompt waits for every
# millisecond.
Path = str | os.PathLike[str]

def nudge_argv(argv: Sequence[str]) -> str | None | bool:
    """The ``--db`` of a plain ``nudge`` command line (None: the default file); False when
    ``argv`` is anything else (``nudge --help``…), which the full command line answers."""
    match list(argv):
        case ["nudge"]:
            return None
        case ["--db", path, "nudge"]:
            return path
        case [option, "nudge"] if option.startswith("--db="):
            return option.removeprefix("--db=")
    return False


def run(argv: Sequence[str]) -> int:
    """Print the nudge for the data file ``argv`` names; always exit 0."""
    from tracker.domain.days import local_now

    db = nudge_argv(argv)
    if db is False:
        return 0
    if db is None:
        from tracker.store.location import default_location

        path: Path = default_location()
    else:
        path = os.path.expanduser(str(db))
    line = quiet_nudge(path, local_now())
    if line:
        sys.stdout.write(line + "\n")
    return 0


def quiet_nudge(path: Path, now: datetime) -> str | None:
    """``nudge``, and None for a file it cannot read: a prompt must never break."""
    try:
        return nudge(path, now)
    except Exception:
        return None


def nudge(path: Path, now: datetime) -> str | None:
    """The line for the data file at ``path`` at ``now``, or None (nothing open, no file)."""
    from tracker.domain.days import logical_day, month_bounds, week_bounds
    from tracker.domain.history import History
    from tracker.domain.model import Action, Settings, validate_day_start
    from tracker.domain.progress import day_state, goal_period, period_progress
    from tracker.store.schema import SCHEMA, day_table
    from tracker.views.text import printable

    try:
        found = _File(path)
    except OSError:
        return None
    meta = next(iter(found.table("_meta").values()))
    if meta["schema"] > SCHEMA:
        return None  # a newer Reconnect's file: its shape is its own
    raw = next(iter(found.table("settings").values()), None)
    settings = Settings.from_dict(raw)
    # a file the data file's check would refuse prints nothing (``quiet_nudge``): never a
    # line worked out from a setting or an action no command would accept
    validate_day_start((raw or {}).get("day_start", settings.day_start))
    if settings.week_start not in ("monday", "sunday"):
        return None
    actions = [a.validated() for a in map(Action.from_dict, found.table("actions").values()) if not a.archived]
    today = logical_day(now, settings.day_start)
    since = min(week_bounds(today, settings.week_start)[0], month_bounds(today)[0])
    wanted = range(since.toordinal(), today.toordinal() + 1)
    docs = [doc for year in range(since.year, today.year + 1)
            for doc in found.day_docs(day_table(year), [n for n in wanted if date.fromordinal(n).year == year])]
    history = History.from_day_docs(docs)
    met, still_open = 0, []
    for action in sorted(actions, key=lambda a: (a.position, a.name)):
        state = day_state(action, history, today, today)
        met += state == "met"
        if state == "open" and action.goal is not None:
            progress = period_progress(action, history, *goal_period(action, today, settings.week_start), today)
            if progress is not None and not progress.met:
                still_open.append(printable(action.name))
    if not still_open:
        return None
    return _line(f"Reconnect · {met} of {len(actions)} today", still_open)


LINE_WIDTH = 80  # a prompt line fits a terminal of 80 columns, whatever the names


def _line(head: str, names: list[str]) -> str:
    """``head`` and the open actions, in 80 columns: as many names as fit (two at most, the
    rest counted), a long name cut."""
    from tracker.views.text import cell_width, short

    for shown in range(min(2, len(names)), 0, -1):
        line = f"{head} · {_open_words(names, shown)}"
        if cell_width(line) <= LINE_WIDTH:
            return line
    room = LINE_WIDTH - cell_width(f"{head} · {_open_words(['.'], 1, len(names) - 1)}") + 1
    return f"{head} · {_open_words([short(names[0], max(room, 1))], 1, len(names) - 1)}"


def _open_words(names: list[str], shown: int, more: int | None = None) -> str:
    """"A is still open", "A and B are still open", "A, B and 3 more are still open"."""
    more = len(names) - shown if more is None else more
    if not more:
        return f"{names[0]} is still open" if shown == 1 else f"{names[0]} and {names[1]} are still open"
    return f"{', '.join(names[:shown])} and {more} more {'is' if shown + more == 1 else 'are'} still open"


class _File:
    """The data file's tables, found by their lines without reading the rest of the file
    (it is mapped, not read: thirty years are 35 MB); only the days asked for are parsed."""

    def __init__(self, path: Path):
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            self.data: mmap.mmap | bytes = (
                mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) if size else b"")
        self.whole: dict[str, Any] | None = None
        if self.data[:2] != b"{\n" or self.data[-3:] != b"\n}\n":
            self.whole = json.loads(bytes(self.data))  # another layout: parse all of it

    def _line(self, name: str, from_end: bool = False) -> bytes | None:
        needle = b"\n" + json.dumps(name).encode() + b":"
        start = self.data.rfind(needle) if from_end else self.data.find(needle)
        if start < 0:
            return None
        start += len(needle)
        line = self.data[start:self.data.find(b"\n", start)]
        return line[:-1] if line.endswith(b",") else line

    def table(self, name: str) -> dict[str, Any]:
        """A small table (meta, settings, actions), parsed whole."""
        if self.whole is not None:
            found = self.whole.get(name)
        else:
            line = self._line(name)
            found = None if line is None else json.loads(line)
        if not isinstance(found, dict):
            raise ValueError(f"no {name} table")
        return found

    def day_docs(self, name: str, ordinals: list[int]) -> list[dict[str, Any]]:
        """The documents of the days ``ordinals`` in table ``name`` (those that exist)."""
        if self.whole is not None:
            table = self.whole.get(name) or {}
            return [table[str(n)] for n in ordinals if str(n) in table]
        line = self._line(name, from_end=True) if ordinals else None
        if line is None:
            return []
        found = []  # where each day's document starts; the recent days are near the line's end
        for ordinal in ordinals:
            key = b'"%d":' % ordinal
            at = line.rfind(key)
            while at > 0 and line[at - 1] not in b"{,":  # only a top-level key (see below)
                at = line.rfind(key, 0, at)
            if at >= 0:
                found.append(at + len(key))
        if not found:
            return []
        first = min(found)
        text, decoder = line[first:].decode(), json.JSONDecoder()  # only the part needed
        return [decoder.raw_decode(text, at - first)[0] for at in found]
    # A day's key is found by its text: in JSON an unescaped quote cannot be inside a string,
    # and the only keys that are numbers are the days at the top of their table.
