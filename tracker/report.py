"""The status of every action on a day and over a week, as the plain data of cli.md's JSON.

Both the CLI (text and ``--json``) and the app read these, so they always agree.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tracker.days import days_between, week_bounds
from tracker.model import Action, number
from tracker.progress import (
    History,
    day_state,
    day_states,
    goal_period,
    period_progress,
    streak,
    streak_runs,
    streak_unit,
    strength,
    strength_scores,
)


def _action_summary(
    action: Action, history: History, day: date, as_of: date, week_start: str,
    whole_history: bool = True,
) -> dict[str, Any]:
    """The keys shared by ``status`` and ``week``: the period holding ``day``, and everything
    counted up to ``as_of``. Without ``whole_history``, streak and strength (which read every
    day since the first) are None."""
    start, end = goal_period(action, day, week_start)
    progress = period_progress(action, history, start, end, as_of)
    run = streak(action, history, as_of, week_start) if whole_history else None
    score = strength(action, history, as_of) if whole_history else None
    return {
        "id": action.id,
        "name": action.name,
        "kind": action.kind,
        "goal": action.goal.to_dict() if action.goal else None,
        "period": progress.to_dict() if progress else None,
        "streak": run.to_dict() if run else None,
        "strength": score,
    }


def _header(history: History, day: date, as_of: date, week_start: str,
            total_to: date | None = None) -> dict[str, Any]:
    """``day``, its week, and connected days counted up to ``as_of`` (in all: ``total_to``)."""
    start, end = week_bounds(day, week_start)
    return {
        "day": day.isoformat(),
        "week": {"start": start.isoformat(), "end": end.isoformat()},
        "connected_days": {
            "total": history.connected_days(end=total_to or as_of),
            "this_week": history.connected_days(start, as_of),
        },
    }


def status(
    actions: list[Action],
    history: History,
    day: date,
    week_start: str = "monday",
    whole_history: bool = True,
    today: date | None = None,
) -> dict[str, Any]:
    """``status --json``: every active action on ``day`` (today unless ``today`` says a later
    day is), with its period, streak and strength (without ``whole_history``: streak and
    strength None, for a first screen drawn fast).

    For an earlier day the day's state is as that day stands now (``·`` when nothing was
    logged, never "open"); its week and connected days count up to today or the week's end,
    and streak and strength are today's."""
    today = today or day
    report = _header(history, day, min(week_bounds(day, week_start)[1], today), week_start, today)
    report["actions"] = []
    for action in actions:
        if action.archived:
            continue
        summary = _action_summary(action, history, day, today, week_start, whole_history)
        summary["today"] = {
            "amount": number(history.total(action, day)),
            "state": day_state(action, history, day, today),
        }
        report["actions"].append(_reorder(summary))
    return report


def week(
    actions: list[Action], history: History, day: date, today: date, week_start: str = "monday"
) -> dict[str, Any]:
    """``week --json``: every active action over the week holding ``day``, day by day.

    Streak and strength are as of the week's end, or today for the week in progress.
    """
    start, end = week_bounds(day, week_start)
    as_of = min(end, today)
    report = _header(history, day, as_of, week_start)
    report["actions"] = []
    for action in actions:
        if action.archived:
            continue
        summary = _action_summary(action, history, as_of, as_of, week_start)
        states = list(day_states(action, history, start, end, today))
        summary["days"] = [
            {"day": d.isoformat(), "amount": number(amount), "state": state}
            for d, amount, state in zip(
                days_between(start, end), history.totals(action, start, end), states
            )
        ]
        report["actions"].append(summary)
    return report


def _reorder(summary: dict[str, Any]) -> dict[str, Any]:
    """Put ``today`` where cli.md shows it: after the goal."""
    order = ["id", "name", "kind", "goal", "today", "period", "streak", "strength"]
    return {key: summary[key] for key in order}


def year(
    actions: list[Action],
    history: History,
    action: Action | None,
    year: int,
    today: date,
    week_start: str = "monday",
) -> dict[str, Any]:
    """A year for one action (or, with ``action`` None, for all together): a state per day for
    the heatmap, monthly totals, the best streaks and strength at the end of each month."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    days = list(days_between(start, end))
    months = [0.0] * 12
    if action is None:
        connected = {d for d in days if d <= today and history.is_connected(d)}
        states: list[str] = [
            "future" if d > today else "met" if d in connected
            else "rest" if history.is_rest_for_all(d) else "open" if d == today else "empty"
            for d in days
        ]
        for d in connected:
            months[d.month - 1] += 1
        runs = _connected_runs(sorted(connected))
        strengths = {
            a.id: strength(a, history, min(end, today)) for a in actions if not a.archived and a.goal
        }
        series: list[float] = []
    else:
        states = list(day_states(action, history, start, end, today))
        for d, amount in zip(days, history.totals(action, start, end)):
            if d <= today:
                months[d.month - 1] += (amount > 0) if action.kind == "check" else amount
        runs = [
            (r.start, r.end, r.length)
            for r in streak_runs(action, history, today, week_start)
            if r.end >= start and r.start <= end
        ]
        scores = dict(strength_scores(action, history, min(end, today)))
        # the score at the end of each week of the year so far (0 before the first entry)
        series = [
            scores.get(min(d + timedelta(days=6), today, end), 0.0)
            for d in days[:: 7]
            if d <= today
        ]
        strengths = {action.id: strength(action, history, min(end, today))}
    best = sorted(runs, key=lambda r: (-r[2], r[0]))[:3]
    return {
        "year": year,
        "action": action.id if action else None,
        "unit": (streak_unit(action) if action else "day"),
        "days": [{"day": d.isoformat(), "state": s} for d, s in zip(days, states)],
        "months": [number(m) for m in months],
        "best_streaks": [
            {"start": s.isoformat(), "end": e.isoformat(), "length": n} for s, e, n in best
        ],
        "strength_by_week": series,
        "strength": strengths,
    }


def _connected_runs(days: list[date]) -> list[tuple[date, date, int]]:
    """Runs of consecutive connected days."""
    runs: list[tuple[date, date, int]] = []
    for d in days:
        if runs and (d - runs[-1][1]).days == 1:
            runs[-1] = (runs[-1][0], d, runs[-1][2] + 1)
        else:
            runs.append((d, d, 1))
    return runs
