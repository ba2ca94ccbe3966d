"""The app, key by key, asserting on the store (Pilot)."""

from __future__ import annotations

import importlib
from datetime import date, timedelta

import orjson
import pytest
from textual.widgets import Button, DataTable, Input, Select, Static

from screens.actions import ActionsScreen
from screens.app import ReconnectApp, make_app
from screens.compat import shown_notices
from screens.dialogs import (
    ActionDialog,
    CatalogueDialog,
    MinutesDialog,
    NoteDialog,
    RepairDialog,
)
from screens.help import HelpScreen
from screens.history import HistoryScreen
from screens.today import TodayScreen
from screens.week import WeekScreen
from tests.helpers import TODAY
from tracker.operations import everyday as operations
from tracker.operations import timer
from tracker.store.durable import serialize
from tracker.store.store import Store


def entries(store: Store, day: date = TODAY) -> list[tuple[str, float]]:
    fresh = Store(store.path, now=store.now)
    return [(e.action, e.amount) for e in fresh.day(day).entries]


def texts(app: ReconnectApp) -> list[str]:
    return [str(n.message) for n in shown_notices(app)]


@pytest.fixture
def app(store: Store) -> ReconnectApp:
    store.ensure_saved()
    return make_app(store, watch_interval=0.05)


async def wait_for(pilot, condition, timeout: float = 20.0) -> None:
    """Let the app run until ``condition()`` holds (timers, workers, palette searches); the
    bound is only for a state that never comes, so it is generous for a loaded machine."""
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


async def select(pilot, action_id: str) -> None:
    screen = pilot.app.screen
    ids = [row.id for row in screen.rows]
    screen.query_one(DataTable).move_cursor(row=ids.index(action_id))
    await pilot.pause()


# -- Today ---------------------------------------------------------------------------------

async def test_opens_on_today_and_quits_with_ctrl_q(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, TodayScreen)
        assert app.screen.query_one(DataTable).row_count == 5
        await pilot.press("ctrl+q")
    assert not app.is_running


async def test_first_run_says_where_the_data_lives(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: any(str(store.path) in t for t in texts(app)))
        assert store.path.exists()


async def test_one_notice_at_a_time_the_welcome_gives_way_to_what_the_user_did(store):
    """Toasts never pile up over the screen: the first-run welcome goes when the user logs
    something, and that notice is the only one shown."""
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: len(texts(app)) == 1 and app.screen.ready)
        await select(pilot, "really-feeling")
        await pilot.press("space")
        await wait_for(pilot, lambda: any("How are you, really?" in t for t in texts(app)))
        assert len(texts(app)) == 1 and str(store.path) not in texts(app)[0]


async def test_a_dialog_takes_the_place_of_the_welcome_but_not_of_a_warning(store):
    """The first run's welcome covered the add dialog's corner; a problem with the file
    matters more than the dialog and stays."""
    app = make_app(store)  # no file yet: the first run
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: any("Your data lives in" in t for t in texts(app)))
        await pilot.press("4", "a")
        await wait_for(pilot, lambda: isinstance(app.screen, ActionDialog))
        assert texts(app) == []
        await pilot.press("escape")
        app.notify("the data file is busy", severity="warning")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ActionDialog))
        assert texts(app) == ["the data file is busy"]


