"""Text for the terminal: kind words, rounding half up, narrow enough."""

from __future__ import annotations

from tracker.render import percent, streak_text


def test_an_ended_streak_shows_as_its_past_best_never_a_zero():
    assert streak_text({"current": 0, "best": 7, "unit": "week"}) == "best 7 weeks"
    assert streak_text({"current": 0, "best": 7, "unit": "week"}, compact=True) == "best 7 wk"
    assert streak_text({"current": 0, "best": 0, "unit": "day"}) == "—"
    assert streak_text({"current": 3, "best": 7, "unit": "day"}) == "3 days · best 7"
    assert streak_text({"current": 1, "best": 1, "unit": "month"}, compact=True) == "1 mo"


def test_percentages_round_half_up():
    assert percent(0.125) == 13
    assert percent(0.655747) == 66
    assert percent(0.0049) == 0
    assert percent(1.0) == 100
