"""The starter actions, the built-in catalogue to enable from, and the prompts.

Prompts are a quiet line on the Today screen and when logging: a suggestion, never a nag.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from tracker.domain.model import Action, Goal

# Prompts written for this project, grouped by the action they belong to.
PROMPTS: dict[str, tuple[str, ...]] = {
    "phone-down": (
        "Put both phones in another room for the next half hour.",
        "Eyes up: dinner without screens tonight.",
        "Sit together for ten minutes with nothing to scroll.",
    ),
    "really-feeling": (
        "Ask: how are you really feeling today?",
        "Ask: what took the most out of you today?",
        "Ask, then listen to the end before you answer.",
        "Ask: is there something on your mind you haven't said yet?",
    ),
    "compliment": (
        "Name one thing they did today that you admired.",
        "Tell them something you love about how they think.",
        "Be specific: not \"you look nice\" but what, and why it matters to you.",
    ),
    "conversation": (
        "Ask about a dream they have not mentioned in a while.",
        "Talk about something that is not logistics: no groceries, no schedules.",
        "Ask: what is something you are looking forward to?",
    ),
    "check-in": (
        "Ask: what felt good between us this week, and what felt far?",
        "Ask: what is one thing I could do next week that would help you?",
    ),
    "thanks": (
        "Thank them for one specific thing they did today.",
        "Say thank you for something they do so often it goes unnoticed.",
    ),
    "validate": (
        "Try: \"That makes sense, because…\"",
        "Reflect back what you heard before giving your view.",
    ),
    "i-feel": ("Start with \"I feel… when… because…\" instead of \"you always\".",),
    "turn-toward": (
        "When they share something small, stop and turn toward it.",
        "Notice a bid today: a sigh, a \"look at this\", a question. Answer it.",
    ),
    "reunion": ("When you meet again today: a six-second kiss or a twenty-second hug.",),
    "service": ("Do one chore they usually do, without being asked.",),
    "surprise": ("A small surprise: their favourite snack, a song, a note in a pocket.",),
    "affirmation-note": ("Leave a note that says what they mean to you.",),
    "date": ("Plan the week's date: no phones, something you both enjoy.",),
    "new-together": ("Try something neither of you has done before, however small.",),
    "celebrate": ("When they share good news, ask for the whole story and celebrate it.",),
    "repair": ("After a rough moment: \"I'm sorry, can we try that again?\"",),
    "self-care": ("Do one kind thing for yourself today: you matter here too.",),
    "journal": ("Write three lines: what felt close today, what felt far.",),
    "support": ("One step toward support: look up a counsellor, or book the call.",),
    "listen": ("Listen for ten minutes without fixing anything.",),
}


def _action(
    id: str,
    name: str,
    kind: str,
    goal: Goal | None,
    meaning: str,
    languages: tuple[str, ...] = (),
) -> Action:
    return Action(
        id=id,
        name=name,
        kind=kind,  # type: ignore[arg-type]
        goal=goal,
        prompt=PROMPTS[id][0],
        meaning=meaning,
        languages=languages,
    )


# The catalogue as data, one row per action (id, name, kind, goal, meaning, love languages);
# built into actions on use, so that what builds them is code its tests reach.
_STARTERS: tuple[tuple[Any, ...], ...] = (
    ("phone-down", "Phone-down time", "minutes", Goal(30, "day", 5),
     "time together with phones away: eye contact, no screens", ("time",)),
    ("really-feeling", "How are you, really?", "check", Goal(1, "day", 5),
     "asked how they are really feeling, and listened", ("words", "time")),
    ("compliment", "Heartfelt compliment", "count", Goal(7, "week"),
     "a specific compliment that you mean", ("words",)),
    ("conversation", "Real conversation", "minutes", Goal(60, "week"),
     "a meaningful conversation, not logistics", ("time",)),
    ("check-in", "Weekly check-in", "check", Goal(1, "week"),
     "the two of you, about how the week felt", ("time", "words")),
)

_BUILT_INS: tuple[tuple[Any, ...], ...] = (
    ("thanks", "Specific thanks", "count", Goal(5, "week"),
     "thanked them for something specific", ("words",)),
    ("validate", "Validate a feeling", "check", Goal(3, "week"),
     "\"that makes sense because…\" before any advice", ("words",)),
    ("i-feel", "\"I feel\" statement", "count", Goal(2, "week"),
     "said how you feel instead of blaming", ("words",)),
    ("turn-toward", "Turn toward a bid", "count", Goal(3, "day", 5),
     "answered a small bid for attention", ("time",)),
    ("reunion", "Reunion kiss or hug", "check", Goal(1, "day", 5),
     "a six-second kiss or twenty-second hug when you meet again", ("touch",)),
    ("service", "Act of service", "count", Goal(3, "week"),
     "something done for them in their love language", ("service",)),
    ("surprise", "Small surprise", "check", Goal(1, "week"),
     "a small, thoughtful surprise", ("gifts",)),
    ("affirmation-note", "Note of affirmation", "check", Goal(2, "week"),
     "a written note that says what they mean to you", ("words",)),
    ("date", "Date without phones", "check", Goal(1, "week"),
     "a weekly date, phones away", ("time",)),
    ("new-together", "Something new together", "check", Goal(2, "month"),
     "tried something new, together", ("time",)),
    ("celebrate", "Celebrate their news", "check", None,
     "celebrated their good news with them", ("words",)),
    ("repair", "Repair after a rough moment", "check", None,
     "reached out to repair; zero is never counted against anyone", ("words",)),
    ("self-care", "Self-care", "check", Goal(1, "day", 4),
     "self-care or an affirmation for yourself"),
    ("journal", "Journal entry", "check", Goal(3, "week"),
     "a few lines about the relationship"),
    ("support", "Step toward support", "check", None,
     "a step toward professional support"),
    ("listen", "Listen without fixing", "minutes", Goal(60, "week"),
     "listened without advice or fixing", ("time",)),
)


def starters() -> tuple[Action, ...]:
    """The five actions a new file starts with (docs/domain.md, "The starter catalogue")."""
    return tuple(_action(*row) for row in _STARTERS)


def built_ins() -> tuple[Action, ...]:
    """The catalogue's other actions, to enable from the Actions screen or the CLI."""
    return tuple(_action(*row) for row in _BUILT_INS)


