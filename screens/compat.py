"""Every use of a private API of Textual (pinned in pyproject.toml), in one place.

Each is here because Textual 8.2 has no public call for what it does; ``tests/test_compat.py``
fails when an upgrade changes one, so that an upgrade is a change to this file only.
"""

from __future__ import annotations

import inspect
import os
import traceback
from pathlib import Path
from typing import Any, TypeVar

from textual.app import App
from textual.notifications import Notification, Notify
from textual.screen import Screen


def show_notice_now(app: App[Any], notice: Notification) -> None:
    """Add a toast at once, not through ``App.notify``'s message: keys typed quickly would
    otherwise replace a notice not shown yet, and the toasts would pile up after all."""
    app._on_notify(Notify(notice))


def hide_notice(app: App[Any], notice: Notification) -> None:
    """Take a toast away, if it is still shown."""
    if notice in app._notifications:
        app._unnotify(notice)


def shown_notices(app: App[Any]) -> list[Notification]:
    """The toasts on screen now, oldest first."""
    return list(app._notifications)


def style_sheet_paths(screen: type[Screen[object]]) -> list[Path]:
    """The style sheet files ``screen`` names, as Textual finds them (beside its module)."""
    named = screen.CSS_PATH
    paths = named if isinstance(named, list) else [] if named is None else [named]
    return [Path(inspect.getfile(screen)).parent / path for path in paths]


def read_style_sheets(app: App[object], screens: list[type[Screen[object]]]) -> None:
    """Read the style sheets of ``screens`` into ``app`` now, all at once: Textual reads a
    screen's on its first show (``App._load_screen_css``), and restyles the whole app then."""
    added = False
    for screen in screens:
        for path in style_sheet_paths(screen):
            if not app.stylesheet.has_source(str(path), ""):
                app.stylesheet.read(path)
                added = True
    if added:
        app.stylesheet.reparse()
        app.stylesheet.update(app)


S = TypeVar("S", bound=Screen[Any])


def styled_as_the_app(screen: S) -> S:
    """``screen``, marked as styled with the app's style sheet as it is now. Textual otherwise
    re-parses every style sheet and restyles every widget of the app when a new screen first
    shows (``App._init_mode``), though nothing changed; the screen's own widgets are styled
    as they mount either way."""
    screen._css_update_count = screen.app._css_update_count
    return screen


class OneLineErrors(App[None]):
    """An app that, on an error nothing handled, exits with code 1 and one line on the
    terminal (Textual's own prints a traceback with the values of its variables, which may
    hold the user's notes); the details go to a file only the user can read."""

    def _fatal_error(self) -> None:
        error = self._exception
        if error is None:  # (Textual calls this only after recording the error)
            super()._fatal_error()
            return
        log = crash_log(error)
        if isinstance(error, ImportError):
            line = ("Reconnect was updated while it was open: start it again "
                    "(nothing was lost; every change is saved as it is made).")
        else:
            where = f"; the details are in {log}" if log else ""
            line = f"unexpected problem ({type(error).__name__}){where}"
        from rich.segment import Segment, Segments

        # as segments: Rich wraps a Text to the terminal's width, and this is one line
        self.exit(return_code=1, message=Segments([Segment(f"reconnect: error: {line}")]))


def crash_log(error: BaseException) -> Path | None:
    """Write ``error``'s traceback to ``crash.log`` in the user state folder (owner only)."""
    from platformdirs import user_state_path

    path = user_state_path("reconnect", appauthor=False) / "crash.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write("".join(traceback.format_exception(error)))
    except OSError:
        return None
    return path
