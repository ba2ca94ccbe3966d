"""Invariants of the progress rules, over many generated histories (hypothesis)."""

from __future__ import annotations

import calendar
import math
from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.helpers import TODAY
from tracker.domain.days import period_bounds
from tracker.domain.model import Action, Entry, Goal, RestDay
from tracker.domain.progress import History, period_progress
from tracker.domain.streaks import streak, strength

SPAN = 70  # days of generated history
# More examples than the profile's default for the rules (400 and 150 in CI); a profile
# (conftest.py) raises or lowers them all together.
MANY = 4 * settings.default.max_examples
SOME = 3 * settings.default.max_examples // 2


@st.composite
def actions(draw):
    kind = draw(st.sampled_from(["check", "count", "minutes"]))
    per = draw(st.sampled_from(["day", "week", "month"]))
    days = draw(st.integers(1, 7)) if per == "day" else 7
    if kind == "check":
        amount = 1 if per == "day" else draw(st.integers(1, 7 if per == "week" else 28))
    elif kind == "minutes":
        amount = draw(st.integers(1, 1200)) / 10  # fractional goals: 22.5 minutes
    else:
        amount = draw(st.integers(1, 120))
    return Action(id="a", name="A", kind=kind, goal=Goal(amount, per, days))


day_offsets = st.integers(0, SPAN)
entries_st = st.lists(st.tuples(day_offsets, st.integers(1, 60)), max_size=60)
rests_st = st.lists(st.tuples(day_offsets, st.booleans()), max_size=15)


def build(entries, rests) -> History:
    h = History()
    for offset, amount in entries:
        h.add_entry("a", TODAY - timedelta(days=offset), amount)
    for offset, for_all in rests:
        h.add_rest(None if for_all else "a", TODAY - timedelta(days=offset))
    return h


def periods(action):
    per = action.goal.per
    day = TODAY - timedelta(days=SPAN)
    while day <= TODAY:
        start, end = period_bounds(day, per)
        yield start, end
        day = end + timedelta(days=1)


@settings(max_examples=SOME)
@given(actions(), entries_st, rests_st)
def test_best_is_never_below_current_and_strength_in_range(action, entries, rests):
    h = build(entries, rests)
    s = streak(action, h, TODAY)
    assert 0 <= s.current <= s.best
    assert 0.0 <= strength(action, h, TODAY) <= 1.0


@settings(max_examples=SOME)
@given(actions(), entries_st, rests_st, day_offsets, st.integers(1, 60))
def test_logging_more_never_lowers_a_streak_or_progress(action, entries, rests, offset, amount):
    before = build(entries, rests)
    after = build(entries + [(offset, amount)], rests)
    s0, s1 = streak(action, before, TODAY), streak(action, after, TODAY)
    assert s1.current >= s0.current and s1.best >= s0.best
    for start, end in periods(action):
        p0 = period_progress(action, before, start, end, TODAY)
        p1 = period_progress(action, after, start, end, TODAY)
        assert p1.progress >= p0.progress
        assert p1.met or not p0.met


@settings(max_examples=SOME)
@given(actions(), entries_st, rests_st, day_offsets, st.booleans())
def test_a_rest_day_never_lowers_a_streak(action, entries, rests, offset, for_all):
    before = build(entries, rests)
    after = build(entries, rests + [(offset, for_all)])
    s0, s1 = streak(action, before, TODAY), streak(action, after, TODAY)
    assert s1.current >= s0.current and s1.best >= s0.best


@settings(max_examples=SOME)
@given(actions(), entries_st, rests_st)
def test_history_from_documents_equals_history_from_objects(action, entries, rests):
    """The fast index built from raw day documents agrees with the one built from objects."""
    items = [Entry("a", TODAY - timedelta(days=o), n, "t", "test") for o, n in entries]
    marks = [RestDay(None if f else "a", TODAY - timedelta(days=o), "t", "test") for o, f in rests]
    docs: dict = {}
    for e in items:
        docs.setdefault(e.day, {"day": e.day.isoformat(), "entries": [], "rests": []})["entries"].append(e.to_dict())
    for r in marks:
        docs.setdefault(r.day, {"day": r.day.isoformat(), "entries": [], "rests": []})["rests"].append(r.to_dict())
    a, b = History.build(items, marks), History.from_day_docs(docs.values())
    assert a.connected_days() == b.connected_days() == len({o for o, _ in entries})
    span = (TODAY - timedelta(days=SPAN), TODAY)
    assert a.rests("b", *span) == b.rests("b", *span)  # a rest for "a" is not one for all
    assert a.first_day("a") == b.first_day("a") == (
        TODAY - timedelta(days=max(o for o, _ in entries)) if entries else None)
    assert streak(action, a, TODAY) == streak(action, b, TODAY)
    assert strength(action, a, TODAY) == strength(action, b, TODAY)


# -- an oracle: docs/domain.md read plainly, day by day -----------------------------------------------
#
# Written from the page, not from tracker/domain/progress.py, and deliberately slow and simple: each
# rule is computed the long way, so that a fault in the fast code shows up as a disagreement.

