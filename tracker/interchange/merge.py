"""The one merge of two copies of the data file (docs/sync.md), for sync-conflict copies and for
``reconnect import`` of a Reconnect export. Pure: tables in, tables out.

Records meet by id — entries, rest days, actions, weekly reflections, journal pages — and the
later change wins (``updated_at``, or a removal's ``deleted_at``); on a tie the larger canonical
JSON does, so that the order two copies meet in never matters: A∪B = B∪A. An archive on either
side wins; actions imported from the same habit (``origin``) are one action. What only the data
file keeps for itself — its settings (a setting only the copy has is added), the undo log, a
running timer — comes from ``here``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

import orjson

from tracker.store.day_checks import placeholder_action
from tracker.store.schema import (
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
from tracker.store.undo_log import CHANGES

Record = dict[str, Any]
Tables = dict[str, dict[str, Any]]
KINDS = ("entries", "rests")
NOUNS = {"actions": ("action", "actions"), "entries": ("entry", "entries"),
         "rests": ("rest day", "rest days"), REFLECTIONS: ("weekly reflection", "weekly reflections"),
         JOURNAL: ("journal page", "journal pages")}
_UTC = timezone.utc
_EPOCH = datetime(1970, 1, 1, tzinfo=_UTC)


def canonical(record: Mapping[str, Any]) -> bytes:
    """A record's canonical JSON: sorted keys, compact."""
    return orjson.dumps(record, option=orjson.OPT_SORT_KEYS)


def _moment(text: str) -> float:
    """Seconds since 1970 of a change time; any text that is not one is older than any.
    Never raises: the copies are checked before they merge, but the data file may hold what
    an earlier version let in."""
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=_UTC)
        return (moment - _EPOCH).total_seconds()
    except (ValueError, TypeError, OverflowError):
        return float("-inf")


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
    """The merged tables, and what they hold that ``here`` did not: ``counts`` by table and
    verb ("entries", "added"), the actions new to ``here``, and the actions that kept another
    kind under a new id (old id, new id)."""

    data: Tables
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    actions_added: list[Record] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def entries_added(self) -> int:
        return self.counts["entries", "added"]

    @property
    def rests_added(self) -> int:
        return self.counts["rests", "added"]

    def summary(self) -> str:
        """Everything the merge changed, in one line ("3 entries added and 1 removed, 1 rest
        day added"); "nothing new" only when no record changed."""
        parts = []
        for table, (one, many) in NOUNS.items():
            said = [(n, verb) for verb in ("added", "brought in", "changed", "archived", "removed")
                    if (n := self.counts[table, verb])]
            if said:
                first, *rest = said
                words = [f"{first[0]} {one if first[0] == 1 else many} {first[1]}",
                         *(f"{n} {verb}" for n, verb in rest)]
                parts.append(" and ".join(words) if len(words) == 2 else ", ".join(words))
        parts += [f"{old} of another kind kept as {new}" for old, new in self.renamed]
        return ", ".join(parts) or "nothing new"


