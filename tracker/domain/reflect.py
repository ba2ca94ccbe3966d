"""The inner half of reconnecting (docs/reflect.md): the weekly reflection, the journal, love
languages, the care paragraph and "Welcome back." — pure rules over plain values.

Nothing here scores the partner: the rating is how connected *the user* felt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from typing import Any

from tracker.domain.model import LANGUAGES, Action, new_id
from tracker.errors import BadInput

FEELINGS = ("calm", "close", "grateful", "hopeful", "lonely", "hurt", "frustrated", "anxious",
            "tired", "numb")
TEXT_FIELDS = ("went_well", "appreciated", "need", "talk")
PROMPTS = {
    "rating": "How connected did you feel this week?",
    "went_well": "What went well between you?",
    "appreciated": "Something you appreciated about them",
    "need": "What you need more of (they are not a mind reader)",
    "talk": "One thing you'd like to talk about, as \"I feel …\"",
}
RATING_WORDS = {1: "far apart", 2: "a little distant", 3: "in between", 4: "close", 5: "very close"}
LANGUAGE_NAMES = {"words": "words of affirmation", "time": "quality time",
                  "service": "acts of service", "gifts": "receiving gifts", "touch": "physical touch"}
MAX_TEXT = 2000
TREND_WEEKS = 12
QUIET_DAYS = 7  # a gap this long ends in "Welcome back."

# Every control character but newline (a reflection may have paragraphs; a tab may not hide).
TEXT_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_BLAMING = re.compile(r"\b(you never|you always|why don'?t you|why do you never|you should)\b",
                      re.IGNORECASE)

TALK_HINT = ("Try the shape \"I feel … when … I'd like …\", e.g. \"I've been feeling emotionally "
             "disconnected, and I don't want that to come between us.\"")

SUPPORT_WHERE = (
    "a couples or individual therapist can help with what runs deep, and asking is a "
    "kind thing to do for both of you. To find one, ask your doctor for a referral, look in "
    "your country's directory of licensed therapists, or search the Gottman Referral Network "
    "(gottman.com). If anyone feels unsafe, contact local emergency services first."
)
# after three hard weeks (``support_due``): the care paragraph
SUPPORT = "These last weeks have felt far apart, and that is hard. You do not have to untangle it alone: " + SUPPORT_WHERE
# on demand, whatever the weeks were: nothing said about them
SUPPORT_ANY_TIME = "Whenever it would help, you do not have to untangle things alone: " + SUPPORT_WHERE

SUGGESTIONS = {
    "words": "a heartfelt compliment, said out loud?",
    "time": "twenty minutes together, phones down?",
    "service": "one small thing done for them, unasked?",
    "gifts": "a small, thoughtful surprise?",
    "touch": "a 20-second hug?",
}


# -- validation -------------------------------------------------------------------------------

def validate_rating(value: Any) -> int:
    """A rating is a whole number from 1 (far apart) to 5 (very close)."""
    if isinstance(value, str):
        value = value.strip()
        value = int(value) if value.isdigit() and value.isascii() else value
    if type(value) is not int or not 1 <= value <= 5:
        raise BadInput(f"the rating is a whole number from 1 (far apart) to 5 (very close), not {value!r}")
    return value


def validate_text(text: str | None, what: str) -> str | None:
    """A reflection field or journal text: trimmed, at most 2,000 characters, no control
    characters but newlines; empty means not written (None)."""
    if text is None:
        return None
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return None
    if len(text) > MAX_TEXT:
        raise BadInput(f"{what} is at most {MAX_TEXT} characters (this one has {len(text)})")
    if TEXT_CONTROL.search(text):
        raise BadInput(f"{what} cannot hold control characters (a newline is fine)")
    return text


def validate_feeling(value: str | None) -> str | None:
    """One feeling of the small vocabulary, or none."""
    if value is None or not value.strip():
        return None
    feeling = value.strip().lower()
    if feeling not in FEELINGS:
        raise BadInput(f"{value!r} is not one of the feelings: {', '.join(FEELINGS)}")
    return feeling


def parse_languages(text: str) -> tuple[str, ...]:
    """``words,time`` (or ``none``) as a tuple of love languages, each known, none twice."""
    parts = [part.strip().lower() for part in text.split(",") if part.strip()]
    if parts == ["none"]:
        return ()
    unknown = [part for part in parts if part not in LANGUAGES]
    if unknown or not parts:
        shown = ", ".join(repr(part) for part in unknown) or "nothing"
        raise BadInput(f"{shown} is not a love language: use {', '.join(LANGUAGES)} or none")
    return tuple(dict.fromkeys(parts))


def ok_text(value: Any) -> bool:
    """Whether a stored text field is valid (for the file's check)."""
    return value is None or (type(value) is str and 0 < len(value) <= MAX_TEXT and not TEXT_CONTROL.search(value))


# -- records ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Reflection:
    """One week's reflection; its id is the week's first day when it was written."""

    week: date
    rating: int
    updated_at: str
    went_well: str | None = None
    appreciated: str | None = None
    need: str | None = None
    talk: str | None = None

    @property
    def id(self) -> str:
        return self.week.isoformat()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "rating": self.rating, "went_well": self.went_well,
                "appreciated": self.appreciated, "need": self.need, "talk": self.talk,
                "updated_at": self.updated_at}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Reflection:
        return cls(week=date.fromisoformat(data["id"]), rating=data["rating"],
                   updated_at=data["updated_at"],
                   **{name: data.get(name) for name in TEXT_FIELDS})

    def written(self) -> dict[str, str]:
        """The text fields the user wrote, in the order of the form."""
        return {name: text for name in TEXT_FIELDS if (text := getattr(self, name))}


