"""One snapshot per screen state, at a fixed day and size (review before --snapshot-update)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from textual.widgets import Input

from screens.app import ReconnectApp, make_app
from screens.dialogs import RepairDialog
from tests.helpers import TODAY, Clock
from tracker.operations import everyday as operations
from tracker.operations import reflecting
from tracker.store.store import Store

MIDDAY = datetime(2026, 11, 25, 12, 0).astimezone()


def quiet(app: ReconnectApp) -> ReconnectApp:
    """No animation, and the theme pinned: a new default theme in Textual is not a change of ours."""
    app.animation_level = "none"
    app.theme = "textual-dark"
    return app


async def streaks_shown(pilot) -> None:
    """Wait until Today's streaks are computed (a write while they were being computed starts
    them again) and its footer is there, so the snapshot never catches "…" or half a screen."""
    from textual.widgets import Footer

    from screens.today import TodayScreen

    today = next(s for s in pilot.app.screen_stack if isinstance(s, TodayScreen))
    for _ in range(2000):  # a bound for streaks that never come, generous for a loaded machine
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.01)
        if today.query(Footer) and all(row.streak is not None or row.action.goal is None for row in today.rows):
            await pilot.pause()  # the footer, mounted after the first frame, drawn
            return
    raise AssertionError("the streaks were never shown")


async def no_blink(pilot) -> None:
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.fixture
def empty(tmp_path) -> ReconnectApp:
    store = Store(tmp_path / "reconnect.json", now=Clock())
    store.ensure_saved()
    return quiet(make_app(store, today=lambda: TODAY))


@pytest.fixture
def in_use(tmp_path) -> ReconnectApp:
    """Three weeks of use, a rest day, a built-in action enabled."""
    clock = Clock()
    store = Store(tmp_path / "reconnect.json", now=clock)
    operations.enable_built_in(store, "thanks")
    for n in range(1, 22):
        day = TODAY - timedelta(days=n)
        if n % 7 != 3:
            operations.log(store, "phone-down", 30 if n % 3 else 15, day=day)
            operations.log(store, "really-feeling", day=day)
        if n % 2:
            operations.log(store, "compliment", 2, day=day)
        if n % 7 == 0:
            operations.log(store, "check-in", day=day)
            operations.log(store, "conversation", 45, day=day)
    operations.rest(store, None, day=TODAY - timedelta(days=10))
    operations.log(store, "phone-down", 20, note="a walk after dinner")
    operations.log(store, "compliment")
    return quiet(make_app(store, today=lambda: TODAY))


def test_today_empty(snap_compare, empty):
    assert snap_compare(empty, terminal_size=(100, 30), run_before=streaks_shown)


def test_today_in_use(snap_compare, in_use):
    assert snap_compare(in_use, terminal_size=(100, 30), run_before=streaks_shown)


def test_today_at_80x24(snap_compare, in_use):
    assert snap_compare(in_use, terminal_size=(80, 24), run_before=streaks_shown)


def test_minutes_dialog(snap_compare, in_use):
    assert snap_compare(in_use, terminal_size=(100, 30), run_before=no_blink_after("space"))


def test_note_dialog(snap_compare, in_use):
    assert snap_compare(in_use, terminal_size=(100, 30), run_before=no_blink_after("n"))


def test_timer_running(snap_compare, in_use):
    async def run_before(pilot) -> None:
        await streaks_shown(pilot)
        await pilot.press("p")

    assert snap_compare(in_use, terminal_size=(100, 30), run_before=run_before)


def test_long_timer_asks_its_minutes_first(snap_compare, in_use):
    async def run_before(pilot) -> None:
        await pilot.press("p")
        pilot.app.store.now.value += timedelta(hours=5)
        pilot.app.screen.tick_timer()  # the line behind the dialog shows 5:00:00, not a race
        await pilot.press("p")
        await streaks_shown(pilot)  # behind the dialog
        await no_blink(pilot)  # the minutes field has the focus

    assert snap_compare(in_use, terminal_size=(100, 30), run_before=run_before)


def test_week(snap_compare, in_use):
    assert snap_compare(in_use, press=["2"], terminal_size=(100, 30))


def test_history_all(snap_compare, in_use):
    assert snap_compare(in_use, press=["3"], terminal_size=(100, 30))


def test_history_one_action(snap_compare, in_use):
    assert snap_compare(in_use, press=["3", "down"], terminal_size=(100, 30))


def test_actions(snap_compare, in_use):
    assert snap_compare(in_use, press=["4"], terminal_size=(100, 30))


def test_action_dialog(snap_compare, in_use):
    assert snap_compare(in_use, terminal_size=(100, 30), run_before=no_blink_after("4", "e"))


def test_catalogue_dialog(snap_compare, in_use):
    assert snap_compare(in_use, press=["4", "c"], terminal_size=(100, 30))


def test_help(snap_compare, in_use):
    assert snap_compare(in_use, press=["question_mark"], terminal_size=(100, 30))


@pytest.fixture
def reflected(in_use) -> ReconnectApp:
    """In use, with twelve weeks reflected on, this week's fields written, two journal pages
    and the partner's love language (touch) left out this week."""
    store = in_use.store
    for weeks_ago, rating in enumerate((4, 3, 4, 5, 3, 2, 3, 4, 4, 3, 2, 3, 1)):
        reflecting.save_reflection(store, TODAY - timedelta(days=7 * weeks_ago), rating)
    reflecting.save_reflection(store, TODAY, 4, {
        "went_well": "Sunday morning coffee, phones in the drawer",
        "appreciated": "How you listened when I talked about work",
        "talk": "You never want to plan the holidays"})
    reflecting.add_journal_page(store, "Felt close at dinner. We laughed a lot.", TODAY, "close")
    reflecting.add_journal_page(store, "Tired, a bit lonely tonight.", TODAY - timedelta(days=1), "tired")
    reflecting.change_care_settings(store, partner_languages=["touch"])
    return in_use


