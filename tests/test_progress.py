"""docs/domain.md rules, case by case: day states, period goals, streaks, strength."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.helpers import MONDAY, TODAY, action, d, history
from tracker.domain.days import month_bounds, week_bounds
from tracker.domain.progress import day_state, period_progress
from tracker.domain.streaks import streak, strength, strength_model, strength_scores

# -- day states ---------------------------------------------------------------------------

def test_future_comes_first_even_with_entries():
    a = action()
    h = history({TODAY + timedelta(days=1): 1})
    assert day_state(a, h, TODAY + timedelta(days=1), TODAY) == "future"


def test_per_day_met_when_total_reaches_amount():
    a = action("minutes", 30)
    assert day_state(a, history({d(1): 30}), d(1), TODAY) == "met"
    assert day_state(a, history({d(1): 20}), d(1), TODAY) == "partial"


def test_per_week_day_is_met_with_anything():
    a = action("count", 7, "week")
    assert day_state(a, history({d(1): 1}), d(1), TODAY) == "met"


def test_met_beats_rest():
    a = action()
    assert day_state(a, history({d(1): 1}, rests=[d(1)]), d(1), TODAY) == "met"


def test_rest_beats_partial():
    a = action("minutes", 30)
    assert day_state(a, history({d(1): 10}, rests=[d(1)]), d(1), TODAY) == "rest"


def test_rest_for_all_covers_every_action():
    a = action()
    assert day_state(a, history(rest_all=[d(2)]), d(2), TODAY) == "rest"


def test_rest_for_another_action_does_not_cover():
    a = action()
    h = history(rests=[d(2)], id="other")
    assert day_state(a, h, d(2), TODAY) == "empty"


def test_today_is_open_never_a_miss():
    a = action()
    assert day_state(a, history(), TODAY, TODAY) == "open"
    assert day_state(a, history(), d(1), TODAY) == "empty"


def test_partial_today_is_partial_not_open():
    a = action("minutes", 30)
    assert day_state(a, history({TODAY: 5}), TODAY, TODAY) == "partial"


def test_goal_none_met_when_anything_logged():
    a = action(per=None)
    assert day_state(a, history({d(1): 1}), d(1), TODAY) == "met"
    assert day_state(a, history(), d(1), TODAY) == "empty"
    assert day_state(a, history(), TODAY, TODAY) == "open"


def test_check_counts_once_a_day():
    a = action()
    assert history({d(1): 3}).total(a, d(1)) == 1


# -- period goals -------------------------------------------------------------------------

def test_per_day_week_goal_counts_met_and_rest_days():
    a = action("minutes", 30, "day", days=5)
    start, end = week_bounds(d(10))
    h = history({start: 30, start + timedelta(1): 30, start + timedelta(2): 40},
                rests=[start + timedelta(3), start + timedelta(4)])
    p = period_progress(a, h, start, end, TODAY)
    assert (p.progress, p.target, p.met) == (5, 5, True)
    h2 = history({start: 30, start + timedelta(1): 30, start + timedelta(2): 10})
    p2 = period_progress(a, h2, start, end, TODAY)
    assert (p2.progress, p2.met) == (2, False)


def test_per_week_required_is_prorated_for_rest_days():
    a = action("minutes", 60, "week")
    start, end = week_bounds(d(10))
    h = history({start: 40}, rest_all=[start + timedelta(i) for i in range(1, 4)])
    p = period_progress(a, h, start, end, TODAY)
    # ceil(60 × 4 / 7) = ceil(34.28) = 35
    assert (p.progress, p.target, p.met) == (40, 35, True)


def test_all_rest_period_is_neutral():
    a = action("count", 7, "week")
    start, end = week_bounds(d(10))
    h = history({d(30): 1}, rest_all=[start + timedelta(i) for i in range(7)])
    p = period_progress(a, h, start, end, TODAY)
    assert p.target == 0 and p.neutral


def test_check_per_week_counts_checked_days():
    a = action("check", 3, "week")
    start, end = week_bounds(d(10))
    h = history({start: 1, start + timedelta(1): 1})
    p = period_progress(a, h, start, end, TODAY)
    assert (p.progress, p.target, p.met) == (2, 3, False)
    # a day checked twice (two machines, merged) is one checked day
    h = history({start: 2, start + timedelta(1): 1})
    assert period_progress(a, h, start, end, TODAY).progress == 2


def test_per_month_uses_calendar_month():
    a = action("count", 10, "month")
    start, end = month_bounds(date_in := d(40))
    assert start.day == 1 and end.month == date_in.month
    h = history({start: 6, start + timedelta(3): 4})
    p = period_progress(a, h, start, end, TODAY)
    assert (p.progress, p.target, p.met) == (10, 10, True)


# -- streaks ------------------------------------------------------------------------------

def test_daily_streak_counts_days_and_today_in_progress_is_skipped():
    a = action()
    h = history({d(1): 1, d(2): 1, d(3): 1})
    s = streak(a, h, TODAY)
    assert (s.current, s.best, s.unit) == (3, 3, "day")


def test_today_counts_once_met():
    a = action()
    assert streak(a, history({TODAY: 1, d(1): 1}), TODAY).current == 2


def test_rest_day_bridges_without_adding():
    a = action()
    s = streak(a, history({d(1): 1, d(3): 1}, rests=[d(2)]), TODAY)
    assert s.current == 2


def test_empty_day_ends_the_streak_and_best_remembers():
    a = action()
    h = history({d(1): 1, d(3): 1, d(4): 1, d(5): 1})
    s = streak(a, h, TODAY)
    assert (s.current, s.best) == (1, 3)


def test_partial_day_ends_a_daily_streak():
    a = action("minutes", 30)
    s = streak(a, history({d(1): 30, d(2): 10, d(3): 30}), TODAY)
    assert (s.current, s.best) == (1, 1)


def test_days_of_seven_streak_counts_weeks():
    a = action("check", 1, "day", days=3)
    this_monday = MONDAY
    last_monday = MONDAY - timedelta(7)
    h = history({last_monday: 1, last_monday + timedelta(2): 1, last_monday + timedelta(4): 1,
                 this_monday: 1})
    s = streak(a, h, TODAY)
    # last week met; this week in progress and not met yet: skipped, not a break
    assert (s.current, s.unit) == (1, "week")


def test_weekly_goal_unmet_past_week_breaks():
    a = action("count", 2, "week")
    h = history({MONDAY - timedelta(14): 2, MONDAY - timedelta(7): 1, MONDAY: 2})
    s = streak(a, h, TODAY)
    assert (s.current, s.best) == (1, 1)


def test_neutral_week_bridges():
    a = action("count", 2, "week")
    prev = MONDAY - timedelta(7)
    h = history({MONDAY - timedelta(14): 2, MONDAY: 2},
                rest_all=[prev + timedelta(i) for i in range(7)])
    assert streak(a, h, TODAY).current == 2


def test_monthly_streak_unit():
    a = action("count", 1, "month")
    h = history({d(0): 1, d(40): 1, d(70): 1})
    s = streak(a, h, TODAY)
    assert s.unit == "month" and s.current >= 2


def test_goal_none_has_no_streak_or_strength():
    a = action(per=None)
    h = history({d(1): 1})
    assert streak(a, h, TODAY) is None
    assert strength(a, h, TODAY) is None


# -- strength -----------------------------------------------------------------------------

def test_worked_example_daily_for_twenty_days():
    a = action()
    h = history({d(n): 1 for n in range(20)})
    assert strength(a, h, TODAY) == pytest.approx(0.655747, abs=1e-6)


def test_no_entry_means_zero_strength():
    assert strength(action(), history(), TODAY) == 0.0


def test_rest_day_keeps_score():
    a = action()
    h = history({d(2): 1, d(3): 1}, rests=[d(1), d(0)])
    scores = dict(strength_scores(a, h, TODAY))
    assert scores[d(1)] == scores[d(2)] == scores[TODAY]


def test_one_miss_does_not_wipe_out_months():
    a = action()
    h = history({d(n): 1 for n in range(1, 120)})
    assert strength(a, h, TODAY) > 0.9


@pytest.mark.parametrize(
    ("kind", "amount", "per", "days", "expected"),
    [
        ("check", 1, "day", 7, (False, 1, 1)),
        ("check", 1, "day", 5, (False, 5, 7)),
        ("check", 3, "week", 7, (False, 3, 7)),
        ("check", 2, "month", 7, (False, 2, 30)),
        ("minutes", 30, "day", 7, (True, 1, 1)),
        ("minutes", 30, "day", 5, (False, 5, 7)),
        ("count", 7, "week", 7, (True, 1, 7)),
        ("count", 10, "month", 7, (True, 1, 30)),
    ],
)
def test_strength_mapping_table(kind, amount, per, days, expected):
    model = strength_model(action(kind, amount, per, days))
    assert (model.numerical, model.num, model.den) == expected


def test_numerical_strength_uses_window_sum_over_target():
    a = action("count", 7, "week")
    h = history({d(n): 1 for n in range(7)})  # 7 a week, every window full
    m = 0.5 ** ((1 / 7) ** 0.5 / 13)
    # the first day's window holds 1 of 7, the second 2 of 7, …
    score = 0.0
    for k in range(1, 8):
        score = score * m + min(1, k / 7) * (1 - m)
    assert strength(a, h, TODAY) == pytest.approx(score)


def test_yes_no_below_daily_doubles_the_window():
    a = action("check", 1, "day", days=5)  # 5/7 → 10 yes in 14 days is full
    h = history({d(n): 1 for n in range(14) if n % 7 not in (5, 6)})
    last_v = min(1, 10 / 10)
    scores = strength_scores(a, h, TODAY)
    m = 0.5 ** ((5 / 7) ** 0.5 / 13)
    prev = scores[-2][1]
    assert scores[-1][1] == pytest.approx(prev * m + last_v * (1 - m))


# -- the history index and the plain numbers of the JSON ------------------------------------------

def test_the_index_answers_for_days_without_anything():
    h = history({d(3): 2, d(1): 1}, rest_all=[d(2)])
    assert h.total(action("count", 3), d(0)) == 0 and h.total(action(), d(0)) == 0
    assert h.total(action("count", 3), d(3)) == 2
    assert (h.is_connected(d(3)), h.is_connected(d(2))) == (True, False)
    assert (h.is_rest_for_all(d(2)), h.is_rest_for_all(d(3))) == (True, False)
    assert h.first_day("a") == d(3) and h.first_day("other") is None


def test_connected_days_count_within_a_range_both_ends_included():
    h = history({d(10): 1, d(5): 1, d(1): 1})
    assert h.connected_days() == 3
    assert h.connected_days(start=d(5)) == 2
    assert h.connected_days(end=d(5)) == 2
    assert h.connected_days(d(9), d(2)) == 1
    assert h.connected_days(d(1), d(1)) == 1


def test_period_progress_in_json_is_plain_numbers():
    monday = TODAY - timedelta(days=TODAY.weekday())
    p = period_progress(action("minutes", 10, "week"), history({monday: 2.5}), monday,
                        monday + timedelta(days=6), TODAY)
    assert p.to_dict()["progress"] == 2.5 and p.to_dict()["target"] == 10
    assert type(p.to_dict()["target"]) is int
    third = period_progress(action("minutes", 10, "week"), history({monday: 1 / 3}), monday,
                            monday + timedelta(days=6), TODAY)
    assert third.to_dict()["progress"] == 0.3333
    whole = period_progress(action("minutes", 10, "week"), history({monday: 3.0}), monday,
                            monday + timedelta(days=6), TODAY)
    assert whole.to_dict()["progress"] == 3 and type(whole.to_dict()["progress"]) is int


def test_the_period_of_a_goal_and_of_none():
    from tracker.domain.progress import goal_period

    assert goal_period(action("count", 3, "week"), TODAY) == week_bounds(TODAY)
    assert goal_period(action("count", 3, "month"), TODAY) == month_bounds(TODAY)
    assert goal_period(action(per=None), TODAY) == week_bounds(TODAY)
    assert goal_period(action(per=None), TODAY, "sunday") == week_bounds(TODAY, "sunday")


def test_one_minute_of_thirty_is_partial():
    a = action("minutes", 30)
    assert day_state(a, history({d(1): 1}), d(1), TODAY) == "partial"
    assert day_state(a, history({TODAY: 1}), TODAY, TODAY) == "partial"


def test_streak_runs_say_where_each_run_starts_and_ends():
    from tracker.domain.streaks import streak_runs

    h = history({d(n): 1 for n in (9, 8, 7, 4, 3, 0)})
    runs = streak_runs(action(), h, TODAY)
    assert [(r.start, r.end, r.length, r.current) for r in runs] == [
        (d(9), d(7), 3, False), (d(4), d(3), 2, False), (d(0), d(0), 1, True)]


def test_weeks_start_on_monday_unless_told():
    from tracker.domain.days import period_bounds

    assert period_bounds(TODAY, "week") == (MONDAY, MONDAY + timedelta(days=6))
    assert period_bounds(TODAY, "week", "sunday") == (MONDAY - timedelta(days=1), MONDAY + timedelta(days=5))
    assert period_bounds(TODAY, "month") == month_bounds(TODAY)


def test_the_gaps_mutation_testing_left():
    # a check counts once a day in a week's total too
    weekly = action("check", 2, "week")
    h = history({MONDAY: 3})
    p = period_progress(weekly, h, MONDAY, MONDAY + timedelta(days=6), TODAY)
    assert (p.progress, p.met) == (1, False)
    assert h.totals(weekly, MONDAY, MONDAY) == [1]
    # a first entry today, on a Monday: the week is in progress and already met
    daily = action()
    assert streak(daily, history({MONDAY: 1}), MONDAY).current == 1
    assert streak(action("count", 1, "week"), history({MONDAY: 1}), MONDAY).current == 1
    # weeks starting on Sunday move where a weekly streak breaks
    sunday_weeks = {MONDAY - timedelta(days=1): 1, MONDAY - timedelta(days=9): 1}
    w = action("count", 1, "week")
    assert streak(w, history(sunday_weeks), TODAY, "monday").current == 2
    assert streak(w, history(sunday_weeks), TODAY, "sunday").current == 1  # 15–21 Nov is empty


# -- the edges a mutation run found unguarded -------------------------------------------------

def test_the_states_of_a_span_are_each_days_own_in_order():
    from tracker.domain.days import days_between
    from tracker.domain.progress import day_states

    a = action("minutes", 30)
    h = history({d(6): 30, d(4): 10, d(2): 45}, rests=[d(3)])
    span = list(days_between(d(6), TODAY + timedelta(days=1)))
    assert list(day_states(a, h, span[0], span[-1], TODAY)) == [day_state(a, h, day, TODAY) for day in span]
    assert list(day_states(a, h, span[0], span[-1], TODAY))[:5] == ["met", "empty", "partial", "rest", "met"]


def test_a_progress_in_json_names_its_period_and_figures():
    p = period_progress(action("minutes", 60, "week"), history({d(1): 25.5}), MONDAY, MONDAY + timedelta(days=6), TODAY)
    assert p is not None and p.to_dict() == {"start": "2026-11-23", "end": "2026-11-29", "progress": 25.5,
                                             "target": 60, "met": False}


def test_an_action_without_a_goal_is_counted_by_the_week():
    from tracker.domain.progress import goal_period

    assert goal_period(action(per=None), TODAY, "sunday") == week_bounds(TODAY, "sunday")
    assert goal_period(action("count", 3, "month"), TODAY) == month_bounds(TODAY)


def test_a_rest_day_of_this_action_alone_lowers_what_its_week_asks():
    a = action("count", 7, "week")
    week = (MONDAY, MONDAY + timedelta(days=6))
    assert period_progress(a, history({}), *week, TODAY).target == 7
    assert period_progress(a, history({}, rests=[MONDAY]), *week, TODAY).target == 6
    assert period_progress(a, history({}, rests=[MONDAY], id="other"), *week, TODAY).target == 7


def test_a_check_counts_days_even_with_two_entries_on_one_day():
    """Two machines can each log the same check on one day; the merge keeps both, and the
    week counts one day."""
    from tracker.domain.model import Entry
    from tracker.domain.progress import History

    a = action("check", 3, "week")
    stamp = "2026-11-25T20:00:00+00:00"
    h = History.build([Entry("a", d(1), 1, stamp, "cli"), Entry("a", d(1), 1, stamp, "cli"),
                       Entry("a", d(2), 1, stamp, "cli")], [])
    assert period_progress(a, h, MONDAY, MONDAY + timedelta(days=6), TODAY).progress == 2


def test_the_files_day_documents_are_indexed_as_the_model_objects_are():
    """``History.from_day_docs`` (the file's documents, at start-up) and ``History.build``
    (model objects) give one index: totals, the first day, connected days, rest days; a
    document may hold only entries or only rest days."""
    from datetime import date

    from tracker.domain.model import Entry, RestDay
    from tracker.domain.progress import History

    stamp = "2026-11-25T20:00:00+00:00"
    docs = [
        {"day": "2026-11-20", "entries": [{"action": "a", "amount": 1}, {"action": "b", "amount": 2.5}]},
        {"day": "2026-11-18", "entries": [{"action": "a", "amount": 1}]},
        {"day": "2026-11-19", "rests": [{"action": None}, {"action": "b"}]},
        {"day": "2026-11-21", "entries": [{"action": "b", "amount": 1}]},
    ]
    entries = [Entry(e["action"], date.fromisoformat(doc["day"]), e["amount"], stamp, "cli")
               for doc in docs for e in doc.get("entries", ())]
    rests = [RestDay(r["action"], date.fromisoformat(doc["day"]), stamp, "cli")
             for doc in docs for r in doc.get("rests", ())]
    a, b = action("check", id="a"), action("count", id="b")
    span = (date(2026, 11, 17), date(2026, 11, 22))
    for h in (History.from_day_docs(docs), History.build(entries, rests)):
        assert h.first_day("a") == date(2026, 11, 18) and h.first_day("b") == date(2026, 11, 20)
        assert h.connected_days() == 3 and h.connected_days(date(2026, 11, 19), date(2026, 11, 20)) == 1
        assert [h.is_connected(date(2026, 11, n)) for n in range(17, 23)] == [False, True, False, True, True, False]
        assert h.totals(a, *span) == [0, 1, 0, 1, 0, 0] and h.totals(b, *span) == [0, 0, 0, 2.5, 1, 0]
        assert h.rests("b", *span) == [False, False, True, False, False, False]
        assert h.rests("a", *span) == h.rests("b", *span) and h.is_rest_for_all(date(2026, 11, 19))
