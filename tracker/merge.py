"""The one merge of two copies of the data file (sync.md), for sync-conflict copies and for
``reconnect import`` of a Reconnect export. Pure: tables in, tables out.

Records meet by id — entries, rest days, actions, weekly reflections, journal pages — and the
later change wins (``updated_at``, or a removal's ``deleted_at``); on a tie the larger canonical
JSON does, so that the order two copies meet in never matters: A∪B = B∪A. An archive on either
side wins; actions imported from the same habit (``origin``) are one action. What only the data
file keeps for itself — its settings (a setting only the copy has is added), the undo log, a
running timer — comes from ``here``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import orjson

from tracker.changes import CHANGES
from tracker.schema import (
    ACTIONS,
    DELETED,
    EPOCH,
    JOURNAL,
    META,
    REFLECTIONS,
    SETTINGS,
    TIMER,
    day_table,
    day_tables,
)

Record = dict[str, Any]
Tables = dict[str, dict[str, Any]]
KINDS = ("entries", "rests")


def canonical(record: Mapping[str, Any]) -> bytes:
    """A record's canonical JSON: sorted keys, compact."""
    return orjson.dumps(record, option=orjson.OPT_SORT_KEYS)


def _moment(text: str) -> float:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return float("-inf")  # not a time: older than any
    return (moment if moment.tzinfo else moment.astimezone()).timestamp()


def stamp(record: Mapping[str, Any]) -> str:
    """When a record (or a removal marker) last changed."""
    return str(record.get("deleted_at") or record.get("updated_at") or record.get("at") or EPOCH)


def _order(record: Mapping[str, Any]) -> tuple[float, bytes]:
    return _moment(stamp(record)), canonical(record)


def later(a: Record | None, b: Record | None) -> Record | None:
    """The version that wins: the later change, and on a tie the larger canonical JSON."""
    if a is None or b is None:
        return a if b is None else b
    return a if _order(a) >= _order(b) else b


@dataclass
class Merged:
    """The merged tables, and what ``there`` brought that ``here`` did not have."""

    data: Tables
    entries_added: int = 0
    rests_added: int = 0
    changed: int = 0  # records ``there`` changed or removed since ``here`` last had them
    actions_added: list[Record] = field(default_factory=list)  # new to ``here``

    def summary(self) -> str:
        """"3 entries added", "nothing new": the end of the merge's one line."""
        parts = []
        if self.entries_added:
            parts.append(f"{self.entries_added} entr{'y' if self.entries_added == 1 else 'ies'} added")
        if self.rests_added:
            parts.append(f"{self.rests_added} rest day{'' if self.rests_added == 1 else 's'} added")
        if self.actions_added:
            parts.append(f"{len(self.actions_added)} action{'' if len(self.actions_added) == 1 else 's'} added")
        if self.changed:
            parts.append(f"{self.changed} change{'' if self.changed == 1 else 's'} brought in")
        return ", ".join(parts) or "nothing new"


def merge(here: Tables, there: Tables, keep_day: Callable[[date], bool] = lambda day: True) -> Merged:
    """``here`` (the data file) and ``there`` (a copy, or an export) as one; both already at
    this schema and checked. ``keep_day`` may leave out some of ``there``'s days (an import
    skips days over a year ahead)."""
    markers = _by_id(later, (doc for side in (here, there) for doc in (side.get(DELETED) or {}).values()))
    actions, aliases = _actions(here, there)
    items = {kind: _by_id(later, _day_items(here, kind, keep_day=lambda d: True)) for kind in KINDS}
    for kind in KINDS:
        for item_id, item in _by_id(later, _day_items(there, kind, keep_day)).items():
            items[kind][item_id] = later(items[kind].get(item_id), item)  # type: ignore[assignment]
    reflections = _by_id(later, (doc for side in (here, there) for doc in (side.get(REFLECTIONS) or {}).values()))
    journal = _by_id(later, (doc for side in (here, there) for doc in (side.get(JOURNAL) or {}).values()))

    # a removal wins over a record changed before it, and is let go once a record is newer
    for records in (actions, *items.values(), reflections, journal):
        for record_id in list(records):
            marker = markers.get(record_id)
            if marker is not None:
                if later(records[record_id], marker) is marker:
                    del records[record_id]
                else:
                    del markers[record_id]

    data: Tables = {
        META: here.get(META) or there.get(META) or {},
        SETTINGS: _settings(here, there),
        ACTIONS: {str(n): action for n, action in enumerate(
            sorted(actions.values(), key=lambda a: (a.get("position", 0), a["id"])), 1)},
    }
    for name in (CHANGES, TIMER):
        if name in here:
            data[name] = here[name]
    data.update(_day_tables(items, aliases))
    if reflections:
        data[REFLECTIONS] = {str(date.fromisoformat(r["id"]).toordinal()): r
                             for r in sorted(reflections.values(), key=lambda r: r["id"])}
    if journal:
        data[JOURNAL] = {str(n): page for n, page in enumerate(
            sorted(journal.values(), key=lambda p: (p["day"], p["at"], p["id"])), 1)}
    if markers:
        data[DELETED] = {str(n): m for n, m in enumerate(sorted(markers.values(), key=lambda m: m["id"]), 1)}
    return _counted(here, data)


