"""The short log of changes that undo steps back through (docs/domain.md, "Undo").

Each change made by the user (a log, a ``+``/``-``, a note, a rest day set or lifted, an action
added or edited, a setting) is kept in the ``changes`` table of the data file, under a sequence
number, never ordered by the clock: what it was, and the state before it of every item it
touched (an entry or rest day by id, an action by id, the settings, a reflection or a
journal page by id). Undo puts those items back
one by one, so history imported or merged since (which is never logged here) stays.
"""

from __future__ import annotations

from typing import Any

CHANGES = "changes"
KEEP = 100  # the last hundred changes or so

# ("entries", day, id), ("rests", day, id), ("actions", id), ("settings",),
# ("reflections", week id), ("journal", page id)
Key = tuple[str, ...]


class Recorder:
    """Collects, during one transaction, the state before of each item it changes; ``what``
    (set by the operation) says what the change was. Without it nothing is logged: imports
    and merges are never undone."""

    def __init__(self) -> None:
        self.before: dict[Key, tuple[Any, int]] = {}
        self.what: str | None = None

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


def valid(doc: Any) -> bool:
    """Whether a stored change has the shape this module writes."""
    return (
        isinstance(doc, dict)
        and isinstance(doc.get("what"), str)
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
