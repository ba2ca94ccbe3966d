"""What a person types, read into what it means: an action named by its id, name or a word
of it; an amount ("20", "1h30"); a goal's days and the goal; an answer of ``reconnect ask``.
Every reading refuses what it cannot mean with one line (BadInput), before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.domain.model import Action, Goal, check_amount, number
from tracker.errors import BadInput
from tracker.views.text import amount_text


def resolve_action(actions: list[Action], text: str) -> Action:
    """Find an action by exact id, else by name (any case), else by a unique id prefix, else by
    a unique word of its name (``how`` for "How are you, really?")."""
    wanted = text.strip()
    folded = wanted.casefold()
    for action in actions:
        if action.id == wanted:
            return action
    tries = [
        [a for a in actions if a.name.casefold() == folded],
        [a for a in actions if a.id.startswith(wanted.lower())] if wanted else [],
        [a for a in actions if folded in _words(a.name)] if wanted else [],
    ]
    for found in tries:
        if len(found) == 1:
            return found[0]
    candidates = list(dict.fromkeys(a for found in tries for a in found))
    if candidates:
        listed = ", ".join(a.id for a in candidates)
        raise BadInput(f"{wanted!r} could be any of: {listed}")
    import difflib

    shown = [a for a in actions if not a.archived]
    names = {a.id: a.id for a in shown} | {a.name.casefold(): a.id for a in shown}
    close = difflib.get_close_matches(folded, names, n=3, cutoff=0.6)
    if close:
        guesses = " or ".join(dict.fromkeys(names[c] for c in close))
        raise BadInput(f"no action {wanted!r}; did you mean {guesses}?")
    known = ", ".join(a.id for a in shown)
    raise BadInput(f"no action {wanted!r}; the actions are: {known}")


def _words(name: str) -> set[str]:
    return set(re.findall(r"\w+", name.casefold()))


def typed_amount(action: Action, amount: float | str | None) -> float:
    """Read and check an amount typed for ``action`` (text or a number; None means one)."""
    if amount is None:
        if action.kind == "minutes":
            raise BadInput(f"how many minutes? e.g. reconnect log {action.id} 20")
        return 1
    if isinstance(amount, str):
        amount = parse_amount(amount, action.kind)
    return check_amount(action, amount, 0)


def parse_amount(text: str, kind: str) -> float:
    """Read an AMOUNT: a number, or for minutes also ``1h30``, ``1h``, ``45m``, ``45min``."""
    raw = text.strip().lower().replace(",", ".")
    try:
        if kind == "minutes" and ("h" in raw or raw.endswith(("m", "min"))):
            hours, _, minutes = raw.removesuffix("min").removesuffix("m").partition("h")
            value = float(hours or 0) * 60 + float(minutes or 0) if "h" in raw else float(hours)
        else:
            value = float(raw)
    except ValueError:
        raise BadInput(f"{text!r} is not an amount: give a number, like 3 or 20") from None
    return number(value)  # nan and inf stay floats: check_amount refuses them


def parse_days(text: str | None) -> int | None:
    """A daily goal's days of 7, as typed ("5"); None when not given."""
    if text is None or not text.strip():
        return None
    try:
        return int(text.strip())
    except ValueError:
        raise BadInput(f"{{days}} is a whole number from 1 to 7, not {text.strip()!r}", days="days") from None


def make_goal(kind: str, amount: float | None, per: str | None, days: int | None) -> Goal | None:
    """Build a goal from the command-line options, with kind-appropriate defaults."""
    if per == "none":
        if amount is not None or days is not None:
            raise BadInput("{no_goal} takes no {amount} and no {days}",
                           no_goal="no goal", amount="amount", days="days")
        return None
    per = per or "day"
    if days is not None and per != "day":
        raise BadInput("{days} only applies to a goal per day", days="days")
    if amount is None:
        amount = {"check": 1, "count": 1, "minutes": 15}[kind] if per == "day" else None
        if amount is None:
            raise BadInput(f"{{amount}} is needed for a goal per {per}", amount="the amount")
    return Goal(number(amount), per, 7 if days is None else days)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Answer:
    """One answer of ``reconnect ask``: log ``amount`` of an action, or a rest day for it."""

    action: Action
    amount: float | None = None  # None: a rest day

    def describe(self) -> str:
        if self.amount is None:
            return f"{self.action.name}: a rest day"
        if self.action.kind == "check":
            return f"{self.action.name}: done"
        return f"{self.action.name}: {amount_text(self.amount, self.action.kind)}"


def read_answer(action: Action, text: str) -> Answer | None:
    """What one typed answer means for ``action``: ``y``/``n`` for a check, a number (or
    ``1h30`` for minutes) for counts and minutes, ``s`` for a rest day, nothing to leave it.
    None leaves it; BadInput asks again."""
    word = text.strip().lower()
    if word in ("", "n", "no") and (word == "" or action.kind == "check"):
        return None
    if word in ("s", "skip", "rest"):
        return Answer(action)
    if action.kind == "check":
        if word in ("y", "yes", "1"):
            return Answer(action, 1)
        raise BadInput("y for done, n or enter to leave it, s for a rest day")
    amount = typed_amount(action, word)
    check_amount(action, amount, 0)
    return Answer(action, amount)
