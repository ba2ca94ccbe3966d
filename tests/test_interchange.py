"""Import from Loop Habit Tracker and harsh, export, and merging two copies (docs/cli.md)."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest

from tracker.domain.model import Goal
from tracker.interchange.harsh import _goal as harsh_goal
from tracker.interchange.import_plan import Plan
from tracker.interchange.loop import habit_shape
from tracker.store.schema import day_docs

# Real export files of Loop Habit Tracker and harsh (copied from shared/fixtures, see README)
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LOOP = FIXTURES / "loop"


def data(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


def imported(path: Path, source: str) -> list[dict]:
    return [dict(e, day=d["day"]) for d in day_docs(data(path)) for e in d["entries"]
            if e["source"] == source]


def rests(path: Path) -> list[tuple[str, str]]:
    return [(d["day"], r["action"]) for d in day_docs(data(path)) for r in d["rests"]]


def fixture(tmp_path: Path, name: str) -> Path:
    """A copy of a fixture (they are read-only)."""
    source = FIXTURES / name
    target = tmp_path / source.name
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copy(source, target)
    return target


# -- Loop ----------------------------------------------------------------------------------

def yes_manual_in_csv(folder: Path) -> int:
    count = 0
    for checkmarks in folder.glob("*/Checkmarks.csv"):
        rows = list(csv.reader(checkmarks.read_text().splitlines()))
        values = [r[1] for r in rows if len(r) > 1]
        count += sum(v in ("YES_MANUAL", "2") for v in values)
    return count


@pytest.mark.parametrize("name", ["loop/csv-export", "loop/csv-export-v2.3.0",
                                  "loop/Loop Habits CSV 2015-01-25.zip"])
def test_loop_csv_exports(run, db_path, tmp_path, name):
    path = fixture(tmp_path, name)
    r = run("import", str(path))
    assert r.code == 0, r.err
    expected = yes_manual_in_csv(LOOP / "csv-export")
    assert expected == 6
    got = imported(db_path, "import:loop")
    assert len(got) == expected
    assert {e["day"] for e in got} == {"2015-01-16", "2015-01-17", "2015-01-20", "2015-01-21",
                                       "2015-01-22", "2015-01-25"}
    actions = {a["name"]: a for a in data(db_path)["actions"].values()}
    assert actions["Wake up early"]["goal"] == {"amount": 5, "per": "week"}  # 2 in 3 days
    assert actions["Meditate"]["goal"] == {"amount": 1, "per": "day", "days": 7}
    assert "Actions created: Meditate (meditate), Wake up early (wake-up-early)" in r.out
    assert "became 5 a week" in r.out


@pytest.mark.parametrize("name", ["loop/backup-v12.db", "loop/backup-v25.db"])
def test_loop_backups(run, db_path, tmp_path, name):
    path = fixture(tmp_path, name)
    db = sqlite3.connect(path)
    has_value = "value" in {c[1] for c in db.execute("pragma table_info(Repetitions)")}
    query = "select count(*) from Repetitions" + (" where value = 2" if has_value else "")
    expected = db.execute(query).fetchone()[0]
    habits = db.execute("select count(*) from Habits").fetchone()[0]
    db.close()
    r = run("import", str(path))
    assert r.code == 0, r.err
    assert len(imported(db_path, "import:loop")) == expected == 164
    made = [a for a in data(db_path)["actions"].values() if a.get("origin", "").startswith("loop:")]
    assert len(made) == habits
    ids = sorted(a["id"] for a in made)
    assert "vegan" in ids and "vegan-2" in ids  # two habits of one name: two actions
    assert run("import", str(path)).out.startswith("Added 0 entries")  # idempotent


def test_loop_numerical_skip_notes_and_archived(run, db_path, tmp_path):
    """A current backup with a numerical habit, SKIP days, notes and an archived habit."""
    path = fixture(tmp_path, "loop/backup-v25.db")
    db = sqlite3.connect(path)
    db.execute("update Habits set type = 1, target_value = 30, unit = 'minutes', archived = 1 "
               "where id = 15")
    first = db.execute("select min(timestamp) from Repetitions where habit = 15").fetchone()[0]
    db.execute("update Repetitions set value = 2500, notes = 'by the lake' where habit = 15 "
               "and timestamp = ?", (first,))
    db.execute("update Repetitions set value = 3 where habit = 16")
    db.commit()
    db.close()
    assert run("import", str(path)).code == 0
    actions = {a["name"]: a for a in data(db_path)["actions"].values()}
    wake = actions["Wake up early"]
    assert wake["kind"] == "minutes" and wake["archived"] is True
    assert wake["goal"] == {"amount": 30, "per": "week"}  # target 30, 3/7 → per week
    first_day = date(1970, 1, 1) + timedelta(milliseconds=first)
    entry = next(e for e in imported(db_path, "import:loop") if e["action"] == wake["id"]
                 and e["day"] == first_day.isoformat())
    assert entry["amount"] == 2.5 and entry["note"] == "by the lake"
    assert len([r for r in rests(db_path) if r[1] == actions["brush teeth"]["id"]]) == 21


@pytest.mark.parametrize(
    ("numerical", "num", "den", "target", "at_most", "unit", "expected"),
    [
        (False, 1, 1, 0, False, "", ("check", Goal(1, "day"))),
        (False, 3, 7, 0, False, "", ("check", Goal(3, "week"))),
        (False, 4, 30, 0, False, "", ("check", Goal(4, "month"))),
        (False, 2, 31, 0, False, "", ("check", Goal(2, "month"))),
        (False, 2, 3, 0, False, "", ("check", Goal(5, "week"))),  # round-half-up(4.67)
        (False, 1, 14, 0, False, "", ("check", Goal(1, "week"))),  # 0.5 → 1
        (False, 5, 2, 0, False, "", ("check", Goal(7, "week"))),  # clamped to 7
        (True, 1, 1, 30, False, "minutes", ("minutes", Goal(30, "day"))),
        (True, 1, 1, 8, False, "glasses", ("count", Goal(8, "day"))),
        (True, 1, 7, 150, False, "min", ("minutes", Goal(150, "week"))),
        (True, 1, 30, 4, False, "", ("count", Goal(4, "month"))),
        (True, 1, 1, 2, True, "", ("count", Goal(2, "day"))),  # at most: kept, reported
    ],
)
def test_loop_mapping_table(numerical, num, den, target, at_most, unit, expected):
    notes: list[str] = []
    assert habit_shape("H", numerical, num, den, target, at_most, unit, notes) == expected
    if at_most or (not numerical and den not in (1, 7, 30, 31) and num != den):
        assert notes  # said in the report


# -- harsh ---------------------------------------------------------------------------------

def test_harsh_fixture(run, db_path, tmp_path):
    path = fixture(tmp_path, "harsh")
    lines = [l.split(" : ") for l in (path / "log").read_text().splitlines()
             if l.strip() and not l.startswith("#")]
    r = run("import", str(path))
    assert r.code == 0, r.err
    got = imported(db_path, "import:harsh")
    assert len(got) == sum(parts[2].strip() == "y" for parts in lines) == 13
    assert len(rests(db_path)) == sum(parts[2].strip() == "s" for parts in lines) == 1
    gym = next(e for e in got if e["action"] == "gym")
    assert gym["amount"] == 1 and gym["note"] == "Leg day"  # the amount column is ignored
    actions = {a["name"]: a for a in data(db_path)["actions"].values()}
    assert actions["Sleep tracking"]["goal"] is None
    assert actions["Code review"]["goal"] == {"amount": 5, "per": "week"}
    assert actions["Sprint planning"]["goal"] == {"amount": 1, "per": "week"}
    assert "Sprint planning" in r.out and "became 1 a week" in r.out
    assert run("import", str(path)).out.startswith("Added 0 entries")


def test_harsh_later_line_wins(run, db_path, tmp_path):
    path = tmp_path / "h"
    path.mkdir()
    (path / "habits").write_text("! Us\nHug: 1\n")
    (path / "log").write_text("2025-01-01 : Hug : y : first\n2025-01-01 : Hug : s : away\n"
                              "2025-01-02 : Hug : s\n2025-01-02 : Hug : y : back\n")
    assert run("import", str(path), "--from", "harsh").code == 0
    assert [(e["day"], e["note"]) for e in imported(db_path, "import:harsh")] == [("2025-01-02", "back")]
    assert [d for d, _ in rests(db_path)] == ["2025-01-01"]


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [("1", Goal(1, "day")), ("5/7", Goal(5, "week")), ("7/7", Goal(1, "day")),
     ("14", Goal(1, "week")), ("2", Goal(4, "week")), ("3/10", Goal(2, "week")), ("0", None)],
)
def test_harsh_mapping_table(frequency, expected):
    plan = Plan("import:harsh", "x")
    assert harsh_goal("H", frequency, Path("habits"), 1, plan) == expected


# -- export, merge -------------------------------------------------------------------------

def test_export_import_export_gives_the_same_entries(run, db_path, tmp_path):
    run("log", "compliment", "--note", "her laugh")
    run("log", "phone-down", "25", "--day", "yesterday")
    run("rest", "--day", "-2")
    run("import", str(fixture(tmp_path, "harsh")))
    exported = tmp_path / "export.json"
    assert run("export", "--output", str(exported)).code == 0
    other = tmp_path / "other.json"
    assert run("import", str(exported), db=other).code == 0
    first, second = run("export", "--format", "csv"), run("export", "--format", "csv", db=other)
    assert first.out == second.out and first.out.count("\n") == 16
    assert first.out.splitlines()[0] == "day,action,amount,note,at,source"
    assert sorted(rests(db_path)) == sorted(rests(other))
    assert data(other)["settings"] == data(db_path)["settings"]


def test_merging_two_diverged_copies_keeps_every_entry_once(run, db_path, tmp_path, clock):
    run("log", "compliment")
    laptop = tmp_path / "laptop.json"
    shutil.copy(db_path, laptop)
    run("log", "phone-down", "30")  # on this machine
    run("log", "really", "--day", "yesterday", db=laptop)  # on the laptop
    run("log", "compliment", "2", db=laptop)
    theirs = tmp_path / "theirs.json"
    run("export", "--output", str(theirs), db=laptop)
    r = run("import", str(theirs))
    assert r.code == 0 and "Added 2 entries" in r.out
    ids = [e["id"] for d in day_docs(data(db_path)) for e in d["entries"]]
    laptop_ids = {e["id"] for d in day_docs(data(laptop)) for e in d["entries"]}
    assert len(ids) == len(set(ids)) == 4 and laptop_ids <= set(ids)
    assert run("import", str(theirs)).out.startswith("Added 0 entries")


def test_dry_run_writes_nothing(run, db_path, tmp_path):
    run("log", "compliment")
    before = db_path.read_bytes()
    r = run("import", str(fixture(tmp_path, "loop/backup-v25.db")), "--dry-run")
    assert r.code == 0 and "Would add 164 entries" in r.out and "nothing was written" in r.out
    assert db_path.read_bytes() == before


def test_csv_export_to_stdout_has_one_row_per_entry(run):
    run("log", "compliment", "--note", "a, with comma")
    run("rest")
    rows = list(csv.reader(io.StringIO(run("export", "--format", "csv").out)))
    assert rows[0] == ["day", "action", "amount", "note", "at", "source"]
    assert rows[1][:4] == ["2026-11-25", "compliment", "1", "a, with comma"] and len(rows) == 2


# -- bad files -----------------------------------------------------------------------------

def bad_files(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    zip_path = fixture(tmp_path, "loop/Loop Habits CSV 2015-01-25.zip")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(zip_path.read_bytes()[:600])
    unknown = tmp_path / "notes.txt"
    unknown.write_text("just some text")
    no_columns = tmp_path / "nocols"
    no_columns.mkdir()
    (no_columns / "Habits.csv").write_text("Position,Name,Colour\n001,Hug,#fff\n")
    bad_date = fixture(tmp_path, "loop/csv-export")
    target = bad_date / "002 Wake up early" / "Checkmarks.csv"
    target.chmod(0o644)
    target.write_text("Date,Value,Notes\nyesterday-ish,YES_MANUAL,\n")
    future_db = fixture(tmp_path, "loop/backup-v25.db")
    future_db.chmod(0o644)
    db = sqlite3.connect(future_db)
    db.execute("pragma user_version = 99")
    db.commit()
    db.close()
    harsh_bad = tmp_path / "harshbad"
    harsh_bad.mkdir()
    (harsh_bad / "habits").write_text("Hug: 1\n")
    (harsh_bad / "log").write_text("2025-13-40 : Hug : y\n")
    return {
        "missing": ([str(tmp_path / "nope.zip")], "no such file"),
        "unknown": ([str(unknown)], "cannot tell which program"),
        "wrong format": ([str(unknown), "--from", "harsh"], "folder"),
        "truncated zip": ([str(truncated)], "truncated"),
        "missing columns": ([str(no_columns)], "lacks the column"),
        "bad date": ([str(bad_date)], "is not a date"),
        "unknown db version": ([str(future_db)], "version 99"),
        "harsh bad date": ([str(harsh_bad)], "is not a date"),
    }


@pytest.mark.parametrize("kind", ["missing", "unknown", "wrong format", "truncated zip",
                                  "missing columns", "bad date", "unknown db version",
                                  "harsh bad date"])
def test_bad_files_one_line_and_nothing_written(run, db_path, tmp_path, kind):
    run("log", "compliment")
    before = db_path.read_bytes()
    argv, message = bad_files(tmp_path)[kind]
    r = run("import", *argv)
    assert r.code == 1
    assert r.err.startswith("reconnect: error: ") and r.err.count("\n") == 1
    assert message in r.err and Path(argv[0]).name in r.err
    assert db_path.read_bytes() == before
