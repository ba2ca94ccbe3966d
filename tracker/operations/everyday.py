"""What a user does — log, undo, rest, manage actions — as functions over a Store.

The CLI and the app both call these, so a rule lives in one place. Input is validated before
the lock is taken; what depends on the data (a day's total, a duplicate id) is checked again
inside the transaction, where raising leaves the file untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from tracker.domain.catalogue import catalogue_languages
from tracker.domain.days import timestamp
from tracker.domain.model import (
    MAX_ACTIONS,
    MAX_NOTE_LENGTH,
    Action,
    Entry,
    RestDay,
    Settings,
    check_amount,
    number,
    slugify,
    validate_id,
    validate_text,
)
from tracker.domain.reflect import welcome_back
from tracker.errors import BadInput
from tracker.operations.typed_input import Answer, resolve_action, typed_amount
from tracker.store.store import Store
from tracker.views.change_words import change_words
from tracker.views.text import sentence


def _not_archived(action: Action) -> Action:
    if action.archived:
        raise BadInput(f"{action.name} is archived; bring it back with "
                       f"`reconnect actions unarchive {action.id}` to log it")
    return action


@dataclass(frozen=True)
class Logged:
    """What ``log`` did: the entry (None when a check was already done), the day's total, and
    whether it ended a week or more without entries (docs/reflect.md, "Welcome back")."""

    action: Action
    entry: Entry | None
    day_total: float
    welcome_back: bool = False


def log(
    store: Store,
    action_ref: str,
    amount: float | str | None = None,
    *,
    day: date | None = None,
    note: str | None = None,
    source: str = "cli",
) -> Logged:
    """Record that the user did an action (today unless ``day`` says otherwise).

    ``amount`` may be text as typed (``20``, ``1h30``); it defaults to 1 except for minutes.
    """
    note = validate_text(note, "note", MAX_NOTE_LENGTH)
    action = _not_archived(resolve_action(store.actions(), action_ref))
    value = typed_amount(action, amount)
    now = store.now()
    with store.transaction():
        action = resolve_action(store.actions(), action_ref)
        target = day or store.today()
        total = sum(e.amount for e in store.day(target).entries if e.action == action.id)
        value = check_amount(action, value, total)
        if action.kind == "check" and total >= 1:
            return Logged(action, None, 1)
        today = store.today()
        back = welcome_back(store.last_entry_day(today + timedelta(days=1)), today)
        entry = Entry(action.id, target, value, timestamp(now), source, note)
        store.add_entry(entry)
        store.describe_change("log", action=action.id, day=target.isoformat(), amount=value)
        return Logged(action, entry, total + value, back)



@dataclass(frozen=True)
class Undone:
    """What ``undo`` stepped back over, in words ("Phone-down time 25 min on …")."""

    what: str

    def describe(self) -> str:
        """"Undid Phone-down time 25 min on Wednesday 25 November 2026." """
        return sentence(f"Undid {self.what}")


def undo(store: Store) -> Undone | None:
    """Step back the most recent change made on this data file (a log, a ``+``/``-``, a note,
    a rest day set or lifted, an action or setting changed); None when there is none.

    Changes are kept in order of a sequence number, never by the clock; imported and merged
    history is not among them and is never undone.
    """
    with store.transaction():
        last = store.last_change()
        if last is None:
            return None
        seq, change = last
        # in words before it is undone: an action added, or renamed, is named as it was made
        what = change_words(change["change"], store.actions())
        store.revert(seq, change)
        return Undone(what)


@dataclass(frozen=True)
class Rested:
    rest: RestDay | None  # None: that day was already a rest day
    action: Action | None


def rest(
    store: Store,
    action_ref: str | None = None,
    *,
    day: date | None = None,
    note: str | None = None,
    source: str = "cli",
) -> Rested:
    """Mark a rest day for one action, or for all when ``action_ref`` is None."""
    note = validate_text(note, "note", MAX_NOTE_LENGTH)
    now = store.now()
    with store.transaction():
        action = resolve_action(store.actions(), action_ref) if action_ref else None
        target = day or store.today()
        record = store.day(target)
        action_id = action.id if action else None
        if any(r.action in (action_id, None) for r in record.rests):
            return Rested(None, action)
        marker = RestDay(action_id, target, timestamp(now), source, note)
        store.add_rest(marker)
        store.describe_change("rest", action=action_id, day=target.isoformat())
        return Rested(marker, action)


def add_action(store: Store, action: Action, languages_given: bool = True) -> Action:
    """Add a new action at the end of the list; its id is made from the name if empty.
    Without ``languages_given``, an action named like a catalogue action gets its love
    languages (the CLI and the app alike)."""
    if not languages_given:
        action = replace(action, languages=catalogue_languages(action.name))
    with store.transaction():
        existing = store.actions()
        if len(existing) >= MAX_ACTIONS:
            raise BadInput(f"there are already {len(existing)} actions (archived ones too), the most "
                           "Reconnect keeps")
        taken = {a.id for a in existing}
        if action.id:
            validate_id(action.id)
            if action.id in taken:
                raise BadInput(f"there is already an action with the id {action.id!r}")
        else:
            action = replace(action, id=slugify(action.name, taken))
        position = max((a.position for a in existing), default=-1) + 1
        action = replace(action, position=position).validated()
        store.save_action(action)
        store.describe_change("add-action", action=action.id)
        return action


def edit_action(store: Store, action_ref: str, **changes: object) -> Action:
    """Change an action's name, kind, goal, prompt or meaning; its id and entries stay."""
    with store.transaction():
        action = resolve_action(store.actions(), action_ref)
        if "kind" in changes and changes["kind"] != action.kind:
            if any(e.action == action.id for r in store.days() for e in r.entries):
                raise BadInput(
                    f"{action.name} already has entries, so its kind stays {action.kind}; "
                    "add a new action instead"
                )
        edited = replace(action, **changes).validated()  # type: ignore[arg-type]
        store.save_action(edited)
        store.describe_change("edit-action", action=edited.id)
        return edited


