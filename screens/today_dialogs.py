"""Today's keys that open a dialog: a note on the day's entry, and the phone-down timer
(started on a minutes action, shown while it runs, on even when the app closes since it is kept
in the data file, and stopped with its minutes to log)."""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.widgets import Static

from screens.base import DataScreen
from tracker.domain.model import Action
from tracker.operations import timer, typed_input
from tracker.views.text import amount_text, long_day, sentence


class TodayDialogs(DataScreen):
    """For the Today screen, which has the selected action, the day shown (``day`` None:
    today), a ``#timer`` line, and logs an amount."""

    _painted = False
    day: date | None

    def selected(self) -> Action | None:
        raise NotImplementedError  # (the Today screen's)

    @property
    def shown_day(self) -> date:
        raise NotImplementedError  # (the Today screen's)

    def log_amount(self, action: Action, amount: float, note: str | None = None) -> None:
        raise NotImplementedError  # (the Today screen's)

    def action_note(self) -> None:
        """A note on the day's entry; on a day with nothing logged, the note comes with logging
        it once (a check done, a count of one, or the minutes asked for)."""
        action = self.selected()
        if action is None:
            return
        store, day = self.host.store, self.shown_day
        record = self.host.read(lambda: store.day(day))
        if record is None:
            return
        mine = [e for e in record.entries if e.action == action.id]
        from screens.dialogs import NoteAnswer, NoteDialog

        def save(answer: NoteAnswer | None) -> None:
            if answer is None:
                return
            if mine:
                from tracker.operations.everyday import set_note

                if self.host.change(set_note, store, action.id, answer.note,
                                    day=self.day):
                    self.notify("Note saved.")
                self.refresh_data()
            else:
                self.log_amount(action, answer.minutes or 1, note=answer.note)

        explain = minutes = None
        if not mine:
            what = "these minutes" if action.kind == "minutes" else "it once"
            explain = (f"Nothing is logged for {action.name} on {long_day(day)}: "
                       f"saving logs {what}, with the note.")
            if action.kind == "minutes":
                def minutes(text: str) -> float:
                    return typed_input.typed_amount(action, text)
        self.hide_notice()
        self.app.push_screen(NoteDialog(f"A note for {action.name}", mine[-1].note if mine else None,
                                        explain, minutes), save)


    def action_timer(self) -> None:
        """Start the timer on the selected minutes action (or the first one); on a running
        timer, ask for its minutes, counted and ready to correct, then log them."""
        store = self.host.store
        running = self.host.read(lambda: timer.running(store))
        if running is not None:
            minutes = running.minutes(store.now())
            from screens.dialogs import MinutesDialog

            def check(text: str) -> float:
                return typed_input.typed_amount(running.action, text)

            long_run = " (left running, perhaps?)" if minutes > timer.LONG_RUN_MINUTES else ""
            self.hide_notice()
            self.app.push_screen(MinutesDialog(
                running.action, check, discard=True, value=str(minutes),
                title=f"{running.action.name} ran {running.elapsed(store.now())}{long_run}. "
                      "Minutes to log:",
            ), self._stop_timer)
            return
        action = self.selected()
        if action is None:
            return
        if action.kind != "minutes":
            minutes_actions = [a for a in store.actions(False) if a.kind == "minutes"]
            if not minutes_actions:
                self.notify("The timer is for minutes actions.")
                return
            action = minutes_actions[0]
        if self.host.change(timer.start, store, action.id):
            self.notify(f"{sentence(f'Timer started for {action.name}')} Phones away; "
                        f"{self.key('today.timer')} stops it.")
        self.tick_timer()

    def _stop_timer(self, answer: float | str | None) -> None:
        """The timer's dialog answered: minutes to log, "discard", or None (it runs on)."""
        if answer is None:
            return
        minutes = None if isinstance(answer, str) else answer
        discard = minutes is None
        logged = self.host.change(timer.stop, self.host.store, log=not discard, minutes=minutes)
        if logged is not None and logged.entry is not None:
            self.notify(f"Nice, that counts. {logged.action.name}: "
                        f"{amount_text(logged.entry.amount, 'minutes')} together.")
        elif discard:
            self.notify("Timer stopped; nothing logged.")
        self.refresh_data()

    def tick_timer(self) -> None:
        if self._painted and self.host.store.loaded:
            store = self.host.store
            self.show_timer(self.host.read(lambda: timer.running(store), quiet=True))

    def show_timer(self, running: timer.RunningTimer | None) -> None:
        line = self.query_one("#timer", Static)
        line.display = running is not None
        if running is not None:
            elapsed = running.elapsed(self.host.store.now())
            line.update(Content(f"⏱  {running.action.name}: {elapsed} · {self.key('today.timer')} "
                                "stops and logs it"))

