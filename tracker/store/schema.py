"""The shape of the data file, its schema version, and the migrations between versions.

The file is a TinyDB database with these tables::

    _meta      {"1": {"schema": 2}}
    settings   {"1": {"day_start": 4, "week_start": "monday"}}
    actions    {"<n>": {"id": "compliment", "name": …, "kind": …, "goal": {…} | null, …}}
    days-2026  {"<ordinal>": {"day": "2026-11-25", "entries": [{…}], "rests": [{…}]}}
    changes    {"<seq>": {"change": {"kind": "log", "action": …, …}, "items": [{"key": […],
               "before": {…} | null}]}}  (undo; tracker/store/undo_log.py)
    timer      {"1": {"action": "phone-down", "started": "…"}}  (while one runs)
    reflections {"<ordinal of the week's first day>": {"id": "2026-11-23", "rating": 4, …}}
    journal    {"<n>": {"id": …, "day": "2026-11-25", "at": …, "text": …, "feeling": …}}
    deleted    {"<n>": {"table": "entries", "id": …, "deleted_at": …}}  (what was removed, for merges)

Every record that can change carries ``updated_at`` (entries, rest days, actions, reflections,
journal pages), so that two copies of the file merge record by record (docs/sync.md).

One document per day (doc id = the date's ordinal), in one table per year: a write touches
and re-serializes only its year, which keeps it cheap at ten years of use.
Migrations are pure ``dict -> dict`` functions, applied in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.domain.model import Settings

if TYPE_CHECKING:
    from tracker.store.durable import Tables

SCHEMA = 6

META, SETTINGS, ACTIONS = "_meta", "settings", "actions"
TIMER = "timer"  # the running phone-down timer, if any
REFLECTIONS, JOURNAL = "reflections", "journal"  # docs/reflect.md
DELETED = "deleted"  # what was removed, by id and when: a merge must not bring it back (docs/sync.md)
# The tables a removal marker can name: it removes only a record of its own table.
MARKED = ("actions", "entries", "rests", "reflections", "journal")
EPOCH = "1970-01-01T00:00:00.000+00:00"  # "changed at no known time": loses to any change
DAYS_PREFIX = "days-"


def day_table(year: int) -> str:
    """The table holding the days of ``year``."""
    return f"{DAYS_PREFIX}{year:04d}"


def day_tables(data: Mapping[str, Any]) -> list[str]:
    """The names of the day tables in ``data``, oldest year first."""
    return sorted(name for name in data if name.startswith(DAYS_PREFIX))


def day_docs(data: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every day document, oldest year first."""
    for name in day_tables(data):
        yield from data[name].values()


def _from_plain_tinydb(data: Tables) -> Tables:
    """0 → 1: nothing, or an empty TinyDB file, becomes a Reconnect file with the starters."""
    from tracker.domain.catalogue import starter_actions

    return {
        META: {"1": {"schema": 1}},
        SETTINGS: {"1": Settings().to_dict()},
        ACTIONS: {str(n): action.to_dict() for n, action in enumerate(starter_actions(), 1)},
    }  # 1 → 2 follows


def _add_changes(data: Tables) -> Tables:
    """1 → 2: the log of changes undo steps back through, seeded with the last entries and
    rest days logged by hand (by their time, as undo found them before), newest last."""
    from datetime import datetime

    from tracker.domain.days import long_day
    from tracker.domain.model import amount_text
    from tracker.store.undo_log import CHANGES, KEEP

    names = {doc["id"]: (doc["name"], doc["kind"]) for doc in data[ACTIONS].values()}
    logged = []
    for doc in day_docs(data):
        for kind in ("entries", "rests"):
            for n, item in enumerate(doc.get(kind, [])):
                try:
                    when = datetime.fromisoformat(item["at"])
                except ValueError:
                    continue
                if not item.get("source", "").startswith("import"):
                    when = when if when.tzinfo else when.astimezone()
                    logged.append((when, kind, n, doc["day"], item))
    logged.sort(key=lambda found: found[:3])
    changes = {}
    for seq, (_, kind, _, day, item) in enumerate(logged[-KEEP:], 1):
        name, action_kind = names.get(item["action"], (item["action"] or "all actions", "check"))
        if kind == "rests":
            what = f"the rest day for {name} on {long_day(date.fromisoformat(day))}"
        else:
            amount = "" if action_kind == "check" else " " + amount_text(item["amount"], action_kind)
            what = f"{name}{amount} on {long_day(date.fromisoformat(day))}"
        changes[str(seq)] = {"what": what, "items": [{"key": [kind, day, item["id"]], "before": None, "index": -1}]}
    meta = {key: {**doc, "schema": 2} for key, doc in data[META].items()}
    return {**data, META: meta, CHANGES: changes}


