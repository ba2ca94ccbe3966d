"""One action's own page (``reconnect action NAME`` and the app's page): its strength over the
last year, a calendar of the last weeks, how often it happens on each weekday, its best
streaks, its totals and its notes. Every figure comes from the domain's rules, as everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tracker.domain.days import week_bounds
from tracker.domain.history import History
from tracker.domain.model import Action, Entry, amount_text
from tracker.domain.progress import State, day_states
from tracker.domain.streaks import (
    Run,
    Streak,
    streak_runs,
    streak_unit,
    strength_scores,
)
from tracker.views.reports import summarise

CALENDAR_WEEKS = 16  # about the last four months, a row a week
STRENGTH_WEEKS = 52
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Totals:
    """Days with something logged, and the amount (checks: the days)."""

    days: int
    amount: float

    def to_json(self) -> dict[str, Any]:
        return {"days": self.days, "amount": self.amount}

    def words(self, action: Action) -> str:
        """"12 days", "12 days, 405 min", "12 days, 23 times"."""
        days = f"{self.days} day" + ("" if self.days == 1 else "s")
        if action.kind == "check":
            return days
        times = (" time" if self.amount == 1 else " times") if action.kind == "count" else ""
        return f"{days}, {amount_text(self.amount, action.kind)}{times}"


@dataclass(frozen=True)
class ActionPage:
    action: Action
    strength: float | None
    streak: Streak | None
    best_streaks: tuple[Run, ...]
    strength_by_week: tuple[tuple[date, float], ...]  # the score at the end of each week
    calendar: tuple[tuple[date, State], ...]  # whole weeks, oldest first, today's week last
    weekdays: tuple[int, ...]  # days with something logged, Monday first, all time
    all_time: Totals
    this_year: Totals
    notes: tuple[tuple[date, str], ...]  # newest first

    def to_json(self) -> dict[str, Any]:
        """The page for scripts (``reconnect action NAME --json``)."""
        return {
            "id": self.action.id, "name": self.action.name, "kind": self.action.kind,
            "goal": self.action.goal.to_dict() if self.action.goal else None,
            "strength": self.strength,
            "streak": self.streak.to_dict() if self.streak else None,
            "best_streaks": [{"start": r.start.isoformat(), "end": r.end.isoformat(), "length": r.length,
                              "current": r.current} for r in self.best_streaks],
            "strength_by_week": [{"week_end": d.isoformat(), "strength": s} for d, s in self.strength_by_week],
            "calendar": [{"day": d.isoformat(), "state": s} for d, s in self.calendar],
            "weekdays": dict(zip(WEEKDAYS, self.weekdays)),
            "totals": {"all_time": self.all_time.to_json(), "this_year": self.this_year.to_json()},
            "notes": [{"day": d.isoformat(), "note": n} for d, n in self.notes],
        }


def action_page(action: Action, history: History, entries: list[Entry], today: date,
                week_start: str = "monday") -> ActionPage:
    """The page of ``action`` as of ``today``, from all of ``history`` and its ``entries``
    (for the notes)."""
    summary = summarise(action, history, today, today, week_start)
    first = history.first_day(action.id)
    scores = dict(strength_scores(action, history, today)) if action.goal and first else {}
    week_ends = [week_bounds(today - timedelta(days=7 * n), week_start)[1] for n in range(STRENGTH_WEEKS)]
    series = tuple((min(end, today), scores.get(min(end, today), 0.0)) for end in reversed(week_ends)) \
        if scores else ()
    start = week_bounds(today, week_start)[0] - timedelta(days=7 * (CALENDAR_WEEKS - 1))
    end = start + timedelta(days=7 * CALENDAR_WEEKS - 1)
    calendar = tuple(zip((start + timedelta(days=n) for n in range(7 * CALENDAR_WEEKS)),
                         day_states(action, history, start, end, today)))
    logged = [(day, amount) for day, amount in _logged_days(action, history, first, today)]
    weekdays = [0] * 7
    for day, _ in logged:
        weekdays[day.weekday()] += 1
    runs = streak_runs(action, history, today, week_start) if action.goal else []
    return ActionPage(
        action, summary.strength, summary.streak,
        tuple(sorted(runs, key=lambda r: (-r.length, -r.end.toordinal()))[:3]),
        series, calendar, tuple(weekdays),
        _totals(action, logged), _totals(action, [(d, a) for d, a in logged if d.year == today.year]),
        tuple(sorted(((e.day, e.note) for e in entries if e.action == action.id and e.note),
                     key=lambda found: found[0], reverse=True)),
    )


def _logged_days(action: Action, history: History, first: date | None, today: date) -> list[tuple[date, float]]:
    if first is None:
        return []
    return [(first + timedelta(days=n), amount)
            for n, amount in enumerate(history.totals(action, first, today)) if amount > 0]


def _totals(action: Action, logged: list[tuple[date, float]]) -> Totals:
    return Totals(len(logged), len(logged) if action.kind == "check" else sum(a for _, a in logged))


def unit_words(action: Action) -> str:
    """What a streak of this action counts: days, weeks or months (none without a goal)."""
    unit = streak_unit(action)
    return {"day": "days", "week": "weeks", "month": "months"}[unit] if unit else ""


def run_words(action: Action, run: Run) -> str:
    """A streak's length in words: "1 week", "4 weeks"."""
    unit = unit_words(action)
    return f"{run.length} {unit if run.length != 1 else unit.removesuffix('s')}"


def page_text(page: ActionPage) -> str:
    """The page as plain text for the terminal (``reconnect action NAME``)."""
    from tracker.views.text import (
        SYMBOLS,
        day_span,
        percent,
        streak_text,
        strength_bars,
    )

    action = page.action
    goal = action.goal.describe(action.kind) if action.goal else "no goal: just noticing"
    lines = [f"{action.name} ({action.id}) · {action.kind} · {goal}", ""]
    if page.strength is not None:
        lines.append(f"Strength {percent(page.strength)}%, the last year week by week:")
        lines.append("  " + strength_bars([s for _, s in page.strength_by_week]))
    if page.streak is not None:
        lines.append(f"Streak: {streak_text(page.streak)}")
    if page.best_streaks:
        lines.append("Best streaks: " + ", ".join(
            f"{run_words(action, r)} ({day_span(r.start, r.end, '%-d %b %Y')})" for r in page.best_streaks))
    lines += ["", "The last weeks (a row a week, Monday first):"]
    for n in range(0, len(page.calendar), 7):
        week = page.calendar[n:n + 7]
        lines.append(f"  {week[0][0]:%d %b}  " + " ".join(SYMBOLS[state] for _, state in week))
    lines += ["", "On which days: " + "  ".join(f"{d} {n}" for d, n in zip(WEEKDAYS, page.weekdays))]
    lines.append(f"In all: {page.all_time.words(action)} · this year: {page.this_year.words(action)}")
    if page.notes:
        lines += ["", "Notes, newest first:"]
        lines += [f"  {day:%a %-d %b %Y}: {' '.join(note.split())}" for day, note in page.notes]
    return "\n".join(lines)
