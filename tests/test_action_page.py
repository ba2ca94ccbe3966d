"""An action's own page (issue 23): the same figures as status and week, from the shell and in
the app at 80×24."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from screens.action_page import ActionPageScreen
from screens.app import make_app
from screens.today import TodayScreen
from tests.helpers import TODAY
from tracker.operations import everyday as operations


def log_days(store, action_id, days, amount=None):
    with store.transaction():
        for n in days:
            operations.log(store, action_id, amount, day=TODAY - timedelta(days=n), note=f"day {n}")


def test_one_time_is_one_time(run, store):
    log_days(store, "compliment", [0])
    assert "In all: 1 day, 1 time · this year: 1 day, 1 time" in run("action", "compliment").out


def test_the_page_from_the_shell_agrees_with_status(run, store):
    log_days(store, "phone-down", [0, 1, 2, 4, 8, 9, 30, 400], 35)
    page = run("action", "phone-down", "--json").json()
    status = next(a for a in run("status", "--json").json()["actions"] if a["id"] == "phone-down")
    assert page["strength"] == status["strength"] and page["streak"] == status["streak"]
    assert page["totals"]["all_time"] == {"days": 8, "amount": 280}
    assert page["totals"]["this_year"] == {"days": 7, "amount": 245}  # 400 days ago was 2025
    assert [n["note"] for n in page["notes"]][:3] == ["day 0", "day 1", "day 2"]  # newest first
    assert sum(page["weekdays"].values()) == 8 and len(page["calendar"]) == 16 * 7
    text = run("action", "phone").out  # a unique word is enough, as for log
    assert text.startswith("Phone-down time (phone-down) · minutes · 30 min a day, 5 of 7 days")
    assert "In all: 8 days, 280 min · this year: 7 days, 245 min" in text


@settings(max_examples=25, deadline=None)
@given(st.sets(st.integers(0, 120), max_size=40))
def test_the_pages_totals_are_the_days_the_week_grids_show(tmp_path_factory, days):
    from tests.helpers import Clock
    from tracker.store.store import Store
    from tracker.views.action_page import action_page

    store = Store(tmp_path_factory.mktemp("page") / "r.json", now=Clock())
    store.ensure_saved()
    log_days(store, "compliment", sorted(days))
    action = next(a for a in store.actions() if a.id == "compliment")
    page = action_page(action, store.history(), [], TODAY)
    history = store.history()
    logged = [d for d in range(0, 121) if history.totals(action, TODAY - timedelta(days=d), TODAY - timedelta(days=d))[0] > 0]
    assert page.all_time.days == len(days) == len(logged)
    assert page.all_time.amount == len(days)
    assert sum(page.weekdays) == len(days)


async def test_the_page_in_the_app_at_80x24(store):
    log_days(store, "compliment", [0, 1, 3])
    store.ensure_saved()
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        ids = [row.action.id for row in app.screen.rows]
        app.screen.query_one("#actions").move_cursor(row=ids.index("compliment"))
        await pilot.press("o")
        assert isinstance(app.screen, ActionPageScreen)
        line = str(app.screen.query_one("#page-line").render())
        assert line.startswith("Heartfelt compliment") and f"{ids.index('compliment') + 1} of {len(ids)}" in line
        assert "in all 3 days, 3 times" in str(app.screen.query_one("#figures").render())
        await pilot.press("right_square_bracket")
        assert str(app.screen.query_one("#page-line").render()).startswith("Real conversation")
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert str(app.screen.query_one("#page-line").render()).startswith("How are you, really?")
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


async def test_o_on_week_opens_the_pages_from_the_first_action(store):
    store.ensure_saved()
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "o")
        assert isinstance(app.screen, ActionPageScreen)
        assert str(app.screen.query_one("#page-line").render()).startswith("Phone-down time")
        await pilot.press("right_square_bracket")
        assert str(app.screen.query_one("#page-line").render()).startswith("How are you, really?")
