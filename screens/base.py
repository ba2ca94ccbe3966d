"""What every top-level screen shares: it loads its data when shown and when the file changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import ParamSpec, Protocol, TypeVar, cast

from rich.text import Text
from textual.binding import Binding
from textual.notifications import Notification, SeverityLevel
from textual.screen import Screen
from textual.widgets import DataTable

from screens.compat import hide_notice, show_notice_now, shown_notices
from tracker.config.keys import BY_ID, shown
from tracker.config.settings_toml import AppConfig
from tracker.domain.model import Settings
from tracker.errors import ReconnectError
from tracker.store.store import Store
from tracker.views.text import fit_widths

T = TypeVar("T")
P = ParamSpec("P")


class Host(Protocol):
    """What the screens need of the app (screens/app.py), without importing it: the store,
    the clock, the look and keys, and the one guarded way to read and write."""

    store: Store
    config: AppConfig

    def today(self, settings: Settings | None = None) -> date: ...

    def read(self, fn: Callable[[], T], quiet: bool = False) -> T | None: ...

    def change(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None: ...

    def change_in_dialog(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None: ...

    def show_problem(self, error: ReconnectError) -> None: ...

    def prepare_screens(self) -> None: ...

class FirstUse:
    """The module ``name``, imported when one of its names is first read."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str) -> object:
        from importlib import import_module

        return getattr(import_module(self._name), attribute)


# a DataTable pads each cell by one on either side; two more for a vertical scrollbar
CELL_PADDING, SCROLLBAR = 2, 2


def bind(binding_id: str, action: str, *, show: bool = True, priority: bool = False,
         group: Binding.Group | None = None) -> Binding:
    """The binding ``binding_id`` of tracker/config/keys.py (its keys and words) for ``action``."""
    key = BY_ID[binding_id]
    return Binding(key.keys, action, key.description, show=show, priority=priority, group=group,
                   id=binding_id)


@dataclass(frozen=True)
class Column:
    """A column of a screen's table; ``minimum`` keeps room for what is filled in later."""

    label: str
    key: str
    minimum: int = 0