async def test_space_logs_a_check_and_enter_a_count(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await select(pilot, "really-feeling")
        await pilot.press("space")
        await pilot.pause()
        assert texts(app) == ["Nice, that counts. How are you, really?"]
        await select(pilot, "compliment")
        await pilot.press("enter")
        assert entries(store) == [("really-feeling", 1), ("compliment", 1)]
        await pilot.pause()
        assert texts(app) == ["Tiny is enough. Heartfelt compliment: 1 so far."]  # one, updated
        await select(pilot, "really-feeling")
        await pilot.press("space")  # a check counts once a day
        assert len(entries(store)) == 2


async def test_j_and_k_move_the_selection(app):
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(DataTable)
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1


async def test_minutes_dialog_typed_and_quick_choice(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await select(pilot, "phone-down")
        await pilot.press("space")
        assert isinstance(app.screen, MinutesDialog)
        await pilot.press("1", "h", "enter")
        assert entries(store) == [("phone-down", 60)]
        await pilot.press("space")
        await pilot.click("#quick-15")
        assert entries(store)[-1] == ("phone-down", 15)
        await pilot.press("space")
        await pilot.press("x", "enter")
        assert isinstance(app.screen, MinutesDialog)
        assert "not an amount" in str(app.screen.query_one(".error", Static).render())
        await pilot.press("escape")
        assert len(entries(store)) == 2


async def test_plus_and_minus_adjust(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await select(pilot, "compliment")
        await pilot.press("plus", "plus", "minus")
        assert sum(a for _, a in entries(store)) == 1
        await select(pilot, "phone-down")
        await pilot.press("plus", "plus")
        assert [a for i, a in entries(store) if i == "phone-down"] == [5, 5]
        await pilot.press("minus")
        assert [a for i, a in entries(store) if i == "phone-down"] == [5]


async def test_note_on_the_days_entry(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await select(pilot, "compliment")
        await pilot.press("space", "n")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"her laugh", "enter")
        [entry] = Store(store.path).day(TODAY).entries
        assert (entry.amount, entry.note) == (1, "her laugh")
        await pilot.pause()
        assert "Notes Heartfelt compliment: her laugh" in str(app.screen.query_one("#notes").render())


async def test_the_days_notes_show_whichever_action_is_selected(app, store):
    operations.log(store, "compliment", note="her laugh")
    operations.log(store, "phone-down", 20, note="walk by the river")
    async with app.run_test(size=(100, 30)) as pilot:
        await select(pilot, "really-feeling")  # no note of its own
        notes = str(app.screen.query_one("#notes").render())
        assert "Heartfelt compliment: her laugh" in notes and "Phone-down time: walk by the river" in notes
        await select(pilot, "phone-down")
        notes = str(app.screen.query_one("#notes").render())
        assert notes.index("walk by the river") < notes.index("her laugh")  # the selected one first


async def test_a_note_on_an_empty_day_says_it_logs_one_and_keys_stay_in_the_dialog(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await select(pilot, "compliment")
        await pilot.press("n")
        assert isinstance(app.screen, NoteDialog)
        assert "saving logs it once" in str(app.screen.query_one(".explain").render())
        await pilot.press(*"r u ok", "enter")  # r and space are text here, not commands
        [entry] = Store(store.path).day(TODAY).entries
        assert (entry.action, entry.amount, entry.note) == ("compliment", 1, "r u ok")
        assert Store(store.path).day(TODAY).rests == []


async def test_a_note_on_an_empty_minutes_day_asks_the_minutes_too(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await select(pilot, "phone-down")
        await pilot.press("n", *"abc", "enter", *"a walk", "enter")
        assert isinstance(app.screen, NoteDialog)  # "abc" is not minutes: it says so, stays
        assert Store(store.path).day(TODAY).entries == []
        app.screen.query_one("#minutes").value = "25"
        await pilot.press("enter", "enter")  # on to the note, then save
        [entry] = Store(store.path).day(TODAY).entries
        assert (entry.action, entry.amount, entry.note) == ("phone-down", 25, "a walk")


async def test_rest_for_one_and_for_all_and_lifting_it(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await select(pilot, "check-in")
        await pilot.press("r")
        assert [r.action for r in Store(store.path).day(TODAY).rests] == ["check-in"]
        await pilot.press("r")
        assert Store(store.path).day(TODAY).rests == []
        await pilot.press("R")
        assert [r.action for r in Store(store.path).day(TODAY).rests] == [None]
        assert app.screen.rows[0].today.state == "rest"


async def test_undo_says_what_it_undid(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await select(pilot, "compliment")
        await pilot.press("space", "u")
        assert entries(store) == []
        assert any("Undid Heartfelt compliment" in t for t in texts(app))


async def test_brackets_fill_in_earlier_days_never_the_future(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right_square_bracket")
        assert app.screen.day is None
        await pilot.press("left_square_bracket", "left_square_bracket")
        await select(pilot, "compliment")
        await pilot.press("space")
        assert entries(store, TODAY - timedelta(days=2)) == [("compliment", 1)]
        assert "Filling in" in str(app.screen.query_one("#day-line", Static).render())
        await pilot.press("t")
        assert app.screen.day is None and entries(store) == []


async def test_timer_survives_reopening_and_logs_minutes(store, clock):
    store.ensure_saved()
    first = make_app(store)
    async with first.run_test(size=(100, 30)) as pilot:
        await select(pilot, "phone-down")
        await pilot.press("p")
        assert first.screen.query_one("#timer", Static).display
    clock.value += timedelta(minutes=25)
    second = make_app(Store(store.path, now=clock))
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Phone-down time: 0:25:00" in str(second.screen.query_one("#timer", Static).render())
        await pilot.press("p")
        assert isinstance(second.screen, MinutesDialog)
        assert second.screen.query_one(Input).value == "25"  # counted, ready to correct
        await pilot.press("enter")
        assert entries(store) == [("phone-down", 25)]
        assert timer.running(Store(store.path)) is None


async def test_stopping_the_timer_lets_the_minutes_be_corrected(app, store, clock):
    async with app.run_test(size=(100, 30)) as pilot:
        await select(pilot, "phone-down")
        await pilot.press("p")
        clock.value += timedelta(minutes=40)
        await pilot.press("p")
        await pilot.press("escape")  # changed their mind: it runs on
        assert timer.running(Store(store.path)) is not None
        await pilot.press("p")
        app.screen.query_one(Input).value = "30"  # the last ten minutes were the phone again
        await pilot.press("enter")
        assert entries(store) == [("phone-down", 30)]


async def test_a_timer_left_running_for_hours_asks_first(app, store, clock):
    async with app.run_test(size=(100, 30)) as pilot:
        await select(pilot, "phone-down")
        await pilot.press("p")
        clock.value += timedelta(hours=5)
        await pilot.press("p")
        assert isinstance(app.screen, MinutesDialog)
        assert "left running, perhaps?" in str(app.screen.query_one(".title").render())
        await pilot.click("#discard")
        assert entries(store) == [] and timer.running(Store(store.path)) is None


# -- moving around -------------------------------------------------------------------------

async def test_number_keys_switch_screens_and_help(app):
    async with app.run_test(size=(100, 30)) as pilot:
        for key, screen in (("2", WeekScreen), ("3", HistoryScreen), ("4", ActionsScreen),
                            ("1", TodayScreen)):
            await pilot.press(key)
            assert isinstance(app.screen, screen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


async def test_the_other_screens_are_ready_before_their_first_switch(app, monkeypatch):
    """Once Today is complete the other screens are imported and their style sheets read, so
    a first switch neither reads a style sheet nor restyles the whole app (most of its time),
    and each screen still looks as its style sheet says."""
    from screens.app import LATER_SCREENS
    from screens.compat import style_sheet_paths

    async with app.run_test(size=(100, 30)) as pilot:
        classes = [getattr(importlib.import_module(f"screens.{m}"), n) for m, n in LATER_SCREENS]

        def ready() -> bool:
            return all(app.stylesheet.has_source(str(path), "") for c in classes
                       for path in style_sheet_paths(c))

        await wait_for(pilot, ready)
        parsed = []
        reparse = app.stylesheet.reparse
        monkeypatch.setattr(app.stylesheet, "reparse", lambda: parsed.append(1) or reparse())
        for key, screen in (("2", WeekScreen), ("3", HistoryScreen), ("4", ActionsScreen)):
            await pilot.press(key)
            assert isinstance(app.screen, screen)
        assert parsed == []
        # actions.tcss sets the height of its first line and the muted colour of its detail
        assert app.screen.query_one("#actions-line").styles.height.value == 1
        assert app.screen.query_one("#detail").styles.max_height.value == 4


async def test_command_palette_reaches_screens_and_actions(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        from textual.command import CommandList

        async def run_command(text: str) -> None:
            await pilot.press("ctrl+p", *text)
            await wait_for(pilot, lambda: app.screen.query(CommandList)
                           and app.screen.query_one(CommandList).option_count > 0)
            await pilot.press("enter")

        await run_command("Week")
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen))
        await run_command("Log: Heartfelt")
        await wait_for(pilot, lambda: entries(store) == [("compliment", 1)])


async def test_week_moves_between_weeks(app, store):
    operations.log(store, "compliment", day=TODAY - timedelta(days=7))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        line = lambda: str(app.screen.query_one("#week-line", Static).render())
        assert "This week" in line() and "23 Nov" in line()
        await pilot.press("left")
        assert "16 Nov" in line() and "1/7" in line()
        await pilot.press("right_square_bracket")
        assert "This week" in line()
        await pilot.press("right")
        assert "This week" in line()  # never into the future
        await pilot.press("left_square_bracket", "t")
        assert "This week" in line()


async def test_history_moves_between_actions_and_years(app, store):
    operations.log(store, "compliment", day=date(2025, 6, 1))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        title = lambda: str(app.screen.query_one("#title", Static).render())
        assert "All actions" in title() and "2026" in title()
        await pilot.press("down")
        assert "Phone-down time" in title()
        await pilot.press("up", "up")
        assert "Weekly check-in" in title()
        await pilot.press("left")
        assert "2025" in title()
        await pilot.press("right", "right")
        assert "2026" in title()


# -- actions -------------------------------------------------------------------------------

async def test_the_actions_dialog_shows_the_real_error_and_names_like_the_catalogue(app, store):
    operations.log(store, "compliment")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4", "a")
        app.screen.query_one("#name", Input).value = "Specific thanks"  # a catalogue name
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ActionsScreen))
        added = next(a for a in Store(store.path).actions() if a.name == "Specific thanks")
        assert added.languages == ("words",)  # as `reconnect actions add` gives it
        ids = [a.id for a in Store(store.path).actions()]
        app.screen.query_one(DataTable).move_cursor(row=ids.index("compliment"))
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ActionDialog))
        app.screen.query_one("#kind", Select).value = "minutes"
        await pilot.press("enter")  # not a word about "Days of 7": the rule that refused it
        await wait_for(pilot, lambda: "entries" in str(app.screen.query_one(".error", Static).render()))
        error = str(app.screen.query_one(".error", Static).render())
        assert "already has entries" in error and "Days of 7" not in error
        app.screen.query_one("#kind", Select).value = "count"
        app.screen.query_one("#per", Select).value = "day"  # a goal per day: its days apply
        await pilot.pause()
        app.screen.query_one("#days", Input).value = "five"
        await pilot.press("enter")
        assert "Days of 7 is a whole number from 1 to 7" in str(app.screen.query_one(".error", Static).render())


async def test_add_edit_archive_reorder_and_enable(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4", "a")
        assert isinstance(app.screen, ActionDialog)
        await pilot.press("enter")  # an empty name: the dialog says so and stays
        assert "cannot be empty" in str(app.screen.query_one(".error", Static).render())
        app.screen.query_one("#name", Input).value = "Hug at the door"
        await pilot.press("enter")
        ids = [a.id for a in Store(store.path).actions()]
        assert ids[-1] == "hug-at-the-door"
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=5)
        await pilot.press("K")
        assert [a.id for a in Store(store.path).actions()][4] == "hug-at-the-door"
        await pilot.press("e")
        app.screen.query_one("#name", Input).value = "Long hug"
        app.screen.query_one("#languages", Input).value = "hugs"
        await pilot.press("enter")  # not a love language: said, nothing saved
        assert "hugs" in str(app.screen.query_one(".error", Static).render())
        assert not any(a.name == "Long hug" for a in Store(store.path).actions())
        app.screen.query_one("#languages", Input).value = "touch"
        await pilot.press("enter")
        assert any(a.name == "Long hug" and a.languages == ("touch",) for a in Store(store.path).actions())
        assert "love languages: touch" in str(app.screen.query_one("#detail", Static).render())
        await pilot.press("x")
        hug = next(a for a in Store(store.path).actions() if a.id == "hug-at-the-door")
        assert hug.archived
        await pilot.press("c")
        assert isinstance(app.screen, CatalogueDialog)
        await pilot.press("enter")
        assert any(a.id == "thanks" for a in Store(store.path).actions())


# -- the data file -------------------------------------------------------------------------

async def test_a_cli_write_appears_while_the_app_is_open(app, store, clock):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        operations.log(Store(store.path, now=clock), "compliment")
        await wait_for(pilot, lambda: next(
            r for r in app.screen.rows if r.id == "compliment").today.amount == 1)


@pytest.mark.parametrize("saves", [2, 1])
async def test_a_broken_file_offers_the_repair_in_words_that_say_what_it_does(store, saves):
    """With a backup, the repair restores it; without one (the first save has nothing to back
    up), the button said "Restore the newest backup" too, where the advice above it said there
    is none: what it does then is set the file aside and start afresh."""
    for _ in range(saves):
        operations.log(store, "compliment")
    store.path.write_bytes(b"\x00\x00")
    broken = make_app(Store(store.path))
    async with broken.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(broken.screen, RepairDialog))
        assert str(broken.screen.query_one("#repair", Button).label) == (
            "Restore the newest backup" if saves == 2 else "Set it aside and start afresh")
        await pilot.click("#repair")
        await wait_for(pilot, lambda: isinstance(broken.screen, TodayScreen))
        assert len(Store(store.path).day(TODAY).entries) == saves - 1
        assert saves == 2 or any(t.startswith("No good backup: started a new file.") for t in texts(broken))
    assert [p.read_bytes() for p in store.path.parent.glob("*.corrupt-*")] == [b"\x00\x00"]


async def test_a_file_damaged_while_open_is_said_even_when_a_quiet_read_meets_it_first(store, clock):
    """Today's timer tick reads the file every second and keeps quiet about a problem (the
    watch says it). When it met the damage first, its failed read left the file unread and
    the watch took that for the first look still going on: it looked away for good. The
    Pilot tests' short watch always came first; the default (0.5 s) often did not."""
    operations.log(store, "compliment")
    app = make_app(Store(store.path, now=clock))  # every default
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.store.loaded and app.screen.drawn is not None)
        store.path.write_bytes(b'{"actions": {"1": {"id": "compliment", "name"')
        assert app.read(lambda: timer.running(app.store), quiet=True) is None  # the tick, first
        assert not app.store.loaded
        await wait_for(pilot, lambda: isinstance(app.screen, RepairDialog))


async def test_a_file_repaired_from_outside_is_drawn_and_watched_again(store, clock):
    """Damaged when the app opened, then put right from another terminal (a restore): the
    screen that could not be drawn is drawn, and later writes show as ever."""
    operations.log(store, "compliment")
    good = store.path.read_bytes()
    store.path.write_bytes(b"{\"cut")
    app = make_app(Store(store.path, now=clock))  # every default
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RepairDialog))
        await pilot.press("escape")
        assert not app.screen.rows
        store.path.write_bytes(good)
        await wait_for(pilot, lambda: [r.id for r in app.screen.rows][:3] == ["phone-down", "really-feeling",
                                                                             "compliment"])
        operations.log(Store(store.path, now=clock), "compliment")
        await wait_for(pilot, lambda: next(r for r in app.screen.rows if r.id == "compliment").today.amount == 2)