def _plain_rules(action, entries, rests, today):
    totals: dict[date, float] = {}
    for offset, amount in entries:
        day = TODAY - timedelta(days=offset)
        totals[day] = totals.get(day, 0) + amount
    rest_days = {TODAY - timedelta(days=offset) for offset, _ in rests}  # "a" or all: both cover

    def total(day):
        value = totals.get(day, 0)
        return min(value, 1) if action.kind == "check" else value

    def met_day(day):
        return total(day) >= action.goal.amount if action.goal.per == "day" else total(day) > 0

    def bounds(day, per):
        if per == "week":
            start = day - timedelta(days=day.weekday())
            return start, start + timedelta(days=6)
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])

    def outcome(start, end):
        days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
        goal = action.goal
        if goal.per == "day":
            counted = sum(1 for d in days if d <= today and (met_day(d) or d in rest_days))
            return "met" if counted >= goal.days else "unmet"
        non_rest = sum(1 for d in days if d not in rest_days)
        required = math.ceil(round(goal.amount * non_rest / len(days), 9))
        got = sum((total(d) > 0) if action.kind == "check" else total(d) for d in days if d <= today)
        if required == 0 and got == 0:
            return "neutral"
        return "met" if got >= required else "unmet"

    return totals, rest_days, total, met_day, bounds, outcome


def plain_streak(action, entries, rests, today):
    """(current, best) by walking every period from the first entry's to today's."""
    totals, rest_days, _, met_day, bounds, outcome = _plain_rules(action, entries, rests, today)
    logged = [d for d, v in totals.items() if v > 0]
    if not logged or min(logged) > today:
        return 0, 0
    goal = action.goal
    unit = ("day" if goal.days == 7 else "week") if goal.per == "day" else goal.per
    periods = []  # (outcome, is the current period)
    day = min(logged)
    while day <= today:
        if unit == "day":
            start = end = day
            result = "met" if met_day(day) else "neutral" if day in rest_days else "unmet"
        else:
            start, end = bounds(day, unit)
            result = outcome(start, end)
        periods.append((result, end >= today))
        day = end + timedelta(days=1)
    run = best = 0
    for result, current in periods:
        if result == "met":
            run += 1
        elif result == "unmet" and not current:
            run = 0
        best = max(best, run)
    return run, best


def plain_strength(action, entries, rests, today):
    """The Loop score of docs/domain.md, computing each day's window sum from scratch."""
    totals, rest_days, total, met_day, _, _ = _plain_rules(action, entries, rests, today)
    logged = [d for d, v in totals.items() if v > 0]
    if not logged or min(logged) > today:
        return 0.0
    goal, kind = action.goal, action.kind
    if goal.per == "day" and (kind == "check" or goal.days < 7):
        numerical, num, den, target = False, goal.days, 7, 1
        if goal.days == 7:
            num = den = 1
    elif kind == "check":
        numerical, num, den, target = False, int(goal.amount), 7 if goal.per == "week" else 30, 1
    else:
        numerical, num, den, target = True, 1, {"day": 1, "week": 7, "month": 30}[goal.per], goal.amount
    f = num / den
    m = 0.5 ** (math.sqrt(f) / 13)
    score, day = 0.0, min(logged)
    while day <= today:
        if day not in rest_days:
            if numerical:
                window = [day - timedelta(days=n) for n in range(den)]
                v = min(1.0, sum(total(d) for d in window) / target)
            else:
                n2, d2 = (2 * num, 2 * den) if f < 1 else (num, den)
                window = [day - timedelta(days=n) for n in range(d2)]
                v = min(1.0, sum(1 for d in window if met_day(d)) / n2)
            score = score * m + v * (1 - m)
        day += timedelta(days=1)
    return score


DAILY_CHECK = Action(id="a", name="A", kind="check", goal=Goal(1, "day", 7))
THREE_A_WEEK = Action(id="a", name="A", kind="count", goal=Goal(3, "week", 7))
FRACTIONAL_MONTH = Action(id="a", name="A", kind="minutes", goal=Goal(18.6, "month", 7))
REST_WEEK = [(o, True) for o in range(9, 16)]  # Monday 9 to Sunday 15 November, all rested
# "today" from Wednesday 25 to Tuesday 1 December: a Sunday and a month's last day among them
todays = st.integers(0, 6).map(lambda n: TODAY + timedelta(days=n))
SUNDAY, MONTH_END = TODAY + timedelta(days=4), TODAY + timedelta(days=5)


@settings(max_examples=MANY)
@given(actions(), entries_st, rests_st, todays)
@example(DAILY_CHECK, [(o, 1) for o in range(5, 11)], [], TODAY)  # ended: current 0, best 6
@example(DAILY_CHECK, [(o, 1) for o in range(0, 4)], [(4, False), (5, True)], TODAY)  # bridged by rest
@example(THREE_A_WEEK, [(12, 1), (3, 3), (20, 3)], REST_WEEK, TODAY)  # a rested week with an entry
@example(THREE_A_WEEK, [(3, 3), (20, 3)], REST_WEEK, TODAY)  # a rested week without: neutral
@example(THREE_A_WEEK, [(1, 1), (3, 3), (10, 3)], [], SUNDAY)  # this week unmet, in progress
@example(action=Action(id="a", name="A", kind="count", goal=Goal(9, "month", 7)),
         entries=[(40, 9), (2, 3)], rests=[], today=MONTH_END)  # this month unmet, in progress
@example(FRACTIONAL_MONTH, [(36, 15)], [(o, True) for o in range(50, 56)], TODAY)  # 18.6 × 25/31
def test_streaks_agree_with_the_rules_read_day_by_day(action, entries, rests, today):
    s = streak(action, build(entries, rests), today)
    assert (s.current, s.best) == plain_streak(action, entries, rests, today)


@settings(max_examples=MANY)
@given(actions(), entries_st, rests_st, todays)
@example(DAILY_CHECK, [(o, 1) for o in range(20)], [], TODAY)  # docs/domain.md's 0.655747
@example(THREE_A_WEEK, [(o, 1) for o in range(0, 40, 2)], [(5, True), (7, False)], TODAY)
def test_strength_agrees_with_the_rules_read_day_by_day(action, entries, rests, today):
    assert strength(action, build(entries, rests), today) == pytest.approx(
        plain_strength(action, entries, rests, today), abs=1e-9)
