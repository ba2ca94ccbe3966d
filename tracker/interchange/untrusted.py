"""What a Reconnect file from outside must pass before it merges — a conflict copy from
another machine, or an export brought in by ``import`` — over and above the data file's own
check (docs/sync.md, "Hostile and unlucky copies").

Its size is bounded before it is read; its texts are cleaned of control characters and of
characters that reorder text (and that is said); and every change time is a real moment: ISO
8601 with an offset, not before 1970 and not more than a day ahead of this machine's clock, so
that a wrong clock or a hostile file cannot win every merge for ever (or crash one).
"""

from __future__ import annotations

import errno
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.domain.model import BIDI, CONTROL, MAX_ACTIONS, is_slug
from tracker.domain.reflect import TEXT_CONTROL, TEXT_FIELDS
from tracker.errors import BadInput, DataFileError
from tracker.store.durable import Tables, parse
from tracker.store.problems import shown_value
from tracker.store.regular_file import read_regular
from tracker.store.schema import (
    ACTIONS,
    DELETED,
    JOURNAL,
    REFLECTIONS,
    SCHEMA,
    day_docs,
    migrate,
    schema_of,
)
from tracker.store.validation import inspect

if TYPE_CHECKING:
    from tracker.store.store import Store

MAX_FILE_BYTES = 64 << 20  # decades of history are a few tens of MB
MAX_ID_LENGTH = 64  # a UUID is 36, an action id at most 40
MAX_SHORT_TEXT = 200  # a time, a source, an origin
EARLIEST_MOMENT = datetime(1970, 1, 1, tzinfo=timezone.utc)
AHEAD = timedelta(days=1)  # two clocks a few hours apart are normal; a year apart is not


def read_bounded(path: Path) -> bytes:
    """The bytes of ``path``, refused (BadInput) beyond :data:`MAX_FILE_BYTES`: by its size
    before reading (every command looks at the copies beside the file), and while reading (a
    file that grows)."""
    try:
        return read_regular(path, MAX_FILE_BYTES)
    except OSError as error:
        if error.errno == errno.EFBIG:
            raise BadInput(f"{path}: {error.strerror}, more than decades of history hold; "
                           "left alone") from None
        raise BadInput(f"{path}: cannot be read ({error.strerror})") from None


def clean_texts(data: Any) -> int:
    """Remove control characters and characters that reorder text from every note, journal
    page and reflection of a parsed file (of any shape: the check comes after); how many
    texts changed."""
    changed = 0

    def cleaned(doc: dict[str, Any], field: str, control: Any) -> None:
        nonlocal changed
        text = doc.get(field)
        if isinstance(text, str):
            clean = BIDI.sub("", control.sub("", text.replace("\r\n", "\n")))
            if clean != text:
                doc[field] = clean.strip() or None
                changed += 1

    for doc in _docs(data):
        if "deleted_at" in doc:
            continue
        cleaned(doc, "note", CONTROL)
        for field in ("text", *TEXT_FIELDS):
            cleaned(doc, field, TEXT_CONTROL)
    return changed


def _docs(data: Any) -> Iterator[dict[str, Any]]:
    """Every record of a parsed file whose shape is a dict: documents and day items."""
    if not isinstance(data, dict):
        return
    for table in data.values():
        if not isinstance(table, dict):
            continue
        for doc in table.values():
            if not isinstance(doc, dict):
                continue
            yield doc
            for kind in ("entries", "rests"):
                items = doc.get(kind)
                if isinstance(items, list):
                    yield from (item for item in items if isinstance(item, dict))