def merge(here: Tables, there: Tables, keep_day: Callable[[date], bool] = lambda day: True) -> Merged:
    """``here`` (the data file) and ``there`` (a copy, or an export) as one; both already at
    this schema and checked. ``keep_day`` may leave out some of ``there``'s days (an import
    skips days over a year ahead).

    Removal markers are typed (they remove only a record of their own table), and history wins
    over a removal: an action that still has entries or rest days stays. No entry is left
    without its action (one neither side has comes back archived, named by its id)."""
    here, there, renamed = _split_kinds(here, there)
    markers = _by_key(later, (doc for side in (here, there) for doc in (side.get(DELETED) or {}).values()))
    actions, aliases = _actions(here, there)
    items = {kind: _by_id(later, _day_items(here, kind, keep_day=lambda d: True)) for kind in KINDS}
    for kind in KINDS:
        for item_id, item in _by_id(later, _day_items(there, kind, keep_day)).items():
            items[kind][item_id] = later(items[kind].get(item_id), item)  # type: ignore[assignment]
        for item in items[kind].values():
            if item.get("action") in aliases:
                item["action"] = aliases[item["action"]]
    reflections = _by_id(later, (doc for side in (here, there) for doc in (side.get(REFLECTIONS) or {}).values()))
    journal = _by_id(later, (doc for side in (here, there) for doc in (side.get(JOURNAL) or {}).values()))

    # a removal wins over a record changed before it, and is let go once a record is newer
    for table, records in (*items.items(), (REFLECTIONS, reflections), (JOURNAL, journal)):
        for record_id in list(records):
            marker = markers.get((table, record_id))
            if marker is not None:
                if later(records[record_id], marker) is marker:
                    del records[record_id]
                else:
                    del markers[table, record_id]
    # ... but never an action that still has history: that history would be lost with it
    used = {item["action"] for records in items.values() for item in records.values() if item.get("action")}
    for action_id in list(actions):
        marker = markers.get(("actions", action_id))
        if marker is not None:
            if later(actions[action_id], marker) is marker and action_id not in used:
                del actions[action_id]
            else:
                del markers["actions", action_id]
    for action_id in sorted(used - actions.keys()):
        actions[action_id] = placeholder_action(action_id, items["entries"].values())

    data: Tables = {
        META: here.get(META) or there.get(META) or {},
        SETTINGS: _settings(here, there),
        ACTIONS: {str(n): action for n, action in enumerate(
            sorted(actions.values(), key=lambda a: (a.get("position", 0), a["id"])), 1)},
    }
    for name in (CHANGES, TIMER):
        if name in here:
            data[name] = here[name]
    data.update(_day_tables(items))
    if reflections:
        data[REFLECTIONS] = {str(date.fromisoformat(r["id"]).toordinal()): r
                             for r in sorted(reflections.values(), key=lambda r: r["id"])}
    if journal:
        data[JOURNAL] = {str(n): page for n, page in enumerate(
            sorted(journal.values(), key=lambda p: (p["day"], p["at"], p["id"])), 1)}
    if markers:
        data[DELETED] = {str(n): markers[key] for n, key in enumerate(sorted(markers), 1)}
    merged = _counted(here, data)
    merged.renamed = renamed
    return merged


def _by_id(pick: Callable[[Record | None, Record | None], Record | None],
           records: Iterable[Record]) -> dict[str, Record]:
    found: dict[str, Record] = {}
    for record in records:
        found[record["id"]] = pick(found.get(record["id"]), record)  # type: ignore[assignment]
    return found


def _by_key(pick: Callable[[Record | None, Record | None], Record | None],
            markers: Iterable[Record]) -> dict[tuple[str, str], Record]:
    found: dict[tuple[str, str], Record] = {}
    for marker in markers:
        key = (marker["table"], marker["id"])
        found[key] = pick(found.get(key), marker)  # type: ignore[assignment]
    return found


def _day_items(data: Tables, kind: str, keep_day: Callable[[date], bool]) -> Iterable[Record]:
    """Each entry (or rest day) of ``data`` with its day."""
    for name in day_tables(data):
        for doc in data[name].values():
            day = date.fromisoformat(doc["day"])
            if keep_day(day):
                for item in doc.get(kind, ()):
                    yield {**item, "day": doc["day"]}