async def test_the_repair_dialog_goes_when_the_file_is_put_right_from_outside(store, clock):
    """`reconnect check --repair` in another terminal while the dialog asks: it asked about a
    file that is no longer damaged, so it goes, and the file is drawn."""
    operations.log(store, "compliment")
    good = store.path.read_bytes()
    store.path.write_bytes(b"{\"cut")
    app = make_app(Store(store.path, now=clock))  # every default
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RepairDialog))
        store.path.write_bytes(good)
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen) and app.screen.rows)
        assert next(r for r in app.screen.rows if r.id == "compliment").today.amount == 1


async def test_a_busy_file_is_a_message_not_a_crash(app, store):
    from tracker.store import lock as filelock

    store.lock_timeout = 0.1
    async with app.run_test(size=(100, 30)) as pilot:
        with filelock.locked(store.path):
            await select(pilot, "compliment")
            await pilot.press("space")
        assert any("busy" in t for t in texts(app))
        assert entries(store) == []


async def test_a_new_day_starting_refreshes_today(app, store, clock):
    operations.log(store, "compliment")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert next(r for r in app.screen.rows if r.id == "compliment").today.amount == 1
        clock.value += timedelta(days=1)  # past day_start: a new logical day
        await wait_for(pilot, lambda: next(
            r for r in app.screen.rows if r.id == "compliment").today.amount == 0)
        assert "Thursday 26 November" in str(app.screen.query_one("#day-line", Static).render())


