"""The store's room for days (docs/domain.md, "Entries and rest days"): one document per
day, in one table per year; reading a span of days, or all of history, and changing a day."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tinydb.table import Document, Table

from tracker.domain.history import History
from tracker.domain.model import Entry, RestDay
from tracker.store.core import StoreCore, _same
from tracker.store.schema import DAYS_PREFIX, day_docs, day_table, day_tables
from tracker.store.tablefile import LazyTables
from tracker.store.undo_log import day_items


@dataclass
class DayRecord:
    """What one day holds: its entries and rest days."""

    day: date
    entries: list[Entry] = field(default_factory=list)
    rests: list[RestDay] = field(default_factory=list)


class DaysRoom(StoreCore):
    """Every entry and rest day."""

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


def _record_from_doc(doc: dict[str, Any], day: date) -> DayRecord:
    return DayRecord(
        day,
        [Entry.from_dict(e, day) for e in doc.get("entries", ())],
        [RestDay.from_dict(r, day) for r in doc.get("rests", ())],
    )
