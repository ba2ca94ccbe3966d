"""What the screens show, as a person reads them: names whole where there is room, past days
honest (issue 8)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable, Static

from screens.app import ReconnectApp, make_app
from tests.helpers import TODAY
from tests.test_app import wait_for
from tracker.domain.model import Action, Goal, slugify
from tracker.operations import everyday as operations
from tracker.store.store import Store
from tracker.views.text import cell_width

LONG = "Thank them for something specific"  # 33 characters


@pytest.fixture
def app(store: Store) -> ReconnectApp:
    operations.add_action(store, Action(id=slugify(LONG), name=LONG, kind="check", goal=Goal(1, "day")))
    return make_app(store, today=lambda: TODAY)


def column_texts(app, key: str) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_cell(row, key)) for row in table.rows]


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_names_are_whole_on_today_week_and_actions(app, size):
    async with app.run_test(size=size) as pilot:
        for screen in ("1", "2", "4"):
            await pilot.press(screen)
            await pilot.pause()
            table = app.screen.query_one(DataTable)
            assert LONG in column_texts(app, "name")
            assert table.columns["name"].width >= len(LONG)
            assert table.virtual_size.width <= size[0], (screen, table.virtual_size)


async def test_a_narrow_terminal_cuts_names_with_an_ellipsis_and_widening_restores_them(app):
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.columns["name"].width < len(LONG)
        assert table.virtual_size.width <= 60
        await pilot.resize_terminal(100, 30)
        await wait_for(pilot, lambda: table.columns["name"].width >= len(LONG))


async def test_a_past_day_is_shown_as_it_stands_now(store):
    operations.log(store, "compliment", day=TODAY - timedelta(days=2))
    operations.log(store, "compliment")
    app = make_app(store, today=lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("left_square_bracket")
        await pilot.pause()
        line = str(app.screen.query_one("#day-line", Static).render())
        assert line.startswith("Filling in") and "Tuesday 24 November" in line
        assert "2 connected days this week" in line  # the whole week, not up to Tuesday
        table = app.screen.query_one(DataTable)
        assert table.columns["today"].label.plain == "Tue 24"
        states = dict(zip([r.id for r in app.screen.rows], column_texts(app, "state")))
        assert states["compliment"] == "·" and states["phone-down"] == "·"  # past: never "open"
        assert "○" not in states.values()
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert "that week" in str(app.screen.query_one("#day-line", Static).render())
        assert table.columns["period"].label.plain == "That week"
        await pilot.press("t")
        await pilot.pause()
        assert table.columns["today"].label.plain == "Today"
        assert str(app.screen.query_one("#day-line", Static).render()).startswith("Today")


def test_an_id_from_a_long_name_is_cut_between_words():
    assert slugify("Thank them for something specific today, every day") == "thank-them-for-something-specific"
    assert len(slugify("x" * 80)) == 36


@pytest.mark.parametrize("width", [80, 100, 60])
def test_cli_tables_fit_the_terminal_and_keep_names_whole_when_they_can(run, width, monkeypatch):
    run("actions", "add", LONG, "--kind", "check")
    run("log", "compliment")
    monkeypatch.setenv("COLUMNS", str(width))
    # ids are what a person types, never cut: the actions list needs 80 columns for this one
    for argv in (["status"], ["week"], ["actions"])[: 3 if width >= 80 else 2]:
        out = run(*argv).out
        # at 80 columns and more every line fits; narrower, the table does (sentences wrap)
        lines = out.splitlines() if width >= 80 else [l for l in out.splitlines() if "Thank" in l]
        assert lines and all(cell_width(line) <= width for line in lines), (argv, out)
        if width >= 80:
            assert LONG in out, (argv, out)


def test_a_long_id_never_cuts_a_goal_in_the_actions_list(run, monkeypatch):
    long_id = "a-very-long-generated-identifier-here-xy"
    assert run("actions", "add", "Walk together", "--kind", "minutes", "--amount", "20", "--per", "day",
               "--id", long_id).code == 0
    monkeypatch.setenv("COLUMNS", "80")
    out = run("actions").out
    assert all(cell_width(line) <= 80 for line in out.splitlines())
    for whole in (long_id, "20 min a day", "30 min a day, 5 of 7 days", "Walk together", "How are you, really?"):
        assert whole in out, out


def test_not_a_terminal_means_80_columns(run, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    run("actions", "add", "A name that is forty characters long, ok", "--kind", "check")
    lines = run("status").out.splitlines()
    assert max(cell_width(line) for line in lines) <= 80
    monkeypatch.setenv("COLUMNS", "120")
    assert run("status").out.count("A name that is forty characters long, ok") == 1
    assert "…" not in run("week").out


# -- History -------------------------------------------------------------------------------------

@pytest.mark.parametrize("year", [2025, 2026, 2027])
@pytest.mark.parametrize("week_start", ["monday", "sunday"])
def test_every_month_label_sits_above_its_first_day(year, week_start):
    from datetime import date

    from screens.history import MONTHS, heatmap
    from tracker.domain.progress import History
    from tracker.views import reports as report

    data = report.year([], History(), None, year, date(year, 12, 31), week_start)
    lines = heatmap(data.days, week_start).plain.splitlines()
    labels, rows = lines[0], lines[1:]
    for month in range(1, 13):
        first = date(year, month, 1)
        row = next(r for r in rows if r.startswith(f"{first:%a}"[:2]))
        # the first day's symbol and the label's first letter are in one column
        offset = (date(year, 1, 1).weekday() - (0 if week_start == "monday" else 6)) % 7
        column = 3 + (offset + (first - date(year, 1, 1)).days) // 7
        assert row[column] != " ", (month, row)
        assert labels[column: column + 3] == MONTHS[month - 1], (month, labels)


def test_strength_is_drawn_on_a_fixed_scale():
    from tracker.views.text import strength_bars

    assert strength_bars([0.0, 0.05, 0.5, 0.99, 1.0]) == "▁▁▅██"
    assert strength_bars([0.1, 0.1]) == "▁▁"  # a weak habit alone never looks full


async def test_history_shows_rest_for_all_and_past_years_honestly(store):
    from datetime import date

    operations.log(store, "really-feeling", day=date(2025, 6, 2))
    operations.rest(store, None, day=TODAY - timedelta(days=1))
    app = make_app(store, today=lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        grid = str(app.screen.query_one("#heatmap", Static).render())
        assert "–" in grid
        await pilot.press("left", "down", "down")
        await pilot.pause()
        assert "none in 2025" in str(app.screen.query_one("#streaks", Static).render())
        bars = str(app.screen.query_one("#strength", Static).render())
        assert "0–100%" in bars and "█" not in bars


async def test_the_days_prompt_is_never_shown_twice(store):
    from tracker.domain.catalogue import prompt_of_the_day

    store.ensure_saved()
    actions = store.actions(False)
    prompt = prompt_of_the_day(actions, TODAY)
    owner = next(a for a in actions if a.prompt == prompt)  # the action whose prompt it is today
    app = make_app(store, today=lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=[r.id for r in app.screen.rows].index(owner.id))
        await pilot.pause()
        screen_text = str(app.screen.query_one("#meaning", Static).render()) + str(
            app.screen.query_one("#prompt", Static).render())
        assert screen_text.count(prompt) == 1


async def test_a_goal_lowered_by_rest_days_says_why(store):
    monday = TODAY - timedelta(days=TODAY.weekday())
    operations.rest(store, None, day=monday)
    operations.log(store, "conversation", 75)
    app = make_app(store, today=lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=[r.id for r in app.screen.rows].index("conversation"))
        await pilot.pause()
        meaning = str(app.screen.query_one("#meaning", Static).render())
        assert "this week asks 52 min: rest days lower it" in meaning