def set_archived(store: Store, action_ref: str, archived: bool) -> Action:
    """Archive (hide from the daily view, keeping its history) or bring back an action."""
    with store.transaction():
        action = resolve_action(store.actions(), action_ref)
        changed = replace(action, archived=archived)
        store.save_action(changed)
        store.describe_change("archive" if archived else "unarchive", action=action.id)
        return changed


def move_action(store: Store, action_ref: str, offset: int) -> list[Action]:
    """Move an action up (offset < 0) or down among the actions; return the new order."""
    with store.transaction():
        actions = store.actions()
        action = resolve_action(actions, action_ref)
        order = [a for a in actions if a.archived == action.archived]
        index = order.index(action)
        target = max(0, min(len(order) - 1, index + offset))
        order.insert(target, order.pop(index))
        others = [a for a in actions if a.archived != action.archived]
        # the screens order archived actions last whatever their numbers: one numbering will do
        for position, moved in enumerate(order + others):
            if moved.position != position:
                store.save_action(replace(moved, position=position))
        store.describe_change("move", action=action.id)
        return store.actions()


def decrease(store: Store, action_ref: str, amount: float, *, day: date | None = None) -> float:
    """Take ``amount`` off the day's total of an action: the latest entries shrink (keeping
    their id) or, at zero, are removed. Returns how much was taken off (0 if nothing)."""
    with store.transaction():
        action = resolve_action(store.actions(), action_ref)
        record = store.day(day or store.today())
        left = amount
        entries = list(record.entries)
        for i in range(len(entries) - 1, -1, -1):
            entry = entries[i]
            if left <= 0 or entry.action != action.id:
                continue
            if entry.amount > left and action.kind != "check":
                entries[i] = replace(entry, amount=number(entry.amount - left))
                left = 0
            else:
                left -= entry.amount
                entries.pop(i)
        record.entries = entries
        store.put_day(record)
        taken = number(max(0, amount - max(left, 0)))
        store.describe_change("decrease", action=action.id, day=record.day.isoformat(), amount=taken)
        return taken


def set_note(store: Store, action_ref: str, note: str | None, *, day: date | None = None) -> Entry:
    """Set the note of the action's latest entry on the day (keeping its id)."""
    note = validate_text(note, "note", MAX_NOTE_LENGTH)
    with store.transaction():
        action = resolve_action(store.actions(), action_ref)
        record = store.day(day or store.today())
        for i in range(len(record.entries) - 1, -1, -1):
            if record.entries[i].action == action.id:
                record.entries[i] = replace(record.entries[i], note=note)
                store.put_day(record)
                store.describe_change("note", action=action.id, day=record.day.isoformat())
                return record.entries[i]
        raise BadInput(f"log {action.name} first, then add a note to it")


