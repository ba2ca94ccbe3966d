"""The Reconnect app. For now: today's actions at a glance; ``ctrl+q`` quits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from tracker import report
from tracker.errors import ReconnectError
from tracker.progress import SYMBOLS
from tracker.render import period_text, streak_text, today_text
from tracker.store import Store


class ReconnectApp(App[int]):
    """Opens on the data file of ``store``; ``today`` is the injected clock."""

    TITLE = "Reconnect"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="quit")]
    CSS = """
    #notice { padding: 0 1; color: $text-muted; }
    DataTable { height: 1fr; }
    """

    def __init__(self, store: Store, today: Callable[[], date] | None = None):
        super().__init__()
        self.store = store
        self.today = today or store.today

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="notice")
        yield DataTable(cursor_type="row", id="today")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("", width=1)
        table.add_column("Action", width=24)
        table.add_column("Today", width=12)
        table.add_column("This period", width=22)
        table.add_column("Streak", width=16)
        self.refresh_today()

    def refresh_today(self) -> None:
        notice = self.query_one("#notice", Static)
        try:
            first_run = not self.store.exists
            self.store.ensure_saved()
            today = self.today()
            data = report.status(
                self.store.actions(include_archived=False),
                self.store.history(),
                today,
                self.store.settings().week_start,
            )
        except ReconnectError as error:
            notice.update(f"{error}\nRun `reconnect check --repair` to restore the newest backup.")
            return
        if first_run:
            self.notify(f"Your data lives in {self.store.path}", title="Welcome")
        connected = data["connected_days"]["this_week"]
        notice.update(f"{connected} connected days this week")
        table = self.query_one(DataTable)
        table.clear()
        for a in data["actions"]:
            table.add_row(
                SYMBOLS[a["today"]["state"]],
                a["name"],
                today_text(a),
                period_text(a),
                streak_text(a["streak"]),
                key=a["id"],
            )


def run(store: Store) -> int:
    """Open the app on ``store``; return the exit code."""
    ReconnectApp(store).run()
    return 0
