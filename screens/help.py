"""Help: every key, screen by screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = """\
[b]Everywhere[/b]
  1 Today · 2 Week · 3 History · 4 Actions · ctrl+p every command · ? this help · ctrl+q quit

[b]Today[/b]
  ↑↓ or j k   choose an action
  space/enter log one: done, +1, or how many minutes
  + −         one more or one less (5 minutes for minutes)
  n           a note on the day's entry
  r / R       a rest day for this action / for every action (again to lift it)
  u           undo the last thing logged (it says what)
  [ ]         an earlier or later day, to fill in what was forgotten · t back to today
  p           start or stop the phone-down timer (it keeps running if you close the app)

[b]Week[/b]
  ← → or [ ]  earlier or later week · t this week

[b]History[/b]
  ← →         earlier or later year · ↑↓ one action or all of them

[b]Actions[/b]
  a add · e or enter edit · x archive or bring back · J K move down or up
  c enable a built-in action from the catalogue

[b]Symbols[/b]
  ● met  ◐ partial  – rest  · empty  ○ open (today, still to come)

From a shell: reconnect log ACTION, reconnect status, reconnect --help.
[dim]escape, ? or q closes this.[/dim]"""


class HelpScreen(ModalScreen[None]):
    """Every key of every screen."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="help"):
            yield Static(KEYS)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
