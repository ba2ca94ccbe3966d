"""Every key of the app, by binding id: the one table the screens build their bindings from,
help and the palette describe, and ``settings.toml``'s ``[keys]`` remaps.

It lives here, without Textual, so that ``reconnect settings`` can list the ids instantly.
Keys are Textual key names (``space``, ``left_square_bracket``, ``ctrl+q``), several joined
by commas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EVERYWHERE = "Everywhere"


@dataclass(frozen=True, slots=True)
class Key:
    """One binding: its id, its default keys, its word in the footer, on which screen, and
    what it does (for help and the palette)."""

    id: str
    keys: str
    description: str
    where: str
    explain: str


KEYS: tuple[Key, ...] = (
    Key("nav.today", "1", "Today", EVERYWHERE,
        "the Today screen: log what you did"),
    Key("nav.week", "2", "Week", EVERYWHERE,
        "the week as a grid"),
    Key("nav.history", "3", "History", EVERYWHERE,
        "a year at a time: heatmap, best streaks, strength"),
    Key("nav.actions", "4", "Actions", EVERYWHERE,
        "add, edit, archive and reorder actions"),
    Key("nav.reflect", "5", "Reflect", EVERYWHERE,
        "the week's reflection, journal, rating trend and love languages"),
    Key("app.help", "question_mark", "Help", EVERYWHERE,
        "this help"),
    Key("app.quit", "ctrl+q", "Quit", EVERYWHERE,
        "quit (everything is already saved)"),
    Key("nav.open", "o", "Open", "Today, Week, Actions",
        "the selected action's own page (on Week, the first's): strength, the last weeks, streaks, notes"),
    Key("page.previous", "left_square_bracket", "Previous", "Action page",
        "the previous action's page"),
    Key("page.next", "right_square_bracket", "Next", "Action page",
        "the next action's page"),
    Key("page.back", "escape", "Back", "Action page",
        "back to where you were"),
    Key("nav.go", "g", "Go to", "Today, Week, History",
        "go to a day: 2026-11-03, monday, -3, 3 days ago"),
    Key("nav.down", "j", "Down", "Today, Actions, Reflect, Action page",
        "the next action; on Reflect and an action's page, scroll down (↓ works too)"),
    Key("nav.up", "k", "Up", "Today, Actions, Reflect, Action page",
        "the previous action; on Reflect and an action's page, scroll up (↑ works too)"),
    Key("today.log", "space", "Log", "Today",
        "log one: done, +1, or how many minutes (enter works too)"),
    Key("today.more", "plus", "+1", "Today",
        "one more (5 minutes more for a minutes action)"),
    Key("today.less", "minus", "-1", "Today",
        "one less (5 minutes less)"),
    Key("today.note", "n", "Note", "Today",
        "a note on the day's entry (an empty day: it logs one with the note)"),
    Key("today.rest", "r", "Rest", "Today",
        "a rest day for this action (again to lift it)"),
    Key("today.rest-all", "R", "Rest all", "Today",
        "a rest day for every action (again to lift it)"),
    Key("today.undo", "u", "Undo", "Today",
        "undo the last change, whatever it was (it says what)"),
    Key("today.earlier", "left_square_bracket", "Earlier day", "Today",
        "an earlier day, to fill in what was forgotten"),
    Key("today.later", "right_square_bracket", "Later day", "Today",
        "a later day"),
    Key("today.today", "t", "Back to today", "Today",
        "back to today"),
    Key("today.timer", "p", "Timer", "Today",
        "start or stop the phone-down timer (it runs on if you close the app)"),
    Key("week.earlier", "left,left_square_bracket", "Earlier week", "Week",
        "the week before"),
    Key("week.later", "right,right_square_bracket", "Later week", "Week",
        "the week after"),
    Key("week.this-week", "t", "This week", "Week",
        "back to this week"),
    Key("history.earlier", "left,left_square_bracket", "Year before", "History",
        "the year before"),
    Key("history.later", "right,right_square_bracket", "Year after", "History",
        "the year after"),
    Key("history.previous-action", "up,k", "Up", "History",
        "the previous action (the first choice is all of them)"),
    Key("history.review", "y", "Year in review", "History",
        "the year in review: connected days, what you did most, how close it felt, what helped"),
    Key("history.next-action", "down,j", "Down", "History",
        "the next action"),
    Key("actions.add", "a", "Add", "Actions",
        "add an action of your own"),
    Key("actions.edit", "e", "Edit", "Actions",
        "edit the selected action (enter works too)"),
    Key("actions.archive", "x", "Archive", "Actions",
        "archive it, or bring it back"),
    Key("actions.move-down", "J", "Move down", "Actions",
        "move it down the list"),
    Key("actions.move-up", "K", "Move up", "Actions",
        "move it up the list"),
    Key("actions.catalogue", "c", "Catalogue", "Actions",
        "enable a built-in action from the catalogue"),
    Key("reflect.edit", "e", "Reflect", "Reflect",
        "reflect on the week: how connected it felt (1–5) and what to say"),
    Key("reflect.journal", "a", "Journal", "Reflect",
        "write a journal page, with a feeling if you like"),
    Key("reflect.earlier", "left,left_square_bracket", "Earlier", "Reflect",
        "the week before"),
    Key("reflect.later", "right,right_square_bracket", "Later", "Reflect",
        "the week after"),
    Key("reflect.this-week", "t", "This week", "Reflect",
        "back to this week"),
    Key("reflect.page-down", "pagedown", "Page down", "Reflect",
        "scroll a page down"),
    Key("reflect.page-up", "pageup", "Page up", "Reflect",
        "scroll a page up"),
)
BY_ID = {key.id: key for key in KEYS}

# a Textual key name: a letter or digit, a named key, with modifiers (ctrl+shift+f5)
_KEY_NAME = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*(?:[A-Za-z0-9]|[a-z][a-z0-9_]+)$")


def parse_keys(text: str) -> list[str]:
    """The key names of ``text`` ("j,down"), or ValueError naming what is not a key."""
    names = [name.strip() for name in text.split(",")]
    for name in names:
        if not _KEY_NAME.match(name):
            raise ValueError(f"{name!r} is not a key name (try a, J, ctrl+x, f5, space, up)")
    return names


def _screens(key: Key) -> set[str]:
    return {where.strip() for where in key.where.split(",")}


def clashes(keymap: dict[str, str]) -> list[str]:
    """Keys that two bindings would share on one screen once ``keymap`` is applied."""
    bound: dict[tuple[str, str], str] = {}
    found: list[str] = []
    screens = {s for key in KEYS for s in _screens(key)} - {EVERYWHERE}
    for key in KEYS:
        where = screens if key.where == EVERYWHERE else _screens(key)
        for name in parse_keys(keymap.get(key.id, key.keys)):
            for screen in where:
                other = bound.setdefault((screen, name), key.id)
                if other != key.id:
                    found.append(f"{name} is both {other} and {key.id}")
    return sorted(set(found))


def shown(names: str) -> str:
    """Key names as a person reads them: ``left_square_bracket`` → ``[``."""
    words = {"left_square_bracket": "[", "right_square_bracket": "]", "question_mark": "?",
             "plus": "+", "minus": "-", "space": "space", "left": "←", "right": "→",
             "up": "↑", "down": "↓", "enter": "enter", "escape": "esc"}
    return "/".join(words.get(name, name.replace("ctrl+", "^")) for name in parse_keys(names))
