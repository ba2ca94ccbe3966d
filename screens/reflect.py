"""Reflect (docs/reflect.md): the week's reflection, its journal pages, the rating trend, the
love-language balance, and the care paragraph when it applies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from screens.base import Column, WeekPaging, bind
from screens.reflect_dialogs import JournalDialog, ReflectionDialog
from screens.scroll import scroll_by
from tracker.domain import reflect
from tracker.domain.days import week_bounds
from tracker.domain.reflect import PROMPTS, RATING_WORDS
from tracker.errors import ReconnectError
from tracker.operations import reflecting
from tracker.store.marks import read_stamp, write_stamp
from tracker.views.text import BARS, long_day

CARE = "care"  # the stamp of the week the care paragraph was last shown in


class ReflectScreen(WeekPaging):
    """The week holding ``day`` (this week by default)."""

    NAME = "Reflect"  # as tracker/config/keys.py names the screen

    CSS_PATH = "reflect.tcss"
    BINDINGS = [
        bind("reflect.edit", "reflect"),
        bind("reflect.journal", "journal"),
        bind("reflect.earlier", "move_week(-1)"),
        bind("reflect.later", "move_week(1)"),
        bind("reflect.this-week", "this_week"),
        # the week, its trend and its journal can be taller than the terminal: they scroll
        bind("nav.down", "scroll_body(1)", show=False),
        bind("nav.up", "scroll_body(-1)", show=False),
        bind("reflect.page-down", "scroll_body(10)", show=False),
        bind("reflect.page-up", "scroll_body(-10)", show=False),
    ]

    def action_scroll_body(self, lines: int) -> None:
        scroll_by(self.query_one("#reflect-body", VerticalScroll), lines)

    def __init__(self) -> None:
        super().__init__()
        self.view: reflecting.WeekReflection | None = None
        self._care_week: date | None = None  # the week this app showed the care paragraph in

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="reflect-line")
        with VerticalScroll(id="reflect-body"):
            yield Static(id="reflection")
            yield Static(id="trend")
            yield Static(id="balance")
            yield Static(id="helps")
            yield Static(id="care")
            yield Static(id="journal-line")
            journal: DataTable[str] = DataTable(id="journal-pages", cursor_type="none",
                                                show_header=False)
            journal.can_focus = False
            yield journal
        yield Footer(show_command_palette=False)

    def refresh_data(self) -> None:
        app = self.host
        today = app.today()
        day = self.shown_week_day()
        store = app.store
        read = app.read(lambda: (reflecting.week_reflection(store, day), store.settings(),
                                 store.actions(include_archived=False)))
        if read is None:
            return
        view, settings, actions = read
        self.view = view
        start, end = view.start, view.end
        pages = app.read(lambda: store.journal(start, end)) or []
        balance = app.read(lambda: reflecting.balance(actions, store, start, end)) or {}
        which = "This week" if start <= today <= end else "Week"
        self.query_one("#reflect-line", Static).update(Content.from_markup(
            f"[b]{which}[/b] · $span", span=f"{start:%-d %b} – {end:%-d %b %Y}"))
        self.query_one("#reflection", Static).update(self._reflection_text(view))
        self.query_one("#trend", Static).update(_trend_text(view.trend))
        suggestion = reflect.quiet_suggestion(balance, settings.partner_languages)
        self.query_one("#balance", Static).update(Content.assemble(
            ("Love languages this week\n", "bold"),
            "  " + "  ".join(f"{lang} {n}" for lang, n in balance.items()),
            ("\n  " + suggestion, "italic") if suggestion else "",
        ))
        found = app.read(lambda: reflecting.insights(store, today), quiet=True)
        self.query_one("#helps", Static).update(Content.assemble(
            ("What went with the closer weeks\n", "bold"),
            "\n".join(f"  {line}" for line in (found.lines() if found else [])),
        ))
        care = self.query_one("#care", Static)
        care.update(Content(view.support or ""))
        care.display = self._show_care(view, today, settings.week_start)
        self.query_one("#journal-line", Static).update(Content.assemble(
            ("Journal", "bold"), (f"  just for you · {self.key('reflect.journal')} writes a page", "dim")))
        self.refill([Column("Day", "day"), Column("Feeling", "feeling"), Column("Text", "text")], [
            (page.id, [f"{page.day:%a %-d}", page.feeling or "", " ".join(page.text.split())])
            for page in pages
        ] or [("none", ["", "", "No pages this week."])], name=2)

    def _reflection_text(self, view: reflecting.WeekReflection) -> Content:
        r = view.reflection
        if r is None:
            return Content.assemble(
                ("No reflection for this week yet.", "bold"),
                "\nPress e when you are ready: how connected the week felt, and what to say.")
        parts: list[Content | str | tuple[str, str]] = [
            (PROMPTS["rating"], "bold"), f"  {'●' * r.rating}{'○' * (5 - r.rating)} "
            f"{r.rating} of 5, {RATING_WORDS[r.rating]}"]
        for name, text in r.written().items():
            parts += ["\n", (PROMPTS[name], "bold"), "\n  " + text.replace("\n", "\n  ")]
        if view.talk_hint:
            parts += ["\n", (view.talk_hint, "italic")]
        return Content.assemble(*parts)

    def _show_care(self, view: reflecting.WeekReflection, today: date, week_start: str) -> bool:
        """The care paragraph shows at most once a week: in the first app to see it that week,
        for as long as that app is open."""
        if view.support is None:
            return False
        this_week = week_bounds(today, week_start)[0]
        if self._care_week == this_week:
            return True
        if read_stamp(self.host.store.path, CARE) == this_week.isoformat():
            return False
        self._care_week = this_week
        write_stamp(self.host.store.path, CARE, this_week.isoformat())
        return True

    def action_reflect(self) -> None:
        day, view, store = self.shown_week_day(), self.view, self.host.store
        title = f"The week of {long_day(view.start if view else day)}"
        self._dialog(lambda save: ReflectionDialog(title, save, view.reflection if view else None),
                     lambda rating, texts: reflecting.save_reflection(store, day, rating, texts),
                     "Kept. Thank you for taking the time.")

    def action_journal(self) -> None:
        today, view, store = self.host.today(), self.view, self.host.store
        day = today if view is None or view.start <= today <= view.end else view.end
        self._dialog(lambda save: JournalDialog(f"Journal · {long_day(day)}", save),
                     lambda text, feeling: reflecting.add_journal_page(store, text, day, feeling),
                     "Kept in your journal.", then=self._show_journal)  # the page just kept, in view

    def _show_journal(self) -> None:
        """Scroll the week's journal into view."""
        self.query_one("#reflect-body", VerticalScroll).scroll_to_widget(
            self.query_one("#journal-pages"), animate=False)

    def _dialog(self, dialog: Callable[[Callable[..., str | None]], Screen[bool | None]],
                operation: Callable[..., object], done: str, then: Callable[[], None] | None = None) -> None:
        """Open ``dialog``, whose save runs ``operation`` (an error stays in the dialog, as
        its one line); once saved, redraw, say ``done`` and do ``then``."""
        def save(*fields: Any) -> str | None:
            try:
                operation(*fields)
            except ReconnectError as error:
                return str(error)
            return None

        def saved(done_: bool | None) -> None:
            if done_:
                self.refresh_data()
                self.notify(done)
                if then is not None:
                    self.call_after_refresh(then)

        self.hide_notice()
        self.app.push_screen(dialog(save), saved)


def _trend_text(trend: list[tuple[date, int]]) -> Content:
    """The ratings of the last twelve reflected weeks as a small bar chart, oldest first."""
    title = ("How connected it felt, the last reflected weeks\n", "bold")
    if not trend:
        return Content.assemble(title, ("  Nothing yet: the first reflection starts it.", "dim"))
    bars = " ".join(BARS[(rating - 1) * 7 // 4] * 2 for _, rating in trend)
    numbers = " ".join(f"{rating:>2}" for _, rating in trend)
    span = (f"weeks of {trend[0][0]:%-d %b} – {trend[-1][0]:%-d %b}" if len(trend) > 1
            else f"the week of {trend[0][0]:%-d %b}")
    return Content.assemble(title, f"  {bars}\n  {numbers}", (f"   {span}", "dim"))
