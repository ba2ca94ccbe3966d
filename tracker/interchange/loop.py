"""Loop Habit Tracker: its CSV export (the zip, or the unpacked folder, in the current and the
2.3.0 layout) and its SQLite backups (schema 12, without values, up to the current 25).

The mapping is docs/cli.md's table, "Mapping Loop habits".
"""

from __future__ import annotations

import csv
import io
import math
import sqlite3
import zipfile
from collections.abc import Callable, Iterable
from datetime import date, datetime, timezone
from pathlib import Path

from tracker.domain.model import Goal, is_number
from tracker.errors import BadInput
from tracker.interchange.import_plan import Habit, Plan, weekly_from_frequency
from tracker.interchange.untrusted import read_bounded

SOURCE = "import:loop"

# Loop's checkmark values (numerical habits store the real value × 1000 instead)
YES_MANUAL, YES_AUTO, NO, SKIP, UNKNOWN = 2, 1, 0, 3, -1
NAMED = {"YES_MANUAL": YES_MANUAL, "YES_AUTO": YES_AUTO, "NO": NO, "SKIP": SKIP, "UNKNOWN": UNKNOWN}
KNOWN_DB_VERSIONS = range(12, 26)


def habit_shape(
    name: str, numerical: bool, num: int, den: int, target: float, at_most: bool, unit: str,
    notes: list[str],
) -> tuple[str, Goal | None]:
    """Kind and goal for a Loop habit (docs/cli.md's mapping table); approximations go to notes."""
    num, den = max(num, 1), max(den, 1)
    if not numerical:
        if num == den:
            return "check", Goal(1, "day")
        if den == 7:
            return "check", Goal(num, "week")
        if den in (30, 31):
            return "check", Goal(num, "month")
        weekly = weekly_from_frequency(num, den)
        times = "time" if num == 1 else "times"
        notes.append(f"{name}: {num} {times} in {den} days became {weekly} a week")
        return "check", Goal(weekly, "week")
    kind = "minutes" if "min" in unit.lower() else "count"
    if at_most:
        notes.append(f"{name}: Loop's \"at most\" limit is kept as a target; limits are not supported")
    if target <= 0:
        notes.append(f"{name}: no target in Loop, so no goal here")
        return kind, None
    if num == den:
        return kind, Goal(target, "day")
    if (num, den) == (1, 7):
        return kind, Goal(target, "week")
    if num == 1 and den in (30, 31):
        return kind, Goal(target, "month")
    notes.append(f"{name}: a target of {target:g} every {num}/{den} became {target:g} a week")
    return kind, Goal(target, "week")


def add_value(habit: Habit, day: date, value: int | float, numerical: bool, note: str | None) -> None:
    """Apply one Loop checkmark (raw value) to the habit, as docs/cli.md says."""
    if value == SKIP:
        habit.rests[day] = note
    elif numerical and value not in (NO, UNKNOWN):
        # anything odd (nan, text from a hand-edited backup) is kept as it is, for the import
        # to skip and report
        habit.entries[day] = (value / 1000 if is_number(value) else value, note)
    elif not numerical and value == YES_MANUAL:
        habit.entries[day] = (1, note)
    elif note:
        habit.notes_left_out += 1  # a note on a day that brings nothing in


# -- SQLite backups ------------------------------------------------------------------------

def read_db(path: Path) -> Plan:
    plan = Plan(SOURCE, str(path))
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            version = db.execute("pragma user_version").fetchone()[0]
            if version not in KNOWN_DB_VERSIONS:
                raise BadInput(
                    f"{path}: a Loop database of version {version}, which this importer does not "
                    f"know (it reads {KNOWN_DB_VERSIONS.start} to {KNOWN_DB_VERSIONS.stop - 1})"
                )
            habit_columns = _columns(db, "Habits")
            rep_columns = _columns(db, "Repetitions")
            if not {"id", "name", "freq_num", "freq_den"} <= habit_columns or not {
                "habit", "timestamp"} <= rep_columns:
                raise BadInput(f"{path}: not a Loop backup (its tables lack Loop's columns)")
            habits = _db_habits(db, habit_columns, plan)
            has_values = "value" in rep_columns
            query = "select habit, timestamp" + (", value" if has_values else ", 2") + (
                ", notes" if "notes" in rep_columns else ", null") + " from Repetitions order by timestamp"
            for habit_id, stamp, value, note in db.execute(query):
                entry = habits.get(habit_id)
                if entry is not None:
                    habit, numerical = entry
                    add_value(habit, _day_of(stamp, path), value, numerical, _db_text(note))
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        raise BadInput(f"{path}: not a readable Loop backup ({error})") from None
    if not has_values:
        plan.notes.append("an old backup without values: every repetition counts as done")
    return plan


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1].lower() for row in db.execute(f"pragma table_info({table})")}