@dataclass(frozen=True, slots=True)
class JournalPage:
    """A few lines for one day, with an optional feeling; for the user alone."""

    day: date
    text: str
    at: str
    feeling: str | None = None
    id: str = ""
    updated_at: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", new_id())
        if not self.updated_at:
            object.__setattr__(self, "updated_at", self.at)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "day": self.day.isoformat(), "at": self.at, "text": self.text,
                "feeling": self.feeling, "updated_at": self.updated_at}

    def to_json(self) -> dict[str, Any]:
        """docs/reflect.md's ``journal --list --json`` item."""
        return {"id": self.id, "day": self.day.isoformat(), "at": self.at, "text": self.text,
                "feeling": self.feeling}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JournalPage:
        return cls(day=date.fromisoformat(data["day"]), text=data["text"], at=data["at"],
                   feeling=data.get("feeling"), id=data["id"], updated_at=data["updated_at"])


def edited(old: Reflection | None, week: date, now: str, rating: int | None,
           texts: Mapping[str, str | None]) -> Reflection:
    """The week's reflection with the given fields set and the others kept (``texts`` maps a
    field to its new text; an empty text clears it). A new reflection needs a rating."""
    if old is None and rating is None:
        raise BadInput("this week has no reflection yet: give a --rating from 1 to 5 with it")
    base = old or Reflection(week=week, rating=rating or 1, updated_at=now)
    changes: dict[str, Any] = {name: texts[name] for name in TEXT_FIELDS if name in texts}
    if rating is not None:
        changes["rating"] = rating
    return replace(base, updated_at=now, **changes)


def same_content(a: Reflection, b: Reflection) -> bool:
    """Whether two reflections say the same (``updated_at`` aside)."""
    return all(getattr(a, f.name) == getattr(b, f.name) for f in fields(Reflection) if f.name != "updated_at")


# -- rules ------------------------------------------------------------------------------------

def talk_hint(text: str | None) -> str | None:
    """The gentle helper for the ``talk`` field: a suggestion when it has a blaming shape."""
    if text and _BLAMING.search(text):
        return TALK_HINT
    return None


def week_of(reflection: Reflection, week_start: str) -> date:
    """The first day (by today's ``week_start``) of the week a reflection belongs to: the
    week that contains its id, even if ``week_start`` changed since."""
    from tracker.domain.days import week_bounds

    return week_bounds(reflection.week, week_start)[0]


def by_week(reflections: Iterable[Reflection], week_start: str) -> dict[date, Reflection]:
    """Reflections by the week they belong to (the later written wins if two meet there)."""
    found: dict[date, Reflection] = {}
    for reflection in sorted(reflections, key=lambda r: (r.updated_at, r.id)):
        found[week_of(reflection, week_start)] = reflection
    return found


def trend(weeks: Mapping[date, Reflection], upto: date) -> list[tuple[date, int]]:
    """The last twelve reflected weeks up to the week starting ``upto``, oldest first."""
    shown = sorted(week for week in weeks if week <= upto)[-TREND_WEEKS:]
    return [(week, weeks[week].rating) for week in shown]


def support_due(weeks: Mapping[date, Reflection], enabled: bool = True) -> bool:
    """Whether the care paragraph applies: the latest reflected week and the two calendar
    weeks before it are each reflected and rated 1 or 2 (and the user has not turned it off)."""
    if not enabled or not weeks:
        return False
    latest = max(weeks)
    run = [weeks.get(latest - timedelta(days=7 * n)) for n in range(3)]
    return all(r is not None and r.rating <= 2 for r in run)


def language_balance(actions: Sequence[Action], logged: Iterable[tuple[str, object]]) -> dict[str, int]:
    """Per love language, the (action, day) pairs with something logged (``logged`` may hold
    a pair more than once): an entry of an action with two languages counts for both. All five keys, in docs/reflect.md's order."""
    languages = {action.id: action.languages for action in actions}
    balance = dict.fromkeys(("words", "time", "service", "gifts", "touch"), 0)
    for action_id, _ in set(logged):
        for language in languages.get(action_id, ()):
            balance[language] += 1
    return balance


def quiet_suggestion(balance: Mapping[str, int], partner: Sequence[str]) -> str | None:
    """One line when a language the partner feels loved through got nothing this week."""
    for language in partner:
        if balance.get(language) == 0:
            name = "touch" if language == "touch" else LANGUAGE_NAMES[language]
            return f"They feel loved through {name}: {SUGGESTIONS[language]}"
    return None


def welcome_back(last_entry_day: date | None, today: date) -> bool:
    """Whether to say "Welcome back.": the last day with an entry is a week or more ago."""
    return last_entry_day is not None and (today - last_entry_day).days >= QUIET_DAYS
