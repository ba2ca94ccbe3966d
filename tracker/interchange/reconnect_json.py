"""Reconnect's own export (JSON in the data file's schema, or CSV of the entries) and the
merge of such a JSON file back in, by entry id: the way two diverged copies become one."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson

from tracker.errors import BadInput, DataFileError
from tracker.interchange import untrusted
from tracker.interchange.import_plan import DryRun, Report
from tracker.store.durable import Tables, parse
from tracker.store.schema import (
    JOURNAL,
    REFLECTIONS,
    SCHEMA,
    SETTINGS,
    TIMER,
    day_docs,
    migrate,
    schema_of,
)
from tracker.store.store import Store
from tracker.store.undo_log import CHANGES
from tracker.store.validation import inspect

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


def read_export(path: Path, now: datetime) -> tuple[Tables, list[str]]:
    """A Reconnect JSON export (or data file, or a conflict copy of one), bounded in size,
    checked as strictly as the data file and more (``untrusted``: change times no later than a
    day after ``now``), and brought to this schema, with what was cleaned on the way (a name
    or a note with control characters, a bad setting reset). Anything that cannot be cleaned
    refuses the whole file."""
    try:
        data = parse(untrusted.read_bounded(path), path)
    except DataFileError as error:
        raise BadInput(str(error).replace("the data file ", "")) from None
    texts = untrusted.clean_texts(data)
    cleaned = [f"{path}: {texts} note{'s' if texts != 1 else ''} or text{'s' if texts != 1 else ''} "
               "held control characters, removed"] if texts else []
    version, problems = inspect(data)
    if version > SCHEMA:
        raise BadInput(f"{path}: written by a newer Reconnect (schema {version}); upgrade to import it")
    unfixable = [p.text for p in problems if p.fix is None]
    _refuse(path, unfixable)
    cleaned += [f"{path}: {p.fix(data)}" for p in problems if p.fix is not None]
    if schema_of(data) == 0:
        raise BadInput(f"{path}: an empty TinyDB file, not a Reconnect export")
    migrated = migrate(data)
    _refuse(path, untrusted.problems(migrated, now))
    return migrated, cleaned


def _refuse(path: Path, problems: Sequence[str]) -> None:
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BadInput(f"{path}: {problems[0]}{more}; nothing was taken from it")


def merge(
    store: Store, path: Path, data: Tables, *, dry_run: bool, fresh: bool, notes: Sequence[str] = ()
) -> Report:
    """Merge ``data`` into the store by the one merge of docs/sync.md (``tracker.interchange.merge``): records
    by id, the later change winning, removals staying removed. ``fresh``: the store had no
    file yet, so the export's settings come along too. Days more than a year ahead are
    skipped."""
    from tracker.interchange.merge import merge as merge_tables

    report = Report(str(path), dry_run, notes=list(notes))
    try:
        with store.transaction():
            latest = store.today() + timedelta(days=365)
            for doc in day_docs(data):
                if date.fromisoformat(doc["day"]) > latest:
                    report.notes.append(f"{path}: {doc['day']} is over a year ahead and was skipped")
            here = store.all_tables()
            base = {**here, SETTINGS: {}} if fresh else here
            merged = merge_tables(base, data, keep_day=lambda day: day <= latest)
            report.entries_added, report.rests_added = merged.entries_added, merged.rests_added
            report.created = [f"{doc['name']} ({doc['id']})" for doc in merged.actions_added]
            theirs = {item["id"] for doc in day_docs(data) for kind in ("entries", "rests")
                      for item in doc.get(kind, ())}
            mine = {item["id"] for doc in day_docs(here) for kind in ("entries", "rests")
                    for item in doc.get(kind, ())}
            report.already_there = len(theirs & mine)
            report.reflections = _brought(here, merged.data, REFLECTIONS)
            report.journal_pages = _brought(here, merged.data, JOURNAL)
            if merged.data != here:
                store.replace_data(merged.data)
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    return report


def _brought(here: Tables, merged: Tables, name: str) -> int:
    """How many records of table ``name`` the merge added or changed."""
    mine = {doc["id"]: doc for doc in (here.get(name) or {}).values()}
    return sum(1 for doc in (merged.get(name) or {}).values() if mine.get(doc["id"]) != doc)


def looks_like_export(head: bytes) -> bool:
    """Whether a file's first bytes look like a Reconnect JSON file."""
    return head.lstrip().startswith(b"{") and b'"_meta"' in head

