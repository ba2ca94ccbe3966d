"""Keys as a person finds and changes them: the palette, help, settings.toml (issue 8)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from textual.command import CommandList

from screens.app import ReconnectApp, make_app
from screens.base import DataScreen
from screens.dialogs import MinutesDialog
from screens.help import HelpScreen, help_text
from tests.helpers import TODAY
from tests.test_app import entries, texts, wait_for
from tracker.config.keys import BY_ID, KEYS, clashes
from tracker.config.settings_toml import load_config
from tracker.store.store import Store


async def run_command(pilot, text: str) -> None:
    await pilot.press("ctrl+p", *text)
    await wait_for(pilot, lambda: pilot.app.screen.query(CommandList)
                   and pilot.app.screen.query_one(CommandList).option_count > 0)
    await pilot.press("enter")


def palette_prompts(app) -> list[str]:
    commands = next(p for p in app.COMMANDS if p.__name__ == "ReconnectCommands")
    return [name for name, _, _ in commands(app.screen).commands()]


@pytest.fixture
def app(store: Store) -> ReconnectApp:
    store.ensure_saved()
    return make_app(store)


async def test_the_palette_finds_every_key_of_the_screen(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        prompts = palette_prompts(app)
        for wanted in ("Today: Undo", "Today: Rest", "Today: Note", "Today: Timer", "Today: Log",
                       "Today: Earlier day", "Week", "History", "Actions", "Help",
                       "Log: Heartfelt compliment", "History: Weekly check-in"):
            assert wanted in prompts, wanted
        await run_command(pilot, "Today: Rest all")
        await wait_for(pilot, lambda: [r.action for r in Store(store.path).day(TODAY).rests] == [None])
        await run_command(pilot, "Today: Undo")
        await wait_for(pilot, lambda: Store(store.path).day(TODAY).rests == [])
        await run_command(pilot, "Week")
        await wait_for(pilot, lambda: getattr(app.screen, "NAME", "") == "Week")
        assert "Week: Earlier week" in palette_prompts(app)
        assert "Today: Undo" not in palette_prompts(app)


def test_every_binding_of_every_screen_is_in_the_key_table():
    from screens.action_page import ActionPageScreen
    from screens.actions import ActionsScreen
    from screens.history import HistoryScreen
    from screens.reflect import ReflectScreen
    from screens.today import TodayScreen
    from screens.week import WeekScreen

    bound = set()
    for owner in (ReconnectApp, TodayScreen, WeekScreen, HistoryScreen, ActionsScreen, ReflectScreen,
                  ActionPageScreen):
        for binding in owner.BINDINGS:
            assert binding.id in BY_ID, (owner.__name__, binding)
            key = BY_ID[binding.id]
            assert (binding.key, binding.description) == (key.keys, key.description)
            name = getattr(owner, "NAME", "Everywhere") or "Everywhere"
            assert name in key.where, (binding.id, name)
            bound.add(binding.id)
    assert bound == {key.id for key in KEYS}
    assert clashes({}) == []


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text)
    return path


async def test_settings_toml_remaps_keys_and_help_shows_the_new_ones(store, tmp_path):
    store.ensure_saved()
    config = load_config(write(tmp_path, 'theme = "nord"\n[keys]\n"today.log" = "l"\n'
                                         '"app.help" = "f1"\n'))
    assert config.problem is None
    app = make_app(store, config=config)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.theme == "nord"
        rows = app.screen.rows
        app.screen.query_one("#actions").move_cursor(row=[r.id for r in rows].index("compliment"))
        await pilot.press("l")
        assert entries(store) == [("compliment", 1)]
        await pilot.press("space")  # no longer bound to log
        assert entries(store) == [("compliment", 1)]
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        page = str(app.screen.query_one("#help Static").render())
        assert "  l " in page and "log one" in page and "f1" in page
        assert page.splitlines()[0].startswith("esc, f1, q closes this")  # the user's key, not "?"
        await pilot.press("f1")
        assert not isinstance(app.screen, HelpScreen)  # it closes with the key that opened it


@pytest.mark.parametrize(("text", "problem"), [
    ("theme = 3\n", "theme"),
    ("[keys]\n\"today.nope\" = \"x\"\n", "today.nope"),
    ("[keys]\n\"today.log\" = \"u\"\n", "u is both"),
    ("[keys]\n\"today.log\" = \"not a key!\"\n", "not a key name"),
    ("[keys\n", "settings.toml"),
    ("colour = 'red'\n", "colour"),
])
def test_a_bad_settings_file_is_one_problem_and_the_defaults(tmp_path, text, problem):
    config = load_config(write(tmp_path, text))
    assert config.problem is not None and problem in config.problem, config.problem
    assert config.keys == {} and config.theme is None
    assert "default" in config.problem


async def test_the_app_says_once_why_settings_were_not_used(store, tmp_path):
    store.ensure_saved()
    app = make_app(store, config=load_config(write(tmp_path, '[keys]\n"today.log" = "u"\n')))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert any("u is both" in text for text in texts(app))
        await pilot.press("space")  # the default key logs: the first row asks its minutes
        assert isinstance(app.screen, MinutesDialog)


async def test_an_unknown_theme_is_a_notice_and_the_default(store, tmp_path):
    store.ensure_saved()
    app = make_app(store, config=load_config(write(tmp_path, 'theme = "no-such-theme"\n')))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert any("no theme 'no-such-theme'" in text for text in texts(app))


def test_help_says_how_to_close_it_first_and_keeps_its_indents():
    lines = str(help_text({})).splitlines()
    assert lines[0].startswith("esc, ?, q closes this")
    assert any(line.startswith("  space ") and "log one" in line for line in lines)


@pytest.mark.parametrize("harm", ["damaged", "unreadable"])
async def test_every_key_on_every_screen_of_a_damaged_file_is_never_a_traceback(store, clock, harm):
    """The file is damaged while the app is open (another program wrote half of it), or can no
    longer be read at all (a FIFO in its place); the user closes the repair dialog and goes on
    pressing every key on every screen: each gives the dialog or a notice again, never a
    traceback, and the file stays as it is. Today comes from the store's clock, as in use:
    an injected day once hid that the Week screen read the file's day start unguarded."""
    from screens.compat import shown_notices
    from screens.dialogs import RepairDialog
    from tracker.operations import everyday as operations

    operations.log(store, "compliment")
    app = make_app(Store(store.path, now=clock), watch_interval=0.1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        if harm == "damaged":
            store.path.write_bytes(b'{"actions": {"1": {"id": "compliment", "name"')
            await wait_for(pilot, lambda: isinstance(app.screen, RepairDialog))
        else:
            store.path.unlink()
            os.mkfifo(store.path)
            await wait_for(pilot, lambda: any("not a regular file" in str(n.message) for n in shown_notices(app)))
        before = store.path.read_bytes() if harm == "damaged" else None

        async def close_dialogs() -> None:
            while not isinstance(app.screen, DataScreen):
                await pilot.press("escape")

        for number, name in (("1", "Today"), ("2", "Week"), ("3", "History"), ("4", "Actions"), ("5", "Reflect")):
            for key in KEYS:
                if name not in key.where and key.id != "app.help":
                    continue  # screen switches are pressed below; quit would end the test
                for keys in key.keys.split(","):
                    await close_dialogs()
                    await pilot.press(number)
                    await close_dialogs()
                    await pilot.press(keys)
                    assert app.is_running, (name, keys)
        assert app.return_code is None
    if harm == "damaged":
        assert store.path.read_bytes() == before
    else:
        assert stat.S_ISFIFO(store.path.stat().st_mode)


async def test_the_add_dialog_names_its_own_fields_in_errors(app, store):
    from textual.widgets import Input, Select, Static

    from screens.dialogs import ActionDialog

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4", "a")
        assert isinstance(app.screen, ActionDialog)
        app.screen.query_one("#name", Input).value = "Walk together"
        app.screen.query_one("#kind", Select).value = "minutes"
        app.screen.query_one("#per", Select).value = "week"
        app.screen.query_one("#name", Input).focus()
        await pilot.press("enter")
        error = str(app.screen.query_one(".error", Static).render())
        assert error == "Amount is needed for a goal per week" and "--" not in error


async def test_every_key_hint_comes_from_the_users_keymap(store, tmp_path):
    store.ensure_saved()
    config = load_config(write(tmp_path, '[keys]\n"actions.add" = "n"\n"today.today" = "home"\n'))
    assert config.problem is None
    app = make_app(store, config=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("left_square_bracket")  # yesterday: the way back is hinted
        assert "(home: back to today)" in str(app.screen.query_one("#day-line").render())
        await pilot.press("4")
        line = str(app.screen.query_one("#actions-line").render())
        assert "n add" in line and "a add" not in line


async def test_help_wraps_each_keys_words_under_themselves_at_80_columns(app):
    """A key's words too long for the page continue under its words, not under its key."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")

        def lines() -> list[str]:
            return str(app.screen.query_one("#help Static").render()).splitlines()

        def wrapped() -> bool:
            page = lines()
            at = next(n for n, line in enumerate(page) if line.startswith("  o "))
            return page[at + 1].startswith(" " * 12)

        await wait_for(pilot, wrapped)
        page = lines()
        at = next(n for n, line in enumerate(page) if line.startswith("  o "))
        column = page[at].index("the selected")
        assert page[at + 1][:column].strip() == "" and page[at + 1][column] != " "
        assert "notes" in page[at + 1] and all(len(line) <= 72 for line in page)
