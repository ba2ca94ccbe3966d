"""Modal dialogs: every free-text Input lives here, never on a main screen (docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Generic, Literal, TypeVar  # noqa: F401 (Literal: in a string annotation)

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Markdown, OptionList, Select, Static
from textual.widgets.option_list import Option

from screens.compat import hide_notice, shown_notices
from screens.scroll import scroll_by
from tracker.domain.model import Action
from tracker.errors import ReconnectError

QUICK_MINUTES = (5, 10, 15, 30)
T = TypeVar("T")


class Dialog(ModalScreen[T | None], Generic[T]):
    """Base: a dialog answering a ``T``; escape cancels (dismisses with None)."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", show=False),
        # Tab moves on at once, before the next key is handed to a field: a burst of typing
        # ("5", Tab, "3") lands each part in its own field (without priority, Tab reaches the
        # bindings only after the field has been given the keys that followed it)
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def on_mount(self) -> None:
        # A toast of the app's (the first run's welcome) would cover the dialog's corner and
        # its buttons; a warning about the file stays (it matters more than the dialog).
        for shown in shown_notices(self.app):
            if shown.severity == "information":
                hide_notice(self.app, shown)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MinutesDialog(Dialog["float | Literal['discard']"]):
    """How many minutes? Type them (20, 1h30) or pick a quick choice. Stopping the timer, it
    comes with the minutes counted (``value``) to correct, and a way to discard them; it then
    dismisses with the minutes, "discard", or None (escape: keep the timer running)."""

    def __init__(self, action: Action, check: Callable[[str], float], *, title: str | None = None,
                 value: str = "", discard: bool = False):
        super().__init__()
        self.action = action
        self.check = check  # turns the text into minutes, or raises ReconnectError
        self.title_text = title
        self.value = value
        self.discard = discard

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            if self.title_text:
                yield Label(self.title_text, classes="title", markup=False)
            else:
                yield Label(Content.from_markup("[b]$name[/b]: how many minutes?",
                                                name=self.action.name), classes="title")
            yield Input(value=self.value, placeholder="e.g. 20 or 1h30", id="minutes")
            with Horizontal(classes="choices"):
                if self.discard:
                    yield Button("Discard", id="discard", compact=True)
                else:
                    for minutes in QUICK_MINUTES:
                        yield Button(f"{minutes}", id=f"quick-{minutes}", compact=True)
            yield Static("", classes="error")
            yield Static("enter logs · escape cancels" + (" (the timer runs on)" if self.discard else ""),
                         classes="hint")

    @on(Button.Pressed)
    def quick(self, event: Button.Pressed) -> None:
        if event.button.id == "discard":
            self.dismiss("discard")
        else:
            self.dismiss(float(str(event.button.id).removeprefix("quick-")))

    @on(Input.Submitted)
    def typed(self, event: Input.Submitted) -> None:
        try:
            self.dismiss(self.check(event.value))
        except ReconnectError as error:
            self.query_one(".error", Static).update(Content(str(error)))


@dataclass(frozen=True)
class NoteAnswer:
    """What the note dialog was given: the note, and minutes when it also logs a minutes action."""

    note: str
    minutes: float | None = None


class DayDialog(Dialog[date]):
    """Which day to go to, in any form ``--day`` takes; ``read`` turns the text into a day or
    raises ReconnectError, whose one line stays in the dialog."""

    def __init__(self, read: Callable[[str], date]):
        super().__init__()
        self.read = read

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Go to a day", classes="title")
            yield Input(placeholder="2026-11-03, monday, -3, 3 days ago, yesterday", id="day")
            yield Static("", classes="error")
            yield Static("enter goes there · escape stays", classes="hint")

    @on(Input.Submitted, "#day")
    def go(self, event: Input.Submitted) -> None:
        try:
            day = self.read(event.value)
        except ReconnectError as error:
            self.query_one(".error", Static).update(Content(str(error)))
            return
        self.dismiss(day)


class ReviewDialog(Dialog[None]):
    """A year in review, drawn from its Markdown; j/k and the arrows scroll, escape closes."""

    BINDINGS = [
        Binding("j,down", "scroll(1)", "Scroll down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False),
    ]

    def __init__(self, markdown: str):
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="review"):
            yield Markdown(self.markdown)
            yield Static("escape closes · reconnect summary --year writes it to a file", classes="hint")

    def action_scroll(self, lines: int) -> None:
        scroll_by(self.query_one("#review", VerticalScroll), lines)


