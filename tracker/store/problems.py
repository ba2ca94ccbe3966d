"""What a check of the data file finds: a problem that names its field, and the fix
``check --repair`` may apply in place (docs/storage.md, "Damage is said, never acted on")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tracker.store.durable import Tables

Fix = Callable[[Tables], str]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file: ``text`` names the field; ``fix`` (when there is a safe
    one) repairs ``data`` in place and says what it did."""

    text: str
    fix: Fix | None = None


def shown_value(value: Any) -> str:
    """A value from the file, for a message: repr (which escapes control characters), cut short."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
