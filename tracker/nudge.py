"""``reconnect nudge``: one kind line for a shell prompt (sync.md, "A gentle reminder").

It runs on every prompt, so it starts without the rest of the command line (no argparse, no
TinyDB, no lock), reads only the tables this week needs, writes nothing and prints nothing at
all when nothing is open today, when the file is missing, or when it cannot be read: a prompt
must never break.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from tracker.tablefile import parse_table, table_lines

# Only this week's few days are parsed: the standard library's parser is quick enough for them,
# and starts without orjson's imports. Neither pathlib: a prompt waits for every millisecond.
Path = str | os.PathLike[str]


def _loads(data: bytes) -> Any:
    return json.loads(data)

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
    from tracker.days import local_now

    db = nudge_argv(argv)
    if db is False:
        return 0
    if db is None:
        from tracker.location import default_location

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
    from tracker.days import logical_day, month_bounds, week_bounds
    from tracker.history import History
    from tracker.model import Action, Settings
    from tracker.progress import day_state, goal_period, period_progress
    from tracker.render import printable
    from tracker.schema import SCHEMA, day_table

    try:
        with open(path, "rb") as file:
            payload = file.read()
    except OSError:
        return None
    tables = _tables(payload)
    meta = next(iter(tables("_meta").values()))
    if meta["schema"] > SCHEMA:
        return None  # a newer Reconnect's file: its shape is its own
    settings = Settings.from_dict(next(iter(tables("settings").values()), None))
    today = logical_day(now, settings.day_start)
    actions = [a for a in map(Action.from_dict, tables("actions").values()) if not a.archived]
    since = min(week_bounds(today, settings.week_start)[0], month_bounds(today)[0])
    docs = [
        doc
        for year in range(since.year, today.year + 1)
        for key, doc in tables(day_table(year), optional=True).items()
        if int(key) >= since.toordinal()
    ]
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
    return f"Reconnect · {met} of {len(actions)} today · {_open_words(still_open)}"


def _open_words(names: list[str]) -> str:
    if len(names) == 1:
        return f"{names[0]} is still open"
    if len(names) == 2:
        return f"{names[0]} and {names[1]} are still open"
    return f"{names[0]}, {names[1]} and {len(names) - 2} more are still open"


def _tables(payload: bytes) -> Callable[..., dict[str, Any]]:
    """A reader of the file's tables by name, parsing each only when asked."""
    lines = table_lines(payload, _loads)
    whole: dict[str, Any] | None = None if lines is not None else json.loads(payload)

    def table(name: str, optional: bool = False) -> dict[str, Any]:
        if whole is not None:
            found = whole.get(name)
        else:
            line = lines.get(name) if lines is not None else None
            found = parse_table(line, _loads) if line is not None else None
        if found is None and not optional:
            raise ValueError(f"no {name} table")
        return found if isinstance(found, dict) else {}

    return table