def remove_rest(store: Store, action_ref: str | None, *, day: date | None = None) -> bool:
    """Remove the rest day of one action (or the one for all) on a day; False if none."""
    with store.transaction():
        action_id = resolve_action(store.actions(), action_ref).id if action_ref else None
        record = store.day(day or store.today())
        kept = [r for r in record.rests if r.action != action_id]
        if len(kept) == len(record.rests):
            return False
        record.rests = kept
        store.put_day(record)
        store.describe_change("lift-rest", action=action_id, day=record.day.isoformat())
        return True


def built_ins_available(store: Store) -> list[Action]:
    """The actions of the catalogue that are not yet among the user's (archived included)."""
    from tracker.domain.catalogue import catalogue

    present = {a.id for a in store.actions()}
    return [a for a in catalogue() if a.id not in present]


def toggle_rest(store: Store, action_ref: str | None, *, day: date | None = None,
                source: str = "app") -> bool:
    """Set a rest day for the action (None: every action), or lift it if the day has one;
    True when a rest day was set, False when one was lifted."""
    with store.transaction():
        target = day or store.today()
        action_id = resolve_action(store.actions(), action_ref).id if action_ref else None
        if any(r.action == action_id for r in store.day(target).rests):
            remove_rest(store, action_ref, day=day)
            return False
        rest(store, action_ref, day=day, source=source)
        return True


def enable_built_in(store: Store, action_id: str) -> Action:
    """Add an action of the built-in catalogue, with its goal and prompts, at the end."""
    from tracker.domain.catalogue import catalogue

    known = {a.id: a for a in catalogue()}
    if action_id not in known:
        raise BadInput(f"no built-in action {action_id!r}; `reconnect actions catalogue` lists them")
    with store.transaction():
        if any(a.id == action_id for a in store.actions()):
            raise BadInput(f"{known[action_id].name} is already one of your actions")
        return add_action(store, known[action_id])


def change_settings(
    store: Store, *, day_start: int | None = None, week_start: str | None = None
) -> Settings:
    """Change when a logical day starts and which day a week starts; None keeps a setting."""
    if day_start is not None and not 0 <= day_start <= 12:
        raise BadInput("{day_start} is an hour from 0 to 12", day_start="the day's start")
    if week_start not in (None, "monday", "sunday"):
        raise BadInput("weeks start on monday or sunday")
    with store.transaction():
        settings = store.settings()
        if day_start is not None:
            settings = replace(settings, day_start=day_start)
        if week_start is not None:
            settings = replace(settings, week_start=week_start)  # type: ignore[arg-type]
        store.save_settings(settings)
        store.describe_change("settings")
        return settings



def answer_day(store: Store, day: date, answers: list[Answer], source: str = "cli") -> None:
    """Write every answer of ``reconnect ask`` for ``day`` as one change (one undo takes it
    all back)."""
    with store.transaction():
        for answer in answers:
            if answer.amount is None:
                rest(store, answer.action.id, day=day, source=source)
            else:
                log(store, answer.action.id, answer.amount, day=day, source=source)
        store.describe_change("answers", day=day.isoformat())


def daily_prompt(store: Store, actions: list[Action], day: date, today: date) -> str | None:
    """The day's quiet prompt, the same all day: once chosen (by the catalogue's rotation), it
    is kept for that day in a small mark outside the data file, so that adding or editing an
    action mid-day does not change it (while it still belongs to an active action)."""
    from tracker.domain.catalogue import prompt_of_the_day, prompts_in
    from tracker.store.marks import read_stamp, write_stamp

    pool = prompts_in(actions)
    known = _prompts.get(store.path)
    if known is not None and known[0] == day and known[1] in pool:
        return known[1]  # the app redraws often: the mark is read once a day, not each time
    kept = read_stamp(store.path, "prompt")
    if kept is not None:
        kept_day, _, kept_prompt = kept.partition("\t")
        if kept_day == day.isoformat() and kept_prompt in pool:
            _prompts[store.path] = (day, kept_prompt)
            return kept_prompt
    prompt = prompt_of_the_day(actions, day)
    if prompt is not None and day == today:
        write_stamp(store.path, "prompt", f"{day.isoformat()}\t{prompt}")
        _prompts[store.path] = (day, prompt)
    return prompt


_prompts: dict[Path, tuple[date, str]] = {}  # the day's prompt by data file, once read or chosen
