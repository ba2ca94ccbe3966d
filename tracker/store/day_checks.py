"""The check of the days (one document per day, a table per year): each day's place, each
entry and rest day, and ids unique across every year, with the fix for ids used twice."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from tracker.domain.model import (
    CONTROL,
    EARLIEST_DAY,
    MAX_NOTE_LENGTH,
    MAX_STORED_AMOUNT,
)
from tracker.store.durable import Tables
from tracker.store.problems import Fix, Problem
from tracker.store.schema import EPOCH, day_table, day_tables


def day_problems(data: Tables) -> list[Problem]:
    """Every day document: its place, its day, each entry and rest day, ids unique."""
    found: list[Problem] = []
    seen: set[str] = set()
    for name in day_tables(data):
        found += day_table_problems(name, data[name], seen)
    return found


def day_table_problems(name: str, table: Mapping[str, Any], seen: set[str]) -> list[Problem]:
    """The problems of one table of days; ``seen`` collects ids, to find one used twice."""
    found: list[Problem] = []
    earliest = EARLIEST_DAY.toordinal()
    for key, doc in table.items():
        try:
            day = date.fromisoformat(doc["day"])
        except (KeyError, TypeError, ValueError):
            found.append(Problem(f"day document {key} has no valid day"))
            continue
        if key != str(day.toordinal()) or name != day_table(day.year):
            found.append(Problem(f"day document {key} is filed in the wrong place"))
        elif day.toordinal() < earliest:
            found.append(Problem(f"day {day} is before {EARLIEST_DAY}"))
        else:
            found += _day_problems(name, key, doc, day, seen)
    return found


def _day_problems(table: str, key: str, doc: Mapping[str, Any], day: date, seen: set[str]) -> list[Problem]:
    entries, rests = doc.get("entries", []), doc.get("rests", [])
    if type(entries) is not list or type(rests) is not list:
        return [Problem(f"the entries of {day} are not a list")]
    found = []
    duplicates = False
    # This runs over every entry on every load: keep it to plain lookups and comparisons.
    for items, well_formed, what in ((entries, _entry_ok, "an entry"), (rests, _rest_ok, "a rest day")):
        for item in items:
            try:
                ok = well_formed(item)
            except (KeyError, TypeError, AttributeError):
                ok = False
            if not ok:
                found.append(Problem(f"{what} on {day} has the wrong shape"))
            elif item["id"] in seen:
                duplicates = True
            else:
                seen.add(item["id"])
    if duplicates:
        found.append(Problem(f"two entries or rest days share an id (on {day})", _fresh_ids(table, key, day)))
    return found


def _entry_ok(entry: Any) -> bool:
    return (
        type(entry["amount"]) in (int, float)
        and 0 < entry["amount"] < MAX_STORED_AMOUNT
        and type(entry["id"]) is str
        and type(entry["action"]) is str
        and type(entry["at"]) is str
        and type(entry.get("source", "")) is str
        and type(entry.get("updated_at", "")) is str
        and _note_ok(entry.get("note"))
    )


def _rest_ok(rest: Any) -> bool:
    return (
        type(rest["id"]) is str
        and type(rest["at"]) is str
        and (rest["action"] is None or type(rest["action"]) is str)
        and type(rest.get("updated_at", "")) is str
        and _note_ok(rest.get("note"))
    )


def _note_ok(note: Any) -> bool:
    return note is None or (type(note) is str and len(note) <= MAX_NOTE_LENGTH and not CONTROL.search(note))


def _fresh_ids(table: str, key: str, day: date) -> Fix:
    def fix(data: Tables) -> str:
        taken = {item["id"] for name in day_tables(data) for other_key, doc in data[name].items()
                 if (name, other_key) != (table, key)
                 for item in (*doc.get("entries", ()), *doc.get("rests", ()))}
        renamed = 0
        doc = data[table][key]
        for item in (*doc.get("entries", ()), *doc.get("rests", ())):
            if item["id"] in taken:
                item["id"] = derived_id(item["id"], day, renamed)
                renamed += 1
            taken.add(item["id"])
        if renamed == 1:
            return f"1 entry or rest day on {day} got an id of its own"
        return f"{renamed} entries or rest days on {day} got ids of their own"

    return fix


def placeholder_action(action_id: str, entries: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """An action for entries that have none (on either side of a merge, or in a file): archived,
    named by its id, a count unless every amount is a single check."""
    amounts = {item["amount"] for item in entries if item["action"] == action_id}
    kind = "check" if amounts <= {1} else "count"
    return {"id": action_id, "name": action_id, "kind": kind, "goal": None, "prompt": None,
            "meaning": None, "languages": [], "archived": True, "position": 0, "updated_at": EPOCH}


def derived_id(old: str, day: date, n: int) -> str:
    """A new id made from an old one, the same on every machine that repairs the same file."""
    import hashlib  # only a repair needs it: not every command's start-up

    digest = hashlib.sha256(f"{old}/{day}/{n}".encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-a{digest[17:20]}-{digest[20:32]}"
