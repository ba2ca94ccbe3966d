"""Actions, goals, entries and rest days: the nouns of docs/domain.md, with their validation.

Everything here is immutable and converts to and from the plain dicts kept in the data file.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from tracker.errors import BadInput

Kind = Literal["check", "count", "minutes"]
Per = Literal["day", "week", "month"]

KINDS: tuple[Kind, ...] = ("check", "count", "minutes")
PERS: tuple[Per, ...] = ("day", "week", "month")
LANGUAGES = ("words", "time", "touch", "service", "gifts")

MAX_MINUTES_PER_DAY = 1440
MAX_COUNT_PER_ENTRY = 1000
MAX_NAME_LENGTH = 60
MAX_NOTE_LENGTH = 2000
MAX_PROMPT_LENGTH = 200
MAX_STORED_AMOUNT = 1e9  # a day's total beyond this is no history anyone lived
MAX_IMPORTED_AMOUNT = 1_000_000  # an imported value beyond this is skipped as absurd
MAX_ACTIONS = 500  # archived ones too: more than anyone tracks; a file from outside with more is refused
EARLIEST_DAY = date(1970, 1, 1)  # no history before it: a day earlier is a typo or a bad file

# Control characters (C0 but tab and newline, DEL, C1): they could drive the terminal.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional overrides and isolates: they reorder what follows them on screen, so a name
# could show other than it reads ("Trojan Source"). A name refuses them; imports remove them.
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DAYS_IN = {"day": 1, "week": 7, "month": 31}


def number(value: float) -> int | float:
    """Return ``value`` as an int when it is whole, so JSON shows 30 rather than 30.0."""
    if isinstance(value, bool):
        raise TypeError("a bool is not an amount")
    if isinstance(value, int):
        return value
    return int(value) if float(value).is_integer() else float(value)


def amount_text(value: float, kind: str) -> str:
    """An amount in words: "30 min" for minutes, "3" for a count."""
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{shown} min" if kind == "minutes" else shown


def is_number(value: Any) -> bool:
    """A finite int or float (not a bool)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True, slots=True)
class Goal:
    """How much of an action makes a period count: ``amount`` per ``per``, on ``days`` of 7."""

    amount: int | float
    per: Per
    days: int = 7

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"amount": number(self.amount), "per": self.per}
        if self.per == "day":
            data["days"] = self.days
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Goal | None:
        if data is None:
            return None
        return cls(amount=number(data["amount"]), per=data["per"], days=int(data.get("days", 7)))

    def describe(self, kind: Kind) -> str:
        """A short human phrase: "30 min a day, 5 of 7 days", "7 a week", "daily"."""
        amount = number(self.amount)
        if kind == "check":
            if self.per == "day":
                return "daily" if self.days == 7 else f"{self.days} of 7 days"
            times = "once" if amount == 1 else f"{amount}×"
            return f"{times} a {self.per}"
        unit = " min" if kind == "minutes" else ""
        text = f"{amount}{unit} a {self.per}"
        if self.per == "day" and self.days < 7:
            text += f", {self.days} of 7 days"
        return text


def validate_goal(kind: Kind, goal: Goal | None) -> Goal | None:
    """Refuse goals that cannot be met or make no sense for the kind; return the goal."""
    if goal is None:
        return None
    if goal.per not in PERS:
        raise BadInput(f"a goal is per day, week or month, not {goal.per!r}")
    if not is_number(goal.amount) or goal.amount <= 0:
        raise BadInput("a goal's amount must be a positive number")
    if not 1 <= goal.days <= 7:
        raise BadInput("{days} must be between 1 and 7 (days of each week)", days="days")
    if goal.per != "day" and goal.days != 7:
        raise BadInput("{days} only applies to a goal per day", days="days")
    limit = _DAYS_IN[goal.per]
    if kind == "check":
        if goal.per == "day" and goal.amount != 1:
            raise BadInput("a check action is done once a day: its daily amount is 1")
        if goal.amount > limit or not float(goal.amount).is_integer():
            raise BadInput(f"a check can be done at most {limit} times a {goal.per}, in whole days")
    elif kind == "count":
        if goal.amount > MAX_COUNT_PER_ENTRY * limit:
            raise BadInput(f"a goal of {number(goal.amount)} a {goal.per} is beyond what can be logged")
    elif goal.amount > MAX_MINUTES_PER_DAY * limit:
        raise BadInput(f"{number(goal.amount)} minutes do not fit in a {goal.per}")
    return goal


