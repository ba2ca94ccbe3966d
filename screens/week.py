"""Week: actions × seven days, the week's progress, streaks, connected days x/7."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from screens.base import Column, WeekPaging, bind
from tracker.domain.reflect import RATING_WORDS
from tracker.operations.reflecting import rating_of_week
from tracker.views import reports as report
from tracker.views import store_reports
from tracker.views.text import LEGEND, SYMBOLS, period_text, streak_text


class WeekScreen(WeekPaging):
    """The week holding ``day`` (this week by default)."""

    NAME = "Week"  # as tracker/config/keys.py names the screen

    CSS_PATH = "week.tcss"
    BINDINGS = [
        bind("week.earlier", "move_week(-1)"),
        bind("nav.go", "go", show=False),
        bind("week.later", "move_week(1)"),
        bind("week.this-week", "this_week"),
        bind("nav.open", "open_page", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="week-line")
        grid: DataTable[str] = DataTable(id="grid", cursor_type="none", zebra_stripes=True)
        grid.can_focus = False  # read-only: the arrows move between weeks
        yield grid
        yield Static(LEGEND, id="legend")
        yield Footer(show_command_palette=False)

    def refresh_data(self) -> None:
        app = self.host
        today = app.today()
        day = self.shown_week_day()
        data = app.read(lambda: self._week(day, today))
        if data is None:
            return
        start, end = data.week_start, data.week_end
        connected = data.connected.this_week
        span = f"{start:%-d %b} – {end:%-d %b %Y}"
        which = "This week" if start <= today <= end else "Week"
        rating = app.read(lambda: rating_of_week(app.store, start), quiet=True)
        felt = f" · felt [b]{rating}/5[/b] ({RATING_WORDS[rating]})" if rating else ""
        self.query_one("#week-line", Static).update(
            f"[b]{which}[/b] · {span} · [b]{connected}/7[/b] connected days{felt}"
        )
        days = [Column(f"{start + timedelta(days=i):%a}"[:1], f"d{i}") for i in range(7)]
        self.refill([Column("Action", "name"), *days, Column("Progress", "period"),
                     Column("Streak", "streak")], [
            (a.id, [
                a.action.name,
                *[SYMBOLS[d.state] for d in a.days],
                period_text(a, compact=True),
                streak_text(a.streak, compact=True),
            ])
            for a in data.actions
        ])

    def action_open_page(self) -> None:
        """The pages of the week's actions, from the first (the grid has no cursor; [ and ]
        there go along the week's order)."""
        from screens.action_page import ActionPageScreen

        ids = [key for key, _ in self._shown_rows or ()]
        if ids:
            self.app.push_screen(ActionPageScreen(ids, 0))

    def _week(self, day: date, today: date) -> report.DayReport:
        store = self.host.store
        return store_reports.week(store, store.actions(include_archived=False), day, today)