def problems(data: dict[str, Any], now: datetime, most_actions: int = MAX_ACTIONS) -> list[str]:
    """What a checked file (at this schema) holds that no honest copy does: a change time
    that is no real moment, an id beyond any Reconnect writes, a record of an action with no
    action's id, more actions than ``most_actions`` (see ``actions_allowed``)."""
    latest = now + AHEAD
    found: list[str] = []

    def moment(what: str, text: Any) -> None:
        problem = moment_problem(text, latest)
        if problem:
            found.append(f"{what} {problem}")

    if len(data.get(ACTIONS, {})) > most_actions:
        bound = (f"the {MAX_ACTIONS} Reconnect keeps" if most_actions == MAX_ACTIONS
                 else f"the {most_actions} the data file holds")
        found.append(f"it holds {len(data[ACTIONS])} actions, more than {bound}")
    for doc in data.get(ACTIONS, {}).values():
        moment(f"action {doc['id']!r} was changed at", doc.get("updated_at"))
    for doc in day_docs(data):
        for kind, what in (("entries", "an entry"), ("rests", "a rest day")):
            for item in doc.get(kind, ()):
                label = f"{what} on {doc['day']}"
                moment(f"{label} was changed at", item.get("updated_at"))
                action = item.get("action")
                if not (action is None and kind == "rests") and not (isinstance(action, str) and is_slug(action)):
                    found.append(f"{label} is for {shown_value(action)}, not an action's id")
                if len(item["id"]) > MAX_ID_LENGTH or any(
                        len(str(item.get(field) or "")) > MAX_SHORT_TEXT for field in ("at", "source")):
                    found.append(f"{label} holds an id or a time longer than any Reconnect writes")
    for name, what in ((REFLECTIONS, "a weekly reflection"), (JOURNAL, "a journal page")):
        for doc in (data.get(name) or {}).values():
            moment(f"{what} was changed at", doc.get("updated_at"))
            if len(doc["id"]) > MAX_ID_LENGTH:
                found.append(f"{what} has an id longer than any Reconnect writes")
    for doc in (data.get(DELETED) or {}).values():
        moment(f"a removal of {doc['table']} was made at", doc.get("deleted_at"))
        if len(doc["id"]) > MAX_ID_LENGTH:
            found.append("a removal names an id longer than any Reconnect writes")
    return found


def moment_problem(text: Any, latest: datetime) -> str | None:
    """Why ``text`` is not a change time this machine can trust, or None when it is."""
    if text is None:
        return None  # an older record without one: it changed at no known time
    if not isinstance(text, str) or len(text) > MAX_SHORT_TEXT:
        return f"{shown_value(text)}, which is not a time"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return f"{shown_value(text)}, which is not a time"
    if moment.tzinfo is None or moment.utcoffset() is None:
        return f"{shown_value(text)}, a time without its UTC offset"
    if moment < EARLIEST_MOMENT:
        return f"{shown_value(text)}, before 1970"
    if moment > latest:
        return f"{shown_value(text)}, more than a day ahead of this machine's clock"
    return None


def actions_allowed(store: Store) -> int:
    """The most actions a copy or a backup of ``store``'s file may hold: ``MAX_ACTIONS``, or
    as many as the data file holds if more (an earlier version's import could pass the bound;
    that file's own copies and backups must still merge and restore). A file that cannot be
    read holds none."""
    try:
        here = len(store.actions())
    except (DataFileError, OSError):
        here = 0
    return max(MAX_ACTIONS, here)


def read_export(path: Path, now: datetime, most_actions: int = MAX_ACTIONS) -> tuple[Tables, list[str]]:
    """A Reconnect JSON export (or data file, or a conflict copy of one), bounded in size,
    checked as strictly as the data file and more (``untrusted``: change times no later than a
    day after ``now``, at most ``most_actions`` actions), and brought to this schema, with what
    was cleaned on the way (a name or a note with control characters, a bad setting reset).
    Anything that cannot be cleaned refuses the whole file."""
    try:
        data = parse(read_bounded(path), path)
    except DataFileError as error:
        # "the data file X is not valid JSON" as "X: it is not valid JSON" (each line names X once)
        raise BadInput(str(error).replace(f"the data file {path} ", f"{path}: it ")) from None
    texts = clean_texts(data)
    cleaned = [f"{path}: {texts} note{'s' if texts != 1 else ''} or text{'s' if texts != 1 else ''} "
               "held control characters, removed"] if texts else []  # (the file's check refuses them)
    version, found = inspect(data)
    if version > SCHEMA:
        raise BadInput(f"{path}: written by a newer Reconnect (schema {version}); upgrade to import it")
    _refuse(path, [p.text for p in found if p.fix is None])
    cleaned += [f"{path}: {p.fix(data)}" for p in found if p.fix is not None]
    if schema_of(data) == 0:
        raise BadInput(f"{path}: an empty TinyDB file, not a Reconnect export")
    migrated = migrate(data)
    _refuse(path, problems(migrated, now, most_actions))
    return migrated, cleaned


def _refuse(path: Path, reasons: Sequence[str]) -> None:
    if reasons:
        more = f" (and {len(reasons) - 1} more)" if len(reasons) > 1 else ""
        raise BadInput(f"{path}: {reasons[0]}{more}; nothing was taken from it")
