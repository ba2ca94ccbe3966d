"""Reconnect's own export (JSON in the data file's schema, or CSV of the entries) and the
merge of such a JSON file back in, by entry id: the way two diverged copies become one."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import orjson

from tracker.domain.model import MAX_ACTIONS
from tracker.errors import BadInput
from tracker.interchange.import_plan import Report
from tracker.store.durable import Tables
from tracker.store.schema import (
    ACTIONS,
    JOURNAL,
    REFLECTIONS,
    TIMER,
    day_docs,
)
from tracker.store.store import Store
from tracker.store.undo_log import CHANGES

CSV_HEADER = ["day", "action", "amount", "note", "at", "source"]
TRANSIENT = (TIMER, CHANGES)  # not history: a running timer and undo stay with their file
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_json(store: Store) -> bytes:
    """Everything — actions, entries, rest days, settings — in the data file's own schema."""
    store.check_days()
    data = store.storage.read() or {}
    return orjson.dumps(
        {name: table for name, table in data.items() if name not in TRANSIENT},
        option=orjson.OPT_INDENT_2,
    ) + b"\n"


def export_csv(store: Store) -> bytes:
    """One row per entry, oldest first (by day, then when logged, then id): day,action,amount,
    note,at,source."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for record in store.days():
        for e in sorted(record.entries, key=lambda e: (e.at, e.id)):
            writer.writerow([e.day.isoformat(), e.action, e.amount,
                             *(as_text(cell) for cell in (e.note or "", e.at, e.source))])
    return out.getvalue().encode()


def as_text(cell: str) -> str:
    """A cell a spreadsheet reads as text, never as a formula (OWASP's CSV injection rule:
    a leading =, +, -, @, tab or carriage return gets a ' before it)."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def merge(
    store: Store, path: Path, data: Tables, *, dry_run: bool, fresh: bool, notes: Sequence[str] = ()
) -> Report:
    """Merge ``data`` into the store by the one merge of docs/sync.md (``sync.merge_into``):
    records by id, the later change winning, removals staying removed. ``fresh``: the store had
    no file yet, so the export's settings come along too. Days more than a year ahead are
    skipped."""
    from tracker.interchange.sync import merge_into

    report = Report(str(path), dry_run, notes=list(notes))
    total = len({a.id for a in store.actions()} | {doc["id"] for doc in (data.get(ACTIONS) or {}).values()})
    if total > MAX_ACTIONS:
        raise BadInput(f"{path}: its actions and these would make {total}, more than the {MAX_ACTIONS} "
                       "Reconnect keeps; nothing was imported")
    latest = store.today() + timedelta(days=365)
    for doc in day_docs(data):
        if date.fromisoformat(doc["day"]) > latest:
            report.notes.append(f"{path}: {doc['day']} is over a year ahead and was skipped")
    here, merged = merge_into(store, lambda: data, dry_run=dry_run, fresh=fresh,
                              keep_day=lambda day: day <= latest)
    report.entries_added, report.rests_added = merged.entries_added, merged.rests_added
    report.created = [f"{doc['name']} ({doc['id']})" for doc in merged.actions_added]
    theirs = {item["id"] for doc in day_docs(data) for kind in ("entries", "rests") for item in doc.get(kind, ())}
    mine = {item["id"] for doc in day_docs(here) for kind in ("entries", "rests") for item in doc.get(kind, ())}
    report.already_there = len(theirs & mine)
    report.reflections = _brought(here, merged.data, REFLECTIONS)
    report.journal_pages = _brought(here, merged.data, JOURNAL)
    return report


def _brought(here: Tables, merged: Tables, name: str) -> int:
    """How many records of table ``name`` the merge added or changed."""
    mine = {doc["id"]: doc for doc in (here.get(name) or {}).values()}
    return sum(1 for doc in (merged.get(name) or {}).values() if mine.get(doc["id"]) != doc)


def looks_like_export(head: bytes) -> bool:
    """Whether a file's first bytes look like a Reconnect JSON file."""
    return head.lstrip().startswith(b"{") and b'"_meta"' in head

