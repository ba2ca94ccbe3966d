"""What an import will do, read entirely before anything is written, then applied as one
transaction (or, with --dry-run, only reported)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from tracker.domain.days import timestamp
from tracker.domain.model import (
    BIDI,
    CONTROL,
    EARLIEST_DAY,
    MAX_ACTIONS,
    MAX_COUNT_PER_ENTRY,
    MAX_IMPORTED_AMOUNT,
    MAX_MINUTES_PER_DAY,
    MAX_NOTE_LENGTH,
    MAX_PROMPT_LENGTH,
    Action,
    Entry,
    Goal,
    Kind,
    RestDay,
    clean_name,
    clean_text,
    is_number,
    number,
    slugify,
)
from tracker.errors import BadInput
from tracker.store.store import Store
from tracker.views.text import counted

SHOWN_NAMES = 10  # the actions an import made, named in its report (then "and N more")

def round_half_up(value: float) -> int:
    """Round to the nearest whole number, halves up (this project rounds so everywhere)."""
    return math.floor(value + 0.5)


def weekly_from_frequency(num: int, den: int) -> int:
    """An "N in M days" frequency as times a week: round-half-up(7·N/M), clamped to 1–7."""
    return max(1, min(7, round_half_up(7 * num / den)))


@dataclass
class Habit:
    """One habit of the other program, as it will become an action."""

    origin: str  # how a re-import recognises it: "loop:uuid:…", "harsh:Gym"
    name: str
    kind: Kind
    goal: Goal | None
    prompt: str | None = None
    meaning: str | None = None
    archived: bool = False
    entries: dict[date, tuple[Any, str | None]] = field(default_factory=dict)  # amounts unchecked
    rests: dict[date, str | None] = field(default_factory=dict)
    notes_left_out: int = 0  # notes on days that bring nothing in (Loop's NO, YES_AUTO)

    def __post_init__(self) -> None:
        # the origin is made from the other program's text (a Loop position, a harsh name):
        # kept as plain text, as the file's check wants it
        self.origin = BIDI.sub("", CONTROL.sub("", self.origin))[:MAX_PROMPT_LENGTH]


@dataclass
class Plan:
    """Everything read from one file, and what the report should say about it."""

    source: str  # "import:loop", "import:harsh"
    path: str
    habits: list[Habit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # approximations and things skipped


@dataclass
class Report:
    """What an import did (or, for a dry run, would do)."""

    path: str
    dry_run: bool
    created: list[str] = field(default_factory=list)
    entries_added: int = 0
    rests_added: int = 0
    already_there: int = 0
    notes: list[str] = field(default_factory=list)
    reflections: int = 0  # weekly reflections added or brought up to date
    journal_pages: int = 0

    def lines(self) -> list[str]:
        verb = "Would add" if self.dry_run else "Added"
        made = "would be created" if self.dry_run else "created"
        lines = [f"{verb} {counted(self.entries_added, 'entry', 'entries')} and "
                 f"{counted(self.rests_added, 'rest day')} from {self.path}."]
        if self.reflections or self.journal_pages:
            lines.append(f"{'Would bring' if self.dry_run else 'Brought'} in "
                         f"{counted(self.reflections, 'weekly reflection')} and "
                         f"{counted(self.journal_pages, 'journal page')} (the later version of each).")
        if self.created:
            shown = ", ".join(self.created[:SHOWN_NAMES])
            more = len(self.created) - SHOWN_NAMES
            lines.append(f"Actions {made}: {shown}{f' and {more} more' if more > 0 else ''}.")
        if self.already_there:
            lines.append(f"{self.already_there} were already here and were left as they are.")
        lines += [f"Note: {note}" for note in self.notes]
        if self.dry_run:
            lines.append("Dry run: nothing was written.")
        return lines


class DryRun(Exception):
    """Raised to roll a dry run's transaction back."""


def apply(store: Store, plan: Plan, *, dry_run: bool = False) -> Report:
    """Add the plan's actions, entries and rest days in one transaction; what is already
    there (the same origin habit on the same day) is left alone."""
    report = Report(plan.path, dry_run, notes=list(plan.notes))
    try:
        with store.transaction():
            _apply(store, plan, report)
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    return report


