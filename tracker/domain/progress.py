"""Day states and period goals (docs/domain.md); streaks, strength and what a year leaves to the
next are in :mod:`tracker.domain.streaks`.

Everything is a pure function of an :class:`Action`, a :class:`History` and the day that counts
as today; nothing here reads a clock or a file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from tracker.domain.days import period_bounds
from tracker.domain.history import History
from tracker.domain.model import Action

State = Literal["met", "partial", "rest", "open", "empty", "future"]
Unit = Literal["day", "week", "month"]

def is_met(action: Action, total: float) -> bool:
    """Whether a day's total meets the action's day: its daily amount, or anything at all."""
    if action.goal is not None and action.goal.per == "day":
        return total >= action.goal.amount
    return total > 0


def day_state(action: Action, history: History, day: date, today: date) -> State:
    """The state of one action on one day, decided in the order of docs/domain.md."""
    return day_states(action, history, day, day, today)[0]


def day_states(action: Action, history: History, start: date, end: date, today: date) -> list[State]:
    """The state of each day from ``start`` to ``end``."""
    states: list[State] = []
    last = today.toordinal()
    first = start.toordinal()
    rests = history.rests(action.id, start, end)
    for i, total in enumerate(history.totals(action, start, end)):
        ordinal = first + i
        if ordinal > last:
            states.append("future")
        elif is_met(action, total):
            states.append("met")
        elif rests[i]:
            states.append("rest")
        elif total > 0:
            states.append("partial")
        else:
            states.append("open" if ordinal == last else "empty")
    return states


@dataclass(frozen=True, slots=True)
class PeriodProgress:
    """How far the action is with its goal in one week or month."""

    start: date
    end: date
    progress: float
    target: float
    met: bool
    neutral: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "progress": _plain(self.progress),
            "target": _plain(self.target),
            "met": self.met,
        }


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(float(value), 4)


def goal_period(action: Action, day: date, week_start: str = "monday") -> tuple[date, date]:
    """The period whose goal ``day`` counts toward: its week, or its month for ``per: month``."""
    per = action.goal.per if action.goal else "week"
    return period_bounds(day, per, week_start)


def period_progress(
    action: Action, history: History, start: date, end: date, today: date
) -> PeriodProgress | None:
    """Progress of ``action`` toward its goal over ``start``..``end``; None without a goal.

    ``per: day``: met days plus rest days against ``days``. ``per: week/month``: the total
    (checked days for a check) against ``ceil(amount × non-rest days / days)``, where a rest
    day is any day a rest covers, so that logging more never raises what is required.
    """
    goal = action.goal
    if goal is None:
        return None
    if goal.per == "day":
        states = day_states(action, history, start, end, today)
        counted = sum(state in ("met", "rest") for state in states)
        return PeriodProgress(start, end, counted, goal.days, counted >= goal.days, False)
    length = (end - start).days + 1
    rest_days = sum(history.rests(action.id, start, end))
    values = history.totals(action, start, min(end, today)) if start <= today else []
    total: float = sum(values)  # (a check's day is at most 1: the checked days)
    # round first so that float noise (60 × 7 / 7 = 60.00000000001) never asks for one more
    required = math.ceil(round(goal.amount * (length - rest_days) / length, 9))
    neutral = required == 0 and total == 0
    return PeriodProgress(start, end, total, required, total >= required, neutral)


__all__ = ["History", "PeriodProgress", "State", "Unit", "day_state", "day_states", "goal_period",
           "is_met", "period_progress"]
