"""What the CLI and the app show about a day, a week and a year, as typed reports.

Both the CLI (text and ``--json``) and the app read these, so they always agree; ``to_json``
gives the documented JSON of docs/cli.md, and nothing else turns them into dictionaries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from tracker.domain.days import days_between, week_bounds
from tracker.domain.model import Action, number
from tracker.domain.progress import (
    History,
    PeriodProgress,
    State,
    Unit,
    day_state,
    day_states,
    goal_period,
    period_progress,
)
from tracker.domain.reflect import language_balance
from tracker.domain.streaks import (
    Carried,
    Carry,
    Run,
    Streak,
    streak,
    streak_runs,
    streak_unit,
    strength,
    strength_scores,
)


@dataclass(frozen=True, slots=True)
class DaySummary:
    """One action on one day: the amount logged and the day's state."""

    day: date
    amount: float
    state: State

    def to_json(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "amount": number(self.amount), "state": self.state}


@dataclass(frozen=True, slots=True)
class ActionSummary:
    """One action in ``status`` (with ``today``) or ``week`` (with seven ``days``).

    ``streak`` and ``strength`` are None without a goal, or when the report was made without
    the whole history (a first screen drawn fast)."""

    action: Action
    period: PeriodProgress | None
    streak: Streak | None
    strength: float | None
    today: DaySummary | None = None
    days: tuple[DaySummary, ...] = ()

    @property
    def id(self) -> str:
        return self.action.id

    def to_json(self) -> dict[str, Any]:
        action = self.action
        data: dict[str, Any] = {
            "id": action.id,
            "name": action.name,
            "kind": action.kind,
            "goal": action.goal.to_dict() if action.goal else None,
        }
        if self.today is not None:  # where docs/cli.md shows it: after the goal
            data["today"] = {"amount": number(self.today.amount), "state": self.today.state}
        data["period"] = self.period.to_dict() if self.period else None
        data["streak"] = self.streak.to_dict() if self.streak else None
        data["strength"] = self.strength
        data["languages"] = list(action.languages)
        if self.days:
            data["days"] = [d.to_json() for d in self.days]
        return data


@dataclass(frozen=True, slots=True)
class ConnectedDays:
    """Days with at least one action met: in all, and in the report's week."""

    total: int
    this_week: int


@dataclass(frozen=True, slots=True)
class DayReport:
    """``status`` (each action's ``today``) or ``week`` (each action's ``days``): the day
    asked for, its week, connected days and every active action."""

    day: date
    week_start: date
    week_end: date
    connected: ConnectedDays
    actions: tuple[ActionSummary, ...]
    language_balance: dict[str, int] | None = None  # ``week`` only (docs/reflect.md)

    def to_json(self) -> dict[str, Any]:
        data = {
            "day": self.day.isoformat(),
            "week": {"start": self.week_start.isoformat(), "end": self.week_end.isoformat()},
            "connected_days": {"total": self.connected.total, "this_week": self.connected.this_week},
            "actions": [a.to_json() for a in self.actions],
        }
        if self.language_balance is not None:
            data["language_balance"] = self.language_balance
        return data


@dataclass(frozen=True, slots=True)
class YearReport:
    """A year for one action (``action`` None: all together): a state per day for the heatmap,
    monthly totals, the three best streaks, and strength."""

    year: int
    action: Action | None
    unit: Unit | None  # None: an action without a goal has no streaks
    days: tuple[tuple[date, State], ...]
    months: tuple[float, ...]
    best_streaks: tuple[Run, ...]
    strength_by_week: tuple[float, ...]  # the one action's score at the end of each week
    strength: dict[str, float]  # action id → strength at the year's end (or today)


def summarise(
    action: Action, history: History, day: date, as_of: date, week_start: str,
    whole_history: bool = True, carried: Carried | None = None,
) -> ActionSummary:
    """One action as ``status``, ``week`` and its own page show it: the period holding ``day``, and everything
    counted up to ``as_of``. Without ``whole_history``, streak and strength (which read every
    day since the first, or continue ``carried``) are None."""
    start, end = goal_period(action, day, week_start)
    carry = carried.of(action) if carried else None
    return ActionSummary(
        action,
        period_progress(action, history, start, end, as_of),
        streak(action, history, as_of, week_start, carry) if whole_history else None,
        strength(action, history, as_of, carry) if whole_history else None,
    )


def _connected(history: History, day: date, as_of: date, week_start: str,
               total_to: date | None = None, carried: Carried | None = None) -> ConnectedDays:
    """Connected days counted up to ``as_of`` in ``day``'s week (in all: to ``total_to``)."""
    start = week_bounds(day, week_start)[0]
    total_to = total_to or as_of
    total = carried.connected_days(history, total_to) if carried else history.connected_days(end=total_to)
    return ConnectedDays(total, history.connected_days(start, as_of))


