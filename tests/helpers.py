"""Small builders shared by the tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from tracker.domain.model import Action, Entry, Goal, RestDay
from tracker.domain.progress import History

TODAY = date(2026, 11, 25)  # a Wednesday
MONDAY = date(2026, 11, 23)


def d(n: int) -> date:
    """``n`` days before TODAY."""
    return TODAY - timedelta(days=n)


def action(kind: str = "check", amount: float = 1, per: str | None = "day", days: int = 7,
           id: str = "a") -> Action:
    goal = None if per is None else Goal(amount, per, days)  # type: ignore[arg-type]
    return Action(id=id, name=id.title(), kind=kind, goal=goal)  # type: ignore[arg-type]


def history(entries: dict[date, float] | None = None, rests: list[date] = (),
            rest_all: list[date] = (), id: str = "a") -> History:
    items = [Entry(id, day, amount, "2026-11-25T20:00:00+00:00", "test")
             for day, amount in (entries or {}).items()]
    marks = [RestDay(id, day, "2026-11-25T20:00:00+00:00", "test") for day in rests]
    marks += [RestDay(None, day, "2026-11-25T20:00:00+00:00", "test") for day in rest_all]
    return History.build(items, marks)


class Clock:
    """A settable clock for stores and the CLI."""

    def __init__(self, now: datetime | None = None):
        self.value = now or datetime(2026, 11, 25, 20, 0, tzinfo=timezone(timedelta(hours=1)))

    def __call__(self) -> datetime:
        return self.value