class NoteDialog(Dialog["NoteAnswer"]):
    """A few words for the day's entry. On a day with nothing logged yet, ``explain`` says
    that saving logs the action with the note, and ``minutes`` (for a minutes action) checks
    the minutes asked for too."""

    def __init__(self, title: str, note: str | None = None, explain: str | None = None,
                 minutes: Callable[[str], float] | None = None):
        super().__init__()
        self.title_text = title
        self.note = note or ""
        self.explain = explain
        self.check_minutes = minutes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="title", markup=False)
            if self.explain:
                yield Static(self.explain, classes="explain", markup=False)
            if self.check_minutes:
                yield Input(placeholder="how many minutes? e.g. 20 or 1h30", id="minutes")
            yield Input(value=self.note, placeholder="a few words to remember it by", id="note")
            yield Static("", classes="error")
            yield Static("enter saves · escape cancels", classes="hint")

    @on(Input.Submitted, "#minutes")
    def next_field(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def save(self, event: Input.Submitted) -> None:
        minutes = None
        if self.check_minutes is not None:
            try:
                minutes = self.check_minutes(self.query_one("#minutes", Input).value)
            except ReconnectError as error:
                self.query_one(".error", Static).update(Content(str(error)))
                self.query_one("#minutes", Input).focus()
                return
        self.dismiss(NoteAnswer(event.value, minutes))


class ActionDialog(Dialog[bool]):
    """Add or edit an action. ``save`` gets the fields and returns an error line, or None."""

    def __init__(self, save: Callable[[dict[str, str]], str | None], action: Action | None = None):
        super().__init__()
        self.save = save
        self.action = action

    def compose(self) -> ComposeResult:
        a = self.action
        goal = a.goal if a else None
        with Vertical(classes="dialog wide"):
            yield Label("Edit action" if a else "New action", classes="title")
            yield Input(value=a.name if a else "", placeholder="Name (shown in the list)", id="name")
            # kind, goal, amount and days on one row: the dialog fits 80×24 whole, title to buttons
            with Horizontal(classes="row"):
                yield Select([(k, k) for k in ("check", "count", "minutes")],
                             value=a.kind if a else "check", allow_blank=False, id="kind")
                yield Select([("per day", "day"), ("per week", "week"), ("per month", "month"),
                              ("no goal", "none")],
                             value=goal.per if goal else ("none" if a else "day"),
                             allow_blank=False, id="per")
                yield Input(value=f"{goal.amount:g}" if goal else "", placeholder="Amount", id="amount")
                yield Input(value=str(goal.days) if goal and goal.per == "day" else "",
                            placeholder="7", id="days")
            yield Input(value=(a.prompt or "") if a else "", placeholder="Prompt (optional)", id="prompt")
            yield Input(value=",".join(a.languages) if a else "",
                        placeholder="words, time, service, gifts, touch (optional)", id="languages")
            yield Static("", classes="error")
            with Horizontal(classes="choices"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        titles = {"name": "Name", "kind": "Kind", "per": "Goal per", "amount": "Amount",
                  "days": "Days of 7", "prompt": "Prompt", "languages": "Love languages"}
        for widget in self.query("Input, Select"):
            widget.border_title = titles.get(str(widget.id), "")
        self.only_what_applies()

    @on(Select.Changed, "#per")
    def only_what_applies(self) -> None:
        """Days of 7 are for a goal per day; an amount for any goal: the rest is not shown
        (and what was typed there is not read)."""
        per = str(self.query_one("#per", Select).value)
        self.query_one("#days", Input).display = per == "day"
        self.query_one("#amount", Input).display = per != "none"

    def fields(self) -> dict[str, str]:
        values = {i.id: i.value if i.display else "" for i in self.query(Input) if i.id}
        values.update({s.id: str(s.value) for s in self.query(Select) if s.id})
        return values

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def submit(self) -> None:
        error = self.save(self.fields())
        if error:
            self.query_one(".error", Static).update(Content(error))
        else:
            self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.dismiss(None)


class CatalogueDialog(Dialog[str]):
    """Pick a built-in action to enable."""

    def __init__(self, actions: list[Action]):
        super().__init__()
        self.actions = actions

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Enable a built-in action", classes="title")
            yield OptionList(
                *[Option(Content(f"{a.name} — {a.meaning}"), id=a.id) for a in self.actions],
                id="catalogue",
            )
            yield Static("enter enables · escape closes", classes="hint")

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class RepairDialog(Dialog[str]):
    """The data file cannot be used: say why and offer to repair it in place (when every
    problem has a fix) or to restore the newest good backup, or to quit. Answers "repair",
    "restore" or "quit"."""

    def __init__(self, problem: str, advice: str, in_place: bool = False, has_backup: bool = True):
        super().__init__()
        self.problem = problem
        self.advice = advice
        self.in_place = in_place
        self.has_backup = has_backup

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("The data file needs attention", classes="title")
            yield Static(self.problem, markup=False)
            yield Static(self.advice, classes="hint", markup=False)
            with Horizontal(classes="choices"):
                # "repair" is check --repair: in place, else the newest good backup (the
                # damaged file set aside); "restore" offers the backup even where a repair could
                label = ("Repair it in place" if self.in_place else "Restore the newest backup"
                         if self.has_backup else "Set it aside and start afresh")
                yield Button(label, id="repair", variant="primary")
                if self.in_place and self.has_backup:
                    yield Button("Restore the newest backup", id="restore")
                yield Button("Quit", id="quit")

    @on(Button.Pressed)
    def chosen(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)
