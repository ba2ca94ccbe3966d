"""Streaks, strength, and what the days before a year leave to it (docs/domain.md): a carry per
action, so that the figures go on from January 1st without reading the years before.

Pure functions of an :class:`Action`, a :class:`History` and the day that counts as today.
Apart from :mod:`tracker.domain.progress` so that what needs only a day's state (``reconnect nudge``,
on every prompt) starts without them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from tracker.domain.days import period_bounds
from tracker.domain.history import History
from tracker.domain.model import Action
from tracker.domain.progress import Unit, day_states, is_met, period_progress


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
    action: Action, history: History, today: date, week_start: str = "monday",
    carry: Carry | None = None,
) -> Streak | None:
    """Current and best streak as of ``today`` (docs/domain.md, "Streaks"); None without a goal.

    With ``carry``, the periods before ``carry.period`` are taken from it, and ``history``
    need hold only the days from then on."""
    unit = streak_unit(action)
    if unit is None:
        return None
    runs = streak_runs(action, history, today, week_start, carry)
    best = max((r.length for r in runs), default=0)
    if carry is not None:
        best = max(best, carry.best)
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
    action: Action, history: History, today: date, week_start: str = "monday",
    carry: Carry | None = None,
) -> list[Run]:
    """Every streak in the action's history, oldest first (the current one last); with
    ``carry``, only those still going at ``carry.period`` or starting after it."""
    unit = streak_unit(action)
    if unit is None:
        return []
    runs: list[Run] = []
    length, start, end = 0, None, None
    if carry is not None:
        length, start, end = carry.run_length, carry.run_start, carry.run_end
    for period_start, period_end, outcome in _period_outcomes(
        action, history, today, unit, week_start, carry
    ):
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
    action: Action, history: History, today: date, unit: Unit, week_start: str,
    carry: Carry | None = None,
) -> Iterator[tuple[date, date, Outcome]]:
    first = _first_day(action, history, carry)
    if first is None or first > today:
        return
    if carry is not None and carry.first is not None:
        first = carry.period  # a period start: the periods before it are in the carry
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
    """Map an action to its Loop habit (docs/domain.md, "Strength"); None without a goal."""
    goal = action.goal
    if goal is None:
        return None
    if goal.per == "day" and (action.kind == "check" or goal.days < 7):
        return StrengthModel(False, 1, 1) if goal.days == 7 else StrengthModel(False, goal.days, 7)
    if action.kind == "check":
        return StrengthModel(False, int(goal.amount), 7 if goal.per == "week" else 30)
    den = {"day": 1, "week": 7, "month": 30}[goal.per]
    return StrengthModel(True, 1, den, goal.amount)


def _first_day(action: Action, history: History, carry: Carry | None) -> date | None:
    if carry is not None and carry.first is not None:
        return carry.first
    return history.first_day(action.id)


def _strength_window(model: StrengthModel) -> tuple[int, float, float]:
    """Loop's window in days, what fills it, and the daily multiplier."""
    if model.numerical:
        window, need = model.den, model.target
    elif model.frequency < 1:
        window, need = 2 * model.den, float(2 * model.num)
    else:
        window, need = model.den, float(model.num)
    return window, need, 0.5 ** (math.sqrt(model.frequency) / 13)


@dataclass(frozen=True, slots=True)
class _StrengthRun:
    scores: list[tuple[date, float]]
    score: float
    in_window: float
    values: list[float]  # the window's days before the run, then each day of the run


def _strength_run(
    action: Action, history: History, first: date, begin: date, end: date, carry: Carry | None
) -> _StrengthRun | None:
    """The score of each day from ``begin`` to ``end``; ``carry`` says how it stood before
    ``begin`` (without it, ``begin`` is the first day)."""
    model = strength_model(action)
    if model is None:
        return None
    window, need, multiplier = _strength_window(model)
    totals = history.totals(action, begin, end)
    values = totals if model.numerical else [float(is_met(action, t)) for t in totals]
    rests = history.rests(action.id, begin, end)
    score = in_window = 0.0
    past: list[float] = []
    if carry is not None and begin > first:
        score, in_window, past = carry.score, carry.in_window, list(carry.recent)
    series = past + values
    skipped = (begin - first).days  # days since the first, before ``begin``
    scores: list[tuple[date, float]] = []
    start = begin.toordinal()
    for i, value in enumerate(values):
        in_window += value
        if skipped + i >= window:
            in_window -= series[len(past) + i - window]
        if not rests[i]:
            score = score * multiplier + min(1.0, in_window / need) * (1 - multiplier)
        scores.append((date.fromordinal(start + i), score))
    return _StrengthRun(scores, score, in_window, series)


def strength_scores(
    action: Action, history: History, today: date, carry: Carry | None = None
) -> list[tuple[date, float]]:
    """The score on every day from the action's first entry to ``today`` (empty if none);
    with ``carry``, from ``carry.day`` on, and ``history`` need hold only those days."""
    first = _first_day(action, history, carry)
    if first is None or first > today:
        return []
    begin = max(first, carry.day) if carry is not None and carry.first is not None else first
    run = _strength_run(action, history, first, begin, today, carry)
    return run.scores if run else []


