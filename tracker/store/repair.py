"""``reconnect check`` and ``check --repair``: verify the data file, restore it from a backup."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tracker.domain.model import is_slug
from tracker.errors import DataFileDamaged, DataFileError, DataFileTooNew
from tracker.store import lock as filelock
from tracker.store.backups import Backup, copy_file
from tracker.store.day_checks import placeholder_action
from tracker.store.durable import Tables, atomic_write, read_file, serialize
from tracker.store.schema import (
    ACTIONS,
    JOURNAL,
    REFLECTIONS,
    SCHEMA,
    day_docs,
    new_data,
)
from tracker.store.store import Store
from tracker.store.validation import check_shape, repair_in_place


def damage_advice(store: Store, error: DataFileDamaged | None = None) -> str:
    """What to do about a damaged file: the repair command, and the newest good backup when
    the repair would restore one."""
    if error is not None and error.repairable:
        return "run `reconnect check --repair` to fix it in place, keeping everything else"
    found = store.backups.newest_good()
    if found is None:
        return "there is no backup to restore; `reconnect check --repair` sets it aside and starts afresh"
    return f"newest good backup: {found[0].describe()}; run `reconnect check --repair` to restore it"


@dataclass(frozen=True)
class Health:
    """What ``check`` found in a readable file."""

    schema: int
    actions: int
    entries: int
    rests: int
    days: int
    backups: int
    newest_backup: Backup | None
    reflections: int = 0
    journal_pages: int = 0
    orphans: tuple[str, ...] = ()  # ids of actions that entries are for but the file lacks


def check(store: Store) -> Health:
    """Verify the data file; raise DataFileError when it cannot be used."""
    data = read_file(store.path)
    if data is None:
        raise DataFileError(f"there is no data file at {store.path} yet; any command creates it")
    version = check_shape(data, store.path)
    if version > SCHEMA:
        raise DataFileTooNew(
            f"the data file {store.path} is from a newer Reconnect (schema {version}; this one "
            f"knows {SCHEMA}): it can be read, but upgrade Reconnect to change it"
        )
    days = list(day_docs(data))
    backups = store.backups.all()
    return Health(
        schema=version,
        actions=len(data.get("actions", {})),
        entries=sum(len(d.get("entries", ())) for d in days),
        rests=sum(len(d.get("rests", ())) for d in days),
        days=len(days),
        backups=len(backups),
        newest_backup=backups[0] if backups else None,
        reflections=len(data.get(REFLECTIONS) or {}),
        journal_pages=len(data.get(JOURNAL) or {}),
        orphans=tuple(sorted(_orphans(data))),
    )


def _orphans(data: Tables) -> set[str]:
    """The actions that entries or rest days are for but the file does not have."""
    known = {doc["id"] for doc in data.get(ACTIONS, {}).values()}
    return {item["action"] for doc in day_docs(data) for kind in ("entries", "rests")
            for item in doc.get(kind, ()) if item.get("action") and item["action"] not in known}


def _bring_back(data: Tables, orphans: set[str]) -> list[str]:
    """An archived action for each of ``orphans``, so that no entry is without its action."""
    entries = [item for doc in day_docs(data) for item in doc.get("entries", ())]
    actions = data[ACTIONS]
    done = []
    for action_id in sorted(orphans):
        if not is_slug(action_id):
            continue  # (the file's check refuses such an id: a backup is needed)
        actions[str(max((int(k) for k in actions), default=0) + 1)] = placeholder_action(action_id, entries)
        done.append(f"action {action_id!r} was missing for its entries: brought back, archived")
    return done


@dataclass(frozen=True)
class Repaired:
    """What ``check --repair`` did."""

    set_aside: Path  # a copy of the file as it was
    restored: Backup | None  # None: fixed in place, or no good backup and a new file
    fixed: tuple[str, ...] = ()  # what was fixed in place


def repair(store: Store) -> Repaired | None:
    """Keep a copy of a damaged data file as ``*.corrupt-<timestamp>``, then fix it in place
    when every problem has a fix, else restore the newest good backup (or start a new file
    when there is none). None when the file is fine."""
    with filelock.locked(store.path, store.lock_timeout):
        try:
            health = check(store)
            if not health.orphans:
                return None
        except DataFileDamaged:
            pass
        aside = _unique_aside(store)
        copy_file(store.path, aside)
        data = _readable(store.path)
        fixed = repair_in_place(data) if data is not None else None
        if data is not None and fixed is not None:
            fixed += _bring_back(data, _orphans(data))
        if data is not None and fixed:
            atomic_write(store.path, serialize(data))
            return Repaired(aside, None, tuple(fixed))
        found = store.backups.newest_good()
        if found is None:
            atomic_write(store.path, serialize(new_data()))
            return Repaired(aside, None)
        backup, data = found
        atomic_write(store.path, serialize(data))
        return Repaired(aside, backup)


def _readable(path: Path) -> Tables | None:
    try:
        return read_file(path)
    except DataFileError:
        return None


def _unique_aside(store: Store) -> Path:
    stamp = store.now().strftime("%Y%m%d-%H%M%S")
    candidate = store.path.with_name(f"{store.path.name}.corrupt-{stamp}")
    n = 2
    while candidate.exists():
        candidate = store.path.with_name(f"{store.path.name}.corrupt-{stamp}-{n}")
        n += 1
    return candidate