async def test_a_damaged_day_found_after_the_first_screen_offers_the_repair(store, clock):
    operations.log(store, "compliment", day=TODAY - timedelta(days=40))
    operations.log(store, "compliment")
    data = orjson.loads(store.path.read_bytes())
    old = str((TODAY - timedelta(days=40)).toordinal())
    data["days-2026"][old]["entries"][0]["amount"] = -1  # a day the first screen does not read
    store.path.write_bytes(serialize(data))  # in the layout Reconnect writes
    before = store.path.read_bytes()
    app = make_app(Store(store.path, now=clock))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RepairDialog))
        await pilot.press("escape")
        await select(pilot, "compliment")
        await pilot.press("space")  # a write is refused: the file stays as it is
    assert store.path.read_bytes() == before


async def test_no_color_keeps_every_meaning_in_symbols(store, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    operations.log(store, "compliment")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.no_color
        table = app.screen.query_one(DataTable)
        assert str(table.get_row("compliment")[0]) == "●" and str(table.get_row("phone-down")[0]) == "○"


async def test_first_frame_from_a_quick_look_then_the_full_read(store, clock):
    operations.log(store, "compliment", day=TODAY - timedelta(days=1))
    operations.log(store, "compliment", day=TODAY - timedelta(days=8))
    operations.log(store, "compliment")
    fresh = Store(store.path, now=clock)  # as when the app starts: nothing read yet
    looks = []
    glance = fresh.glance
    fresh.glance = lambda since: looks.append(glance(since)) or looks[-1]  # type: ignore[method-assign]
    app = make_app(fresh)
    async with app.run_test(size=(100, 30)) as pilot:
        assert looks and looks[0] is not None  # the first frame came from the quick look
        row = lambda: next(r for r in app.screen.rows if r.id == "compliment")
        assert row().today.amount == 1 and row().period.progress == 2
        await wait_for(pilot, lambda: fresh.loaded and row().strength is not None)
        assert row().strength > 0 and row().streak is not None


async def test_undo_after_a_note_steps_back_the_note_only(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await select(pilot, "compliment")
        await pilot.press("space", "n")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteDialog))
        await pilot.press(*"hello", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, NoteDialog))
        assert [e.note for e in Store(store.path).day(TODAY).entries] == ["hello"]
        await pilot.press("u")
        assert [e.note for e in Store(store.path).day(TODAY).entries] == [None]
        assert any("Undid the note on Heartfelt compliment" in t for t in texts(app))