def is_slug(text: str) -> bool:
    """Whether ``text`` has the shape of an action id."""
    return bool(_SLUG.match(text)) and len(text) <= 40


def validate_id(slug: str) -> str:
    """An action id is a slug of lowercase letters, digits and single hyphens."""
    if not is_slug(slug):
        raise BadInput(f"{slug!r} is not a valid id: use a-z, 0-9 and hyphens, at most 40 characters")
    return slug


def validate_name(name: str) -> str:
    """A shown name: 1–60 characters of any script, on one line, no control characters."""
    name = " ".join(name.split())
    if not name:
        raise BadInput("a name cannot be empty")
    if len(name) > MAX_NAME_LENGTH:
        raise BadInput(f"a name is at most {MAX_NAME_LENGTH} characters (this one has {len(name)})")
    if CONTROL.search(name):
        raise BadInput("a name cannot hold control characters")
    if BIDI.search(name):
        raise BadInput("a name cannot hold characters that reorder text (bidi overrides)")
    return name


def clean_name(name: str, fallback: str) -> str:
    """A name from outside made valid: control characters removed, cut to 60 characters
    (at a word where it can), ``fallback`` when nothing is left."""
    name = " ".join(BIDI.sub("", CONTROL.sub("", name)).split())
    if len(name) > MAX_NAME_LENGTH:
        cut = name[: MAX_NAME_LENGTH + 1].rsplit(" ", 1)[0]
        name = cut if len(cut) > MAX_NAME_LENGTH // 2 else name[:MAX_NAME_LENGTH]
        name = name[:MAX_NAME_LENGTH]
    return name or fallback[:MAX_NAME_LENGTH]


def clean_text(text: str | None, limit: int) -> str | None:
    """A note or prompt from outside made valid: control characters (and characters that
    reorder text) removed, cut to ``limit``."""
    if text is None:
        return None
    text = BIDI.sub("", CONTROL.sub("", text)).strip()[:limit].strip()
    return text or None


def validate_text(text: str | None, what: str, limit: int) -> str | None:
    """Notes and prompts: optional, one trimmed string, bounded in length."""
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    if len(text) > limit:
        raise BadInput(f"a {what} is at most {limit} characters")
    if CONTROL.search(text):
        raise BadInput(f"a {what} cannot hold control characters")
    return text


def slugify(name: str, taken: Iterable[str] = ()) -> str:
    """Turn a name into a fresh id: "Real talk!" → "real-talk", or "real-talk-2" when taken."""
    import unicodedata  # only new names need it

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if len(base) > 36:  # cut between words, not inside one (a single long word is cut)
        cut = base[:37].rsplit("-", 1)[0]
        base = cut if "-" in base[:37] else base[:36]
    base = base or "action"
    taken = set(taken)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@dataclass(frozen=True, slots=True)
class Action:
    """A small reconnection habit the user wants to practise."""

    id: str
    name: str
    kind: Kind
    goal: Goal | None
    prompt: str | None = None
    meaning: str | None = None
    languages: tuple[str, ...] = ()
    archived: bool = False
    position: int = 0
    origin: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "goal": self.goal.to_dict() if self.goal else None,
            "prompt": self.prompt,
            "meaning": self.meaning,
            "languages": list(self.languages),
            "archived": self.archived,
            "position": self.position,
        }
        if self.origin:
            data["origin"] = self.origin
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Action:
        return cls(
            id=data["id"],
            name=data["name"],
            kind=data["kind"],
            goal=Goal.from_dict(data.get("goal")),
            prompt=data.get("prompt"),
            meaning=data.get("meaning"),
            languages=tuple(data.get("languages") or ()),
            archived=bool(data.get("archived", False)),
            position=int(data.get("position", 0)),
            origin=data.get("origin"),
        )

    def validated(self) -> Action:
        """Return the action with its name cleaned, or raise BadInput."""
        validate_id(self.id)
        if self.kind not in KINDS:
            raise BadInput(f"kind must be check, count or minutes, not {self.kind!r}")
        unknown = set(self.languages) - set(LANGUAGES)
        if unknown:
            raise BadInput(f"unknown love language(s): {', '.join(sorted(unknown))}")
        validate_goal(self.kind, self.goal)
        return replace(
            self,
            name=validate_name(self.name),
            prompt=validate_text(self.prompt, "prompt", MAX_PROMPT_LENGTH),
            meaning=validate_text(self.meaning, "meaning", MAX_PROMPT_LENGTH),
        )


