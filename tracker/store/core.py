"""What every room of the store shares (``tracker/store/store.py`` is the door): the file and
its tables, the clock, the check of each table as it is read, the markers a removal leaves for
merges, and the actions and settings every room reads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from tinydb import TinyDB, where
from tinydb.table import Document, Table

from tracker.domain.days import timestamp
from tracker.domain.history import History
from tracker.domain.model import Action, Settings
from tracker.errors import DataFileDamaged
from tracker.store.durable import AtomicJSONStorage
from tracker.store.schema import DAYS_PREFIX, EPOCH, JOURNAL, REFLECTIONS, SCHEMA
from tracker.store.tablefile import LazyTables
from tracker.store.undo_log import Recorder
from tracker.store.validation import check_day_table, check_reflect_table, check_shape


class StoreCore:
    """The state the rooms share, set up by ``Store.__init__``."""

    path: Path
    now: Callable[[], datetime]
    db: TinyDB
    storage: AtomicJSONStorage
    schema_on_disk: int | None
    _days_checked: bool
    _damage: tuple[int, DataFileDamaged] | None
    _recorder: Recorder
    _history: tuple[int, History] | None
    _recent: tuple[int, date, History] | None
    _digests: dict[int, tuple[int, bytes]]
    _actions: Table
    _settings: Table
    _changes: Table
    _timer: Table
    _reflections: Table
    _journal: Table
    _deleted: Table

    def load(self) -> None:
        """Read the file now (if it changed), raising DataFileError when it cannot be used."""
        self.storage.read()

    def _check_table(self, name: str, table: dict[str, Any]) -> None:
        """Check a table of days as it is first read (a newer schema's days are its own)."""
        if (self.schema_on_disk or 0) > SCHEMA:
            return
        if name.startswith(DAYS_PREFIX):
            check_day_table(name, table, self.path)
        elif name in (REFLECTIONS, JOURNAL):
            check_reflect_table(name, table, self.path)

    def check_days(self) -> None:
        """Read and check every day document, if this read of the file has not yet: raise
        DataFileDamaged if one is bad (and refuse every write until the file changes)."""
        data = self.storage.read()
        if self._days_checked or data is None:
            return
        try:
            if isinstance(data, LazyTables):
                data.parse_all(lambda name: name not in (REFLECTIONS, JOURNAL))
            check_shape(data, self.path, reflect=False)  # each is checked when it is read
        except DataFileDamaged as error:
            self._damage = (self.storage.generation, error)
            raise
        self._days_checked = True

    def _interpret(self, build: Callable[..., Any], *args: Any) -> Any:
        try:
            return build(*args)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise DataFileDamaged(
                f"the data file {self.path} holds something this version cannot read ({error!r})"
            ) from None

    def _stamp(self) -> str:
        return timestamp(self.now())

    def _mark_deleted(self, table: str, record_id: str) -> None:
        """Leave a marker for a removed record of ``table``; markers over a year old are let go."""
        now = self.now()
        self._unmark(table, record_id)
        cutoff = (now - timedelta(days=365)).date().isoformat()
        stale = [doc.doc_id for doc in self._deleted.all() if doc["deleted_at"][:10] < cutoff]
        if stale:
            self._deleted.remove(doc_ids=stale)
        doc_id = max((doc.doc_id for doc in self._deleted.all()), default=0) + 1
        self._deleted.insert(Document({"table": table, "id": record_id, "deleted_at": timestamp(now)},
                                      doc_id=doc_id))

    def _unmark(self, table: str, record_id: str) -> None:
        marked = (where("table") == table) & (where("id") == record_id)
        if self._deleted.contains(marked):
            self._deleted.remove(marked)

    def settings(self) -> Settings:
        doc = self._settings.get(doc_id=1)
        return Settings.from_dict(doc)

    def actions(self, include_archived: bool = True) -> list[Action]:
        """The actions in screen order (archived last when included)."""
        actions = [self._interpret(Action.from_dict, doc) for doc in self._actions.all()]
        return _screen_order(actions, include_archived)

    def save_action(self, action: Action) -> None:
        """Insert the action, or replace the one with the same id."""
        found = self._actions.search(where("id") == action.id)
        self._recorder.touch(("actions", action.id), dict(found[0]) if found else None)
        doc = action.to_dict()
        if found:
            self._actions.remove(doc_ids=[d.doc_id for d in found])
            doc_id = found[0].doc_id
            unchanged = _same(found[0], doc)
            doc["updated_at"] = found[0].get("updated_at", EPOCH) if unchanged else self._stamp()
        else:
            doc_id = max((d.doc_id for d in self._actions.all()), default=0) + 1
            doc["updated_at"] = self._stamp()
        self._actions.insert(Document(doc, doc_id=doc_id))

    def save_settings(self, settings: Settings) -> None:
        old = self._settings.get(doc_id=1)
        self._recorder.touch(("settings",), dict(old) if old else None)
        self._settings.upsert(Document(settings.to_dict(), doc_id=1))


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two versions of a record say the same, when each was changed aside."""
    return {k: v for k, v in a.items() if k != "updated_at"} == {k: v for k, v in b.items() if k != "updated_at"}


def _screen_order(actions: list[Action], include_archived: bool) -> list[Action]:
    if not include_archived:
        actions = [a for a in actions if not a.archived]
    return sorted(actions, key=lambda a: (a.archived, a.position, a.name))
