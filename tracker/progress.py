"""Day states, period goals, streaks, strength and connected days (domain.md).

Everything is a pure function of an :class:`Action`, a :class:`History` and the day that counts
as today; nothing here reads a clock or a file.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from tracker.days import days_between, month_bounds, period_bounds, week_bounds
from tracker.model import Action, Entry, RestDay

State = Literal["met", "partial", "rest", "open", "empty", "future"]
Unit = Literal["day", "week", "month"]

class History:
    """Every entry and rest day, indexed by action and day (as date ordinals) for the rules."""

    def __init__(self) -> None:
        self._totals: dict[str, dict[int, float]] = defaultdict(dict)
        self._rest_all: set[int] = set()
        self._rest_for: dict[str, set[int]] = defaultdict(set)
        self._connected: set[int] = set()
        self._first: dict[str, int] = {}

    @classmethod
    def build(cls, entries: Iterable[Entry], rests: Iterable[RestDay] = ()) -> History:
        """Index entries and rest days given as model objects."""
        history = cls()
        for entry in entries:
            history.add_entry(entry.action, entry.day, entry.amount)
        for rest in rests:
            history.add_rest(rest.action, rest.day)
        return history

    @classmethod
    def from_day_docs(cls, docs: Iterable[Mapping[str, Any]]) -> History:
        """Index the raw day documents of the data file, without building objects (fast)."""
        history = cls()
        totals, connected, first = history._totals, history._connected, history._first
        for doc in docs:  # inlined add_entry: this loop runs over every entry at start-up
            ordinal = date.fromisoformat(doc["day"]).toordinal()
            for entry in doc.get("entries", ()):
                action, amount = entry["action"], entry["amount"]
                mine = totals[action]
                mine[ordinal] = mine.get(ordinal, 0) + amount
                if amount > 0:
                    connected.add(ordinal)
                if action not in first or ordinal < first[action]:
                    first[action] = ordinal
            for rest in doc.get("rests", ()):
                action = rest.get("action")
                if action is None:
                    history._rest_all.add(ordinal)
                else:
                    history._rest_for[action].add(ordinal)
        return history

    def add_entry(self, action: str, day: date, amount: float) -> None:
        ordinal = day.toordinal()
        totals = self._totals[action]
        totals[ordinal] = totals.get(ordinal, 0) + amount
        if amount > 0:
            self._connected.add(ordinal)
        if action not in self._first or ordinal < self._first[action]:
            self._first[action] = ordinal

    def add_rest(self, action: str | None, day: date) -> None:
        if action is None:
            self._rest_all.add(day.toordinal())
        else:
            self._rest_for[action].add(day.toordinal())

    def total(self, action: Action, day: date) -> float:
        """The day's total; a check counts at most once a day."""
        total = self._totals.get(action.id, {}).get(day.toordinal(), 0)
        return min(total, 1) if action.kind == "check" else total

    def totals(self, action: Action, start: date, end: date) -> list[float]:
        """The day's total for each day from ``start`` to ``end`` (checks at most 1)."""
        mine = self._totals.get(action.id, {})
        values = [mine.get(o, 0) for o in range(start.toordinal(), end.toordinal() + 1)]
        return [min(v, 1) for v in values] if action.kind == "check" else values

    def is_rest_for_all(self, day: date) -> bool:
        """Whether a rest day for every action covers ``day``."""
        return day.toordinal() in self._rest_all

    def rests(self, action_id: str, start: date, end: date) -> list[bool]:
        """Whether a rest day covers each day from ``start`` to ``end``."""
        every, mine = self._rest_all, self._rest_for.get(action_id, set())
        return [o in every or o in mine for o in range(start.toordinal(), end.toordinal() + 1)]

    def first_day(self, action_id: str) -> date | None:
        """The first day with an entry of the action, or None when it has none."""
        first = self._first.get(action_id)
        return None if first is None else date.fromordinal(first)

    def is_connected(self, day: date) -> bool:
        """Whether anything at all was logged on ``day``."""
        return day.toordinal() in self._connected

    def connected_days(self, start: date | None = None, end: date | None = None) -> int:
        """Distinct days with at least one entry of any action, optionally within a range."""
        low = start.toordinal() if start else 0
        high = end.toordinal() if end else 10**7
        return sum(1 for o in self._connected if low <= o <= high)


def is_met(action: Action, total: float) -> bool:
    """Whether a day's total meets the action's day: its daily amount, or anything at all."""
    if action.goal is not None and action.goal.per == "day":
        return total >= action.goal.amount
    return total > 0


def day_state(action: Action, history: History, day: date, today: date) -> State:
    """The state of one action on one day, decided in the order of domain.md."""
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
    total: float = sum(v > 0 for v in values) if action.kind == "check" else sum(values)
    # round first so that float noise (60 × 7 / 7 = 60.00000000001) never asks for one more
    required = math.ceil(round(goal.amount * (length - rest_days) / length, 9))
    neutral = required == 0 and total == 0
    return PeriodProgress(start, end, total, required, total >= required, neutral)


def streak_unit(action: Action) -> Unit | None:
    """The unit a streak is counted in, or None for an action without a goal."""
    goal = action.goal
    if goal is None:
        return None
    if goal.per == "day":
        return "day" if goal.days == 7 else "week"
    return goal.per


