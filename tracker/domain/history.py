"""Every entry and rest day of the data file, indexed by action and day for the rules in
:mod:`tracker.domain.progress` (kept apart so that reading a file needs none of the rules)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.domain.model import Action, Entry, RestDay


class History:
    """Every entry and rest day, indexed by action and day (as date ordinals) for the rules."""

    def __init__(self) -> None:
        self._totals: dict[str, dict[int, float]] = defaultdict(dict)
        self._rest_all: set[int] = set()
        self._rest_for: dict[str, set[int]] = defaultdict(set)
        self._connected: set[int] = set()
        self._first: dict[str, int] = {}

    @classmethod
    def build(cls, entries: Iterable[Entry], rests: Iterable[RestDay] = ()) -> History:
        """Index entries and rest days given as model objects."""
        history = cls()
        for entry in entries:
            history.add_entry(entry.action, entry.day, entry.amount)
        for rest in rests:
            history.add_rest(rest.action, rest.day)
        return history

    @classmethod
    def from_day_docs(cls, docs: Iterable[Mapping[str, Any]]) -> History:
        """Index the raw day documents of the data file, without building objects (fast)."""
        history = cls()
        totals, connected, first = history._totals, history._connected, history._first
        for doc in docs:  # inlined add_entry: this loop runs over every entry at start-up
            ordinal = date.fromisoformat(doc["day"]).toordinal()
            for entry in doc.get("entries", ()):
                action, amount = entry["action"], entry["amount"]
                mine = totals[action]
                mine[ordinal] = mine.get(ordinal, 0) + amount
                connected.add(ordinal)  # (every amount is above 0: checked when logged and read)
                if action not in first or ordinal < first[action]:
                    first[action] = ordinal
            for rest in doc.get("rests", ()):
                action = rest.get("action")
                if action is None:
                    history._rest_all.add(ordinal)
                else:
                    history._rest_for[action].add(ordinal)
        return history

    def add_entry(self, action: str, day: date, amount: float) -> None:
        ordinal = day.toordinal()
        totals = self._totals[action]
        totals[ordinal] = totals.get(ordinal, 0) + amount
        self._connected.add(ordinal)
        if action not in self._first or ordinal < self._first[action]:
            self._first[action] = ordinal

    def add_rest(self, action: str | None, day: date) -> None:
        if action is None:
            self._rest_all.add(day.toordinal())
        else:
            self._rest_for[action].add(day.toordinal())

    def total(self, action: Action, day: date) -> float:
        """The day's total; a check counts at most once a day."""
        total = self._totals.get(action.id, {}).get(day.toordinal(), 0)
        return min(total, 1) if action.kind == "check" else total

    def totals(self, action: Action, start: date, end: date) -> list[float]:
        """The day's total for each day from ``start`` to ``end`` (checks at most 1)."""
        mine = self._totals.get(action.id, {})
        values = [mine.get(o, 0) for o in range(start.toordinal(), end.toordinal() + 1)]
        return [min(v, 1) for v in values] if action.kind == "check" else values

    def is_rest_for_all(self, day: date) -> bool:
        """Whether a rest day for every action covers ``day``."""
        return day.toordinal() in self._rest_all

    def rests(self, action_id: str, start: date, end: date) -> list[bool]:
        """Whether a rest day covers each day from ``start`` to ``end``."""
        every, mine = self._rest_all, self._rest_for.get(action_id, set())
        return [o in every or o in mine for o in range(start.toordinal(), end.toordinal() + 1)]

    def first_day(self, action_id: str) -> date | None:
        """The first day with an entry of the action, or None when it has none."""
        first = self._first.get(action_id)
        return None if first is None else date.fromordinal(first)

    def is_connected(self, day: date) -> bool:
        """Whether anything at all was logged on ``day``."""
        return day.toordinal() in self._connected

    def connected_days(self, start: date | None = None, end: date | None = None) -> int:
        """Distinct days with at least one entry of any action, optionally within a range."""
        low = start.toordinal() if start else 0
        high = end.toordinal() if end else 10**7
        return sum(1 for o in self._connected if low <= o <= high)
