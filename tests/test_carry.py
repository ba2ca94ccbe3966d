"""Derived figures (docs/storage.md, "Derived figures are a cache"): streak and strength carried
across a day and continued from the days after it agree exactly with reading every day."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import TODAY
from tests.test_properties import SOME, actions, rests_st
from tracker.domain.days import week_bounds
from tracker.domain.progress import History
from tracker.domain.streaks import (
    Carry,
    carry_before,
    streak,
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


def test_a_carry_of_an_action_without_entries_before_its_day_carries_nothing():
    from tracker.domain.model import Action, Goal

    a = Action("a", "A", "check", Goal(1, "week", 7))
    h = History()
    h.add_entry("a", date(2026, 1, 3), 1)
    carry = carry_before(a, h, date(2026, 1, 1), TODAY)
    assert carry.first is None and carry.best == 0 and carry.recent == ()