def catalogue() -> tuple[Action, ...]:
    """Every action Reconnect knows: the starters first, then the built-ins."""
    return starters() + built_ins()


def starter_actions() -> list[Action]:
    """The five actions a new data file starts with, in order."""
    return [replace(action, position=i) for i, action in enumerate(starters())]


def prompts_for(action_id: str) -> tuple[str, ...]:
    """The prompts written for a catalogue action (none for the user's own)."""
    return PROMPTS.get(action_id, ())


def prompts_in(actions: list[Action]) -> list[str]:
    """Every prompt of the active actions, each once, in the actions' order."""
    pool: list[str] = []
    for action in actions:
        if action.archived:
            continue
        for prompt in prompts_for(action.id) or ((action.prompt,) if action.prompt else ()):
            if prompt not in pool:
                pool.append(prompt)
    return pool


def prompt_of_the_day(actions: list[Action], day: date) -> str | None:
    """One prompt for the day, rotating through every prompt of the active actions."""
    pool = prompts_in(actions)
    if not pool:
        return None
    return pool[day.toordinal() % len(pool)]


def catalogue_languages(name: str) -> tuple[str, ...]:
    """The love languages of the catalogue action named ``name`` (any case and spacing), or
    none: a new action named like one gets them."""
    folded = " ".join(name.split()).casefold()
    return next((a.languages for a in catalogue() if a.name.casefold() == folded), ())
