"""The store: Reconnect's data in one TinyDB file, read and written safely. ``Store`` is the one
door every command and screen goes through; behind it are rooms of their own: the days
(``day_records.py``), the reflections and the journal (``reflect_records.py``) and the changes
undo steps back through (``change_records.py``), over what they share (``core.py``).

Reads need no lock (the file is only ever replaced whole). Every change goes through
:meth:`Store.transaction`: the cross-process lock is taken, the file re-read if another process
changed it, the block's changes are applied in memory, and the file is replaced once.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from tracker.domain.days import local_now, logical_day
from tracker.domain.history import History
from tracker.domain.model import Action, Settings
from tracker.errors import DataFileDamaged, DataFileError, DataFileTooNew
from tracker.store import lock as filelock
from tracker.store.backups import Backups
from tracker.store.change_records import ChangesRoom
from tracker.store.core import _screen_order
from tracker.store.durable import AtomicJSONStorage, Tables, clean_temp_files
from tracker.store.schema import (
    ACTIONS,
    DAYS_PREFIX,
    DELETED,
    JOURNAL,
    REFLECTIONS,
    SCHEMA,
    SETTINGS,
    TIMER,
    day_tables,
    migrate,
    new_data,
)
from tracker.store.tablefile import LazyTables, read_tables
from tracker.store.undo_log import CHANGES, Recorder
from tracker.store.validation import check_shape


class Store(ChangesRoom):
    """Reconnect's data file. ``now`` is the injected clock (local time, aware)."""

    def __init__(
        self,
        path: str | Path,
        *,
        now: Callable[[], datetime] = local_now,
        lock_timeout: float = filelock.DEFAULT_TIMEOUT,
    ):
        """The file is read table by table, as needed (docs/storage.md, "What a command must read"):
        its layout always, each table of days when it is first read, and every one of them
        (with ids unique across the years) by ``check_days``, when all of history is read."""
        # A symlinked data file (kept in a synced folder) is resolved once: writes replace the
        # target, the link stays, and the lock and backups sit beside the target.
        self.path = Path(os.path.realpath(Path(path).expanduser()))
        self._days_checked = False
        self._damage: tuple[int, DataFileDamaged] | None = None  # what check_days found
        self.now = now
        self.lock_timeout = lock_timeout
        self.backups = Backups(self.path, today=lambda: self.now().date())
        self.schema_on_disk: int | None = None  # None: no file yet
        self.created = False  # this process created the data file
        self._history: tuple[int, History] | None = None
        self._recent: tuple[int, date, History] | None = None  # the last history(since)
        self._digests: dict[int, tuple[int, bytes]] = {}  # days_digest by year, per version
        self._in_transaction = False
        self._recorder = Recorder()
        self.db = TinyDB(
            self.path,
            storage=AtomicJSONStorage,
            prepare=self._prepare,
            before_replace=self.backups.keep,
            check_table=self._check_table,
        )
        self.storage: AtomicJSONStorage = self.db.storage  # type: ignore[assignment]
        self._actions: Table = self.db.table(ACTIONS, cache_size=0)
        self._settings: Table = self.db.table(SETTINGS, cache_size=0)
        self._changes: Table = self.db.table(CHANGES, cache_size=0)
        self._timer: Table = self.db.table(TIMER, cache_size=0)
        self._reflections: Table = self.db.table(REFLECTIONS, cache_size=0)
        self._journal: Table = self.db.table(JOURNAL, cache_size=0)
        self._deleted: Table = self.db.table(DELETED, cache_size=0)

    # -- loading ----------------------------------------------------------------------------

    def _prepare(self, raw: Tables | None) -> tuple[Tables, bool]:
        # a file in another layout was parsed whole: check its days now
        self._days_checked = raw is None or not isinstance(raw, LazyTables)
        if raw is None:
            self.schema_on_disk = None
            return new_data(), True
        version = check_shape(raw, self.path, days=self._days_checked)
        self.schema_on_disk = version
        if version >= SCHEMA:
            return raw, False
        data = migrate(copy.deepcopy(raw))
        check_shape(data, self.path)
        return data, True

    @property
    def read_only(self) -> bool:
        """A file from a newer Reconnect: it can be read but not written."""
        self.load()
        return self.schema_on_disk is not None and self.schema_on_disk > SCHEMA

    @property
    def loaded(self) -> bool:
        """Whether the whole file has been read (not only glanced at)."""
        return self.storage.loaded

    @property
    def version(self) -> int:
        """A number that changes whenever the data served changes (a write, a re-read)."""
        return self.storage.generation

    @property
    def exists(self) -> bool:
        """Whether anything is at the data file's path: a loop of links or a file that cannot
        be looked at is there (and unreadable), not a first run."""
        return os.path.lexists(self.path)

    def changed_on_disk(self) -> bool:
        """Whether another process wrote the file since this store last read it."""
        return self.storage.changed_on_disk()

    # -- writing ----------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Change the data as one unit: all of the block's changes are saved, or none.

        Raise inside the block (BadInput, say) and the file is left byte for byte as it was.
        A transaction inside another joins it.
        """
        if self._in_transaction:
            yield self
            return
        if self.read_only:
            raise DataFileTooNew(
                f"the data file {self.path} was written by a newer Reconnect "
                f"(schema {self.schema_on_disk}; this one knows {SCHEMA}): upgrade Reconnect "
                "to change it; reading it still works"
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DataFileError(
                f"cannot create the folder for the data file {self.path}: {error.strerror}"
            ) from None
        with filelock.locked(self.path, self.lock_timeout):
            clean_temp_files(self.path)
            self.backups.clean_temp_files()
            with self.storage.transaction(), self._joinable():
                existed = self.schema_on_disk is not None
                if self.read_only:  # another process upgraded the file meanwhile
                    raise DataFileTooNew(f"the data file {self.path} was upgraded by a newer Reconnect")
                # never write on a file known to be damaged; each table written is checked
                # as it is read, and the tables nobody read are copied byte for byte
                if self._damage is not None and self._damage[0] == self.storage.generation:
                    raise self._damage[1]
                if existed and self.schema_on_disk < SCHEMA:  # type: ignore[operator]
                    self.backups.keep_before_migration(self.schema_on_disk)  # type: ignore[arg-type]
                self._recorder = Recorder()
                yield self
                self._log_change()
            if not existed:
                self.created = True
            self.schema_on_disk = SCHEMA

    @contextmanager
    def _joinable(self) -> Iterator[None]:
        self._in_transaction = True
        try:
            yield
        finally:
            self._in_transaction = False

    def ensure_saved(self) -> None:
        """Create the file (with the starter actions) or save its migration, if either is due.

        Otherwise this takes no lock: reading commands work while another process writes.
        """
        if self.storage.must_write and not self.read_only:
            with self.transaction():
                pass

    # -- reading ----------------------------------------------------------------------------

    def today(self) -> date:
        """The logical day it is now, by the file's ``day_start``."""
        return self.day_of(self.now())

    def day_of(self, moment: datetime, settings: Settings | None = None) -> date:
        """The logical day ``moment`` belongs to, by ``day_start`` (of ``settings`` when given,
        which spares reading the file)."""
        return logical_day(moment.astimezone(), (settings or self.settings()).day_start)

    def glance(self, since: date) -> Glance | None:
        """A quick, read-only look for a first screen: the actions, the settings and the days
        from ``since`` on, parsed without the rest of the file. None whenever the usual full
        read should be used instead (no file yet, another schema or layout, anything odd);
        the store's own read (each table checked as it is read) follows the first screen."""
        if self.storage.loaded:
            return None
        tables = read_tables(
            self.path,
            lambda name: not name.startswith(DAYS_PREFIX)
            or name.removeprefix(DAYS_PREFIX) >= f"{since.year:04d}",
        )
        if tables is None:
            return None
        try:
            if check_shape(tables, self.path, days=False) != SCHEMA:
                return None
            actions = _screen_order([Action.from_dict(doc) for doc in tables[ACTIONS].values()], True)
            settings = Settings.from_dict(next(iter(tables[SETTINGS].values()), None))
            first = since.toordinal()
            recent = (doc for name in day_tables(tables)
                      for key, doc in tables[name].items() if int(key) >= first)
            history = History.from_day_docs(recent)
        except (DataFileError, KeyError, TypeError, ValueError, AttributeError):
            return None
        return Glance(actions, settings, history, (tables.get(TIMER) or {}).get("1"))

    # -- changing (inside a transaction) ----------------------------------------------------

    # -- docs/reflect.md: the weekly reflections and the journal ------------------------------------

    # -- what changed when: for merging two copies of the file (docs/sync.md) --------------------

    def all_tables(self) -> Tables:
        """Every table, each parsed and checked (for a merge, inside a transaction)."""
        self.check_days()
        data = self.storage.read()
        assert data is not None
        if isinstance(data, LazyTables):
            data.parse_all()
        return {name: data[name] for name in data}

    def replace_data(self, data: Tables) -> None:
        """Replace every table at once (a merge, inside a transaction)."""
        self.storage.write(data)

    def timer_doc(self) -> dict[str, Any] | None:
        """The running timer as stored (``{"action", "started"}``), or None."""
        doc = self._timer.get(doc_id=1)
        return dict(doc) if doc else None

    def set_timer_doc(self, doc: dict[str, Any] | None) -> None:
        """Keep the running timer (None: none runs). Not a change undo steps back over."""
        self._timer.truncate()
        if doc is not None:
            self._timer.insert(Document(doc, doc_id=1))


@dataclass(frozen=True)
class Glance:
    """What ``Store.glance`` saw: enough for the first screen."""

    actions: list[Action]
    settings: Settings
    history: History  # the days from ``since`` only
    timer: dict[str, Any] | None
