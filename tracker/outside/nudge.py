"""``reconnect nudge``: one kind line for a shell prompt (docs/sync.md, "The nudge and the
reminder").

It runs on every prompt, so it starts without the rest of the command line (no argparse, no
TinyDB, no lock) and never writes the data file. The line is kept in the cache folder until the
file changes or the day ends, so most prompts read only that; working it out reads only the
tables this week needs. It prints nothing at all when nothing is open today, when the file is
missing, or when it cannot be read: a prompt must never break.
"""

from __future__ import annotations

import os
import stat
import sys
import time

TYPE_CHECKING = False  # (not typing's: a prompt waits for every millisecond of imports)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime
    from typing import Any

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
    """Print the nudge for the data file ``argv`` names; always exit 0. The line is kept in
    the cache folder until the file changes or the day ends: most prompts read only that."""
    db = nudge_argv(argv)
    if db is False:
        return 0
    if db is None:
        from tracker.store.location import default_location

        path: Path = default_location()
    else:
        path = os.path.expanduser(str(db))
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return 0  # no file (or a path no file can have): nothing to say
    key = f"{os.fsencode(path).hex()}\t{found.st_ino}\t{found.st_size}\t{found.st_mtime_ns}"
    line = _remembered(key, time.time())
    if line is None:
        from tracker.domain.days import local_now

        now = local_now()
        line, until = quiet_nudge_until(path, now)
        if until is not None:
            _remember(key, now.timestamp(), until, line or "")
    if line:
        sys.stdout.write(line + "\n")
    return 0


# The cache: one line, ``VERSION  key  since  until  line`` (tab-separated), for the data file
# nudged last. It is checked like any file from outside: anything but one printable line of a
# sensible length, kept for this very file and this moment, is a miss.
CACHE_VERSION = "reconnect-nudge-1"
MAX_LINE = 400


def _cache_file() -> str:
    from tracker.store.location import cache_folder

    return os.path.join(cache_folder(), "nudge.txt")


def _remembered(key: str, now: float) -> str | None:
    """The line kept for ``key`` if it still holds at ``now`` ("" for nothing), else None."""
    try:
        # never blocks (a FIFO in its place would hang the prompt) and reads only a file
        fd = os.open(_cache_file(), os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        with open(fd, "rb") as file:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            text = file.read(4096).decode()
        version, *kept, since, until, line = text.split("\t")
        if version != CACHE_VERSION or "\t".join(kept) != key or not float(since) <= now < float(until):
            return None
    except (OSError, ValueError):
        return None
    return line if len(line) <= MAX_LINE and line.isprintable() else None


def _remember(key: str, since: float, until: float, line: str) -> None:
    """Keep ``line`` for ``key`` from ``since`` until ``until`` (a prompt never fails for its
    cache: a folder that cannot be written only costs the next prompt its time)."""
    try:
        target = _cache_file()
        os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
        temporary = f"{target}.{os.getpid()}.tmp"
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(f"{CACHE_VERSION}\t{key}\t{since!r}\t{until!r}\t{line}")
        os.replace(temporary, target)
    except OSError:
        pass


def quiet_nudge(path: Path, now: datetime) -> str | None:
    """``nudge``, and None for a file it cannot read: a prompt must never break."""
    return quiet_nudge_until(path, now)[0]


def quiet_nudge_until(path: Path, now: datetime) -> tuple[str | None, float | None]:
    """``quiet_nudge``, and the POSIX time until which the line holds while the file stays as
    it is (the start of the next day; None when the file could not be read)."""
    try:
        return _nudge(path, now)
    except Exception:
        return None, None


def nudge(path: Path, now: datetime) -> str | None:
    """The line for the data file at ``path`` at ``now``, or None (nothing open, no file)."""
    return _nudge(path, now)[0]


def _nudge(path: Path, now: datetime) -> tuple[str | None, float | None]:
    from datetime import datetime, timedelta
    from datetime import time as dt_time

    from tracker.domain.days import logical_day, month_bounds, week_bounds
    from tracker.domain.history import History
    from tracker.domain.model import Action, Settings, validate_day_start
    from tracker.domain.progress import day_state, goal_period, period_progress
    from tracker.store.schema import SCHEMA, day_table
    from tracker.store.tablefile import MappedFile
    from tracker.views.text import printable

    try:
        found = MappedFile(path)
    except OSError:
        return None, None

    def table(name: str) -> dict[str, Any]:
        kept = found.table(name)
        if kept is None:
            raise ValueError(f"no {name} table")
        return kept

    meta = next(iter(table("_meta").values()))
    if meta["schema"] > SCHEMA:
        return None, None  # a newer Reconnect's file: its shape is its own
    raw = next(iter(table("settings").values()), None)
    settings = Settings.from_dict(raw)
    # a file the data file's check would refuse prints nothing (``quiet_nudge``): never a
    # line worked out from a setting or an action no command would accept
    validate_day_start((raw or {}).get("day_start", settings.day_start))
    if settings.week_start not in ("monday", "sunday"):
        return None, None
    actions = [a.validated() for a in map(Action.from_dict, table("actions").values()) if not a.archived]
    today = logical_day(now, settings.day_start)
    # the next day starts at day_start, local time (a naive time is local: summer time holds)
    until = datetime.combine(today + timedelta(days=1), dt_time(settings.day_start)).timestamp()
    since = min(week_bounds(today, settings.week_start)[0], month_bounds(today)[0])
    wanted = range(since.toordinal(), today.toordinal() + 1)
    docs = [days[str(n)] for year in range(since.year, today.year + 1)
            for days in [found.table(day_table(year)) or {}] for n in wanted if str(n) in days]
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
        return None, until
    return _line(f"Reconnect · {met} of {len(actions)} today", still_open), until


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
