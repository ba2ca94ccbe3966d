"""What every top-level screen shares: it loads its data when shown and when the file changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import DataTable

from tracker.errors import ReconnectError

if TYPE_CHECKING:
    from screens.app import ReconnectApp


class DataScreen(Screen[None]):
    """A screen over the store. ``refresh_data`` reads it again and redraws."""

    # j/k beside ↑↓ for a screen whose list is a DataTable
    VIM_KEYS = [
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
    ]

    _shown: tuple[object, ...] | None = None

    @property
    def reconnect(self) -> ReconnectApp:
        return cast("ReconnectApp", self.app)

    def on_screen_resume(self) -> None:
        # Fires on the first show too (Textual 8): the one place data is loaded. It can fire
        # twice in a row; redraw only when the data or the day changed since the last time.
        if self._shown is None:  # the first show
            self._shown = ()
            self.refresh_data()
            self.mark_shown()
            return
        if not self.reconnect.store.storage.loaded:
            return  # still the first look at the file; its full read follows
        shown = self._current()
        if not shown or shown != self._shown:
            self._shown = shown
            self.refresh_data()

    def _current(self) -> tuple[object, ...]:
        app = self.reconnect
        try:
            return (app.today(), app.store.storage.generation)
        except ReconnectError:
            return ()  # refresh_data reads again and reports the problem

    def mark_shown(self) -> None:
        """Remember the data and day now on the screen (once the file has been read)."""
        if self.reconnect.store.storage.loaded:
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
        """A toast. Its text is literal: messages hold names the user wrote."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def refresh_data(self) -> None:
        """Read the store and redraw; overridden by each screen."""

    def refill(self, rows: list[tuple[str, list[str]]], select: str | None = None) -> None:
        """Replace the rows of the screen's list (key, cells), keeping the selection where it
        was, or moving it to the row ``select``."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()  # resets the cursor to the first row
        for key, cells in rows:
            table.add_row(*literal_cells(cells), key=key)
        keys = [key for key, _ in rows]
        if select in keys:
            row = keys.index(select)
        if rows:
            table.move_cursor(row=min(row, len(rows) - 1))

    def action_cursor(self, step: int) -> None:
        """Move the selection of the screen's list by ``step`` rows."""
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))


def literal_cells(cells: list[str]) -> list[Text]:
    """Table cells shown exactly as written: a DataTable reads a plain string as markup, and a
    name like ``[bold]x[/]`` or ``a[/]`` must neither style the table nor break it."""
    return [Text(cell, no_wrap=True, overflow="ellipsis") for cell in cells]
