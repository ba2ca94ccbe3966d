"""Invariants of the progress rules, over many generated histories (hypothesis)."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import TODAY
from tracker.days import period_bounds
from tracker.model import Action, Entry, Goal, RestDay
from tracker.progress import History, period_progress, streak, strength

SPAN = 70  # days of generated history


@st.composite
def actions(draw):
    kind = draw(st.sampled_from(["check", "count", "minutes"]))
    per = draw(st.sampled_from(["day", "week", "month"]))
    days = draw(st.integers(1, 7)) if per == "day" else 7
    if kind == "check":
        amount = 1 if per == "day" else draw(st.integers(1, 7 if per == "week" else 28))
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


@settings(max_examples=150, deadline=None)
@given(actions(), entries_st, rests_st)
def test_best_is_never_below_current_and_strength_in_range(action, entries, rests):
    h = build(entries, rests)
    s = streak(action, h, TODAY)
    assert 0 <= s.current <= s.best
    assert 0.0 <= strength(action, h, TODAY) <= 1.0


@settings(max_examples=150, deadline=None)
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


@settings(max_examples=150, deadline=None)
@given(actions(), entries_st, rests_st, day_offsets, st.booleans())
def test_a_rest_day_never_lowers_a_streak(action, entries, rests, offset, for_all):
    before = build(entries, rests)
    after = build(entries, rests + [(offset, for_all)])
    s0, s1 = streak(action, before, TODAY), streak(action, after, TODAY)
    assert s1.current >= s0.current and s1.best >= s0.best


@settings(max_examples=100, deadline=None)
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
    assert streak(action, a, TODAY) == streak(action, b, TODAY)
    assert strength(action, a, TODAY) == strength(action, b, TODAY)
