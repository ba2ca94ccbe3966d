"""The commands of a day: log, ask, undo, rest, status and week."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TypeVar

from tracker.cli.output import Output
from tracker.domain.days import parse_day, week_bounds
from tracker.errors import BadInput
from tracker.operations import everyday as operations
from tracker.operations import typed_input
from tracker.store.store import Store
from tracker.views.text import (
    amount_text,
    counted,
    long_day,
    status_text,
    week_text,
)


def _day(store: Store, text: str | None) -> date | None:
    return None if text is None else parse_day(text, store.today())


def cmd_log(args: argparse.Namespace, store: Store, output: Output) -> int:
    day = _day(store, args.day)
    logged = operations.log(store, args.action, args.amount, day=day, note=args.note)
    name, kind = logged.action.name, logged.action.kind
    when = "today" if day is None or day == store.today() else f"on {long_day(day)}"
    if logged.welcome_back:
        output.say("Welcome back.")
    if logged.entry is None:
        output.say(f"{name} is already counted {when}. Once a day is enough.")
    elif kind == "check":
        stop = "" if name[-1] in ".!?" else "."
        output.say(f"Nice, that counts: {name}" + (stop if when == "today" else f", {when}."))
    else:
        output.say(f"Nice, that counts: {name}, {amount_text(logged.day_total, kind)} {when}.")
    return 0


def cmd_undo(args: argparse.Namespace, store: Store, output: Output) -> int:
    undone = operations.undo(store)
    if undone is None:
        raise BadInput("nothing to undo")
    output.say(undone.describe())
    return 0


def cmd_rest(args: argparse.Namespace, store: Store, output: Output) -> int:
    day = _day(store, args.day)
    rested = operations.rest(store, args.action, day=day, note=args.note)
    whom = rested.action.name if rested.action else "all actions"
    on = long_day(day or store.today())
    if rested.rest is None:
        output.say(f"{on} is already a rest day for {whom}.")
    else:
        output.say(f"Rest day for {whom} on {on}. Rest is part of it; streaks wait for you.")
    return 0


def cmd_status(args: argparse.Namespace, store: Store, output: Output) -> int:
    from tracker.views import store_reports

    today = store.today()
    actions = store.actions(include_archived=False)
    data = store_reports.status(store, actions, today, today)
    store.ensure_saved()
    if args.json:
        output.json(data.to_json())
        return 0
    output.say(status_text(data, operations.daily_prompt(store, actions, today, today), output.width))
    names = {a.id: a.name for a in store.actions()}
    notes = [f"  {names.get(e.action, e.action)}: {e.note}" for e in store.day(today).entries if e.note]
    if notes:
        output.say("\nNotes today:\n" + "\n".join(notes))
    from tracker.operations import timer

    running = timer.running(store)
    if running is not None:
        output.say(f"\n⏱  The timer for {running.action.name} has run {running.elapsed(store.now())}; "
                   "stop it in the app with p.")
    return 0


def cmd_week(args: argparse.Namespace, store: Store, output: Output) -> int:
    from tracker.views import store_reports

    today = store.today()
    this_week_ends = week_bounds(today, store.settings().week_start)[1]
    day = today if args.day is None else parse_day(
        args.day, today, future="that week has not started yet", latest=this_week_ends)
    data = store_reports.week(store, store.actions(include_archived=False), day, today)
    store.ensure_saved()
    output.json(data.to_json()) if args.json else output.say(week_text(data, output.width))
    return 0


def cmd_ask(args: argparse.Namespace, store: Store, output: Output) -> int:
    """Walk through every active action for a day, one line each, then write the answers as
    one change. Answers come from the keyboard or a pipe; a bad answer is asked again."""
    day = _day(store, args.day) or store.today()
    record = store.day(day)
    output.say(f"{long_day(day)}: y or n for a check, a number for counts and minutes, "
               "s for a rest day, enter to leave it.")
    answers: list[typed_input.Answer] = []
    for action in store.actions(include_archived=False):
        done = sum(e.amount for e in record.entries if e.action == action.id)
        so_far = "" if not done else (" (done)" if action.kind == "check"
                                       else f" ({amount_text(done, action.kind)} so far)")
        answer = _ask(output, f"{action.name}{so_far}: ", partial(typed_input.read_answer, action))
        if isinstance(answer, _End):
            break
        if answer is not None:
            answers.append(answer)
    if not answers:
        output.say("Nothing to write.")
        return 0
    output.say("Will write: " + "; ".join(a.describe() for a in answers) + ".")
    if sys.stdin.isatty() and _ask(output, "Write it? [Y/n] ", _yes) is not True:
        output.say("Nothing was written.")
        return 0
    operations.answer_day(store, day, answers)
    output.say(f"Wrote {counted(len(answers), 'answer')} for {long_day(day)}; one `reconnect undo` "
               "takes them all back.")
    return 0


class _End:
    """The answers ended (the end of the input)."""


T = TypeVar("T")


def _ask(output: Output, prompt: str, read: Callable[[str], T]) -> T | _End:
    """Ask until ``read`` takes the line (a bad answer says why and asks again)."""
    while True:
        output.out.write(prompt)
        output.out.flush()
        line = sys.stdin.readline()
        if not line:
            output.say()
            return _End()
        if not sys.stdin.isatty():
            output.say(line.rstrip("\n"))  # from a pipe: the answer beside its question
        try:
            return read(line)
        except BadInput as error:
            output.say(f"  {error}")


def _yes(text: str) -> bool:
    if text.strip().lower() in ("", "y", "yes"):
        return True
    if text.strip().lower() in ("n", "no"):
        return False
    raise BadInput("y or enter writes it, n leaves everything as it was")