def status(
    actions: list[Action],
    history: History,
    day: date,
    week_start: str = "monday",
    whole_history: bool = True,
    today: date | None = None,
    carried: Carried | None = None,
) -> DayReport:
    """``status``: every active action on ``day`` (today unless ``today`` says a later day
    is), with its period, streak and strength (without ``whole_history``: streak and strength
    None, for a first screen drawn fast).

    For an earlier day the day's state is as that day stands now (``·`` when nothing was
    logged, never "open"); its week and connected days count up to today or the week's end,
    and streak and strength are today's.

    ``carried`` holds what the years before this one left (``tracker.store.figures_cache``); ``history``
    then need hold only the days from the week holding its day on."""
    today = today or day
    start, end = week_bounds(day, week_start)
    summaries = []
    for action in actions:
        if action.archived:
            continue
        summary = summarise(action, history, day, today, week_start, whole_history, carried)
        shown = DaySummary(day, history.total(action, day), day_state(action, history, day, today))
        summaries.append(replace(summary, today=shown))
    connected = _connected(history, day, min(end, today), week_start, today, carried)
    return DayReport(day, start, end, connected, tuple(summaries))


def week(
    actions: list[Action], history: History, day: date, today: date, week_start: str = "monday",
    carried: Carried | None = None,
) -> DayReport:
    """``week``: every active action over the week holding ``day``, day by day.

    Streak and strength are as of the week's end, or today for the week in progress
    (``carried``: as for ``status``).
    """
    start, end = week_bounds(day, week_start)
    as_of = min(end, today)
    summaries = []
    for action in actions:
        if action.archived:
            continue
        days = tuple(
            DaySummary(d, amount, state)
            for d, amount, state in zip(
                days_between(start, end), history.totals(action, start, end),
                day_states(action, history, start, end, today),
            )
        )
        summary = summarise(action, history, as_of, as_of, week_start, carried=carried)
        summaries.append(replace(summary, days=days))
    connected = _connected(history, day, as_of, week_start, carried=carried)
    logged = [(s.action.id, d.day) for s in summaries for d in s.days if d.amount > 0]
    balance = language_balance([s.action for s in summaries], logged)
    return DayReport(day, start, end, connected, tuple(summaries), balance)


def year(
    actions: list[Action],
    history: History,
    action: Action | None,
    year: int,
    today: date,
    week_start: str = "monday",
    carried: Carried | None = None,
) -> YearReport:
    """A year for one action (or, with ``action`` None, for all together): a state per day for
    the heatmap, monthly totals, the best streaks and strength week by week. With ``carried``
    (what the years before this one left, for every action counted), ``history`` need hold
    only this year's days."""
    start, end = date(year, 1, 1), date(year, 12, 31)

    def carry(a: Action) -> Carry | None:
        return carried.of(a) if carried else None

    days = list(days_between(start, end))
    months = [0.0] * 12
    if action is None:
        connected = {d for d in days if d <= today and history.is_connected(d)}
        states: list[State] = [
            "future" if d > today else "met" if d in connected
            else "rest" if history.is_rest_for_all(d) else "open" if d == today else "empty"
            for d in days
        ]
        for d in connected:
            months[d.month - 1] += 1
        runs = _connected_runs(sorted(connected))
        strengths = {
            a.id: strength(a, history, min(end, today), carry(a))
            for a in actions if not a.archived and a.goal
        }
        series: list[float] = []
    else:
        states = list(day_states(action, history, start, end, today))
        for d, amount in zip(days, history.totals(action, start, end)):
            if d <= today:
                months[d.month - 1] += (amount > 0) if action.kind == "check" else amount
        runs = [
            r for r in streak_runs(action, history, today, week_start, carry(action))
            if r.end >= start and r.start <= end
        ]
        scores = dict(strength_scores(action, history, min(end, today), carry(action)))
        # the score at the end of each week of the year so far (0 before the first entry)
        series = [
            scores.get(min(d + timedelta(days=6), today, end), 0.0)
            for d in days[:: 7]
            if d <= today
        ]
        strengths = {action.id: strength(action, history, min(end, today), carry(action))}
    best = sorted(runs, key=lambda r: (-r.length, r.start))[:3]
    return YearReport(
        year, action, streak_unit(action) if action else "day",
        tuple(zip(days, states)), tuple(months), tuple(best), tuple(series),
        {k: v for k, v in strengths.items() if v is not None},
    )


def _connected_runs(days: list[date]) -> list[Run]:
    """Runs of consecutive connected days."""
    runs: list[Run] = []
    for d in days:
        if runs and (d - runs[-1].end).days == 1:
            runs[-1] = Run(runs[-1].start, d, runs[-1].length + 1, False)
        else:
            runs.append(Run(d, d, 1, False))
    return runs
