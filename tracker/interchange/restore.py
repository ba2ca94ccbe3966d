"""``reconnect restore``: a backup (or any Reconnect file) put back as the data file, checked
as strictly as a copy from another machine (docs/sync.md, "A way back")."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.domain.days import timestamp
from tracker.store import lock as filelock
from tracker.store.durable import Tables, atomic_write, serialize
from tracker.store.schema import ACTIONS, JOURNAL, REFLECTIONS, day_tables
from tracker.store.store import Store


@dataclass(frozen=True)
class Restored:
    """What ``restore`` did: the backup put back, and where the file as it was is kept."""

    backup: Path
    kept_as: Path | None  # None: there was no data file


def restore(store: Store, backup: Path) -> Restored:
    """Put ``backup`` (any Reconnect file: a backup, an export) back as the data file, in one
    replace, after keeping the current file (damaged or not) in ``backups/``. The backup is
    checked as strictly as a conflict copy; every record it brings back is stamped as changed
    now, so that the restore also wins over what other machines' copies say when they meet
    (docs/sync.md, "A way back"). Undo starts afresh."""
    from tracker.interchange.reconnect_json import TRANSIENT
    from tracker.interchange.untrusted import actions_allowed, read_export

    now = store.now()
    data, _ = read_export(backup, now, actions_allowed(store))
    restored = restamped({name: table for name, table in data.items() if name not in TRANSIENT},
                         timestamp(now))
    with filelock.locked(store.path, store.lock_timeout):
        kept = None
        if store.path.exists():
            kept = store.backups.before_restore(now)
            store.backups.keep_now(kept)
        atomic_write(store.path, serialize(restored))
    return Restored(backup, kept)


def restamped(data: Tables, stamp: str) -> Tables:
    """``data`` with every record that can change marked as changed at ``stamp``."""
    def fresh(doc: dict[str, Any]) -> dict[str, Any]:
        return {**doc, "updated_at": stamp}

    out: Tables = {**data, ACTIONS: {k: fresh(doc) for k, doc in data[ACTIONS].items()}}
    for name in (REFLECTIONS, JOURNAL):
        if name in data:
            out[name] = {k: fresh(doc) for k, doc in data[name].items()}
    for name in day_tables(data):
        out[name] = {k: {**doc, **{kind: [fresh(item) for item in doc.get(kind, ())]
                                   for kind in ("entries", "rests")}}
                     for k, doc in data[name].items()}
    return out
