"""The phone-down timer: its start is kept in the data file, so it survives closing the app."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tracker.domain.days import timestamp
from tracker.domain.model import MAX_MINUTES_PER_DAY, Action
from tracker.errors import BadInput
from tracker.store.store import Store

if TYPE_CHECKING:
    from tracker.operations.everyday import Logged

LONG_RUN_MINUTES = 180  # past this, ask before logging: it was probably left running


@dataclass(frozen=True)
class RunningTimer:
    action: Action
    started: datetime

    def minutes(self, now: datetime) -> int:
        """Whole minutes run so far (at least 1 once stopped)."""
        return max(1, round((now - self.started).total_seconds() / 60))

    def elapsed(self, now: datetime) -> str:
        """How long it has run, always as hours:minutes:seconds (``0:12:34``), so that it is
        never read as a time of day."""
        seconds = max(0, int((now - self.started).total_seconds()))
        hours, rest = divmod(seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}"


def running(store: Store) -> RunningTimer | None:
    """The timer that is running, if any."""
    doc = store.timer_doc()
    return from_doc(doc, store.actions()) if doc else None


def from_doc(doc: Mapping[str, Any] | None, actions: list[Action]) -> RunningTimer | None:
    """The running timer a stored document describes (None for none, or an unknown action)."""
    if not doc:
        return None
    action = next((a for a in actions if a.id == doc.get("action")), None)
    try:
        return RunningTimer(action, datetime.fromisoformat(doc["started"])) if action else None
    except (KeyError, TypeError, ValueError):
        return None


def start(store: Store, action_ref: str) -> RunningTimer:
    """Start timing a minutes action."""
    from tracker.operations.typed_input import resolve_action

    with store.transaction():
        action = resolve_action(store.actions(), action_ref)
        if action.kind != "minutes":
            raise BadInput(f"the timer is for minutes actions; {action.name} is a {action.kind}")
        if running(store) is not None:
            raise BadInput("a timer is already running")
        now = store.now()
        store.set_timer_doc({"action": action.id, "started": timestamp(now)})
        return RunningTimer(action, now)


def stop(store: Store, *, log: bool = True, minutes: float | None = None) -> Logged | None:
    """Stop the timer and (unless ``log`` is False) log its minutes — or ``minutes``, as the
    user corrected them — on the day it started, capped at what still fits in that day."""
    from tracker.operations import everyday as operations

    with store.transaction():
        timer = running(store)
        if timer is None:
            raise BadInput("no timer is running")
        store.set_timer_doc(None)
        if not log:
            return None
        day = store.day_of(timer.started)
        taken = sum(e.amount for e in store.day(day).entries if e.action == timer.action.id)
        minutes = min(timer.minutes(store.now()) if minutes is None else minutes,
                      MAX_MINUTES_PER_DAY - taken)
        if minutes <= 0:
            raise BadInput(f"{timer.action.name} already holds a whole day of minutes")
        return operations.log(store, timer.action.id, minutes, day=day, source="app:timer")