async def test_a_file_repairable_in_place_also_offers_the_newest_backup(store):
    operations.log(store, "compliment")
    operations.log(store, "really-feeling")
    data = orjson.loads(store.path.read_bytes())
    data["settings"]["1"]["day_start"] = "four"  # fixable in place
    store.path.write_bytes(serialize(data))
    broken = make_app(Store(store.path))
    async with broken.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(broken.screen, RepairDialog))
        await pilot.click("#restore")
        await wait_for(pilot, lambda: isinstance(broken.screen, TodayScreen))
        assert [e.action for e in Store(store.path).day(TODAY).entries] == ["compliment"]
        assert any("Restored" in text for text in texts(broken))
    assert list((store.path.parent / "backups").glob("*.before-restore.*.json"))


async def test_the_action_dialog_shows_only_the_fields_that_apply(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "a")
        dialog = app.screen
        assert dialog.query_one("#days", Input).display  # per day: its days apply
        dialog.query_one("#days", Input).value = "nonsense"
        dialog.query_one("#per", Select).value = "week"
        await pilot.pause()
        assert not dialog.query_one("#days", Input).display  # hidden, and what it held is not read
        dialog.query_one("#name", Input).value = "Date night"
        dialog.query_one("#amount", Input).value = "1"
        await pilot.press("enter")
        date_night = next(a for a in Store(store.path).actions() if a.name == "Date night")
        assert (date_night.goal.amount, date_night.goal.per) == (1, "week")
        await pilot.press("a")
        app.screen.query_one("#per", Select).value = "none"
        await pilot.pause()
        assert not app.screen.query_one("#amount", Input).display


