"""Derived figures (docs/storage.md, "Derived figures are a cache"): streak and strength carried
across a day and continued from the days after it agree exactly with reading every day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import TODAY
from tests.test_properties import SOME, actions, rests_st
from tracker.domain.days import week_bounds
from tracker.domain.progress import History
from tracker.domain.streaks import (
    Carried,
    Carry,
    Streak,
    carried_before,
    carry_before,
    streak,
    streak_runs,
    strength,
    strength_scores,
)

SPAN = 120
entries_st = st.lists(st.tuples(st.integers(0, SPAN), st.integers(1, 60)), max_size=90)


def build(entries, rests, since: date | None = None) -> History:
    h = History()
    for offset, amount in entries:
        if since is None or TODAY - timedelta(days=offset) >= since:
            h.add_entry("a", TODAY - timedelta(days=offset), amount)
    for offset, for_all in rests:
        if since is None or TODAY - timedelta(days=offset) >= since:
            h.add_rest(None if for_all else "a", TODAY - timedelta(days=offset))
    return h


@settings(max_examples=SOME)
@given(actions(), entries_st, rests_st, st.integers(0, SPAN), st.sampled_from(["monday", "sunday"]))
def test_a_carry_continued_gives_what_every_day_gives(action, entries, rests, back, week_start):
    day = TODAY - timedelta(days=back)  # where the carry is taken (a January 1st, in use)
    full = build(entries, rests)
    carry = carry_before(action, full, day, TODAY, week_start)
    # what a command then reads: from the period holding the carry's day (for a January 1st,
    # its week: a month starts on it)
    since = min(carry.period, week_bounds(day, week_start)[0])
    recent = build(entries, rests, since)
    assert streak(action, recent, TODAY, week_start, carry) == streak(action, full, TODAY, week_start)
    assert strength(action, recent, TODAY, carry) == strength(action, full, TODAY)
    assert strength_scores(action, recent, TODAY, carry) == [
        (d, s) for d, s in strength_scores(action, full, TODAY) if d >= day or carry.first is None]
    assert Carry.from_json(carry.to_json()) == carry
    # the streaks themselves, with their dates: those the carry continues are the last ones
    # every day gives, and every one it leaves out ended before the carry's period
    carried_runs, every_run = (streak_runs(action, recent, TODAY, week_start, carry),
                               streak_runs(action, full, TODAY, week_start))
    assert every_run[len(every_run) - len(carried_runs):] == carried_runs
    assert all(r.end < carry.period for r in every_run[:len(every_run) - len(carried_runs)])


def test_a_carry_of_an_action_without_entries_before_its_day_carries_nothing():
    from tracker.domain.model import Action, Goal

    a = Action("a", "A", "check", Goal(1, "week", 7))
    h = History()
    h.add_entry("a", date(2026, 1, 3), 1)
    carry = carry_before(a, h, date(2026, 1, 1), TODAY)
    assert carry.first is None and carry.best == 0 and carry.recent == ()
    h.add_entry("a", date(2026, 1, 1), 1)  # its first entry on the carry's day: still nothing before it
    assert carry_before(a, h, date(2026, 1, 1), TODAY) == carry


def _year_of_weekly_use() -> tuple[History, object]:
    from tracker.domain.model import Action, Goal

    a = Action("a", "A", "count", Goal(2, "week", 7))
    h = History()
    for n in range(0, 120, 3):  # every third day from 2025-10-01: two or three a week
        h.add_entry("a", date(2025, 10, 1) + timedelta(days=n), 1)
    h.add_rest(None, date(2025, 12, 31))
    return h, a


def test_what_a_year_carries_is_kept_and_read_back_as_json_exactly():
    h, a = _year_of_weekly_use()
    carried = carried_before([a], h, date(2026, 1, 1), date(2026, 1, 20), "sunday",
                             days=[{"day": "2025-12-31", "rests": [{"action": None}]}])
    kept = carried.to_json()
    assert set(kept) == {"day", "connected_before", "carries", "days"} and kept["day"] == "2026-01-01"
    assert kept["connected_before"] == 31 and kept["days"] == [{"day": "2025-12-31", "rests": [{"action": None}]}]
    carry = kept["carries"]["a"]
    assert set(carry) == {"day", "first", "period", "score", "in_window", "recent", "run", "best"}
    assert (carry["day"], carry["first"], carry["period"]) == ("2026-01-01", "2025-10-01", "2025-12-28")
    assert carry["run"][0] == "2025-09-28" and carry["run"][2] == carry["best"] == 13
    assert Carried.from_json(kept) == carried
    assert carried.connected_days(h, date(2026, 1, 20)) == h.connected_days(end=date(2026, 1, 20))


@pytest.mark.parametrize("change", [{"first": "2026-01-01"}, {"first": "2026-01-05"}, {"period": "2026-01-02"}])
def test_a_kept_carry_that_does_not_fit_its_day_is_refused(change):
    h, a = _year_of_weekly_use()
    kept = carry_before(a, h, date(2026, 1, 1), date(2026, 1, 20), "sunday").to_json()
    with pytest.raises(ValueError, match="^a carry that does not fit its day$"):
        Carry.from_json({**kept, **change})


def test_a_streak_in_json_and_weeks_by_their_first_day():
    from tracker.domain.streaks import streak

    h, a = _year_of_weekly_use()
    today = date(2026, 1, 20)
    assert streak(a, h, today).to_dict() == {"current": streak(a, h, today).current,
                                              "best": streak(a, h, today).best, "unit": "week"}
    assert Streak(3, 5, "week").to_dict() == {"current": 3, "best": 5, "unit": "week"}
    # weeks start on Monday unless the setting says Sunday; the runs' dates follow it
    assert streak_runs(a, h, today) == streak_runs(a, h, today, "monday")
    assert streak_runs(a, h, today)[0].start.weekday() == 0
    assert streak_runs(a, h, today, "sunday")[0].start.weekday() == 6
    monday_carry = carry_before(a, h, date(2026, 1, 1), today)
    assert monday_carry == carry_before(a, h, date(2026, 1, 1), today, "monday")
    assert monday_carry.period == date(2025, 12, 29)
    assert monday_carry.run_start.weekday() == 0  # its streak's weeks are Monday weeks too


def test_what_a_year_carries_counts_its_last_day_and_follows_the_week_setting():
    h, a = _year_of_weekly_use()
    h.add_entry("a", date(2025, 12, 31), 1)  # logged on the year's last day too
    new_year, today = date(2026, 1, 1), date(2026, 1, 20)
    carried = carried_before([a], h, new_year, today)
    assert carried.to_json()["connected_before"] == 32  # 31 before it (the test above), and the 31st
    assert carried.carries["a"] == carry_before(a, h, new_year, today, "monday")
    assert carried.carries["a"].period == date(2025, 12, 29)  # a Monday, by default
    assert carried_before([a], h, new_year, today, "sunday").carries["a"].period == date(2025, 12, 28)
    # a carry keeps only its strength window's days (a week, for a goal per week), not the year
    assert len(carried.carries["a"].recent) == 7


def test_an_action_without_a_goal_has_no_strength_and_a_kept_year_must_hold_day_documents():
    from tracker.domain.model import Action

    h, _ = _year_of_weekly_use()
    free = Action("a", "A", "count", None)
    assert strength_scores(free, h, date(2026, 1, 20)) == [] and strength(free, h, date(2026, 1, 20)) is None
    kept = carried_before([], h, date(2026, 1, 1), date(2026, 1, 20)).to_json()
    for days in ("not a list", [1, 2], [{"day": "2025-12-31"}, "x"]):
        with pytest.raises(ValueError, match="^the days kept are not day documents$"):
            Carried.from_json({**kept, "days": days})
