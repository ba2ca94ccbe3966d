"""Text for the terminal: kind words, rounding half up, narrow enough."""

from __future__ import annotations

from datetime import date

from tracker.domain.streaks import Streak
from tracker.views.text import day_span, percent, streak_text


def test_an_ended_streak_shows_as_its_past_best_never_a_zero():
    assert streak_text(Streak(0, 7, "week")) == "best 7 weeks"
    assert streak_text(Streak(0, 7, "week"), compact=True) == "best 7 wk"
    assert streak_text(Streak(0, 0, "day")) == "—"
    assert streak_text(Streak(3, 7, "day")) == "3 days · best 7"
    assert streak_text(Streak(1, 1, "month"), compact=True) == "1 mo"


def test_percentages_round_half_up():
    assert percent(0.125) == 13
    assert percent(0.655747) == 66
    assert percent(0.0049) == 0
    assert percent(1.0) == 100


def test_a_span_of_one_day_names_the_day_once():
    """History's best streaks read "1 day (24 Nov – 24 Nov)"."""
    day = date(2026, 11, 24)
    assert day_span(day, day) == "24 Nov"
    assert day_span(day, date(2026, 11, 30)) == "24 Nov – 30 Nov"
    assert day_span(day, date(2027, 1, 3), "%-d %b %Y") == "24 Nov 2026 – 3 Jan 2027"