async def test_g_goes_to_a_day_on_today_week_and_history(app, store):
    from screens.dialogs import DayDialog

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g")
        assert isinstance(app.screen, DayDialog)
        await pilot.press(*"next year", "enter")  # a bad day: one quiet line, the dialog stays
        assert isinstance(app.screen, DayDialog)
        assert str(app.screen.query_one(".error", Static).render())
        app.screen.query_one("#day", Input).value = "3 days ago"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        assert app.screen.shown_day == TODAY - timedelta(days=3)
        await select(pilot, "compliment")
        await pilot.press("space")  # logs on that day
        assert [e.action for e in Store(store.path).day(TODAY - timedelta(days=3)).entries]
        await pilot.press("2", "g", *"2026-11-03", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen))
        assert app.screen.day == date(2026, 11, 3)
        await pilot.press("3", "g", *"2025-06-01", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        assert app.screen.year == 2025


async def test_the_app_says_once_when_no_backup_can_be_kept(app, store):
    folder = store.path.parent / "backups"
    said = f"No backup can be kept: {folder} is not a folder; move it away so that backups can be kept."
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        if folder.is_dir():
            import shutil

            shutil.rmtree(folder)
        folder.write_text("not a folder")  # the folder it sits in changes: the watch looks again
        await wait_for(pilot, lambda: said in texts(app))
        (store.path.parent / "other.txt").write_text("the folder changes again")
        await pilot.pause(0.3)
        assert texts(app).count(said) == 1  # once while it is so