def new_id() -> str:
    """A fresh identity for an entry or a rest day: a random (version 4) UUID.

    Built from os.urandom directly: importing ``uuid`` costs start-up time on every command.
    """
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass(frozen=True, slots=True)
class Entry:
    """The user did an action on a (logical) day."""

    action: str
    day: date
    amount: int | float
    at: str
    source: str
    note: str | None = None
    id: str = field(default_factory=new_id)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "action": self.action,
            "amount": number(self.amount),
            "at": self.at,
            "source": self.source,
        }
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], day: date) -> Entry:
        return cls(
            id=data["id"],
            action=data["action"],
            day=day,
            amount=data["amount"],
            at=data["at"],
            source=data.get("source", "unknown"),
            note=data.get("note"),
        )


@dataclass(frozen=True, slots=True)
class RestDay:
    """"I was away / it was not possible": for one action, or for all when ``action`` is None."""

    action: str | None
    day: date
    at: str
    source: str
    note: str | None = None
    id: str = field(default_factory=new_id)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "action": self.action,
            "at": self.at,
            "source": self.source,
        }
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], day: date) -> RestDay:
        return cls(
            id=data["id"],
            action=data.get("action"),
            day=day,
            at=data["at"],
            source=data.get("source", "unknown"),
            note=data.get("note"),
        )


def validate_day_start(value: Any) -> int:
    """When a logical day starts: a whole hour from 0 to 12."""
    if type(value) is not int or not 0 <= value <= 12:
        raise BadInput("the day starts at an hour from 0 to 12")
    return value


DEFAULT_DAY_START = 4  # o'clock: what is done before it still counts for the evening before


@dataclass(frozen=True, slots=True)
class Settings:
    """When a logical day starts, on which day weeks start, the partner's love languages, and
    whether the care paragraph may be shown (docs/reflect.md)."""

    day_start: int = DEFAULT_DAY_START
    week_start: Literal["monday", "sunday"] = "monday"
    partner_languages: tuple[str, ...] = ()
    support: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"day_start": self.day_start, "week_start": self.week_start,
                "partner_languages": list(self.partner_languages), "support": self.support}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Settings:
        data = data or {}
        return cls(
            day_start=int(data.get("day_start", DEFAULT_DAY_START)),
            week_start=data.get("week_start", "monday"),
            partner_languages=tuple(data.get("partner_languages") or ()),
            support=bool(data.get("support", True)),
        )


def check_amount(action: Action, amount: float, day_total: float) -> float:
    """Validate an amount a user typed for ``action`` on a day that already holds ``day_total``."""
    if not is_number(amount):
        raise BadInput("the amount must be a number")
    if amount <= 0:
        raise BadInput("the amount must be more than zero")
    if action.kind == "check":
        if amount != 1:
            raise BadInput(f"{action.name} is a check: it is done or not, without an amount")
    elif action.kind == "count":
        if not float(amount).is_integer():
            raise BadInput("a count is a whole number")
        if amount > MAX_COUNT_PER_ENTRY:
            raise BadInput(f"at most {MAX_COUNT_PER_ENTRY} at a time")
    elif day_total + amount > MAX_MINUTES_PER_DAY:
        left = number(max(0, MAX_MINUTES_PER_DAY - day_total))
        raise BadInput(f"a day has {MAX_MINUTES_PER_DAY} minutes; at most {left} more fit on this day")
    return number(amount)