def _split_kinds(here: Tables, there: Tables) -> tuple[Tables, Tables, list[tuple[str, str]]]:
    """Two actions with one id but another kind are not one action (45 minutes are not a
    check): the larger canonical JSON keeps the id, the other side's takes a new id derived
    from it, and its entries and rest days follow it. Which side that is does not depend on
    the order the two copies meet in, nor does the new id, so the merge stays order-free."""
    mine = {doc["id"]: doc for doc in here.get(ACTIONS, {}).values()}
    theirs = {doc["id"]: doc for doc in there.get(ACTIONS, {}).values()}
    renamed: list[tuple[str, str]] = []
    for action_id in sorted(mine.keys() & theirs.keys()):
        a, b = mine[action_id], theirs[action_id]
        if a["kind"] == b["kind"]:
            continue
        a_wins = canonical(a) > canonical(b)
        loser, losers, winners = (b, theirs, mine) if a_wins else (a, mine, theirs)
        new_id = _free_id(action_id, loser["kind"], losers, winners)
        loser_side, winner_side = (there, here) if a_wins else (here, there)
        losers[new_id] = {**losers.pop(action_id), "id": new_id}
        moved = {**loser_side, **_moved_days(loser_side, winner_side, action_id, new_id),
                 ACTIONS: {str(n): doc for n, doc in enumerate(losers.values(), 1)}}
        here, there = (here, moved) if a_wins else (moved, there)
        renamed.append((action_id, new_id))
    return here, there, renamed


def _free_id(action_id: str, kind: str, losers: Mapping[str, Record], winners: Mapping[str, Record]) -> str:
    """``walk-together-2`` (or -3, …): the first id the losing side does not use and the other
    side does not use for another kind (merging the same copy again finds the same id)."""
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = action_id[: 40 - len(suffix)].rstrip("-") + suffix
        other = winners.get(candidate)
        if candidate not in losers and (other is None or other["kind"] == kind):
            return candidate
        n += 1


def _moved_days(side: Tables, other: Tables, old: str, new: str) -> Tables:
    """``side``'s day tables with the entries and rest days of action ``old`` that are its
    own (not the other side's records of ``old``) moved to ``new``."""
    shared = {item["id"] for kind in KINDS for item in _day_items(other, kind, lambda d: True)
              if item.get("action") == old}
    return {name: {key: {**doc, **{kind: [{**item, "action": new}
                                          if item.get("action") == old and item["id"] not in shared else item
                                          for item in doc.get(kind, ())] for kind in KINDS}}
                   for key, doc in side[name].items()}
            for name in day_tables(side)}


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
    by_origin: dict[tuple[str, str], list[str]] = {}
    for action_id, doc in actions.items():
        if doc.get("origin"):  # (an action of another kind is another action, whatever its origin)
            by_origin.setdefault((doc["origin"], doc["kind"]), []).append(action_id)
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


def _day_tables(items: dict[str, dict[str, Record]]) -> Tables:
    days: dict[str, dict[str, list[Record]]] = {}
    for kind, records in items.items():
        for record in records.values():
            item = {k: v for k, v in record.items() if k != "day"}
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
    """What the merge changed in ``here``, record by record."""
    merged = Merged(data)
    for table, (before, after) in _records(here, data).items():
        for record_id in after.keys() - before.keys():
            merged.counts[table, "brought in" if table in (REFLECTIONS, JOURNAL) else "added"] += 1
        for record_id in before.keys() - after.keys():
            merged.counts[table, "removed"] += 1
        for record_id in before.keys() & after.keys():
            old, new = before[record_id], after[record_id]
            if old != new:
                if table == ACTIONS and new.get("archived") and not old.get("archived"):
                    merged.counts[table, "archived"] += 1
                else:
                    merged.counts[table, "brought in" if table in (REFLECTIONS, JOURNAL) else "changed"] += 1
    known = {doc["id"] for doc in here.get(ACTIONS, {}).values()}
    merged.actions_added = [doc for doc in data[ACTIONS].values() if doc["id"] not in known]
    return merged


def _records(here: Tables, data: Tables) -> dict[str, tuple[dict[str, Record], dict[str, Record]]]:
    """Each kind of record of both, by id: (here's, the merged)."""
    def by_id(side: Tables, table: str) -> dict[str, Record]:
        if table in KINDS:
            return {item["id"]: item for item in _day_items(side, table, lambda d: True)}
        return {doc["id"]: doc for doc in (side.get(table) or {}).values()}

    return {table: (by_id(here, table), by_id(data, table)) for table in NOUNS}
