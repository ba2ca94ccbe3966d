"""The reports of the data file as people see them: ``status`` (Today), ``week`` and ``year``
(History), with
streaks and strength carried from the figures kept in the cache (``store.figures_cache``), so
that only this year's days are read."""

from __future__ import annotations

from datetime import date

from tracker.domain.days import week_bounds
from tracker.domain.model import Action
from tracker.store.figures_cache import history_as_of
from tracker.store.store import Store
from tracker.views import reports as report
from tracker.views.reports import DayReport


def status(store: Store, actions: list[Action], day: date, today: date) -> DayReport:
    """``report.status`` of ``day`` (streaks as of ``today``), from the kept figures when they
    hold: what ``reconnect status`` and the app's Today show."""
    week_start = store.settings().week_start
    history, carried = history_as_of(store, actions, today, today, earliest=week_bounds(day, week_start)[0])
    return report.status(actions, history, day, week_start, today=today, carried=carried)


def week(store: Store, actions: list[Action], day: date, today: date) -> DayReport:
    """``report.week`` of the week holding ``day``, from the kept figures when they hold: what
    ``reconnect week`` and the app's Week show."""
    week_start = store.settings().week_start
    start, end = week_bounds(day, week_start)
    history, carried = history_as_of(store, actions, min(end, today), today, earliest=start)
    return report.week(actions, history, day, today, week_start, carried)


def year(store: Store, actions: list[Action], action: Action | None, year: int, today: date) -> report.YearReport:
    """``report.year``: this year's from the kept figures when they hold (for every action
    but an archived one, which they do not cover); another year's from every day."""
    active = [a for a in actions if not a.archived]
    if year == today.year and (action is None or action in active):
        history, carried = history_as_of(store, active, today, today, earliest=date(year, 1, 1))
    else:
        history, carried = store.history(), None
    return report.year(actions, history, action, year, today, store.settings().week_start, carried)