@pytest.fixture
def hard_weeks(empty) -> ReconnectApp:
    """Three hard weeks in a row: the care paragraph."""
    for weeks_ago, rating in ((2, 2), (1, 1), (0, 2)):
        reflecting.save_reflection(empty.store, TODAY - timedelta(days=7 * weeks_ago), rating)
    return empty


def test_reflect(snap_compare, reflected):
    assert snap_compare(reflected, press=["5"], terminal_size=(100, 30))


def test_reflect_empty(snap_compare, empty):
    assert snap_compare(empty, press=["5"], terminal_size=(100, 30))


def test_reflect_care(snap_compare, hard_weeks):
    assert snap_compare(hard_weeks, press=["5"], terminal_size=(100, 30))


def test_reflection_dialog(snap_compare, reflected):
    assert snap_compare(reflected, terminal_size=(100, 30), run_before=no_blink_after("5", "e"))


def test_journal_dialog(snap_compare, reflected):
    async def run_before(pilot) -> None:
        await pilot.press("5", "a", *"A walk in the rain")
        pilot.app.screen.query_one("TextArea").cursor_blink = False
        await pilot.pause()

    assert snap_compare(reflected, terminal_size=(100, 30), run_before=run_before)


def test_week_with_a_rating(snap_compare, reflected):
    assert snap_compare(reflected, press=["2"], terminal_size=(100, 30))


def test_repair_dialog(snap_compare, empty):
    async def run_before(pilot) -> None:
        pilot.app.push_screen(RepairDialog(
            "the data file /home/you/.local/share/reconnect/reconnect.json is not valid JSON",
            "newest good backup: …/backups/reconnect.previous.json (saved 2026-11-24 21:03); "
            "run `reconnect check --repair` to restore it",
        ))
        await pilot.pause()

    assert snap_compare(empty, terminal_size=(100, 30), run_before=run_before)


def no_blink_after(*keys: str):
    async def run_before(pilot) -> None:
        await pilot.press(*keys)
        await no_blink(pilot)

    return run_before


def test_action_page_at_80x24(snap_compare, in_use):
    async def run_before(pilot) -> None:
        await streaks_shown(pilot)
        await pilot.press("j", "j", "o")  # Heartfelt compliment's page
        await pilot.pause()

    assert snap_compare(in_use, terminal_size=(80, 24), run_before=run_before)


def test_action_page_at_100x30(snap_compare, in_use):
    async def run_before(pilot) -> None:
        await streaks_shown(pilot)
        await pilot.press("o")  # Phone-down time's page
        await pilot.pause()

    assert snap_compare(in_use, terminal_size=(100, 30), run_before=run_before)
