"""The store: Reconnect's data in one TinyDB file, read and written safely.

Reads need no lock (the file is only ever replaced whole). Every change goes through
:meth:`Store.transaction`: the cross-process lock is taken, the file re-read if another process
changed it, the block's changes are applied in memory, and the file is replaced once.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from tinydb import TinyDB, where
from tinydb.table import Document, Table

from tracker.domain.days import local_now, logical_day, timestamp
from tracker.domain.history import History
from tracker.domain.model import Action, Entry, RestDay, Settings
from tracker.domain.reflect import JournalPage, Reflection
from tracker.errors import DataFileDamaged, DataFileError, DataFileTooNew
from tracker.store import lock as filelock
from tracker.store.backups import Backups
from tracker.store.durable import AtomicJSONStorage, Tables, clean_temp_files
from tracker.store.schema import (
    ACTIONS,
    DAYS_PREFIX,
    DELETED,
    EPOCH,
    JOURNAL,
    REFLECTIONS,
    SCHEMA,
    SETTINGS,
    TIMER,
    day_docs,
    day_table,
    day_tables,
    migrate,
    new_data,
)
from tracker.store.tablefile import LazyTables, read_tables
from tracker.store.undo_log import CHANGES, KEEP, Recorder, day_items
from tracker.store.undo_log import change as undo_change
from tracker.store.validation import check_day_table, check_reflect_table, check_shape


@dataclass
class DayRecord:
    """What one day holds: its entries and rest days."""

    day: date
    entries: list[Entry] = field(default_factory=list)
    rests: list[RestDay] = field(default_factory=list)


class Store:
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
        return self.path.exists()

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

    def describe_change(self, kind: str, **fields: Any) -> None:
        """Say what this transaction's change is, so that undo can step back over it and say
        what it undid: its kind and the ids it names (``undo_log.CHANGE_FIELDS``)."""
        self._recorder.change = undo_change(kind, **fields)

    def _log_change(self) -> None:
        recorder = self._recorder
        if recorder.change is None or not recorder.before:
            return
        kept = [doc.doc_id for doc in self._changes.all()]
        seq = max(kept, default=0) + 1
        self._changes.insert(Document({"change": recorder.change, "items": recorder.items()}, doc_id=seq))
        stale = [doc_id for doc_id in kept if doc_id <= seq - KEEP]
        if stale:
            self._changes.remove(doc_ids=stale)

    def last_change(self) -> tuple[int, dict[str, Any]] | None:
        """The most recent change undo can step back over: its number and what it holds."""
        docs = self._changes.all()
        if not docs:
            return None
        latest = max(docs, key=lambda doc: doc.doc_id)
        return latest.doc_id, dict(latest)

    def revert(self, seq: int, change: dict[str, Any]) -> None:
        """Put back every item of change ``seq`` as it was before it, and forget the change."""
        for item in reversed(change["items"]):
            key, before, index = item["key"], item["before"], item.get("index", -1)
            if before is not None and key[0] != "settings":
                self._unmark(key[0], key[-1])  # what comes back is no longer removed
            if key[0] == "actions":
                found = self._actions.search(where("id") == key[1])
                if found:
                    self._actions.remove(doc_ids=[d.doc_id for d in found])
                if before is not None:
                    self.save_action(Action.from_dict(before))
                else:
                    self._mark_deleted("actions", key[1])
            elif key[0] == "settings":
                self._settings.truncate()
                if before is not None:
                    self._settings.insert(Document(before, doc_id=1))
            elif key[0] == "reflections":
                doc_id = date.fromisoformat(key[1]).toordinal()
                if self._reflections.contains(doc_id=doc_id):
                    self._reflections.remove(doc_ids=[doc_id])
                if before is not None:
                    self._reflections.insert(Document({**before, "updated_at": self._stamp()}, doc_id=doc_id))
                else:
                    self._mark_deleted("reflections", key[1])
            elif key[0] == "journal":
                self._journal.remove(where("id") == key[1])
                if before is not None:
                    self._journal.insert(Document({**before, "updated_at": self._stamp()},
                                                  doc_id=self._next_journal_id()))
                else:
                    self._mark_deleted("journal", key[1])
            else:
                day = date.fromisoformat(key[1])
                doc = self._days(day.year).get(doc_id=day.toordinal())
                items = [i for i in (doc or {}).get(key[0], []) if i["id"] != key[2]]
                if before is not None:
                    items.insert(index if 0 <= index <= len(items) else len(items), before)
                self._put_day_doc(day, {**(doc or {}), key[0]: items})
        self._changes.remove(doc_ids=[seq])

    def ensure_saved(self) -> None:
        """Create the file (with the starter actions) or save its migration, if either is due.

        Otherwise this takes no lock: reading commands work while another process writes.
        """
        if self.storage.must_write and not self.read_only:
            with self.transaction():
                pass

    # -- reading ----------------------------------------------------------------------------

    def settings(self) -> Settings:
        doc = self._settings.get(doc_id=1)
        return Settings.from_dict(doc)

    def today(self) -> date:
        """The logical day it is now, by the file's ``day_start``."""
        return self.day_of(self.now())

    def day_of(self, moment: datetime, settings: Settings | None = None) -> date:
        """The logical day ``moment`` belongs to, by ``day_start`` (of ``settings`` when given,
        which spares reading the file)."""
        return logical_day(moment.astimezone(), (settings or self.settings()).day_start)

    def actions(self, include_archived: bool = True) -> list[Action]:
        """The actions in screen order (archived last when included)."""
        actions = [self._interpret(Action.from_dict, doc) for doc in self._actions.all()]
        return _screen_order(actions, include_archived)

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

    def history(self, since: date | None = None) -> History:
        """Every entry and rest day, indexed for the progress rules (cached per version).

        With ``since``, only the days from then on: enough for a day or a week, and cheap.
        """
        self.load()
        data = self.storage.read()
        assert data is not None
        if since is not None:
            if self._recent is not None and self._recent[:2] == (self.storage.generation, since):
                return self._recent[2]  # the app redraws often: the same file, the same days
            history: History = self._interpret(History.from_day_docs, self.day_docs(since))
            self._recent = (self.storage.generation, since, history)
            return history
        self.check_days()
        generation = self.storage.generation
        if self._history is None or self._history[0] != generation:
            self._history = (generation, self._interpret(History.from_day_docs, day_docs(data)))
        return self._history[1]

    def day_docs(self, since: date, until: date | None = None) -> list[dict[str, Any]]:
        """The day documents from ``since`` to ``until`` (default: all after), as stored,
        reading (and checking) only the tables of those years."""
        self.load()
        data = self.storage.read()
        assert data is not None
        first, last = since.toordinal(), (until or date.max).toordinal()
        return [
            doc
            for name in day_tables(data)
            if since.year <= int(name.removeprefix(DAYS_PREFIX)) <= (until or date.max).year
            for key, doc in data[name].items()
            if first <= int(key) <= last
        ]

    def days_digest(self, before: int) -> bytes:
        """A digest of every day document of the years before ``before``, from the bytes of
        their tables as read (parsing none), to key figures derived from them."""
        import hashlib

        import orjson

        self.load()
        data = self.storage.read()
        assert data is not None
        known = self._digests.get(before)
        if known is not None and known[0] == self.storage.generation:
            return known[1]  # the app asks on every redraw: the same file, the same digest
        digest = hashlib.sha256()
        for name in day_tables(data):
            if int(name.removeprefix(DAYS_PREFIX)) < before:
                line = data.line_as_read(name) if isinstance(data, LazyTables) else None
                digest.update(orjson.dumps(name) + (line if line is not None else orjson.dumps(data[name])) + b"\n")
        self._digests[before] = (self.storage.generation, digest.digest())
        return self._digests[before][1]

    def _days(self, year: int) -> Table:
        return self.db.table(day_table(year), cache_size=0)

    def day(self, day: date) -> DayRecord:
        """The entries and rest days of one day."""
        doc = self._days(day.year).get(doc_id=day.toordinal())
        return self._interpret(_record_from_doc, doc, day) if doc else DayRecord(day)

    def records(self, since: date, until: date) -> list[DayRecord]:
        """The days from ``since`` to ``until`` that hold something, oldest first."""
        docs = sorted(self.day_docs(since, until), key=lambda doc: doc["day"])
        return [self._interpret(_record_from_doc, doc, date.fromisoformat(doc["day"])) for doc in docs]

    def days(self) -> Iterator[DayRecord]:
        """Every day that holds something, oldest first (every day checked first)."""
        self.check_days()
        for name in day_tables(self.storage.read() or {}):
            table = self.db.table(name, cache_size=0)
            for doc in sorted(table.all(), key=lambda d: d.doc_id):
                yield self._interpret(_record_from_doc, doc, date.fromisoformat(doc["day"]))

    def _interpret(self, build: Callable[..., Any], *args: Any) -> Any:
        try:
            return build(*args)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise DataFileDamaged(
                f"the data file {self.path} holds something this version cannot read ({error!r})"
            ) from None

    # -- changing (inside a transaction) ----------------------------------------------------

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

    def put_day(self, record: DayRecord) -> None:
        """Replace what a day holds (removing its document when it holds nothing)."""
        self._put_day_doc(record.day, {
            "entries": [e.to_dict() for e in record.entries],
            "rests": [r.to_dict() for r in record.rests],
        })

    def _put_day_doc(self, day: date, doc: dict[str, Any]) -> None:
        doc_id = day.toordinal()
        days = self._days(day.year)
        old: dict[str, Any] = days.get(doc_id=doc_id) or {}
        doc = {**doc}
        for name in ("entries", "rests"):
            # each item changed here is stamped now; one removed leaves a marker (docs/sync.md)
            before = {item["id"]: item for item in old.get(name, [])}
            stamped = []
            for item in doc.get(name, []):
                prior = before.get(item["id"])
                kept = prior is not None and _same(prior, item)
                stamp = (prior.get("updated_at") or prior["at"]) if kept and prior else self._stamp()
                stamped.append({**item, "updated_at": stamp})
            doc[name] = stamped
            for item_id in before.keys() - {item["id"] for item in stamped}:
                self._mark_deleted(name, item_id)
        for name in ("entries", "rests"):
            for item_id, before, index in day_items(old.get(name, []), doc.get(name, [])):
                self._recorder.touch((name, day.isoformat(), item_id), before, index)
        if not doc.get("entries") and not doc.get("rests"):
            if old:
                days.remove(doc_ids=[doc_id])
            return
        doc = {"day": day.isoformat(), "entries": doc.get("entries", []), "rests": doc.get("rests", [])}
        if old:
            days.update(doc, doc_ids=[doc_id])
        else:
            days.insert(Document(doc, doc_id=doc_id))

    def add_entry(self, entry: Entry) -> None:
        record = self.day(entry.day)
        record.entries.append(entry)
        self.put_day(record)

    def add_rest(self, rest: RestDay) -> None:
        record = self.day(rest.day)
        record.rests.append(rest)
        self.put_day(record)

    # -- docs/reflect.md: the weekly reflections and the journal ------------------------------------

    def reflections(self) -> list[Reflection]:
        """Every weekly reflection, oldest week first."""
        docs = sorted(self._reflections.all(), key=lambda doc: doc.doc_id)
        return [self._interpret(Reflection.from_dict, doc) for doc in docs]

    def save_reflection(self, reflection: Reflection) -> None:
        """Keep a week's reflection, replacing the one with its id."""
        doc_id = reflection.week.toordinal()
        old = self._reflections.get(doc_id=doc_id)
        self._recorder.touch(("reflections", reflection.id), dict(old) if old else None)
        self._reflections.upsert(Document(reflection.to_dict(), doc_id=doc_id))

    def journal(self, since: date | None = None, until: date | None = None) -> list[JournalPage]:
        """The journal pages of the days from ``since`` to ``until`` (default: all), newest
        first (by day, then by when each was written)."""
        first, last = since or date.min, until or date.max
        pages = [self._interpret(JournalPage.from_dict, doc) for doc in self._journal.all()
                 if first.isoformat() <= doc["day"] <= last.isoformat()]
        return sorted(pages, key=lambda page: (page.day, page.at, page.id), reverse=True)

    def save_journal_page(self, page: JournalPage) -> None:
        """Keep a journal page, replacing the one with its id."""
        found = self._journal.search(where("id") == page.id)
        self._recorder.touch(("journal", page.id), dict(found[0]) if found else None)
        if found:
            self._journal.update(page.to_dict(), doc_ids=[found[0].doc_id])
        else:
            self._journal.insert(Document(page.to_dict(), doc_id=self._next_journal_id()))

    def _next_journal_id(self) -> int:
        return max((doc.doc_id for doc in self._journal.all()), default=0) + 1

    def last_entry_day(self, before: date) -> date | None:
        """The latest day before ``before`` that holds an entry, reading the years from the
        newest back only until one has it."""
        self.load()
        data = self.storage.read()
        assert data is not None
        first = before.toordinal()
        for name in reversed(day_tables(data)):
            if int(name.removeprefix(DAYS_PREFIX)) > before.year:
                continue
            found = [int(key) for key, doc in data[name].items()
                     if int(key) < first and doc.get("entries")]
            if found:
                return date.fromordinal(max(found))
        return None

    # -- what changed when: for merging two copies of the file (docs/sync.md) --------------------

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


@dataclass(frozen=True)
class Glance:
    """What ``Store.glance`` saw: enough for the first screen."""

    actions: list[Action]
    settings: Settings
    history: History  # the days from ``since`` only
    timer: dict[str, Any] | None


def _record_from_doc(doc: dict[str, Any], day: date) -> DayRecord:
    return DayRecord(
        day,
        [Entry.from_dict(e, day) for e in doc.get("entries", ())],
        [RestDay.from_dict(r, day) for r in doc.get("rests", ())],
    )
