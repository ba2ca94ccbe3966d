"""History: one action (or all together) over a year: heatmap, monthly totals, best streaks,
strength over time."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, Header, Static

from screens.base import DataScreen, bind
from tracker.domain.model import Action
from tracker.domain.progress import State
from tracker.views import reports as report
from tracker.views import store_reports
from tracker.views.text import (
    LEGEND,
    SYMBOLS,
    amount_text,
    day_span,
    percent,
    strength_bars,
)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def heatmap(days: tuple[tuple[date, State], ...], week_start: str) -> Text:
    """Seven rows (weekdays) by up to 53 columns (weeks) of state symbols, months above."""
    first = days[0][0]
    offset = (first.weekday() - (0 if week_start == "monday" else 6)) % 7
    columns = (offset + len(days) + 6) // 7
    grid = [[" "] * columns for _ in range(7)]
    labels = [" "] * (columns + 3)
    for slot, (day, state) in enumerate(days, start=offset):
        grid[slot % 7][slot // 7] = SYMBOLS[state]
        if day.day == 1:
            labels[slot // 7: slot // 7 + 3] = MONTHS[day.month - 1]
    names = [f"{first - timedelta(days=offset) + timedelta(days=r):%a}"[:2] for r in range(7)]
    text = Text("   " + "".join(labels[:columns]) + "\n", style="dim")
    for name, row in zip(names, grid):
        text.append(f"{name} ", style="dim")
        text.append("".join(row) + "\n")
    return text


class HistoryScreen(DataScreen):
    """A year at a time; ↑↓ choose the action (the first choice is all of them)."""

    NAME = "History"  # as tracker/config/keys.py names the screen

    CSS_PATH = "history.tcss"
    BINDINGS = [
        bind("history.earlier", "move_year(-1)"),
        bind("history.review", "review", show=False),
        bind("nav.go", "go", show=False),
        bind("history.later", "move_year(1)"),
        bind("history.previous-action", "move_action(-1)"),
        bind("history.next-action", "move_action(1)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.year: int | None = None  # None: this year
        self.index = 0  # 0: all actions together; n: the n-th action

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="title")
        yield Static(id="heatmap")
        yield Static(id="months")
        yield Static(id="streaks")
        yield Static(id="strength-line")
        yield Static(id="strength")
        yield Static(LEGEND, id="legend")
        yield Footer(show_command_palette=False)

    def actions(self) -> list[Action]:
        return self.host.store.actions()

    def show(self, action_id: str | None) -> None:
        """Open on one action (used by the command palette)."""
        ids = [a.id for a in self.actions()]
        self.index = ids.index(action_id) + 1 if action_id in ids else 0

    def refresh_data(self) -> None:
        app = self.host
        today = app.today()
        year = self.year or today.year
        data = app.read(lambda: self._year(year, today))
        if data is None:
            return
        actions = self.actions()
        action = actions[self.index - 1] if 0 < self.index <= len(actions) else None
        name = action.name if action else "All actions: connected days"
        archived = " (archived)" if action and action.archived else ""
        self.query_one("#title", Static).update(
            Content.from_markup("[b]$name[/b]$rest   [dim]↑↓ action · ←→ year[/dim]",
                                name=name, rest=f"{archived} · {year}")
        )
        week_start = app.store.settings().week_start
        self.query_one("#heatmap", Static).update(heatmap(data.days, week_start))
        kind = action.kind if action else "count"
        unit = "days" if action is None or kind == "check" else ("min" if kind == "minutes" else "")
        cells = [f"{MONTHS[m]} {amount_text(v, 'count')}" for m, v in enumerate(data.months)]
        self.query_one("#months", Static).update(
            f"[b]By month[/b] ({unit or 'times'}): " + " · ".join(cells)
        )
        self.query_one("#streaks", Static).update(self._streaks(data, year, today.year))
        self.query_one("#strength-line", Static).update(self._strength(data, actions))
        bars = self.query_one("#strength", Static)
        series = data.strength_by_week
        bars.update(Content(strength_bars(series) + "  (0–100%)" if series else ""))
        bars.display = bool(series)

    def _year(self, year: int, today: date) -> report.YearReport:
        store = self.host.store
        actions = store.actions()
        action = actions[self.index - 1] if 0 < self.index <= len(actions) else None
        return store_reports.year(store, actions, action, year, today)

    @staticmethod
    def _streaks(data: report.YearReport, year: int, this_year: int) -> str:
        unit = data.unit
        if not data.best_streaks:
            if not unit:
                return "[b]Best streaks[/b]: no goal, just noticing"
            return "[b]Best streaks[/b]: " + ("none this year yet" if year == this_year else f"none in {year}")
        parts = []
        for run in data.best_streaks:
            plural = "" if run.length == 1 else "s"
            parts.append(f"{run.length} {unit}{plural} ({day_span(run.start, run.end)})")
        return "[b]Best streaks[/b]: " + " · ".join(parts)

    @staticmethod
    def _strength(data: report.YearReport, actions: list[Action]) -> str | Content:
        names = {a.id: a.name for a in actions}
        values = [(names.get(k, k), v) for k, v in data.strength.items()]
        if not values:
            return "[b]Strength[/b]: no goal, so no strength score"
        if data.action is None:
            scores = " · ".join(f"{n} {percent(v)}%" for n, v in values)  # names: literal
            return Content.from_markup("[b]Strength[/b]: $scores", scores=scores)
        return f"[b]Strength[/b] {percent(values[0][1])}%, week by week:"

    def action_review(self) -> None:
        """The shown year in review, as the Markdown ``summary --year`` writes, in a dialog."""
        from screens.dialogs import ReviewDialog
        from tracker.operations.reflecting import year_in_review

        today = self.host.today()
        year = self.year or today.year
        text = self.host.read(lambda: year_in_review(self.host.store, year, today))
        if text is not None:
            self.app.push_screen(ReviewDialog(text))

    def go_to(self, day: date) -> None:
        self.year = None if day.year == self.host.today().year else day.year

    def action_move_year(self, step: int) -> None:
        today = self.host.today()
        year = (self.year or today.year) + step
        if year > today.year:
            self.notify("That year has not happened yet.")
            return
        self.year = None if year == today.year else year
        self.refresh_data()

    def action_move_action(self, step: int) -> None:
        count = len(self.actions()) + 1
        self.index = (self.index + step) % count
        self.refresh_data()
