"""What a valid data file holds: the one validation every reader, ``check`` and every import use.

Each problem names the field it is about. Where a sane value exists (a setting's default, a goal
left out, a name cleaned of control characters) the problem carries the fix that
``check --repair`` applies in place (docs/storage.md, "Repair in place where it can"); where none does
(an unreadable day, two actions with one id) the file needs a backup.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from tracker.domain.model import (
    CONTROL,
    EARLIEST_DAY,
    KINDS,
    LANGUAGES,
    MAX_PROMPT_LENGTH,
    Goal,
    Settings,
    clean_name,
    clean_text,
    is_number,
    validate_day_start,
    validate_goal,
    validate_id,
    validate_name,
    validate_text,
)
from tracker.errors import BadInput, DataFileDamaged
from tracker.store import undo_log as changes
from tracker.store.day_checks import day_problems, day_table_problems
from tracker.store.durable import Tables
from tracker.store.problems import Fix, Problem, shown_value
from tracker.store.schema import (
    ACTIONS,
    DELETED,
    EPOCH,
    JOURNAL,
    MARKED,
    META,
    REFLECTIONS,
    SCHEMA,
    SETTINGS,
    schema_of,
)


def check_shape(data: Tables, path: Path, days: bool = True, reflect: bool | None = None) -> int:
    """Verify the file holds what this version writes; return its schema version.

    Raises DataFileDamaged naming the first problem (``repairable`` when every problem has a
    fix). A file from a newer version is only checked for its version: its shape is its own.
    ``days=False`` leaves out the day tables (most of the file), for a first screen drawn fast;
    ``reflect`` (default: as ``days``) the reflections and the journal.
    """
    version, found = inspect(data, days, reflect)
    _raise_first(found, path)
    return version


def check_day_table(name: str, table: Mapping[str, Any], path: Path) -> None:
    """Verify one table of days as it is read (the rest of the file is checked by
    ``check_shape``); raise DataFileDamaged naming the first problem."""
    _raise_first(day_table_problems(name, table, set()), path)


def _raise_first(found: list[Problem], path: Path) -> None:
    if found:
        first = found[0].text + (f" (and {len(found) - 1} more)" if len(found) > 1 else "")
        error = DataFileDamaged(f"the data file {path} is damaged: {first}")
        error.repairable = all(p.fix is not None for p in found)
        raise error


def inspect(data: Tables, days: bool = True, reflect: bool | None = None) -> tuple[int, list[Problem]]:
    """The schema version and every problem found (none for a newer version's file)."""
    meta = data.get(META)
    if not meta:
        if any(data.values()):
            return 0, [Problem("it has no schema version (is it a Reconnect data file?)")]
        return 0, []
    try:
        raw = next(iter(meta.values()))["schema"]
    except (KeyError, TypeError, StopIteration):
        return 0, [Problem("its schema version is unreadable")]
    if type(raw) is not int or raw < 1:
        return 0, [Problem(f"its schema version {raw!r} is not one Reconnect wrote")]
    version = schema_of(data)
    if version > SCHEMA:
        return version, []
    found = [Problem(f"the {table!r} table is missing") for table in (SETTINGS, ACTIONS) if table not in data]
    if found:
        return version, found
    found += settings_problems(data)
    found += action_problems(data)
    if any(not changes.valid(doc, version) for doc in data.get(changes.CHANGES, {}).values()):
        found.append(Problem("the log of changes undo uses is damaged", _forget_changes))
    if not all(isinstance(doc, dict) and type(doc.get("id")) is str and type(doc.get("deleted_at")) is str
               and (version < 5 or doc.get("table") in MARKED)
               for doc in (data.get(DELETED) or {}).values()):
        found.append(Problem("the list of removed records is damaged"))
    if days:
        found += day_problems(data)
    if days if reflect is None else reflect:
        for name in (REFLECTIONS, JOURNAL):
            found += reflect_table_problems(name, data.get(name) or {})
    return version, found


# -- settings ---------------------------------------------------------------------------------

def settings_problems(data: Tables) -> list[Problem]:
    docs = data[SETTINGS]
    if not docs:
        return []
    key, doc = next(iter(docs.items()))
    found = []
    default = Settings()
    try:
        validate_day_start(doc.get("day_start", default.day_start))
    except BadInput:
        found.append(Problem(
            f"settings: day_start is {doc.get('day_start')!r}, not an hour from 0 to 12",
            _reset(SETTINGS, key, "day_start", default.day_start, "settings: day_start"),
        ))
    if doc.get("week_start", default.week_start) not in ("monday", "sunday"):
        found.append(Problem(
            f"settings: week_start is {doc.get('week_start')!r}, not monday or sunday",
            _reset(SETTINGS, key, "week_start", default.week_start, "settings: week_start"),
        ))
    partner = doc.get("partner_languages", [])
    if type(partner) is not list or not all(lang in LANGUAGES for lang in partner):
        found.append(Problem(
            f"settings: partner_languages is {shown_value(partner)}, not a list of {', '.join(LANGUAGES)}",
            _reset(SETTINGS, key, "partner_languages", [], "settings: partner_languages"),
        ))
    if type(doc.get("support", True)) is not bool:
        found.append(Problem(
            f"settings: support is {shown_value(doc.get('support'))}, not true or false",
            _reset(SETTINGS, key, "support", True, "settings: support"),
        ))
    return found


def _forget_changes(data: Tables) -> str:
    data[changes.CHANGES] = {}
    return "the log of changes was emptied (undo starts afresh; no history is lost)"


def _reset(table: str, key: str, name: str, value: Any, label: str) -> Fix:
    def fix(data: Tables) -> str:
        data[table][key][name] = value
        return f"{label} was reset to {value!r}"

    return fix


# -- actions ----------------------------------------------------------------------------------

def action_problems(data: Tables) -> list[Problem]:
    found: list[Problem] = []
    ids: set[str] = set()
    for index, (key, doc) in enumerate(data[ACTIONS].items()):
        action_id = doc.get("id")
        try:
            validate_id(action_id if isinstance(action_id, str) else "")
        except BadInput:
            found.append(Problem(f"an action has the id {action_id!r}, not a-z, 0-9 and hyphens"))
            continue
        label = f"action {action_id!r}"
        if action_id in ids:
            found.append(Problem(f"two actions have the id {action_id!r}"))
        ids.add(action_id)
        kind = doc.get("kind")
        if kind not in KINDS:
            found.append(Problem(f"{label}: kind is {kind!r}, not check, count or minutes"))
            continue
        found += _field_problems(key, doc, label, index)
        goal_problem = _goal_problem(doc)
        if goal_problem:
            found.append(Problem(f"{label}: {goal_problem}", _fix_goal(key, label)))
    return found


def _field_problems(key: str, doc: Mapping[str, Any], label: str, index: int) -> Iterator[Problem]:
    name = doc.get("name")
    try:
        validate_name(name if isinstance(name, str) else "")
    except BadInput as error:
        yield Problem(f"{label}: name {shown_value(name)} is not valid ({error})",
                      _set(key, "name", clean_name(name if isinstance(name, str) else "", doc["id"]), label))
    for field in ("prompt", "meaning"):
        text = doc.get(field)
        try:
            if text is not None and not isinstance(text, str):
                raise BadInput("not text")
            validate_text(text, field, MAX_PROMPT_LENGTH)
        except BadInput as error:
            cleaned = clean_text(text, MAX_PROMPT_LENGTH) if isinstance(text, str) else None
            yield Problem(f"{label}: {field} is not valid ({error})", _set(key, field, cleaned, label))
    languages = doc.get("languages", [])
    if not isinstance(languages, list) or not all(lang in LANGUAGES for lang in languages):
        kept = [lang for lang in languages if lang in LANGUAGES] if isinstance(languages, list) else []
        yield Problem(f"{label}: languages {shown_value(languages)} are not {', '.join(LANGUAGES)}",
                      _set(key, "languages", kept, label))
    if type(doc.get("archived", False)) is not bool:
        yield Problem(f"{label}: archived is {shown_value(doc.get('archived'))}, not true or false",
                      _set(key, "archived", False, label))
    if type(doc.get("position", 0)) is not int:
        yield Problem(f"{label}: position is {shown_value(doc.get('position'))}, not a whole number",
                      _set(key, "position", index, label))
    origin = doc.get("origin")
    if origin is not None and (not isinstance(origin, str) or CONTROL.search(origin)):
        yield Problem(f"{label}: origin is not plain text", _set(key, "origin", None, label))
    if type(doc.get("updated_at", "")) is not str:
        yield Problem(f"{label}: updated_at is not a time", _set(key, "updated_at", EPOCH, label))


def _goal_problem(doc: Mapping[str, Any]) -> str | None:
    goal = doc.get("goal")
    if goal is None:
        return None
    if not isinstance(goal, dict) or not is_number(goal.get("amount")) or goal.get("per") not in (
        "day", "week", "month"
    ):
        return f"goal {shown_value(goal)} is not an amount per day, week or month"
    days = goal.get("days", 7)
    if type(days) is not int or not 1 <= days <= 7:
        return f"goal days is {shown_value(days)}, not a whole number from 1 to 7"
    try:
        validate_goal(doc["kind"], Goal(goal["amount"], goal["per"], days))
    except BadInput as error:
        return f"goal {shown_value(goal)} is not valid ({error})"
    return None


def _fix_goal(key: str, label: str) -> Fix:
    def fix(data: Tables) -> str:
        doc = data[ACTIONS][key]
        goal = doc.get("goal")
        if isinstance(goal, dict) and goal.get("per") == "day":
            doc["goal"] = {**goal, "days": 7}
            if _goal_problem(doc) is None:
                return f"{label}: goal days was reset to 7"
        doc["goal"] = None
        return f"{label}: its goal was removed (set one with `reconnect actions edit`)"

    return fix


def _set(key: str, name: str, value: Any, label: str) -> Fix:
    def fix(data: Tables) -> str:
        data[ACTIONS][key][name] = value
        return f"{label}: {name} was set to {value!r}"

    return fix


# -- reflections and journal pages (docs/reflect.md) -----------------------------------------------

def check_reflect_table(name: str, table: Mapping[str, Any], path: Path) -> None:
    """Verify the reflections or the journal as they are read; raise DataFileDamaged."""
    _raise_first(reflect_table_problems(name, table), path)


def reflect_table_problems(name: str, table: Mapping[str, Any]) -> list[Problem]:
    """Each reflection (filed by its week's first day, rated 1–5) or journal page (a day, text
    of at most 2,000 characters, a known feeling), every text without control characters."""
    from tracker.domain.reflect import FEELINGS, TEXT_FIELDS, ok_text

    found = []
    ids: set[str] = set()
    for key, doc in table.items():
        try:
            if type(doc["id"]) is not str or type(doc["updated_at"]) is not str or doc["id"] in ids:
                raise ValueError
            ids.add(doc["id"])
            if name == REFLECTIONS:
                week = date.fromisoformat(doc["id"])
                ok = (key == str(week.toordinal()) and type(doc["rating"]) is int
                      and 1 <= doc["rating"] <= 5
                      and all(ok_text(doc.get(field)) for field in TEXT_FIELDS))
            else:
                day = date.fromisoformat(doc["day"])
                ok = (day >= EARLIEST_DAY and type(doc["at"]) is str and doc["text"] is not None
                      and ok_text(doc["text"]) and doc.get("feeling") in (None, *FEELINGS))
        except (KeyError, TypeError, ValueError, AttributeError):
            ok = False
        if not ok:
            what = "a weekly reflection" if name == REFLECTIONS else "a journal page"
            found.append(Problem(f"{what} ({shown_value(key)}) has the wrong shape"))
    return found


def repair_in_place(data: Tables) -> list[str] | None:
    """Apply every problem's fix to ``data``; what was done, or None when some problem has no
    fix (the file then needs a backup). An empty list: nothing was wrong."""
    _, found = inspect(data)
    if any(p.fix is None for p in found):
        return None
    done = [p.fix(data) for p in found if p.fix is not None]
    _, left = inspect(data)
    return done if not left else None