def _add_reflect(data: Tables) -> Tables:
    """2 → 3: room for docs/reflect.md — the partner's love languages and the care setting (the
    weekly reflections and the journal are tables of their own); the catalogue's actions get their love languages
    (schema 2 had no way to set them, so an empty list was never a choice)."""
    from tracker.domain.catalogue import catalogue

    tagged = {action.id: list(action.languages) for action in catalogue()}
    actions = {key: {**doc, "languages": doc.get("languages") or tagged.get(doc["id"], [])}
               for key, doc in data[ACTIONS].items()}
    settings = {key: {"partner_languages": [], "support": True, **doc} for key, doc in data[SETTINGS].items()}
    meta = {key: {**doc, "schema": 3} for key, doc in data[META].items()}
    return {**data, META: meta, SETTINGS: settings, ACTIONS: actions}  # the new tables come when written


def _add_updated_at(data: Tables) -> Tables:
    """3 → 4: each entry and rest day was last changed when it was logged; an action at no
    known time (the same on every machine that upgrades, so two upgraded copies agree)."""
    days = {name: {key: {**doc, **{kind: [{**item, "updated_at": item.get("updated_at") or item["at"]}
                                          for item in doc.get(kind, [])]
                                   for kind in ("entries", "rests")}}
                   for key, doc in data[name].items()}
            for name in day_tables(data)}
    actions = {key: {**doc, "updated_at": doc.get("updated_at") or EPOCH} for key, doc in data[ACTIONS].items()}
    meta = {key: {**doc, "schema": 4} for key, doc in data[META].items()}
    return {**data, **days, META: meta, ACTIONS: actions}


def _type_markers(data: Tables) -> Tables:
    """4 → 5: each removal marker names its table, so that it removes only a record of that
    table. A marker of schema 4 removed any record with its id; it keeps doing so for every
    table whose ids could be its id (a date: a week's reflection; a slug: also an action), so
    nothing removed comes back and nothing else is touched."""
    from tracker.domain.model import is_slug

    markers = []
    for doc in (data.get(DELETED) or {}).values():
        if doc.get("table") in MARKED:
            markers.append(doc)
            continue
        record_id = doc.get("id")
        if _is_iso_day(record_id):
            tables: tuple[str, ...] = ("reflections",)
        elif isinstance(record_id, str) and is_slug(record_id):
            tables = ("actions", "entries", "rests", "journal")
        else:
            tables = ("entries", "rests", "journal")
        markers += [{"table": table, **{k: v for k, v in doc.items() if k != "table"}} for table in tables]
    meta = {key: {**doc, "schema": 5} for key, doc in data[META].items()}
    typed = {**data, META: meta}
    if markers:
        typed[DELETED] = {str(n): marker for n, marker in enumerate(markers, 1)}
    return typed


def _is_iso_day(text: Any) -> bool:
    if not isinstance(text, str) or len(text) != 10:
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _changes_by_id(data: Tables) -> Tables:
    """5 → 6: the log of changes says what each change was by its kind and the ids it names
    (the words are made when it is shown); a change kept before keeps its sentence, as a
    change of the kind "words"."""
    from tracker.store.undo_log import CHANGES

    kept = {key: {"change": {"kind": "words", "text": doc["what"]},
                  **{k: v for k, v in doc.items() if k != "what"}}
            for key, doc in (data.get(CHANGES) or {}).items()}
    meta = {key: {**doc, "schema": 6} for key, doc in data[META].items()}
    return {**data, META: meta, **({CHANGES: kept} if CHANGES in data else {})}


# MIGRATIONS[n] turns schema n into schema n + 1.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {
    0: _from_plain_tinydb, 1: _add_changes, 2: _add_reflect, 3: _add_updated_at, 4: _type_markers,
    5: _changes_by_id}


def schema_of(data: Mapping[str, Any]) -> int:
    """The schema version recorded in the file (0 for a plain, empty TinyDB file); call on
    data that ``validate.check_shape`` passed."""
    meta = data.get(META)
    if not meta:
        return 0
    version: int = next(iter(meta.values()))["schema"]
    return version


def migrate(
    data: Tables,
    target: int = SCHEMA,
    migrations: Mapping[int, Callable[[Tables], Tables]] = MIGRATIONS,
) -> Tables:
    """Bring ``data`` up to schema ``target``, one migration at a time."""
    version = schema_of(data)
    while version < target:
        data = migrations[version](data)
        new_version = schema_of(data)
        if new_version != version + 1:
            raise RuntimeError(f"migration from schema {version} produced schema {new_version}")
        version = new_version
    return data


def new_data() -> Tables:
    """A new data file's tables: settings and the five starter actions."""
    return migrate({})