def _db_habits(
    db: sqlite3.Connection, columns: set[str], plan: Plan
) -> dict[int, tuple[Habit, bool]]:
    wanted = ["id", "name", "freq_num", "freq_den", "archived", "description", "position"]
    optional = ["type", "target_type", "target_value", "unit", "question", "uuid"]
    present = wanted + [c for c in optional if c in columns]
    habits: dict[int, tuple[Habit, bool]] = {}
    for row in db.execute(f"select {', '.join(present)} from Habits order by position"):
        # SQLite keeps any type in any column: each value is read as the type Loop writes,
        # and a habit whose values are not is refused by name (never a crash further on)
        h = dict(zip(present, row))
        name = _db_text(h["name"]) or f"Loop habit {h['id']}"
        try:
            num, den = _db_int(h["freq_num"]) or 1, _db_int(h["freq_den"]) or 1
            target = _db_number(h.get("target_value"))
        except ValueError:
            raise BadInput(f"Loop habit {name!r} has a frequency or target that is not a number") from None
        numerical = h.get("type") == 1
        kind, goal = habit_shape(name, numerical, num, den, target, h.get("target_type") == 1,
                                 _db_text(h.get("unit")) or "", plan.notes)
        uuid = _db_text(h.get("uuid"))
        origin = f"loop:uuid:{uuid}" if uuid else f"loop:db:{h['id']}"
        question, description = _db_text(h.get("question")), _db_text(h.get("description"))
        habit = Habit(
            origin, name, kind, goal,  # type: ignore[arg-type]
            prompt=question if description else None,
            meaning=description or question,
            archived=bool(h.get("archived")),
        )
        plan.habits.append(habit)
        habits[h["id"]] = (habit, numerical)
    return habits


def _db_text(value: object) -> str | None:
    """A text column: text as it is, nothing for anything else (a blob, a number)."""
    return value if isinstance(value, str) and value else None


def _db_int(value: object) -> int:
    """A whole-number column; ValueError for anything else."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(value)
    number = float(value)
    if not number.is_integer() or abs(number) > 1_000_000:
        raise ValueError(value)
    return int(number)


def _db_number(value: object) -> float:
    """A real column (0 when empty); ValueError for anything else."""
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(value)
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


IMPOSSIBLE_DAY = date(1, 1, 1)  # the import skips it, as a day before 1970, and says so


def _day_of(stamp: int, path: Path) -> date:
    try:
        return datetime.fromtimestamp(stamp / 1000, tz=timezone.utc).date()
    except (OverflowError, OSError, ValueError, TypeError):
        return IMPOSSIBLE_DAY


# -- CSV export ----------------------------------------------------------------------------

Opener = Callable[[str], str | None]  # relative path → text, or None when absent


def read_csv_folder(path: Path) -> Plan:
    def open_member(name: str) -> str | None:
        target = path / name
        return read_bounded(target).decode("utf-8-sig") if target.is_file() else None

    folders = [p.name for p in path.iterdir() if p.is_dir()]
    return _read_csv(path, open_member, folders)


MAX_MEMBER_BYTES = 64 << 20  # far more than decades of daily checkmarks


def read_zip(path: Path) -> Plan:
    """Read the zip's Habits.csv and each habit's Checkmarks.csv, and nothing else; each is
    streamed and bounded, so a huge or lying member cannot exhaust memory."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            root = _zip_root(names)
            inside = {name[len(root):]: name for name in names if name.startswith(root)}

            def open_member(name: str) -> str | None:
                member = inside.get(name)
                return None if member is None else _read_member(archive, member, path)

            folders = sorted({name.split("/")[0] for name in inside if "/" in name})
            return _read_csv(path, open_member, folders)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as error:
        raise BadInput(f"{path}: a damaged or unreadable zip file ({error})") from None


def _read_member(archive: zipfile.ZipFile, member: str, path: Path) -> str:
    with archive.open(member) as stream:
        data = stream.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise BadInput(f"{path}: {member} is larger than {MAX_MEMBER_BYTES >> 20} MB; not a Loop export")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"{path}: {member} inside the zip is not text") from None


