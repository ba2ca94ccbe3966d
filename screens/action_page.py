"""One action's own page: its strength over the last year (a chart), the last weeks as a
calendar, how often it happens on each weekday, its best streaks, totals and notes. Opened
with ``o`` from Today and Actions (and the palette); ``[`` ``]`` go to the previous or next
action, escape back. The figures are ``tracker.views.action_page``'s, as in ``reconnect action``."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static
from textual_plotext import PlotextPlot

from screens.base import DataScreen, bind
from screens.scroll import scroll_by
from tracker.operations import reflecting
from tracker.views.action_page import WEEKDAYS, ActionPage, action_page, run_words
from tracker.views.text import SYMBOLS, percent, streak_text


class ActionPageScreen(DataScreen):
    """The page of ``ids[index]``; ``[`` ``]`` move along ``ids`` (the screen's order)."""

    NAME = "Action page"
    CSS_PATH = "action_page.tcss"
    BINDINGS = [
        bind("page.previous", "step(-1)"),
        bind("page.next", "step(1)"),
        bind("page.back", "app.pop_screen"),
        bind("nav.down", "scroll_page(1)", show=False),
        bind("nav.up", "scroll_page(-1)", show=False),
    ]

    def __init__(self, ids: list[str], index: int) -> None:
        super().__init__()
        self.ids, self.index = ids, index

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="page-line")
        with VerticalScroll(id="page-body"):
            yield Static(id="figures")
            yield Static(id="helps")
            yield PlotextPlot(id="strength")
            yield Static(id="calendar")
            yield Static(id="notes")
        yield Footer(show_command_palette=False)

    def refresh_data(self) -> None:
        host = self.host
        store = host.store
        action_id = self.ids[self.index]

        def read() -> ActionPage | None:
            action = next((a for a in store.actions() if a.id == action_id), None)
            if action is None:
                return None
            entries = [e for record in store.days() for e in record.entries
                       if e.action == action_id and e.note]
            return action_page(action, store.history(), entries, host.today(), store.settings().week_start)

        page = host.read(read)
        if page is None:
            return
        action = page.action
        goal = action.goal.describe(action.kind) if action.goal else "no goal: just noticing"
        self.query_one("#page-line", Static).update(Content.from_markup(
            "[b]$name[/b] · $kind · $goal   [dim]$n of $total[/dim]", name=action.name, kind=action.kind,
            goal=goal, n=str(self.index + 1), total=str(len(self.ids))))
        self.query_one("#figures", Static).update(_figures(page))
        helps = host.read(lambda: reflecting.insights(store, host.today()), quiet=True)
        self.query_one("#helps", Static).update(Content.assemble(
            ("What went with the closer weeks: ", "bold"), helps.about(action_id) if helps else ""))
        self._chart(page)
        self.query_one("#calendar", Static).update(_calendar(page))
        notes = [f"  {day:%a %-d %b %Y}  {' '.join(note.split())}" for day, note in page.notes[:20]]
        self.query_one("#notes", Static).update(Content.assemble(
            ("Notes, newest first\n", "bold"), "\n".join(notes) if notes else ("  none yet", "dim")))

    def _chart(self, page: ActionPage) -> None:
        chart = self.query_one("#strength", PlotextPlot)
        chart.display = bool(page.strength_by_week)
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        if page.strength_by_week:
            plt.title("Strength, week by week (%)")
            plt.plot([percent(s) for _, s in page.strength_by_week], marker="braille")
            plt.ylim(0, 100)
            plt.xticks([0, len(page.strength_by_week) - 1],
                       [f"{page.strength_by_week[0][0]:%b %Y}", f"{page.strength_by_week[-1][0]:%-d %b}"])
        chart.refresh()

    def action_step(self, step: int) -> None:
        self.index = (self.index + step) % len(self.ids)
        self.refresh_data()
        self.query_one("#page-body", VerticalScroll).scroll_home(animate=False)

    def action_scroll_page(self, lines: int) -> None:
        scroll_by(self.query_one("#page-body", VerticalScroll), lines)


def _figures(page: ActionPage) -> Content:
    action = page.action
    parts: list[str] = []
    if page.strength is not None:
        parts.append(f"Strength {percent(page.strength)}%")
    if page.streak is not None:
        parts.append(f"streak {streak_text(page.streak)}")
    parts.append(f"in all {page.all_time.words(action)}")
    parts.append(f"this year {page.this_year.words(action)}")
    best = ", ".join(f"{run_words(action, r)} to {r.end:%-d %b %Y}" for r in page.best_streaks)
    weekdays = "  ".join(f"{d} {n}" for d, n in zip(WEEKDAYS, page.weekdays))
    return Content.assemble(" · ".join(parts), "\n", ("Best streaks: ", "bold"), best or "none yet",
                            "\n", ("On which days: ", "bold"), weekdays)


def _calendar(page: ActionPage) -> Content:
    """The last weeks, a row a week, one cell a day: its state's symbol (meaning kept without
    colour)."""
    rows = [Content.styled("The last weeks", "bold"),
            Content("         " + " ".join(d[:2] for d in WEEKDAYS))]
    for n in range(0, len(page.calendar), 7):
        week = page.calendar[n:n + 7]
        rows.append(Content(f"  {week[0][0]:%d %b} " + "  ".join(SYMBOLS[state] for _, state in week)))
    return Content("\n").join(rows)
