"""Today: every active action with the day's amount, state and streak; log in two keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from screens.base import Column, DataScreen, FirstUse, bind
from screens.today_dialogs import TodayDialogs
from tracker.domain.days import week_bounds
from tracker.domain.model import Action
from tracker.errors import ReconnectError
from tracker.operations import timer, typed_input
from tracker.store.store import Glance
from tracker.views import reports as report
from tracker.views.reports import ActionSummary, ConnectedDays, DayReport
from tracker.views.text import (
    amount_text,
    day_symbol,
    long_day,
    period_text,
    sentence,
    streak_text,
    today_text,
)

KIND_WORDS = ("Nice, that counts.", "Tiny is enough.", "That matters.", "Noted, kindly.")
MINUTES_STEP = 5


if TYPE_CHECKING:
    from tracker.operations import everyday as operations
else:  # imported on the first key that changes something: the first frame does not wait
    operations = FirstUse("tracker.operations.everyday")


@dataclass(frozen=True, slots=True)
class Shown:
    """What Today draws: the status report of the day shown, and around it."""

    report: DayReport
    today: date
    week_start: str
    prompt: str | None
    timer: timer.RunningTimer | None


class TodayScreen(TodayDialogs, DataScreen):
    """The screen ``reconnect`` opens on."""

    NAME = "Today"  # as tracker/config/keys.py names the screen

    # today.tcss is loaded by the app (app.py), so that the first frame needs no re-parse
    ADJUST = Binding.Group("Adjust", compact=True)
    OTHER_DAY = Binding.Group("Day", compact=True)
    BINDINGS = [
        *DataScreen.VIM_KEYS,
        bind("today.log", "log_one"),
        bind("nav.open", "open_page", show=False),  # (in help and the palette: the footer is full)
        bind("nav.go", "go", show=False),
        bind("today.more", "adjust(1)", group=ADJUST),
        bind("today.less", "adjust(-1)", group=ADJUST),
        bind("today.note", "note"),
        bind("today.rest", "rest"),
        bind("today.rest-all", "rest_all", show=False),
        bind("today.undo", "undo"),
        bind("today.earlier", "move_day(-1)", group=OTHER_DAY),
        bind("today.later", "move_day(1)", group=OTHER_DAY),
        bind("today.today", "back_to_today", show=False),
        bind("today.timer", "timer"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None  # None: today (follows the clock past midnight)
        self.rows: tuple[ActionSummary, ...] = ()
        self._painted = False
        self.praise = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="day-line")
        table: DataTable[str] = DataTable(cursor_type="row", id="actions", zebra_stripes=False)
        yield table
        yield Static(id="meaning")
        yield Static(id="notes")
        yield Static(id="timer")
        yield Static(id="prompt")
        # the footer (a widget per key) follows the first frame: the rows come first

    def on_mount(self) -> None:
        self.set_interval(1, self.tick_timer)

    # -- data -------------------------------------------------------------------------------

    @property
    def shown_day(self) -> date:
        """The day shown: the one chosen with [ ], else today as of the last redraw (which
        follows the clock past midnight), read without touching the file."""
        return self.day or self._today or self.host.today()

    def refresh_data(self, whole_history: bool = False) -> None:
        """Redraw; streaks (this year and what past years left, ``tracker.store.figures_cache``) follow
        right after the first paint.

        The very first frame comes from a quick look at the file (``Store.glance``); the file
        is read properly (and checked as it is read) once that frame is on the screen.
        """
        if not self.query("#day-line"):
            return  # the app is closing and the screen's widgets are gone (a late worker)
        app = self.host
        glance = None
        if not self._painted:
            glance = app.store.glance(app.store.now().date() - timedelta(days=40))
        data = app.read(lambda: self._status(whole_history, glance))
        if data is None:
            return
        day, today = data.report.day, data.today
        self._today = today
        same_week = week_bounds(day, data.week_start) == week_bounds(today, data.week_start)
        self.rows = data.report.actions
        self._day_label = "Today" if day == today else f"{day:%a} {day.day}"
        self._week_label = "This week" if same_week else "That week"
        self._connected = data.report.connected
        self._draw(streaks=whole_history)
        if not self.rows:
            self.query_one("#meaning", Static).update(
                "No active actions yet: press 4 to add one or enable a built-in."
            )
        self.query_one("#prompt", Static).update(Content(data.prompt or ""))
        self.show_timer(data.timer)
        self.show_meaning()
        if not self._painted:
            self._painted = True
            self.call_after_refresh(self._after_first_paint)
        elif not whole_history:
            self.call_after_refresh(self._start_whole_history)

    def _draw(self, streaks: bool) -> None:
        """The day line and the table from ``self.rows``; streaks (and the lifetime count of
        connected days) show "…" until the whole history has been read."""
        week = self._connected.this_week
        self.query_one("#day-line", Static).update(Content.from_markup(
            "[b]$label[/b] · $day · $week connected $days $which$total$back",
            label="Filling in" if self.day else "Today", day=long_day(self.shown_day),
            week=str(week), days="day" if week == 1 else "days", which=self._week_label.lower(),
            total=f", {self._connected.total} in all" if streaks else "",
            back=f"  ({self.key('today.today')}: back to today)" if self.day else "",
        ))
        self.refill([
            Column(" ", "state"), Column("Action", "name"), Column(self._day_label, "today"),
            Column(self._week_label, "period"),
            # room kept for the streaks while they are read, so that the table does not jump
            Column("Streak", "streak", minimum=0 if streaks else 13),
        ], [
            (a.id, [
                day_symbol(a),
                a.action.name,
                today_text(a),
                period_text(a, compact=True),
                streak_text(a.streak, compact=True) if streaks else "…",
            ])
            for a in self.rows
        ], name=1)

    _day_label, _week_label = "Today", "This week"
    _today: date | None = None
    _connected = ConnectedDays(0, 0)

    def _after_first_paint(self) -> None:
        # the footer (mounted late, it draws its keys once the bindings are announced again);
        # the file read (and upgraded, if it must be); then streaks
        self.mount(Footer(show_command_palette=False))
        self.call_after_refresh(self.refresh_bindings)
        store = self.host.store
        def saved() -> bool:
            store.ensure_saved()
            return True

        if self.host.read(saved) is not None:
            self.mark_shown()
            self._start_whole_history()

    def _start_whole_history(self) -> None:
        self.run_worker(
            self._whole_history, thread=True, exclusive=True, group="streaks", exit_on_error=False
        )

    def _whole_history(self) -> None:
        """In a thread: streaks and strength (from this year's days and the kept figures, or
        every day when those do not hold); the screen is drawn and usable meanwhile."""
        store = self.host.store
        try:
            read = (store.version, self.shown_day)
            data = self._status(whole_history=True)
        except ReconnectError as error:  # e.g. a damaged day found by the full check
            self.app.call_from_thread(self.host.show_problem, error)
            return
        except RuntimeError:  # a write changed the tables while they were read: read again
            self.app.call_from_thread(self._start_whole_history)
            return
        self.app.call_from_thread(self.fill_streaks, data, read)

    def fill_streaks(self, data: Shown, read: tuple[int, date]) -> None:
        """Show the streaks, unless the data or the day changed while they were computed:
        then they are computed again (never left at "…")."""
        if read != (self.host.store.version, self.shown_day):
            self._start_whole_history()
            return
        # the same file and day: the whole-history report replaces the quick one
        self.rows, self._connected = data.report.actions, data.report.connected
        self._draw(streaks=True)
        self.show_meaning()  # the file is read now: the day's notes can show
        self.host.prepare_screens()  # Today is complete: the other screens can get ready

    def _status(self, whole_history: bool, glance: Glance | None = None) -> Shown:
        app, store = self.host, self.host.store
        if glance is not None:
            actions = [a for a in glance.actions if not a.archived]
            settings, today = glance.settings, app.today(glance.settings)
            running = timer.from_doc(glance.timer, glance.actions)
        else:
            actions, settings, today = store.actions(False), store.settings(), app.today()
            running = timer.running(store)
        day, week_start = self.day or today, settings.week_start
        if whole_history:  # streaks: this year and what past years left (tracker.store.figures_cache)
            from tracker.views import store_reports

            data = store_reports.status(store, actions, day, today)
        else:  # the first paint needs only this week and this month, without streaks
            history = glance.history if glance is not None else store.history(
                min(week_bounds(day, week_start)[0], day.replace(day=1)))
            data = report.status(actions, history, day, week_start, False, today)
        return Shown(data, today, week_start, operations.daily_prompt(store, actions, day, today), running)

    def selected(self) -> Action | None:
        row = self._selected_row()
        return row.action if row else None

    def _selected_row(self) -> ActionSummary | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowHighlighted)
    def show_meaning(self) -> None:
        """Below the table: what the selected action means, its goal (and why this period asks
        less, when rest days lower it), its prompt; then the day's notes."""
        summary = self._selected_row()
        if summary is None:
            return
        action, period = summary.action, summary.period
        goal = f"goal: {action.goal.describe(action.kind)}" if action.goal else "no goal, just noticing"
        if action.goal and action.goal.per != "day" and period and period.target < action.goal.amount:
            goal += (f"; this {action.goal.per} asks {amount_text(period.target, action.kind)}"
                     f": rest days lower it")
        # the day's prompt is on the screen already: never show the same line twice
        day_prompt = str(self.query_one("#prompt", Static).render())
        prompt = action.prompt if action.prompt and action.prompt != day_prompt else ""
        self.query_one("#meaning", Static).update(Content.from_markup(
            "$meaning$goal$sep[i]$prompt[/i]", meaning=f"{action.meaning} · " if action.meaning else "",
            goal=goal, sep=" · " if prompt else "", prompt=prompt,
        ))
        self.show_notes()

    def show_notes(self) -> None:
        """The day's notes, every action's (the selected one's first), under its meaning."""
        store = self.host.store
        record = self.host.read(lambda: store.day(self.shown_day), quiet=True) if store.loaded else None
        names = {row.action.id: row.action.name for row in self.rows}
        selected = self.selected()
        notes = sorted(((e.action, e.note) for e in (record.entries if record else ()) if e.note),
                       key=lambda found: found[0] != (selected.id if selected else None))
        said = " · ".join(f"{names.get(action_id, action_id)}: {note}" for action_id, note in notes)
        self.query_one("#notes", Static).update(
            Content.from_markup("[b]Notes[/b] $notes", notes=" ".join(said.split())) if said else "")

    # -- keys -------------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def action_log_one(self) -> None:
        action = self.selected()
        if action is None:
            return
        if action.kind == "minutes":
            def check(text: str) -> float:
                return typed_input.typed_amount(action, text)

            def done(minutes: float | str | None) -> None:
                if minutes is not None and not isinstance(minutes, str):
                    self.log_amount(action, minutes)

            from screens.dialogs import MinutesDialog

            self.hide_notice()
            self.app.push_screen(MinutesDialog(action, check), done)
        else:
            self.log_amount(action, 1)

    def log_action(self, action_id: str) -> None:
        """Select ``action_id`` and log one of it, as space does (the palette's "Log: …")."""
        ids = [row.id for row in self.rows]
        if action_id in ids:
            self.query_one(DataTable).move_cursor(row=ids.index(action_id))
            self.action_log_one()

    def log_amount(self, action: Action, amount: float, note: str | None = None) -> None:
        logged = self.host.change(
            operations.log, self.host.store, action.id, amount, day=self.day,
            note=note or None, source="app",
        )
        if logged is None:
            return
        if logged.entry is None:
            self.notify(f"{action.name} is already counted. Once a day is enough.")
        else:
            self.praise += 1
            words = KIND_WORDS[(self.praise - 1) % len(KIND_WORDS)]
            if action.kind == "check":
                self.notify(f"{words} {action.name}", timeout=3)
            else:
                total = amount_text(logged.day_total, action.kind)
                self.notify(f"{words} {action.name}: {total} so far.", timeout=3)
        self.refresh_data()

    def action_adjust(self, direction: int) -> None:
        action = self.selected()
        if action is None:
            return
        step = MINUTES_STEP if action.kind == "minutes" else 1
        if direction > 0:
            self.log_amount(action, step)
            return
        taken = self.host.change(
            operations.decrease, self.host.store, action.id, step, day=self.day
        )
        if taken:
            self.notify(sentence(f"Took {amount_text(taken, action.kind)} off {action.name}"))
        elif taken is not None:
            self.notify(f"Nothing logged for {action.name} on this day.")
        self.refresh_data()

    def action_rest(self) -> None:
        action = self.selected()
        if action is None:
            return
        self._toggle_rest(action.id, action.name)

    def action_rest_all(self) -> None:
        self._toggle_rest(None, "every action")

    def _toggle_rest(self, action_id: str | None, name: str) -> None:
        rested = self.host.change(operations.toggle_rest, self.host.store, action_id,
                                  day=self.day)
        if rested:
            self.notify(f"{sentence(f'A rest day for {name}')} Rest is part of it.")
        elif rested is not None:
            self.notify(f"The rest day for {name} is lifted.")
        self.refresh_data()

    def action_undo(self) -> None:
        undone = self.host.change(operations.undo, self.host.store)
        if undone is None:
            self.notify("Nothing to undo.")
        else:
            self.notify(undone.describe(), markup=False)
        self.refresh_data()

    def action_move_day(self, step: int) -> None:
        today = self.host.today()
        day = self.shown_day + timedelta(days=step)
        if day > today:
            self.notify("That day has not happened yet.")
            return
        self.day = None if day == today else day
        self.refresh_data()

    def go_to(self, day: date) -> None:
        self.day = None if day == self.host.today() else day

    def action_back_to_today(self) -> None:
        self.day = None
        self.refresh_data()

    def action_open_page(self) -> None:
        """The selected action's own page; [ and ] there go along this screen's order."""
        from screens.action_page import ActionPageScreen

        selected, ids = self.selected(), [row.action.id for row in self.rows]
        if selected is not None and selected.id in ids:
            self.app.push_screen(ActionPageScreen(ids, ids.index(selected.id)))