@dataclass(frozen=True, slots=True)
class Streak:
    """The current and best run of met periods, in ``unit``."""

    current: int
    best: int
    unit: Unit

    def to_dict(self) -> dict[str, Any]:
        return {"current": self.current, "best": self.best, "unit": self.unit}


def streak(
    action: Action, history: History, today: date, week_start: str = "monday"
) -> Streak | None:
    """Current and best streak as of ``today`` (domain.md, "Streaks"); None without a goal."""
    unit = streak_unit(action)
    if unit is None:
        return None
    runs = streak_runs(action, history, today, week_start)
    best = max((r.length for r in runs), default=0)
    current = runs[-1].length if runs and runs[-1].current else 0
    return Streak(current, best, unit)


@dataclass(frozen=True, slots=True)
class Run:
    """One streak: met periods from ``start`` to ``end``, bridges included."""

    start: date
    end: date
    length: int
    current: bool  # still going as of today


def streak_runs(
    action: Action, history: History, today: date, week_start: str = "monday"
) -> list[Run]:
    """Every streak in the action's history, oldest first (the current one last)."""
    unit = streak_unit(action)
    if unit is None:
        return []
    runs: list[Run] = []
    length, start, end = 0, None, None
    for period_start, period_end, outcome in _period_outcomes(action, history, today, unit, week_start):
        if outcome == "met":
            length += 1
            start = start or period_start
            end = period_end
        elif outcome == "unmet":
            if length:
                runs.append(Run(start, end, length, False))  # type: ignore[arg-type]
            length, start, end = 0, None, None
    if length:
        runs.append(Run(start, end, length, True))  # type: ignore[arg-type]
    return runs


Outcome = Literal["met", "bridge", "unmet"]


def _period_outcomes(
    action: Action, history: History, today: date, unit: Unit, week_start: str
) -> Iterator[tuple[date, date, Outcome]]:
    first = history.first_day(action.id)
    if first is None or first > today:
        return
    if unit == "day":
        states = day_states(action, history, first, today, today)
        for i, state in enumerate(states):
            day = first + timedelta(days=i)
            if state == "met":
                yield day, day, "met"
            elif state == "rest" or i == len(states) - 1:  # today: in progress, never a miss
                yield day, day, "bridge"
            else:
                yield day, day, "unmet"
        return
    per = "month" if unit == "month" else "week"
    start, end = period_bounds(first, per, week_start)
    while start <= today:
        progress = period_progress(action, history, start, end, today)
        assert progress is not None
        if progress.neutral:
            yield start, end, "bridge"
        elif progress.met:
            yield start, end, "met"
        elif end >= today:
            yield start, end, "bridge"  # still in progress: not a miss before it is over
        else:
            yield start, end, "unmet"
        start = end + timedelta(days=1)
        end = period_bounds(start, per, week_start)[1]


@dataclass(frozen=True, slots=True)
class StrengthModel:
    """The Loop habit an action maps to: yes/no or numerical, with frequency num/den."""

    numerical: bool
    num: int
    den: int
    target: float = 1

    @property
    def frequency(self) -> float:
        return self.num / self.den


def strength_model(action: Action) -> StrengthModel | None:
    """Map an action to its Loop habit (domain.md, "Strength"); None without a goal."""
    goal = action.goal
    if goal is None:
        return None
    if goal.per == "day" and (action.kind == "check" or goal.days < 7):
        return StrengthModel(False, 1, 1) if goal.days == 7 else StrengthModel(False, goal.days, 7)
    if action.kind == "check":
        return StrengthModel(False, int(goal.amount), 7 if goal.per == "week" else 30)
    den = {"day": 1, "week": 7, "month": 30}[goal.per]
    return StrengthModel(True, 1, den, goal.amount)


def strength_scores(action: Action, history: History, today: date) -> list[tuple[date, float]]:
    """The score on every day from the action's first entry to ``today`` (empty if none)."""
    model = strength_model(action)
    first = history.first_day(action.id)
    if model is None or first is None or first > today:
        return []
    if model.numerical:
        window, need = model.den, model.target
    elif model.frequency < 1:
        window, need = 2 * model.den, 2 * model.num
    else:
        window, need = model.den, model.num
    multiplier = 0.5 ** (math.sqrt(model.frequency) / 13)
    totals = history.totals(action, first, today)
    values = totals if model.numerical else [float(is_met(action, t)) for t in totals]
    rests = history.rests(action.id, first, today)
    scores: list[tuple[date, float]] = []
    score = in_window = 0.0
    start = first.toordinal()
    for i, value in enumerate(values):
        in_window += value
        if i >= window:
            in_window -= values[i - window]
        if not rests[i]:
            score = score * multiplier + min(1.0, in_window / need) * (1 - multiplier)
        scores.append((date.fromordinal(start + i), score))
    return scores


def strength(action: Action, history: History, today: date) -> float | None:
    """The habit-strength score in [0, 1] as of ``today``; None for an action without a goal."""
    if action.goal is None:
        return None
    scores = strength_scores(action, history, today)
    return scores[-1][1] if scores else 0.0


__all__ = [
    "Run",
    "State",
    "Unit",
    "History",
    "PeriodProgress",
    "Streak",
    "StrengthModel",
    "day_state",
    "goal_period",
    "is_met",
    "month_bounds",
    "period_progress",
    "streak",
    "streak_unit",
    "strength",
    "strength_model",
    "strength_scores",
]
