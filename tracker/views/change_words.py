"""A kept change in words, made when it is shown (``undo`` says what it undid): the undo log
keeps what changed by id (``tracker/store/undo_log.py``), so a name shown is the action's name
now, and the words can change without touching any data file."""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.domain.model import Action
from tracker.views.text import amount_text, long_day, printable

# Each kind of change (undo_log.CHANGE_FIELDS) in words: {name} the action's, {amount} with
# its unit, {day} and {week} in words ("Wednesday 25 November 2026").
WORDS = {
    "log": "{name}{amount} on {day}",
    "decrease": "taking{amount} off {name} on {day}",
    "note": "the note on {name} on {day}",
    "rest": "the rest day for {name} on {day}",
    "lift-rest": "lifting the rest day for {name} on {day}",
    "answers": "the answers for {day}",
    "add-action": "adding {name}",
    "edit-action": "the change to {name}",
    "archive": "archiving {name}",
    "unarchive": "bringing back {name}",
    "move": "moving {name}",
    "settings": "the change to the settings",
    "reflection": "the reflection on the week of {week}",
    "journal": "the journal page of {day}",
}


def change_words(change: dict[str, Any], actions: list[Action]) -> str:
    """"Phone-down time 25 min on Wednesday 25 November 2026": what ``change`` was, with the
    names of ``actions`` now (an action no longer there is named by its id), on one line."""
    return printable(_words(change, actions), one_line=True)


def _words(change: dict[str, Any], actions: list[Action]) -> str:
    if change["kind"] == "words":  # kept by a Reconnect before schema 6, as it said it
        return str(change["text"])
    action_id = change.get("action")
    action = next((a for a in actions if a.id == action_id), None)
    kind = action.kind if action else "count"
    amount = change.get("amount")
    return WORDS[change["kind"]].format(
        name=action.name if action else action_id or "all actions",
        # a check's amount goes without saying ("Hug on …", not "Hug 1 on …")
        amount="" if amount is None or kind == "check" and change["kind"] == "log"
        else f" {amount_text(amount, kind)}",
        day=_in_words(change.get("day")),
        week=_in_words(change.get("week")),
    )


def _in_words(day: str | None) -> str:
    return long_day(date.fromisoformat(day)) if day else ""
