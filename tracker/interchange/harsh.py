"""harsh: a folder with its ``habits`` and ``log`` files (docs/cli.md, "Mapping harsh habits")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tracker.domain.model import Goal
from tracker.errors import BadInput
from tracker.interchange.import_plan import Habit, Plan, weekly_from_frequency
from tracker.interchange.untrusted import read_bounded

SOURCE = "import:harsh"


def read_folder(path: Path) -> Plan:
    habits_file, log_file = path / "habits", path / "log"
    for needed in (habits_file, log_file):
        if not needed.is_file():
            raise BadInput(f"{path}: no {needed.name} file, so not a harsh folder")
    plan = Plan(SOURCE, str(path))
    habits: dict[str, Habit] = {}
    for line_number, line in enumerate(_lines(habits_file), start=1):
        text = line.strip()
        if not text or text.startswith(("#", "!")):
            continue
        name, sep, frequency = text.rpartition(":")
        if not sep or not name.strip():
            raise BadInput(f"{habits_file}: line {line_number} is not \"Name: frequency\"")
        name = name.strip()
        goal = _goal(name, frequency.strip(), habits_file, line_number, plan)
        habits[name] = Habit(f"harsh:{name}", name, "check", goal)
    unknown: set[str] = set()
    for line_number, line in enumerate(_lines(log_file), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        parts = [p.strip() for p in text.split(" : ")]
        if len(parts) < 3:
            raise BadInput(f"{log_file}: line {line_number} is not \"date : habit : y|n|s\"")
        try:
            day = date.fromisoformat(parts[0])
        except ValueError:
            raise BadInput(f"{log_file}: line {line_number}: {parts[0]!r} is not a date") from None
        habit = habits.get(parts[1])
        if habit is None:
            unknown.add(parts[1])
            continue
        mark = parts[2].lower()
        note = parts[3] or None if len(parts) > 3 else None
        # a later line for the same day and habit wins
        habit.entries.pop(day, None)
        habit.rests.pop(day, None)
        if mark == "y":
            habit.entries[day] = (1, note)
        elif mark == "s":
            habit.rests[day] = note
        elif mark != "n":
            raise BadInput(f"{log_file}: line {line_number}: {parts[2]!r} is not y, n or s")
    if unknown:
        plan.notes.append(f"lines for habits not in the habits file were skipped: {', '.join(sorted(unknown))}")
    plan.habits = list(habits.values())
    return plan


def _lines(path: Path) -> list[str]:
    try:
        return read_bounded(path).decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise BadInput(f"{path}: not a text file") from None


def _goal(name: str, frequency: str, path: Path, line: int, plan: Plan) -> Goal | None:
    try:
        if "/" in frequency:
            num_text, den_text = frequency.split("/", 1)
            num, den = int(num_text), int(den_text)
        else:
            num, den = (0, 1) if frequency == "0" else (1, int(frequency))
    except ValueError:
        raise BadInput(f"{path}: line {line}: {frequency!r} is not a harsh frequency") from None
    if num == 0:
        return None  # "0": tracked only, no goal
    if num <= 0 or den <= 0:
        raise BadInput(f"{path}: line {line}: {frequency!r} is not a harsh frequency")
    if num == den == 1 or (num == den):
        return Goal(1, "day")
    if den == 7:
        return Goal(num, "week")
    weekly = weekly_from_frequency(num, den)
    plan.notes.append(f"{name}: {frequency} (as often as {num} in {den} days) became {weekly} a week")
    return Goal(weekly, "week")