class DataScreen(Screen[None]):
    """A screen over the store. ``refresh_data`` reads it again and redraws."""

    # j/k beside ↑↓ for a screen whose list is a DataTable
    VIM_KEYS = [
        bind("nav.down", "cursor(1)", show=False),
        bind("nav.up", "cursor(-1)", show=False),
    ]

    NAME = ""  # the screen's name in tracker/config/keys.py ("Today")
    _shown: tuple[date, int] | tuple[()] | None = None  # None: never shown; (): unknown

    @property
    def host(self) -> Host:
        """The app, as the screens use it."""
        return cast(Host, self.app)

    @property
    def ready(self) -> bool:
        """Whether the screen has been drawn once: before that (a mode just switched to, its
        widgets still being mounted) only its own first show may read and draw."""
        return self._shown is not None

    def go_to(self, day: date) -> None:
        """Show ``day`` (a screen that can: Today, Week, History)."""

    def action_go(self) -> None:
        """Ask for a day in any form ``--day`` takes, and go there."""
        from screens.dialogs import DayDialog
        from tracker.domain.days import parse_day

        today = self.host.today()

        def gone(day: date | None) -> None:
            if day is not None:
                self.go_to(day)
                self.refresh_data()

        self.app.push_screen(DayDialog(lambda text: parse_day(text, today, "that day has not happened yet")), gone)

    def key(self, binding_id: str) -> str:
        """The keys of ``binding_id`` as the user's keymap has them, for a hint ("a", "f1")."""
        return shown(self.host.config.keys.get(binding_id, BY_ID[binding_id].keys))

    def on_screen_resume(self) -> None:
        # Fires on the first show too (Textual 8): the one place data is loaded. It can fire
        # twice in a row; redraw only when the data or the day changed since the last time.
        if self._shown is None:  # the first show
            self._shown = ()
            self.refresh_data()
            self.mark_shown()
            return
        if not self.host.store.loaded:
            return  # still the first look at the file; the store's own read follows
        shown = self._current()
        if not shown or shown != self._shown:
            self._shown = shown
            self.refresh_data()

    def _current(self) -> tuple[date, int] | tuple[()]:
        app = self.host
        try:
            return (app.today(), app.store.version)
        except ReconnectError:
            return ()  # refresh_data reads again and reports the problem

    @property
    def drawn(self) -> tuple[date, int] | None:
        """The day and the store's version the screen last drew, once known."""
        return self._shown or None

    def mark_shown(self) -> None:
        """Remember the data and day now on the screen (once the file has been read)."""
        if self.host.store.loaded:
            self._shown = self._current()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast that takes the place of the last one (pressing + five times shows one
        notice, updated, not five; the app's welcome gives way to what the user just did); a
        warning stays until it times out. Its text is literal: it holds names the user wrote."""
        self.hide_notice()
        for shown in shown_notices(self.app):
            if shown.severity == "information":
                hide_notice(self.app, shown)
        notice = Notification(message, title, severity,
                              self.app.NOTIFICATION_TIMEOUT if timeout is None else timeout,
                              markup=markup)
        self._notice = notice
        show_notice_now(self.app, notice)  # (keys typed quickly must not pile toasts up)

    _notice: Notification | None = None

    def hide_notice(self) -> None:
        """Take this screen's notice away (before a dialog, whose input it could cover)."""
        notice, self._notice = self._notice, None
        if notice is not None:
            hide_notice(self.app, notice)

    def refresh_data(self) -> None:
        """Read the store and redraw; overridden by each screen."""

    def refill(self, columns: list[Column], rows: list[tuple[str, list[str]]],
               select: str | None = None, name: int = 0) -> None:
        """Replace the rows of the screen's table (key, cells), keeping the selection where it
        was, or moving it to the row ``select``. Columns are as wide as what they hold; the
        name column (index ``name``) takes the room left, so a name is cut only when the
        terminal is too narrow for it."""
        self._table_spec = (columns, rows, name)
        table = self.query_one(DataTable)
        room = (self.size.width or self.app.size.width) - SCROLLBAR - CELL_PADDING * len(columns)
        widths = fit_widths([[c.label for c in columns], *(cells for _, cells in rows)],
                            room, name, gap=0, minimum={i: c.minimum for i, c in enumerate(columns)})
        layout = [(c.label, c.key, w) for c, w in zip(columns, widths)]
        row = table.cursor_row
        keys = [key for key, _ in rows]
        shown, self._shown_rows = self._shown_rows, rows
        if layout == self._layout and shown is not None and [key for key, _ in shown] == keys:
            # the same rows and columns ([ and ] on a screen): change only the cells that differ
            for (key, cells), (_, before) in zip(rows, shown):
                for (_, column, _), cell, old in zip(layout, cells, before):
                    if cell != old:
                        table.update_cell(key, column, literal_cells([cell])[0])
        else:
            if layout != self._layout:
                self._layout = layout
                table.clear(columns=True)
                for label, key, width in layout:
                    table.add_column(label, width=width, key=key)
            else:
                table.clear()  # resets the cursor to the first row
            for key, cells in rows:
                table.add_row(*literal_cells(cells), key=key)
        if select in keys:
            row = keys.index(select)
        if rows:
            table.move_cursor(row=min(row, len(rows) - 1))

    _layout: list[tuple[str, str, int]] | None = None
    _shown_rows: list[tuple[str, list[str]]] | None = None
    _table_spec: tuple[list[Column], list[tuple[str, list[str]]], int] | None = None

    def on_resize(self) -> None:
        # the name column follows the terminal's width
        if self._table_spec is not None:
            self.refill(*self._table_spec[:2], name=self._table_spec[2])

    def action_cursor(self, step: int) -> None:
        """Move the selection of the screen's list by ``step`` rows."""
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))


class WeekPaging(DataScreen):
    """A screen showing one week at a time (Week, Reflect): ``[`` ``]`` move between weeks,
    never past this one, and ``t`` comes back to it."""

    day: date | None = None  # a day of the week shown; None: this week

    def shown_week_day(self) -> date:
        """A day of the week on the screen (today, for this week)."""
        today = self.host.today()
        return min(self.day or today, today)

    def action_move_week(self, step: int) -> None:
        from datetime import timedelta

        from tracker.domain.days import week_bounds

        today = self.host.today()
        day = self.shown_week_day() + timedelta(days=7 * step)
        start, end = week_bounds(day, self.host.store.settings().week_start)
        if start > today:
            self.notify("That week has not happened yet.")
            return
        self.day = None if start <= today <= end else day
        self.refresh_data()

    def go_to(self, day: date) -> None:
        self.day = None if day == self.host.today() else day

    def action_this_week(self) -> None:
        self.day = None
        self.refresh_data()


def literal_cells(cells: list[str]) -> list[Text]:
    """Table cells shown exactly as written: a DataTable reads a plain string as markup, and a
    name like ``[bold]x[/]`` or ``a[/]`` must neither style the table nor break it."""
    return [Text(cell, no_wrap=True, overflow="ellipsis") for cell in cells]