def _apply(store: Store, plan: Plan, report: Report) -> None:
    now = timestamp(store.now())
    latest = store.today() + timedelta(days=365)
    actions = store.actions()
    by_origin = {a.origin: a for a in actions if a.origin}
    taken = {a.id for a in actions}
    position = max((a.position for a in actions), default=-1)
    changes: dict[date, tuple[list[Entry], list[RestDay]]] = {}
    seen: set[str] = set()
    total = len(actions) + sum(habit.origin not in by_origin for habit in plan.habits)
    if total > MAX_ACTIONS:  # (raised inside the transaction: nothing is written)
        raise BadInput(f"{plan.path}: its {len(plan.habits)} habits would make {total} actions, more than "
                       f"the {MAX_ACTIONS} Reconnect keeps; nothing was imported")
    for habit in plan.habits:
        # two habits of one file with one origin (a hand-edited backup): each its own, or their
        # entries would share ids; the same on every import of that file
        base, n = habit.origin, 1
        while habit.origin in seen:
            n += 1
            habit.origin = f"{base}#{n}"
        seen.add(habit.origin)
        action = by_origin.get(habit.origin)
        if action is None:
            position += 1
            action = _new_action(habit, slugify(habit.name, taken), position, report)
            taken.add(action.id)
            store.save_action(action)
            report.created.append(f"{action.name} ({action.id})")
        _keep_what_can_be_kept(habit, latest, plan.path, report)
        _check_limits(habit, report)
        if habit.notes_left_out:
            report.notes.append(
                f"{habit.name}: {habit.notes_left_out} notes on days not done were left out"
            )
        for day, (amount, note) in habit.entries.items():
            changes.setdefault(day, ([], []))[0].append(Entry(
                action.id, day, number(amount), now, plan.source, note,
                id=imported_id(habit.origin, day, "entry")))
        for day, note in habit.rests.items():
            changes.setdefault(day, ([], []))[1].append(RestDay(
                action.id, day, now, plan.source, note, id=imported_id(habit.origin, day, "rest")))
    for day in sorted(changes):
        entries, rests = changes[day]
        record = store.day(day)
        imported = {e.action for e in record.entries if e.source.startswith("import")}
        rested = {r.action for r in record.rests}
        new_entries = [e for e in entries if e.action not in imported]
        new_rests = [r for r in rests if r.action not in rested]
        report.already_there += len(entries) - len(new_entries) + len(rests) - len(new_rests)
        if new_entries or new_rests:
            record.entries += new_entries
            record.rests += new_rests
            store.put_day(record)
            report.entries_added += len(new_entries)
            report.rests_added += len(new_rests)


def imported_id(origin: str, day: date, kind: str) -> str:
    """An imported entry's (or rest day's) id, from its habit and day (docs/cli.md): the same file
    imported on two machines gives the same ids, so a sync merge never doubles it."""
    import uuid  # only an import needs it

    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"reconnect:{origin}/{day.isoformat()}/{kind}"))


def _keep_what_can_be_kept(habit: Habit, latest: date, path: str, report: Report) -> None:
    """Skip (and report) what no history can hold: amounts that are not finite positive
    numbers or are absurd, days before 1970 or more than a year ahead; clean notes."""
    skipped: dict[str, list[date]] = {}
    for day, (amount, note) in list(habit.entries.items()):
        if not EARLIEST_DAY <= day <= latest:
            skipped.setdefault("a day before 1970 or over a year ahead", []).append(day)
        elif not is_number(amount) or amount <= 0:
            shown = repr(amount) if len(repr(amount)) <= 40 else repr(amount)[:39] + "…"
            skipped.setdefault(f"a value that is not a positive number ({shown})", []).append(day)
        elif amount > MAX_IMPORTED_AMOUNT:
            skipped.setdefault(f"a value beyond {MAX_IMPORTED_AMOUNT:,} ({amount:g})", []).append(day)
        else:
            habit.entries[day] = (amount, _cleaned_note(note, habit, day, report))
            continue
        del habit.entries[day]
    for day, note in list(habit.rests.items()):
        if not EARLIEST_DAY <= day <= latest:
            skipped.setdefault("a day before 1970 or over a year ahead", []).append(day)
            del habit.rests[day]
        else:
            habit.rests[day] = _cleaned_note(note, habit, day, report)
    for why, days in skipped.items():
        report.notes.append(
            f"{path}: {habit.name}: skipped {len(days)} day(s) with {why}, first {min(days)}"
        )


def _cleaned_note(note: str | None, habit: Habit, day: date, report: Report) -> str | None:
    cleaned = clean_text(note, MAX_NOTE_LENGTH)
    if note is not None and cleaned != (note.strip() or None):
        report.notes.append(f"{habit.name}, {day}: the note was cleaned of control characters or cut")
    return cleaned


def _new_action(habit: Habit, action_id: str, position: int, report: Report) -> Action:
    name = clean_name(habit.name, "Imported habit")
    if name != " ".join(habit.name.split()):
        report.notes.append(f"{name}: the name was cleaned of control characters or cut to fit")
    action = Action(
        id=action_id,
        name=name,
        kind=habit.kind,
        goal=habit.goal,
        prompt=clean_text(habit.prompt, MAX_PROMPT_LENGTH),
        meaning=clean_text(habit.meaning, MAX_PROMPT_LENGTH),
        archived=habit.archived,
        position=position,
        origin=habit.origin,
    )
    try:
        return action.validated()
    except BadInput as error:
        report.notes.append(f"{name}: its goal could not be kept ({error}); imported without a goal")
        return replace(action, goal=None).validated()


def _check_limits(habit: Habit, report: Report) -> None:
    if habit.kind == "minutes":
        beyond = [d for d, (amount, _) in habit.entries.items() if amount > MAX_MINUTES_PER_DAY]
        limit = f"{MAX_MINUTES_PER_DAY} minutes a day"
    elif habit.kind == "count":
        beyond = [d for d, (amount, _) in habit.entries.items() if amount > MAX_COUNT_PER_ENTRY]
        limit = f"{MAX_COUNT_PER_ENTRY} at a time"
    else:
        beyond = []
    if beyond:
        report.notes.append(
            f"{habit.name}: {len(beyond)} days are beyond {limit} (kept as they are, "
            f"first {min(beyond)})"
        )