def _zip_root(names: list[str]) -> str:
    """The folder inside the zip that holds Habits.csv ("" when it is at the top)."""
    for name in names:
        if name.endswith("Habits.csv"):
            return name[: -len("Habits.csv")]
    return ""


def _read_csv(path: Path, open_member: Opener, folders: Iterable[str]) -> Plan:
    habits_text = open_member("Habits.csv")
    if habits_text is None:
        raise BadInput(f"{path}: no Habits.csv, so not a Loop export")
    rows = list(csv.reader(io.StringIO(habits_text)))
    if not rows:
        raise BadInput(f"{path}: Habits.csv is empty")
    header = [c.strip() for c in rows[0]]
    plan = Plan(SOURCE, str(path))
    folder_of = {f.split(" ", 1)[0]: f for f in folders}
    if "FrequencyNumerator" in header:
        columns = ["Position", "Name", "Type", "FrequencyNumerator", "FrequencyDenominator"]
        layout = "current"
    else:
        columns = ["Position", "Name", "NumRepetitions", "Interval"]
        layout = "2.3.0"
    missing = [c for c in columns if c not in header]
    if missing:
        raise BadInput(f"{path}: Habits.csv lacks the column(s) {', '.join(missing)}")
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        h = {column: row[n] if n < len(row) else "" for n, column in enumerate(header)}  # a short row
        try:
            if layout == "current":
                numerical = h["Type"].strip().upper() == "NUMERICAL"
                num, den = int(h["FrequencyNumerator"]), int(h["FrequencyDenominator"])
                target = float(h.get("Target Value") or 0)
                at_most = h.get("Target Type", "").strip().upper() == "AT_MOST"
            else:
                numerical, at_most, target = False, False, 0.0
                num, den = int(h["NumRepetitions"]), int(h["Interval"])
        except ValueError:
            raise BadInput(f"{path}: Habits.csv line {number} has a frequency that is not a number") from None
        kind, goal = habit_shape(h["Name"], numerical, num, den, target, at_most,
                                 h.get("Unit", ""), plan.notes)
        habit = Habit(
            f"loop:csv:{h['Position'].strip()}", h["Name"], kind, goal,  # type: ignore[arg-type]
            prompt=h.get("Question") or None,
            meaning=h.get("Description") or None,
            archived=h.get("Archived?", "").strip().lower() == "true",
        )
        folder = folder_of.get(h["Position"].strip())
        text = open_member(f"{folder}/Checkmarks.csv") if folder else None
        if text is None:
            plan.notes.append(f"{habit.name}: no Checkmarks.csv in its folder, so no days")
        else:
            _read_checkmarks(path, folder or "", text, habit, numerical, layout == "current")
        plan.habits.append(habit)
    return plan


def _read_checkmarks(
    path: Path, folder: str, text: str, habit: Habit, numerical: bool, with_header: bool
) -> None:
    rows = list(csv.reader(io.StringIO(text)))
    if with_header and rows:
        header = [c.strip() for c in rows[0]]
        if header[:2] != ["Date", "Value"]:
            raise BadInput(f"{path}: {folder}/Checkmarks.csv lacks the columns Date,Value")
        rows = rows[1:]
    for line, row in enumerate(rows, start=2 if with_header else 1):
        if not row or not row[0].strip():
            continue
        try:
            day = date.fromisoformat(row[0].strip())
        except ValueError:
            raise BadInput(
                f"{path}: {folder}/Checkmarks.csv line {line}: {row[0]!r} is not a date"
            ) from None
        raw = row[1].strip() if len(row) > 1 else ""
        note = (row[2].strip() or None) if len(row) > 2 else None
        value = _value(raw, numerical, with_header)
        if value is None:
            raise BadInput(f"{path}: {folder}/Checkmarks.csv line {line}: unknown value {raw!r}")
        add_value(habit, day, value, numerical, note)


def _value(raw: str, numerical: bool, current_layout: bool) -> float | None:
    """A checkmark as Loop's raw value (numerical: × 1000, as in its database)."""
    if raw.upper() in NAMED:
        return NAMED[raw.upper()]
    try:
        value = float(raw)
    except ValueError:
        return None
    if numerical and current_layout:
        return value * 1000  # the current export writes real amounts (2.5, not 2500)
    return value