def strength(
    action: Action, history: History, today: date, carry: Carry | None = None
) -> float | None:
    """The habit-strength score in [0, 1] as of ``today``; None for an action without a goal."""
    if action.goal is None:
        return None
    scores = strength_scores(action, history, today, carry)
    return scores[-1][1] if scores else 0.0


@dataclass(frozen=True, slots=True)
class Carry:
    """How one action's strength and streak stood before ``day`` (a January 1st), so that
    what follows needs only the days from ``period`` on: the derived figures that spare a
    command reading every past year (docs/storage.md, "Derived figures are a cache").

    ``first`` is the action's first entry before ``day`` (None: none; then nothing else is
    carried). ``period`` is the first streak period not in the carry (the one holding
    ``day``); ``recent`` the strength window's values before ``day`` (0 before ``first``)."""

    day: date
    first: date | None
    period: date
    score: float = 0.0
    in_window: float = 0.0
    recent: tuple[float, ...] = ()
    run_start: date | None = None
    run_end: date | None = None
    run_length: int = 0
    best: int = 0

    def to_json(self) -> dict[str, Any]:
        def day(value: date | None) -> str | None:
            return value.isoformat() if value else None

        return {"day": self.day.isoformat(), "first": day(self.first), "period": self.period.isoformat(),
                "score": self.score, "in_window": self.in_window, "recent": list(self.recent),
                "run": [day(self.run_start), day(self.run_end), self.run_length], "best": self.best}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Carry:
        def day(value: str | None) -> date | None:
            return date.fromisoformat(value) if value else None

        run_start, run_end, run_length = data["run"]
        first = day(data["first"])
        carry = cls(date.fromisoformat(data["day"]), first, date.fromisoformat(data["period"]),
                    float(data["score"]), float(data["in_window"]),
                    tuple(float(v) for v in data["recent"]), day(run_start), day(run_end),
                    int(run_length), int(data["best"]))
        if first is not None and (carry.period > carry.day or first >= carry.day):
            raise ValueError("a carry that does not fit its day")
        return carry


def carry_before(
    action: Action, history: History, day: date, today: date, week_start: str = "monday"
) -> Carry:
    """Where ``action`` stood before ``day`` (≤ ``today``), from a ``history`` holding every
    day before it: strength after the day before, the streak before the period holding it."""
    unit = streak_unit(action)
    period = day if unit in (None, "day") else period_bounds(day, unit, week_start)[0]
    first = history.first_day(action.id)
    if first is None or first >= day:
        return Carry(day, None, period)
    fields: dict[str, Any] = {}
    run = _strength_run(action, history, first, first, day - timedelta(days=1), None)
    if run is not None:
        window = _strength_window(strength_model(action))[0]  # type: ignore[arg-type]
        recent = ([0.0] * window + run.values)[-window:]
        fields.update(score=run.score, in_window=run.in_window, recent=tuple(recent))
    if unit is not None:
        length, start, end, best = 0, None, None, 0
        for period_start, period_end, outcome in _period_outcomes(action, history, today, unit, week_start):
            if period_start >= period:
                break
            if outcome == "met":
                length += 1
                start = start or period_start
                end = period_end
            elif outcome == "unmet":
                best = max(best, length)
                length, start, end = 0, None, None
        fields.update(run_start=start, run_end=end, run_length=length, best=max(best, length))
    return Carry(day, first, period, **fields)


@dataclass(frozen=True, slots=True)
class Carried:
    """Every active action's :class:`Carry` before ``day``, and the connected days before it:
    with these, a report needs only the days from the week holding ``day`` on."""

    day: date
    connected_before: int
    carries: dict[str, Carry]
    days: tuple[dict[str, Any], ...] = ()  # the day documents of the week before ``day``

    def of(self, action: Action) -> Carry:
        return self.carries[action.id]

    def connected_days(self, history: History, end: date) -> int:
        """Connected days up to ``end``, from a history holding the days after ``day``."""
        return self.connected_before + history.connected_days(self.day, end)

    def to_json(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "connected_before": self.connected_before,
                "carries": {key: carry.to_json() for key, carry in self.carries.items()},
                "days": list(self.days)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Carried:
        days = data["days"]
        if not isinstance(days, list) or not all(isinstance(doc, dict) for doc in days):
            raise ValueError("the days kept are not day documents")
        return cls(date.fromisoformat(data["day"]), int(data["connected_before"]),
                   {str(k): Carry.from_json(v) for k, v in data["carries"].items()}, tuple(days))


def carried_before(
    actions: Iterable[Action], history: History, day: date, today: date, week_start: str = "monday",
    days: Iterable[dict[str, Any]] = (),
) -> Carried:
    """What the days before ``day`` leave to the rest: every action's carry, connected days,
    and ``days`` (the documents of the days of ``day``'s week before it, kept as they are)."""
    return Carried(
        day,
        history.connected_days(end=day - timedelta(days=1)),
        {a.id: carry_before(a, history, day, today, week_start) for a in actions},
        tuple(days),
    )


