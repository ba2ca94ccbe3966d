"""What a user does in docs/reflect.md — reflect on a week, write in the journal, name love
languages — as functions over a Store, and the views the CLI and the app show of it.

Input is validated before the lock is taken, so a rejected change leaves the file untouched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from tracker.domain import reflect
from tracker.domain.days import timestamp, week_bounds
from tracker.domain.insights import Insights, what_helps
from tracker.domain.model import LANGUAGES, Action, Settings
from tracker.domain.reflect import JournalPage, Reflection
from tracker.errors import BadInput
from tracker.store.store import Store


def save_reflection(store: Store, day: date, rating: Any = None,
                    texts: Mapping[str, str | None] | None = None) -> Reflection:
    """Set the fields given for the reflection of the week holding ``day`` (the others are
    kept); a week without a reflection needs a rating. A week not yet started is refused."""
    rating = None if rating is None else reflect.validate_rating(rating)
    cleaned = {name: reflect.validate_text(text, f"{name.replace('_', ' ')!r}")
               for name, text in (texts or {}).items()}
    unknown = set(cleaned) - set(reflect.TEXT_FIELDS)
    if unknown:
        raise BadInput(f"a reflection has no field {', '.join(sorted(unknown))}")
    with store.transaction():
        week_start = store.settings().week_start
        week = week_bounds(day, week_start)[0]
        if week > store.today():
            raise BadInput("that week has not started yet; reflect on it once it has")
        old = reflect.by_week(store.reflections(), week_start).get(week)
        new = reflect.edited(old, week, timestamp(store.now()), rating, cleaned)
        if old is not None and reflect.same_content(old, new):
            return old
        store.save_reflection(new)  # under the id it was first written with (``edited``)
        store.describe_change("reflection", week=week.isoformat())
        return new


def add_journal_page(store: Store, text: str, day: date | None = None,
                     feeling: str | None = None) -> JournalPage:
    """Write a journal page for ``day`` (default: today), with an optional feeling."""
    written = reflect.validate_text(text, "a journal page")
    if written is None:
        raise BadInput("a journal page needs some text")
    feeling = reflect.validate_feeling(feeling)
    with store.transaction():
        on = day or store.today()
        if on > store.today():
            raise BadInput("that day has not come yet")
        page = JournalPage(day=on, text=written, at=timestamp(store.now()), feeling=feeling)
        store.save_journal_page(page)
        store.describe_change("journal", day=on.isoformat())
        return page


def change_care_settings(store: Store, *, partner_languages: Sequence[str] | None = None,
                         support: bool | None = None) -> Settings:
    """The partner's love languages and whether the care paragraph may show; None keeps one."""
    unknown = set(partner_languages or ()) - set(LANGUAGES)
    if unknown:
        raise BadInput(f"unknown love language(s): {', '.join(sorted(unknown))}")
    with store.transaction():
        settings = store.settings()
        if partner_languages is not None:
            settings = replace(settings, partner_languages=tuple(partner_languages))
        if support is not None:
            settings = replace(settings, support=support)
        store.save_settings(settings)
        store.describe_change("settings")
        return settings


@dataclass(frozen=True)
class WeekReflection:
    """A week as the Reflect screen and ``reflect`` show it."""

    start: date
    end: date
    reflection: Reflection | None
    trend: list[tuple[date, int]]
    support: str | None

    @property
    def talk_hint(self) -> str | None:
        return reflect.talk_hint(self.reflection.talk if self.reflection else None)

    def to_json(self) -> dict[str, Any]:
        """docs/reflect.md's ``reflect --json``."""
        r = self.reflection
        return {
            "week": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "rating": r.rating if r else None,
            **{name: getattr(r, name) if r else None for name in reflect.TEXT_FIELDS},
            "talk_hint": self.talk_hint,
            "trend": [{"week": week.isoformat(), "rating": rating} for week, rating in self.trend],
            "support": self.support,
        }


def week_reflection(store: Store, day: date) -> WeekReflection:
    """The reflection of the week holding ``day``, the trend up to it and the care paragraph."""
    settings = store.settings()
    start, end = week_bounds(day, settings.week_start)
    weeks = reflect.by_week(store.reflections(), settings.week_start)
    support = reflect.SUPPORT if reflect.support_due(weeks, settings.support) else None
    return WeekReflection(start, end, weeks.get(start), reflect.trend(weeks, start), support)


def rating_of_week(store: Store, start: date) -> int | None:
    """The week's rating, if it was reflected on (for the Week screen)."""
    found = reflect.by_week(store.reflections(), store.settings().week_start).get(start)
    return found.rating if found else None


def balance(actions: Sequence[Action], store: Store, start: date, end: date) -> dict[str, int]:
    """The week's love-language balance (docs/reflect.md): per language, the (action, day) pairs
    with an entry that week."""
    logged = [(entry["action"], doc["day"])
              for doc in store.day_docs(start, end) for entry in doc.get("entries", ())]
    return reflect.language_balance(actions, logged)


def insights(store: Store, today: date) -> Insights:
    """What helps (docs/reflect.md), from every reflected week and all of history."""
    settings = store.settings()
    weeks = reflect.by_week(store.reflections(), settings.week_start)
    return what_helps(store.actions(include_archived=False), store.history(), weeks, today,
                      settings.partner_languages)


def year_in_review(store: Store, year: int, today: date, with_journal: bool = False) -> str:
    """The year in review as Markdown (``summary --year``, and ``y`` on History)."""
    from tracker.views.year_review import year_markdown

    settings = store.settings()
    return year_markdown(year, store.actions(), store.history(),
                         reflect.by_week(store.reflections(), settings.week_start), store.journal(),
                         today, settings.week_start, settings.partner_languages, with_journal)
