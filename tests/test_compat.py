"""The private APIs of Textual that screens/compat.py uses: an upgrade that changes one fails
here first, and the app's way out of an error nothing handled, as a user meets it."""

from __future__ import annotations

import inspect
import subprocess
import sys
import textwrap
from pathlib import Path

from textual.app import App
from textual.notifications import Notification

from screens import compat


def test_the_private_apis_are_still_there_with_their_shapes():
    assert list(inspect.signature(App._on_notify).parameters) == ["self", "event"]
    assert list(inspect.signature(App._unnotify).parameters)[:2] == ["self", "notification"]
    assert list(inspect.signature(App._fatal_error).parameters) == ["self"]
    source = inspect.getsource(App._handle_exception)
    assert "self._exception = error" in source and "self._fatal_error()" in source


def test_a_screens_style_sheets_are_found_where_textual_finds_them():
    from screens.actions import ActionsScreen
    from screens.week import WeekScreen

    for screen in (WeekScreen, ActionsScreen):
        assert compat.style_sheet_paths(screen) == screen().css_path


async def test_a_new_screen_marked_as_styled_is_shown_without_restyling_the_app(monkeypatch):
    """Textual restyles the whole app when a screen it has not styled first shows; a screen
    marked with ``styled_as_the_app`` is not (and its widgets are still styled)."""
    from textual.screen import Screen
    from textual.widgets import Static

    class Plain(Screen[None]):
        DEFAULT_CSS = "Plain Static { height: 3; }"

        def compose(self):
            yield Static("x")

    source = inspect.getsource(App._init_mode) + inspect.getsource(App.switch_mode)
    assert "screen._css_update_count != self._css_update_count" in source
    for marked in (False, True):
        class Modes(App[None]):
            MODES = {"plain": lambda: compat.styled_as_the_app(Plain()) if marked else Plain()}

        app = Modes()
        async with app.run_test() as pilot:
            await pilot.pause()
            parsed = []
            reparse = app.stylesheet.reparse
            monkeypatch.setattr(app.stylesheet, "reparse", lambda: parsed.append(1) or reparse())
            app.switch_mode("plain")
            await pilot.pause()
            assert (parsed == []) is marked
            assert app.screen.query_one(Static).styles.height.value == 3


async def test_a_notice_is_shown_at_once_and_taken_away():
    app = App()
    async with app.run_test() as pilot:
        notice = Notification("hello", "", "information", 10)
        compat.show_notice_now(app, notice)
        assert [n.message for n in compat.shown_notices(app)] == ["hello"]
        compat.hide_notice(app, notice)
        await pilot.pause()
        assert compat.shown_notices(app) == []


CRASHING = textwrap.dedent("""
    import sys
    from screens.compat import OneLineErrors

    class Crash(OneLineErrors):
        def on_mount(self):
            self.set_timer(0.1, self.boom)

        def boom(self):
            raise {error}

    app = Crash()
    app.run(headless=True)
    sys.exit(app.return_code or 0)
""")


def crash(tmp_path: Path, error: str) -> subprocess.CompletedProcess[str]:
    """Run an app that raises ``error`` a moment after it starts."""
    script = tmp_path / "crash.py"
    script.write_text(CRASHING.format(error=error))
    env = {"XDG_STATE_HOME": str(tmp_path / "state"), "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, env=env)


def test_an_error_nothing_handled_is_one_line_and_exit_1(tmp_path):
    done = crash(tmp_path, 'ValueError("a note only the user may read")')
    assert done.returncode == 1
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("reconnect: error: unexpected problem (ValueError)")
    assert "a note only the user may read" not in done.stdout + done.stderr
    log = tmp_path / "state" / "reconnect" / "crash.log"
    assert "a note only the user may read" in log.read_text() and log.stat().st_mode & 0o077 == 0


def test_an_update_under_the_running_app_says_to_start_again(tmp_path):
    done = crash(tmp_path, 'ModuleNotFoundError("No module named screens.week")')
    assert done.returncode == 1
    assert "Reconnect was updated while it was open: start it again" in done.stdout + done.stderr
