"""Reconnect's own export (JSON in the data file's schema, or CSV of the entries) and the
merge of such a JSON file back in, by entry id: the way two diverged copies become one."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

from tracker.errors import BadInput, DataFileError
from tracker.interchange.plan import DryRun, Report
from tracker.changes import CHANGES
from tracker.model import Action, Entry, RestDay, Settings
from tracker.reflect import JournalPage, Reflection
from tracker.schema import JOURNAL, REFLECTIONS, SCHEMA, TIMER, day_docs, migrate, schema_of
from tracker.validate import inspect
from tracker.durable import Tables, parse
from tracker.store import DayRecord, Store

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
    """One row per entry, oldest first: day,action,amount,note,at,source."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for record in store.days():
        for e in sorted(record.entries, key=lambda e: e.at):
            writer.writerow([e.day.isoformat(), e.action, e.amount,
                             *(as_text(cell) for cell in (e.note or "", e.at, e.source))])
    return out.getvalue().encode()


def as_text(cell: str) -> str:
    """A cell a spreadsheet reads as text, never as a formula (OWASP's CSV injection rule:
    a leading =, +, -, @, tab or carriage return gets a ' before it)."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def read_export(path: Path) -> tuple[Tables, list[str]]:
    """A Reconnect JSON export (or data file), checked as strictly as the data file and
    brought to this schema, with what was cleaned on the way (a name with control characters,
    a bad setting reset). Anything that cannot be cleaned refuses the whole file."""
    try:
        data = parse(path.read_bytes(), path)
    except DataFileError as error:
        raise BadInput(str(error).replace("the data file ", "")) from None
    except OSError as error:
        raise BadInput(f"{path}: cannot be read ({error.strerror})") from None
    version, problems = inspect(data)
    if version > SCHEMA:
        raise BadInput(f"{path}: written by a newer Reconnect (schema {version}); upgrade to import it")
    unfixable = [p for p in problems if p.fix is None]
    if unfixable:
        more = f" (and {len(unfixable) - 1} more)" if len(unfixable) > 1 else ""
        raise BadInput(f"{path}: {unfixable[0].text}{more}; nothing was imported")
    cleaned = [f"{path}: {p.fix(data)}" for p in problems if p.fix is not None]
    if schema_of(data) == 0:
        raise BadInput(f"{path}: an empty TinyDB file, not a Reconnect export")
    return migrate(data), cleaned


def merge(
    store: Store, path: Path, data: Tables, *, dry_run: bool, fresh: bool, notes: Sequence[str] = ()
) -> Report:
    """Merge ``data`` into the store: actions by id (an existing one keeps its definition),
    entries and rest days by id (each arrives once). ``fresh``: the store had no file yet,
    so the export's settings come along too. Days more than a year ahead are skipped."""
    report = Report(str(path), dry_run, notes=list(notes))
    try:
        with store.transaction():
            latest = store.today() + timedelta(days=365)
            existing = store.actions()
            known = {a.id for a in existing}
            position = max((a.position for a in existing), default=-1)
            incoming = sorted(
                (Action.from_dict(doc) for doc in data.get("actions", {}).values()),
                key=lambda a: a.position,
            )
            for action in incoming:
                if action.id not in known:
                    position += 1
                    store.save_action(replace(action, position=position))
                    known.add(action.id)
                    report.created.append(f"{action.name} ({action.id})")
            if fresh and data.get("settings"):
                store.save_settings(Settings.from_dict(next(iter(data["settings"].values()))))
            seen: set[str] = set()
            for here in store.days():  # the ids already here, entries and rest days alike
                seen.update(e.id for e in here.entries)
                seen.update(r.id for r in here.rests)
            for doc in day_docs(data):
                day = date.fromisoformat(doc["day"])
                if day > latest:
                    report.notes.append(f"{path}: {day} is over a year ahead and was skipped")
                    continue
                entries = [Entry.from_dict(e, day) for e in doc.get("entries", ()) if e["id"] not in seen]
                rests = [RestDay.from_dict(r, day) for r in doc.get("rests", ()) if r["id"] not in seen]
                report.already_there += len(doc.get("entries", ())) + len(doc.get("rests", ())) - len(entries) - len(rests)
                if entries or rests:
                    record: DayRecord = store.day(day)
                    record.entries += entries
                    record.rests += rests
                    store.put_day(record)
                    report.entries_added += len(entries)
                    report.rests_added += len(rests)
                    seen |= {e.id for e in entries} | {r.id for r in rests}
            _merge_reflect(store, data, report)
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    return report


def _merge_reflect(store: Store, data: Tables, report: Report) -> None:
    """Weekly reflections and journal pages, by id: the later ``updated_at`` wins."""
    here = {r.id: r.to_dict() for r in store.reflections()}
    for doc in data.get(REFLECTIONS, {}).values():
        if later(doc, here.get(doc["id"])):
            store.save_reflection(Reflection.from_dict(doc))
            report.reflections += 1
    pages = {page.id: page.to_dict() for page in store.journal()}
    for doc in data.get(JOURNAL, {}).values():
        if later(doc, pages.get(doc["id"])):
            store.save_journal_page(JournalPage.from_dict(doc))
            report.journal_pages += 1


def later(there: dict[str, Any], here: dict[str, Any] | None) -> bool:
    """Whether record ``there`` should replace ``here`` (the same id) in a merge: it is new,
    or changed later; on a tie the larger canonical JSON wins, so that the order in which
    two copies meet never matters (sync.md)."""
    if here is None:
        return True
    new, old = _moment(there["updated_at"]), _moment(here["updated_at"])
    if new != old:
        return new > old
    return _canonical(there) > _canonical(here)


def _moment(text: str) -> tuple[float, str]:
    """A time as written by ``timestamp``, comparable across UTC offsets (text that is no
    time sorts first, by itself)."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(text)
        return ((moment if moment.tzinfo else moment.astimezone()).timestamp(), "")
    except ValueError:
        return (float("-inf"), text)


def _canonical(doc: dict[str, Any]) -> bytes:
    return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)


def looks_like_export(head: bytes) -> bool:
    """Whether a file's first bytes look like a Reconnect JSON file."""
    return head.lstrip().startswith(b"{") and b'"_meta"' in head

