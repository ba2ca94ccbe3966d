"""The short log of changes that undo steps back through (docs/domain.md, "Undo").

Each change made by the user (a log, a ``+``/``-``, a note, a rest day set or lifted, an action
added or edited, a setting) is kept in the ``changes`` table of the data file, under a sequence
number, never ordered by the clock: what it was (its kind and the ids it names, never words:
``tracker/views/change_words.py`` words it when it is shown), and the state before it of every
item it touched (an entry or rest day by id, an action by id, the settings, a reflection or a
journal page by id). Undo puts those items back one by one, so history imported or merged
since (which is never logged here) stays.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

CHANGES = "changes"
KEEP = 100  # the last hundred changes or so

# ("entries", day, id), ("rests", day, id), ("actions", id), ("settings",),
# ("reflections", week id), ("journal", page id)
Key = tuple[str, ...]

# Each kind of change and the fields it names: ``action`` an action's id (None for a rest day
# of every action), ``day`` and ``week`` ISO days, ``amount`` a number. "words" is a change
# kept by a Reconnect before schema 6, which kept the sentence itself.
CHANGE_FIELDS: dict[str, tuple[str, ...]] = {
    "log": ("action", "day", "amount"),
    "decrease": ("action", "day", "amount"),
    "note": ("action", "day"),
    "rest": ("action", "day"),
    "lift-rest": ("action", "day"),
    "answers": ("day",),
    "add-action": ("action",),
    "edit-action": ("action",),
    "archive": ("action",),
    "unarchive": ("action",),
    "move": ("action",),
    "settings": (),
    "reflection": ("week",),
    "journal": ("day",),
    "words": ("text",),
}


def change(kind: str, **fields: Any) -> dict[str, Any]:
    """A change as it is kept; refuses a kind or fields this module does not know."""
    made = {"kind": kind, **fields}
    if not valid_change(made):
        raise ValueError(f"not a change undo knows: {made!r}")
    return made


def valid_change(found: Any) -> bool:
    """Whether ``found`` is a change of a kind this module knows, with exactly its fields."""
    if not isinstance(found, dict) or found.get("kind") not in CHANGE_FIELDS:
        return False
    fields = CHANGE_FIELDS[found["kind"]]
    if set(found) != {"kind", *fields}:
        return False
    for name in fields:
        value = found[name]
        if name == "action":
            ok = _short_text(value) or (value is None and found["kind"] in ("rest", "lift-rest"))
        elif name in ("day", "week"):
            ok = _is_day(value)
        elif name == "amount":
            ok = type(value) in (int, float) and math.isfinite(value) and 0 <= value < 1e9
        else:
            ok = _short_text(value)
        if not ok:
            return False
    return True


def _short_text(value: Any) -> bool:
    """One printable line of at most 500 characters (what the words of a change may hold)."""
    return isinstance(value, str) and len(value) <= 500 and value.isprintable()


def _is_day(value: Any) -> bool:
    try:
        return isinstance(value, str) and len(value) == 10 and date.fromisoformat(value) is not None
    except ValueError:
        return False


class Recorder:
    """Collects, during one transaction, the state before of each item it changes; ``change``
    (set by the operation) says what the change was. Without it nothing is logged: imports
    and merges are never undone."""

    def __init__(self) -> None:
        self.before: dict[Key, tuple[Any, int]] = {}
        self.change: dict[str, Any] | None = None

    def touch(self, key: Key, old: Any, index: int = -1) -> None:
        """Remember ``old`` (None: the item did not exist) unless this item was seen already."""
        self.before.setdefault(key, (old, index))

    def items(self) -> list[dict[str, Any]]:
        """The change's items, as stored."""
        return [{"key": list(key), "before": old, "index": index}
                for key, (old, index) in self.before.items()]


def day_items(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[tuple[str, Any, int]]:
    """The ids whose item differs between two versions of a day's list, each with its old
    version (None when it is new) and its old place."""
    old = {item["id"]: (item, n) for n, item in enumerate(before)}
    new = {item["id"]: item for item in after}
    changed: list[tuple[str, Any, int]] = [
        (item_id, item, n) for item_id, (item, n) in old.items() if new.get(item_id) != item
    ]
    changed += [(item_id, None, -1) for item_id in new if item_id not in old]
    return changed


def valid(doc: Any, schema: int) -> bool:
    """Whether a stored change has the shape this module writes (before schema 6, a change
    said what it was in a sentence: ``{"what": "…"}``)."""
    return (
        isinstance(doc, dict)
        and (isinstance(doc.get("what"), str) if schema < 6 else valid_change(doc.get("change")))
        and isinstance(doc.get("items"), list)
        and all(
            isinstance(item, dict)
            and isinstance(item.get("key"), list)
            and all(isinstance(part, str) for part in item["key"])
            and item["key"][:1] in (["entries"], ["rests"], ["actions"], ["settings"],
                                    ["reflections"], ["journal"])
            and len(item["key"]) == {"entries": 3, "rests": 3, "actions": 2, "settings": 1,
                                     "reflections": 2, "journal": 2}[item["key"][0]]
            and (item.get("before") is None or isinstance(item["before"], dict))
            and type(item.get("index", -1)) is int
            for item in doc["items"]
        )
    )
