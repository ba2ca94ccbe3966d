"""Logical days, weeks and months, and reading a DAY the user typed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from tracker.domain.model import DEFAULT_DAY_START, EARLIEST_DAY
from tracker.errors import BadInput

_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# full names and their first three letters (importing calendar costs every command start-up)
_WEEKDAYS = {**{name: i for i, name in enumerate(_DAY_NAMES)},
             **{name[:3]: i for i, name in enumerate(_DAY_NAMES)}}
_RELATIVE = re.compile(r"^-\s*(\d+)$")
_AGO = re.compile(r"^(\d+|a|one)\s+(day|week)s?\s+ago$")  # "3 days ago", "a week ago"


def local_now() -> datetime:
    """The wall clock, in local time with its UTC offset."""
    return datetime.now().astimezone()


def logical_day(now: datetime, day_start: int = DEFAULT_DAY_START) -> date:
    """The day an action done at local time ``now`` belongs to: before ``day_start`` o'clock
    it still counts for the evening before."""
    return (now - timedelta(hours=day_start)).date()


def long_day(day: date) -> str:
    """"Wednesday 25 November 2026": a day in words."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def timestamp(now: datetime) -> str:
    """ISO 8601 with the UTC offset, to the millisecond: when an entry was logged (undo
    takes the latest, so two entries logged within a second by a script stay in order)."""
    if now.tzinfo is None:
        now = now.astimezone()
    return now.isoformat(timespec="milliseconds")


def week_bounds(day: date, week_start: str = "monday") -> tuple[date, date]:
    """First and last day of the week holding ``day``."""
    first = 0 if week_start == "monday" else 6
    start = day - timedelta(days=(day.weekday() - first) % 7)
    return start, start + timedelta(days=6)


def month_bounds(day: date) -> tuple[date, date]:
    """First and last day of the calendar month holding ``day``."""
    first = day.replace(day=1)
    following = first.replace(year=first.year + 1, month=1) if first.month == 12 else first.replace(month=first.month + 1)
    return first, following - timedelta(days=1)


def period_bounds(day: date, per: str, week_start: str = "monday") -> tuple[date, date]:
    """The week (for ``day`` and ``week`` goals) or month holding ``day``."""
    return month_bounds(day) if per == "month" else week_bounds(day, week_start)


def days_between(start: date, end: date) -> Iterator[date]:
    """Every day from ``start`` to ``end``, both included."""
    for n in range((end - start).days + 1):
        yield start + timedelta(days=n)


def parse_day(text: str, today: date, future: str | None = None, latest: date | None = None) -> date:
    """Read a DAY: ``2026-11-24``, ``today``, ``yesterday``, ``-3``, ``3 days ago``, ``a week
    ago``, a weekday name (the most recent one, today included) or anything python-dateutil
    understands. A day after ``latest``
    (default: today) is refused, and ``future`` says why (default: "log what has happened")."""
    word = text.strip().lower()
    if word in ("today", "now", "0"):
        day = today
    elif word == "yesterday":
        day = today - timedelta(days=1)
    elif word == "tomorrow":
        day = today + timedelta(days=1)
    elif (days_back := _days_back(word)) is not None:
        if days_back > today.toordinal() - EARLIEST_DAY.toordinal():
            raise BadInput(f"{text.strip()} days ago is before {EARLIEST_DAY}: give a day of your own history")
        day = today - timedelta(days=days_back)
    elif word in _WEEKDAYS:
        day = today - timedelta(days=(today.weekday() - _WEEKDAYS[word]) % 7)
    else:
        day = _parse_with_dateutil(text, today)
    if day > (latest or today):
        why = future or "log what has happened"
        raise BadInput(f"{text.strip()} is in the future; {why} (today is {today})")
    if day < EARLIEST_DAY:
        read_as = " is" if text.strip() == day.isoformat() else f" is {day},"  # "Jan 1 1960 is 1960-01-01,"
        raise BadInput(f"{text.strip()}{read_as} before {EARLIEST_DAY}: give a day of your own history")
    return day


def _days_back(word: str) -> int | None:
    """``-3`` and ``3 days ago`` (or ``a week ago``) as a number of days back; None otherwise."""
    if (relative := _RELATIVE.match(word)) is not None:
        return int(relative.group(1))
    if (ago := _AGO.match(word)) is not None:
        count = 1 if ago.group(1) in ("a", "one") else int(ago.group(1))
        return count * (7 if ago.group(2) == "week" else 1)
    return None


def _parse_with_dateutil(text: str, today: date) -> date:
    from dateutil import parser  # type: ignore[import-untyped]  # only unusual DAYs need it

    try:
        parsed: datetime = parser.parse(text, default=datetime(today.year, today.month, today.day))
        return parsed.date()
    except (ValueError, OverflowError):
        raise BadInput(
            f"cannot read the day {text.strip()!r}: try {today}, today, yesterday, -3 or monday"
        ) from None