def _by_id(pick: Callable[[Record | None, Record | None], Record | None],
           records: Iterable[Record]) -> dict[str, Record]:
    found: dict[str, Record] = {}
    for record in records:
        found[record["id"]] = pick(found.get(record["id"]), record)  # type: ignore[assignment]
    return found


def _day_items(data: Tables, kind: str, keep_day: Callable[[date], bool]) -> Iterable[Record]:
    """Each entry (or rest day) of ``data`` with its day."""
    for name in day_tables(data):
        for doc in data[name].values():
            day = date.fromisoformat(doc["day"])
            if keep_day(day):
                for item in doc.get(kind, ()):
                    yield {**item, "day": doc["day"]}


def _actions(here: Tables, there: Tables) -> tuple[dict[str, Record], dict[str, str]]:
    """Actions by id (an archive on either side wins), then actions of the same origin as one
    (the smallest id stays); also the ids that became another, for their entries."""
    archived: set[str] = set()
    actions: dict[str, Record] = {}
    for side in (here, there):
        for doc in side.get(ACTIONS, {}).values():
            actions[doc["id"]] = later(actions.get(doc["id"]), doc)  # type: ignore[assignment]
            if doc.get("archived"):
                archived.add(doc["id"])
    aliases: dict[str, str] = {}
    by_origin: dict[str, list[str]] = {}
    for action_id, doc in actions.items():
        if doc.get("origin"):
            by_origin.setdefault(doc["origin"], []).append(action_id)
    for ids in by_origin.values():
        keep = min(ids)
        for other in ids:
            if other != keep:
                aliases[other] = keep
                if other in archived:
                    archived.add(keep)
                del actions[other]
    for action_id in archived & actions.keys():
        actions[action_id] = {**actions[action_id], "archived": True}
    return actions, aliases


def _day_tables(items: dict[str, dict[str, Record]], aliases: Mapping[str, str]) -> Tables:
    days: dict[str, dict[str, list[Record]]] = {}
    for kind, records in items.items():
        for record in records.values():
            item = {k: v for k, v in record.items() if k != "day"}
            if item.get("action") in aliases:
                item["action"] = aliases[item["action"]]
            days.setdefault(record["day"], {"entries": [], "rests": []})[kind].append(item)
    tables: Tables = {}
    for day_text in sorted(days):
        day = date.fromisoformat(day_text)
        lists = {kind: sorted(found, key=lambda i: (i["at"], i["id"])) for kind, found in days[day_text].items()}
        tables.setdefault(day_table(day.year), {})[str(day.toordinal())] = {"day": day_text, **lists}
    return tables


def _settings(here: Tables, there: Tables) -> dict[str, Any]:
    """The data file's own settings; a setting only the copy has is added."""
    mine = next(iter((here.get(SETTINGS) or {}).values()), None)
    theirs = next(iter((there.get(SETTINGS) or {}).values()), None)
    if mine is None and theirs is None:
        return {}
    return {"1": {**(theirs or {}), **(mine or {})}}


def _counted(here: Tables, data: Tables) -> Merged:
    """What the merge brought: records new to ``here``, and records it changed or removed."""
    merged = Merged(data)
    before = {kind: {item["id"]: item for item in _day_items(here, kind, lambda d: True)} for kind in KINDS}
    for kind in KINDS:
        after = {item["id"]: item for item in _day_items(data, kind, lambda d: True)}
        added = len(after.keys() - before[kind].keys())
        if kind == "entries":
            merged.entries_added = added
        else:
            merged.rests_added = added
        merged.changed += sum(1 for item_id, item in after.items()
                              if item_id in before[kind] and item != before[kind][item_id])
        merged.changed += len(before[kind].keys() - after.keys())
    known = {doc["id"] for doc in here.get(ACTIONS, {}).values()}
    merged.actions_added = [doc for doc in data[ACTIONS].values() if doc["id"] not in known]
    for name in (REFLECTIONS, JOURNAL):
        mine = {doc["id"]: doc for doc in (here.get(name) or {}).values()}
        theirs = {doc["id"]: doc for doc in (data.get(name) or {}).values()}
        merged.changed += sum(1 for i, doc in theirs.items() if mine.get(i) != doc) + len(mine.keys() - theirs.keys())
    return merged
