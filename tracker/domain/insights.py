"""What helps (docs/reflect.md): which small actions, and which of the partner's love languages,
went with the weeks that felt closer, from the person's own weekly ratings. Pure.

For each active action, the reflected weeks split in two: those where its week was met (its
goal's progress over that week: a daily goal's days, a weekly goal's amount, a monthly goal's
share of the week; without a goal, anything logged) and the others. Each side's mean rating is
shown only when both sides have at least four weeks. The words describe what went together;
they never claim a cause and never compare the person with anyone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from tracker.domain.history import History
from tracker.domain.model import Action, amount_text
from tracker.domain.progress import period_progress
from tracker.domain.reflect import LANGUAGE_NAMES, Reflection

MIN_WEEKS = 4  # on each side, before a mean is shown
NOT_YET = "After a few more check-ins this will show what goes with your closer weeks."


@dataclass(frozen=True)
class Side:
    """The reflected weeks on one side: how many, and their mean rating (one decimal, rounded
    half up), None while either side has fewer than four weeks."""

    weeks: int
    mean: float | None

    def to_json(self) -> dict[str, object]:
        return {"weeks": self.weeks, "mean": self.mean}


@dataclass(frozen=True)
class Insight:
    """One action (or love language) and its two sides."""

    id: str
    name: str
    met: Side
    not_met: Side
    condition: str  # "on 4 or more days", "5 or more times", "" — what "met" meant

    @property
    def shown(self) -> bool:
        return self.met.mean is not None

    def words(self) -> str:
        """"Weeks with Phone-down time on 5 or more days felt 4.1 on average; other weeks 3.0
        (9 and 6 weeks)." — only for a shown insight."""
        what = f"{self.name} {self.condition}".strip()
        return (f"Weeks with {what} felt {self.met.mean:.1f} on average; other weeks "
                f"{self.not_met.mean:.1f} ({self.met.weeks} and {self.not_met.weeks} weeks).")

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "met": self.met.to_json(), "not_met": self.not_met.to_json()}


@dataclass(frozen=True)
class Insights:
    weeks_reflected: int
    actions: list[Insight]
    languages: list[Insight]

    def about(self, action_id: str) -> str:
        """What went with the closer weeks for one action, or the line saying it will come."""
        found = next((i for i in self.actions if i.id == action_id and i.shown), None)
        return found.words() if found else NOT_YET

    def lines(self) -> list[str]:
        """Each shown insight in words, or the one line saying it will come."""
        said = [i.words() for i in (*self.actions, *self.languages) if i.shown]
        return said or [NOT_YET]

    def to_json(self) -> dict[str, object]:
        return {"weeks_reflected": self.weeks_reflected,
                "actions": [i.to_json() for i in self.actions],
                "languages": [{"language": i.id, **{k: v for k, v in i.to_json().items() if k != "id"}}
                              for i in self.languages]}


def what_helps(actions: Sequence[Action], history: History, weeks: Mapping[date, Reflection],
               today: date, partner_languages: Sequence[str] = ()) -> Insights:
    """The insights of ``weeks`` (reflections by their week's first day) for the active
    ``actions`` and the partner's languages; weeks not yet started are left out."""
    rated = {start: r.rating for start, r in weeks.items() if start <= today}
    active = [a for a in actions if not a.archived]
    found = [_insight(a.id, a.name, _condition(a), rated, _goal_met(a, history, today)) for a in active]
    by_language = [_insight(lang, LANGUAGE_NAMES[lang], "", rated, _language_given(lang, active, history))
                   for lang in partner_languages]
    return Insights(len(rated), found, by_language)


def _goal_met(action: Action, history: History, today: date) -> Callable[[date], bool]:
    """Whether ``action``'s week starting on a day was met."""
    def met(start: date) -> bool:
        end = start + timedelta(days=6)
        progress = period_progress(action, history, start, end, max(today, end))
        return _logged(action, history, start) if progress is None else progress.met

    return met


def _language_given(language: str, actions: Sequence[Action], history: History) -> Callable[[date], bool]:
    """Whether the week starting on a day had something logged in ``language``."""
    def met(start: date) -> bool:
        return any(language in a.languages and _logged(a, history, start) for a in actions)

    return met


def _insight(id_: str, name: str, condition: str, rated: Mapping[date, int],
             met: Callable[[date], bool]) -> Insight:
    yes = [rating for start, rating in rated.items() if met(start)]
    no = [rating for start, rating in rated.items() if not met(start)]
    enough = len(yes) >= MIN_WEEKS and len(no) >= MIN_WEEKS
    return Insight(id_, name, Side(len(yes), mean(yes) if enough else None),
                   Side(len(no), mean(no) if enough else None), condition)


def mean(ratings: Iterable[int]) -> float:
    """The mean to one decimal, rounded half up (exactly: no float error decides a tie)."""
    values = list(ratings)
    return math.floor(Fraction(sum(values), len(values)) * 10 + Fraction(1, 2)) / 10


def _logged(action: Action, history: History, start: date) -> bool:
    return any(total > 0 for total in history.totals(action, start, start + timedelta(days=6)))


def _condition(action: Action) -> str:
    """What "its week was met" asks, in words."""
    goal = action.goal
    if goal is None:
        return ""
    if goal.per == "day":
        return f"on {goal.days} or more days"
    if goal.per == "week":
        if action.kind == "check":
            return "at least once" if goal.amount == 1 else f"on {goal.amount:g} or more days"
        return f"{amount_text(goal.amount, action.kind)} or more"
    return "as often as the month asks"
