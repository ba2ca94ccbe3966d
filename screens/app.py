"""The Reconnect app: five screens as modes over one store, with an injected clock."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, timedelta
from importlib import import_module
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from textual.app import App
from textual.css.query import NoMatches
from textual.notifications import Notification

from screens.base import DataScreen, bind
from screens.commands import ReconnectCommands
from screens.compat import (
    OneLineErrors,
    hide_notice,
    read_style_sheets,
    show_notice_now,
    shown_notices,
    styled_as_the_app,
)
from screens.today import TodayScreen
from tracker.config.settings_toml import AppConfig
from tracker.domain.model import Settings
from tracker.errors import BadInput, DataFileDamaged, ReconnectError
from tracker.store.durable import data_file_identity
from tracker.store.store import Store
from tracker.views.text import printable

T = TypeVar("T")
P = ParamSpec("P")


def _screen(module: str, name: str) -> DataScreen:
    """Import a screen when it is first shown: the first frame needs only Today."""
    screen: DataScreen = getattr(import_module(f"screens.{module}"), name)()
    return styled_as_the_app(screen)


# The screens the first frame does without, by module and class: prepared (imported, their
# style sheets read) once Today is complete, so that a first switch costs what a later one does.
LATER_SCREENS = (("week", "WeekScreen"), ("history", "HistoryScreen"), ("actions", "ActionsScreen"),
                 ("reflect", "ReflectScreen"), ("action_page", "ActionPageScreen"))


# How often the app looks at the file for another process's writes (one stat): twice a second,
# so that what the CLI logs is on the screen within a second, redraw included.
WATCH_INTERVAL = 0.5


class ReconnectApp(OneLineErrors):
    """``store`` is the data file; ``today`` the clock (the store's logical day by default)."""

    TITLE = "Reconnect"
    # Today's style sheet is read with the app: a screen's own CSS_PATH makes Textual re-parse
    # every style sheet when that screen first shows, which would delay the first frame.
    CSS_PATH = "today.tcss"
    DEFAULT_MODE = "today"  # starts on Today directly: no second screen, no CSS re-parse
    MODES = {
        "today": TodayScreen,
        "week": lambda: _screen("week", "WeekScreen"),
        "history": lambda: _screen("history", "HistoryScreen"),
        "actions": lambda: _screen("actions", "ActionsScreen"),
        "reflect": lambda: _screen("reflect", "ReflectScreen"),
    }
    BINDINGS = [
        bind("nav.today", "switch_mode('today')", show=False),
        bind("nav.week", "switch_mode('week')", show=False),
        bind("nav.history", "switch_mode('history')", show=False),
        bind("nav.actions", "switch_mode('actions')", show=False),
        bind("nav.reflect", "switch_mode('reflect')", show=False),
        bind("app.help", "help"),
        bind("app.quit", "quit", priority=True),
    ]
    COMMANDS = App.COMMANDS | {ReconnectCommands}

    def __init__(
        self,
        store: Store,
        today: Callable[[], date] | None = None,
        watch_interval: float = WATCH_INTERVAL,
        config: AppConfig | None = None,
    ):
        super().__init__()
        self.config = config or AppConfig()
        self.set_keymap(self.config.keys)
        self.store = store
        self._injected_today = today
        self.watch_interval = watch_interval
        self.first_run = not store.exists
        self._day: date | None = None  # the day last shown, to notice midnight (day_start)
        self._generation = -1  # the store's version last drawn
        self._problem_seen: object = None  # the unusable file version last reported
        # The first look is over once the file was read whole, or a problem was met on the
        # way; only then may the watch read it (a failed read later leaves it unloaded).
        self._first_look_over = False
        self._folder_seen: int | None = None  # the data folder's mtime when last listed
        self._copies_told: set[Path] = set()  # conflict copies that could not be merged, named once
        self._backups_told: str | None = None  # why no backup can be kept, said once while so
        self._prepared = False  # the other screens imported and styled (prepare_screens)

    def today(self, settings: Settings | None = None) -> date:
        """The day the app treats as today (injected in tests), by the file's ``day_start``
        (from ``settings`` when given, which spares reading the file)."""
        if self._injected_today is not None:
            return self._injected_today()
        now = self.store.now()
        try:
            return self.store.day_of(now, settings)
        except ReconnectError:
            # the file cannot be read: the default day start; the read that follows says why
            return self.store.day_of(now, Settings())

    def on_mount(self) -> None:
        self.set_interval(self.watch_interval, self.watch_data_file)
        self._apply_look()
        if not self.first_run:
            # Today reads the file; a problem with it opens the repair dialog there
            self.call_after_refresh(self._welcome_back)
            return
        try:
            self.store.ensure_saved()
        except ReconnectError as error:
            self._tell_once(error)  # the watch meets it next, and must not say it again
            return
        self.notify(
            f"Your data lives in {self.store.path}. Backups are kept beside it.",
            title="Welcome", timeout=12, markup=False,
        )

    def prepare_screens(self) -> None:
        """Import the other screens and read their style sheets, once, while the user reads
        Today: in a thread, then the style sheets at once (reading one on a screen's first show
        restyles every widget of the app, which is most of a first switch)."""
        if not self._prepared:
            self._prepared = True
            self.run_worker(self._import_screens, thread=True, group="prepare", exit_on_error=False)

    def _import_screens(self) -> None:
        classes = [getattr(import_module(f"screens.{module}"), name) for module, name in LATER_SCREENS]
        self.call_from_thread(read_style_sheets, self, classes)

    def _welcome_back(self) -> None:
        """"Welcome back." after a week or more without entries, and nothing about the gap."""
        from tracker.domain.reflect import welcome_back

        try:
            today = self.today()
            last = self.store.last_entry_day(today + timedelta(days=1))
        except ReconnectError:
            return  # the screens say what is wrong with the file
        if welcome_back(last, today):
            self.notify("Welcome back.", timeout=8)

    def _apply_look(self) -> None:
        """The theme of settings.toml, and one notice if the file could not be used."""
        config, problem = self.config, self.config.problem
        if config.theme is not None:
            if config.theme in self.available_themes:
                self.theme = config.theme
            else:
                problem = (f"{config.path}: no theme {config.theme!r} (try "
                           f"{', '.join(sorted(self.available_themes)[:4])}, …); using the default")
        if problem:
            self.notify(problem, title="Settings", severity="warning", timeout=12, markup=False)

    def watch_data_file(self) -> None:
        """Pick up what another process (the CLI) wrote, and a new day starting."""
        if not (self.store.loaded or self._first_look_over):
            return  # the first look is still on the screen; the store's own read follows
        self._first_look_over = True
        self._merge_copies()
        # Compare what the store now holds with what was last drawn, not "changed on disk":
        # any read (Today's timer tick) reloads a changed file first and would hide the change.
        try:
            self.store.load()
            day: date | None = self.today()
        except ReconnectError as error:
            self._tell_once(error)  # another program left the file unusable
            return
        recovered, self._problem_seen = self._problem_seen is not None, None
        if recovered:
            from screens.dialogs import RepairDialog

            if isinstance(self.screen, RepairDialog):
                self.screen.dismiss(None)  # put right from outside (`check --repair`): nothing to ask
        generation = self.store.version
        if self._day is None:
            # the first look: compare with what the screen drew, which may be older than now
            # (a write can land between the screen's read and this first tick)
            screen = self._data_screen()
            drawn = screen.drawn if screen is not None else None
            if drawn is None:
                if recovered and screen is not None and screen.ready:
                    # the file could not be read when the screen was first drawn: now it can
                    screen.refresh_data()
                    screen.mark_shown()
                return
            self._day, self._generation = drawn
        if generation != self._generation or day != self._day:
            self._day, self._generation = day, generation
            self.refresh_screen()

    def _tell_once(self, error: ReconnectError) -> None:
        """Say a problem met in the background (the first save, the watch, the copies) unless
        it was said for this version of the file in these words: not at every tick."""
        if self._problem_key(error) != self._problem_seen:
            self.show_problem(error)

    def _problem_key(self, error: ReconnectError) -> object:
        try:
            return (data_file_identity(self.store.path), str(error))
        except ReconnectError:
            return str(error)  # it cannot even be looked at: once for as long as that lasts

    def _merge_copies(self) -> None:
        """Merge the conflict copies a sync tool left beside the file (docs/sync.md), and say when
        no backup can be kept. The folder is watched, not only the file: one stat of it, and a
        listing when it changed."""
        from tracker.interchange import sync

        try:
            seen = os.stat(self.store.path.parent).st_mtime_ns
        except OSError:
            return
        if seen == self._folder_seen:
            return
        self._folder_seen = seen
        try:
            outcomes = sync.merge_copies(self.store)
        except ReconnectError as error:
            self._tell_once(error)
            return
        for outcome in outcomes:
            if outcome.problem is None:
                self.notify(outcome.line(), timeout=10, markup=False)
            elif outcome.copy.path not in self._copies_told:  # once per copy, while it is there
                self._copies_told.add(outcome.copy.path)
                self.notify(printable(outcome.line(), one_line=True), title="Sync", severity="warning",
                            timeout=15, markup=False)
        # a save goes on without its backup: someone who only opens the app must hear of it
        why = self.store.backups.why_none_can_be_kept()
        if why is not None and why != self._backups_told:
            self.notify(printable(f"No backup can be kept: {why}.", one_line=True), title="Backups",
                        severity="warning", timeout=15, markup=False)
        self._backups_told = why

    def _data_screen(self) -> DataScreen | None:
        """The screen showing data: the current one, or the one under a dialog."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, DataScreen):
                return screen
        return None

    def refresh_screen(self) -> None:
        screen = self._data_screen()
        if screen is not None and screen.ready:  # (a screen still mounting draws itself)
            try:
                screen.refresh_data()
            except NoMatches:
                pass  # the app is closing: the screen's widgets are already gone

    # -- calling the store: errors become a message, never a traceback ----------------------

    async def run_action(self, action: Any, default_namespace: Any = None,
                         namespaces: Any = None) -> bool:
        """Every key's action (and the palette's) runs here: a problem with the data file it
        meets becomes the repair dialog or a notice, never a traceback."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except ReconnectError as error:
            self.show_problem(error)
            return True

    def read(self, fn: Callable[[], T], quiet: bool = False) -> T | None:
        """Run a read; on a problem with the data file say so (unless quiet); None then."""
        try:
            return fn()
        except ReconnectError as error:
            if not quiet:
                self.show_problem(error)
        return None

    def change(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        """Run an operation that changes the file; bad input or a busy file is a notice, nothing more. The
        screen that called it redraws itself, so the watcher need not do it again."""
        try:
            result = fn(*args, **kwargs)
        except ReconnectError as error:
            self.show_problem(error)
            return None
        if self._generation != -1:
            self._generation = self.store.version
        return result

    def change_in_dialog(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        """``change`` for a dialog's save: bad input is raised again, for the dialog to show
        on its own line (the person can fix what they typed); a problem with the file is a
        notice, as everywhere."""
        try:
            return self.change(_raising_bad_input(fn), *args, **kwargs)
        except _BadInputInDialog as wrapped:
            raise wrapped.error from None

    def show_problem(self, error: ReconnectError) -> None:
        """A damaged file opens the repair dialog; anything else is a one-line notice."""
        self._first_look_over = True  # the watch looks from now on, and tells what changes
        self._problem_seen = self._problem_key(error)
        if isinstance(error, DataFileDamaged):
            self.offer_repair(error)
            return
        text = str(error)
        for shown in shown_notices(self):
            if shown.message == text:  # the same problem again (each screen meets it): one notice
                hide_notice(self, shown)
        show_notice_now(self, Notification(text, "", "warning", self.NOTIFICATION_TIMEOUT, markup=False))

    def offer_repair(self, error: DataFileDamaged) -> None:
        from screens.dialogs import RepairDialog
        from tracker.interchange.restore import restore
        from tracker.store import repair

        if any(isinstance(s, RepairDialog) for s in self.screen_stack):
            return

        newest = self.store.backups.newest_good()

        def chosen(answer: str | None) -> None:
            if answer == "restore" and newest is not None:
                try:
                    restored = restore(self.store, newest[0].path)
                except ReconnectError as failure:
                    self.notify(str(failure), severity="error", timeout=15, markup=False)
                    return
                kept = f" The file as it was is kept as {restored.kept_as.name}." if restored.kept_as else ""
                self.notify(f"Restored {newest[0].describe()}.{kept}", timeout=15, markup=False)
                self.refresh_screen()
            elif answer == "repair":
                try:
                    done = repair.repair(self.store)
                except ReconnectError as failure:
                    self.notify(str(failure), severity="error", timeout=15, markup=False)
                    return
                if done and done.fixed:
                    self.notify(f"Repaired in place: {'; '.join(done.fixed)}. The file as it was "
                                f"is kept as {done.set_aside.name}.", timeout=15, markup=False)
                elif done and done.restored:
                    self.notify(f"Restored {done.restored.describe()}. The damaged file is kept "
                                f"as {done.set_aside.name}.", timeout=15, markup=False)
                elif done:
                    self.notify(f"No good backup: started a new file. The damaged one is kept as "
                                f"{done.set_aside.name}.", timeout=15, markup=False)
                self.refresh_screen()
            elif answer == "quit":
                self.exit()

        self.push_screen(RepairDialog(str(error), repair.damage_advice(self.store, error),
                                      in_place=error.repairable, has_backup=newest is not None), chosen)

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.config.keys))


class _BadInputInDialog(Exception):
    def __init__(self, error: BadInput):
        super().__init__(str(error))
        self.error = error


def _raising_bad_input(fn: Callable[P, T]) -> Callable[P, T]:
    """``fn``, its BadInput passed through ``change`` untouched (it is not a ReconnectError)."""
    def call(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return fn(*args, **kwargs)
        except BadInput as error:
            raise _BadInputInDialog(error) from None

    return call


def make_app(
    store: Store,
    today: Callable[[], date] | None = None,
    config: AppConfig | None = None,
    watch_interval: float = WATCH_INTERVAL,
) -> ReconnectApp:
    """The app as ``reconnect`` opens it, on ``store``: the CLI and the tests all start it here."""
    return ReconnectApp(store, today=today, watch_interval=watch_interval, config=config)


def run(store: Store, config: AppConfig | None = None) -> int:
    """Open the app on ``store`` with the look and keys of ``config``; return the exit code."""
    app = make_app(store, config=config)
    app.run()
    return app.return_code or 0
