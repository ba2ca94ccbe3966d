"""Hostile and unlucky files, made from a seed: conflict copies from another machine, and
Loop, harsh and Reconnect exports, each damaged the way a wrong clock, a bad sync or a hostile
hand would. Used by ``test_hostile.py`` (a few hundred seeds, the same on every run) and by
``python -m tests.fuzz`` (as many as asked for, with the figures).

After every file, the same invariants: every command still works (an error is one line and
never "unexpected problem"), no entry lost its action, and the data file is either unchanged
or holds the merge.
"""

from __future__ import annotations

import io
import random
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from tracker.cli.main import main
from tracker.store.durable import serialize

FIXTURES = Path(__file__).resolve().parent / "fixtures"

SYNCTHING = "reconnect.sync-conflict-20261126-093000-ABCDEFG.json"
STAMPS = ["0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00",
          "2099-01-01T00:00:00+00:00", "1969-12-31T23:59:59+00:00", "2026-11-25T20:00:00",
          "not a time", "", "2026-13-45T99:00:00+00:00", "2026-11-25T20:00:00.000+01:00",
          "2026-11-26T19:00:00.000+01:00", "1970-01-01T00:00:00.000+00:00"]
TEXTS = ["\x1b[2J\x1b]0;owned\x07", "\x9b31m", "a\rb", "\u202egnp.exe", "# heading\n![x](http://e/x.png)",
         "<script>alert(1)</script>", "x" * 5000, "", "\x00", "ok"]
VALUES = ["x", "", "-1", "1e309", "nan", "NaN", "inf", "99999999999999999999", "2.5", "YES_MANUAL",
          "\x00", "3", "0"]
SQL_VALUES: list[Any] = [None, "x", b"\x00\xff blob", -1, 2**62, 1.5, "", "NaN", 10**18, "2", 3]


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(db: Path, now: Callable[[], Any], *argv: str) -> Run:
    """``reconnect --db DB ARGV…`` in this process."""
    out, err = io.StringIO(), io.StringIO()
    try:
        code = main(["--db", str(db), *argv], now=now, out=out, err=err)
    except SystemExit as exit:
        code = int(exit.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


def history(db: Path, now: Callable[[], Any]) -> dict[str, Any]:
    """A data file with a little of everything: entries, notes, a rest day, a reflection, a
    journal page, an action added and one removal marker; its tables."""
    for argv in (["log", "phone-down", "20", "--note", "walk after"], ["log", "compliment", "--day", "-1"],
                 ["rest", "conversation", "--day", "-2"], ["reflect", "--rating", "4", "--went-well", "dinner"],
                 ["journal", "a quiet evening", "--feeling", "calm"],
                 ["actions", "add", "Walk together", "--kind", "minutes"], ["log", "walk-together", "30"],
                 ["log", "really-feeling"], ["undo"]):
        result = run(db, now, *argv)
        assert result.code == 0, (argv, result.err)
    data: dict[str, Any] = orjson.loads(db.read_bytes())
    return data


# -- conflict copies --------------------------------------------------------------------------

def hostile_copy(rng: random.Random, data: dict[str, Any]) -> bytes:
    """A copy of ``data`` (the data file's tables) as another machine, or an attacker, might
    leave it: bad and extreme times, markers for every table, the same ids with other kinds,
    truncated or oversized records."""
    data = orjson.loads(orjson.dumps(data))
    days = [name for name in data if name.startswith("days-")]
    items = [item for name in days for doc in data[name].values() for kind in ("entries", "rests")
             for item in doc[kind]]
    actions = list(data["actions"].values())
    for _ in range(rng.randint(1, 4)):
        move = rng.randrange(9)
        if move == 0 and items:  # an unlucky or hostile clock
            rng.choice(items)["updated_at"] = rng.choice(STAMPS)
        elif move == 1:  # removal markers for every table, some far ahead
            table = rng.choice(["actions", "entries", "rests", "reflections", "journal", "nonsense", None])
            ids = [a["id"] for a in actions] + [i["id"] for i in items] + ["2026-11-23", "x" * 300]
            marker = {"id": rng.choice(ids), "deleted_at": rng.choice(STAMPS[3:])}
            if table is not None:
                marker["table"] = table
            data.setdefault("deleted", {})[str(rng.randint(1, 10**6))] = marker
        elif move == 2 and actions:  # the same id with another kind
            action = rng.choice(actions)
            action["kind"] = rng.choice(["check", "count", "minutes", "other"])
            action["goal"] = rng.choice([None, {"amount": 30, "per": "day", "days": 7},
                                         {"amount": 3, "per": "week"}])
        elif move == 3 and items:  # text that could drive a terminal or a Markdown renderer
            rng.choice(items)["note"] = rng.choice(TEXTS)
        elif move == 4 and actions:
            rng.choice(actions)["name"] = rng.choice(TEXTS)
        elif move == 5 and items:  # an entry for an action nobody has
            rng.choice(items)["action"] = rng.choice(["ghost", "Not An Id!", "x" * 100, None])
        elif move == 6 and items:  # oversized or odd values
            item = rng.choice(items)
            item[rng.choice(["id", "at", "amount", "source"])] = rng.choice(
                ["x" * 10000, -5, 1e308, None, [], {"a": 1}, "2026-11-25T20:00:00+00:00"])
        elif move == 7:
            data["reflections"] = {str(rng.randint(1, 10**6)): {
                "id": rng.choice(["2026-11-23", "2026-11-24", "x"]), "rating": rng.choice([1, 5, 9, "5"]),
                "updated_at": rng.choice(STAMPS), "talk": rng.choice(TEXTS)}}
        else:
            data["_meta"]["1"]["schema"] = rng.choice([1, 4, 5, 99, "5", -1])
    payload = serialize(data)
    if rng.random() < 0.1:
        payload = payload[: rng.randrange(len(payload))]  # cut mid-write
    return payload


# -- imports ----------------------------------------------------------------------------------

def hostile_loop_db(rng: random.Random, folder: Path) -> Path:
    """Loop's SQLite backup with text, blobs, huge and odd values in its columns."""
    target = folder / "loop.db"
    shutil.copy(FIXTURES / "loop" / "backup-v25.db", target)
    db = sqlite3.connect(target)
    try:
        # Rows are picked by the seeded rng (never SQLite's random()), so a seed replays a case.
        habits = db.execute("select count(*) from Habits").fetchone()[0]
        repetitions = db.execute("select count(*) from Repetitions").fetchone()[0]
        for _ in range(rng.randint(1, 5)):
            if rng.random() < 0.6:
                column = rng.choice(["name", "freq_num", "freq_den", "type", "target_value", "target_type",
                                     "archived", "position", "uuid", "question", "description", "unit", "Id"])
                db.execute(f"update Habits set {column} = ? where Id = (select Id from Habits "
                           "order by Id limit 1 offset ?)", (rng.choice(SQL_VALUES), rng.randrange(habits)))
            else:
                column = rng.choice(["habit", "timestamp", "value", "notes"])
                db.execute(f"update Repetitions set {column} = ? where id = (select id from Repetitions "
                           "order by id limit 1 offset ?)", (rng.choice(SQL_VALUES), rng.randrange(repetitions)))
        db.commit()
    except sqlite3.IntegrityError:
        pass
    finally:
        db.close()
    return target


def hostile_loop_csv(rng: random.Random, folder: Path) -> Path:
    """Loop's CSV export with short rows, odd values and hostile text."""
    target = folder / "loop-csv"
    shutil.copytree(FIXTURES / "loop" / "csv-export", target)
    files = sorted(target.rglob("*.csv"))
    for _ in range(rng.randint(1, 4)):
        path = rng.choice(files)
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) < 2:
            continue
        n = rng.randrange(1, len(lines))
        cells = lines[n].split(",")
        move = rng.randrange(3)
        if move == 0:
            cells = cells[: rng.randrange(len(cells))]  # a short row
        elif move == 1:
            cells[rng.randrange(len(cells))] = rng.choice(VALUES)
        else:
            cells[rng.randrange(len(cells))] = '"' + rng.choice(TEXTS).replace('"', "") + '"'
        lines[n] = ",".join(cells)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def hostile_harsh(rng: random.Random, folder: Path) -> Path:
    """harsh's habits and log with odd frequencies, values and text."""
    target = folder / "harsh"
    shutil.copytree(FIXTURES / "harsh", target)
    for _ in range(rng.randint(1, 4)):
        path = target / rng.choice(["habits", "log"])
        lines = path.read_text(encoding="utf-8").splitlines()
        n = rng.randrange(len(lines))
        parts = lines[n].split(":")
        parts[rng.randrange(len(parts))] = rng.choice(VALUES + TEXTS[:5])
        lines[n] = ":".join(parts)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def hostile_export(rng: random.Random, folder: Path, data: dict[str, Any]) -> Path:
    target = folder / "export.json"
    target.write_bytes(hostile_copy(rng, data))
    return target


IMPORTS = {"loop-db": hostile_loop_db, "loop-csv": hostile_loop_csv, "harsh": hostile_harsh}


# -- the invariants -----------------------------------------------------------------------------

def one_line_errors(result: Run) -> None:
    assert "unexpected problem" not in result.err and "Traceback" not in result.err, result.err
    for line in result.err.splitlines():
        assert line.startswith("reconnect: "), result.err
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in line), line


def every_command_works(db: Path, now: Callable[[], Any]) -> None:
    """The commands a person runs, each fine or one plain line; ``check`` says OK."""
    for argv in (["status", "--json"], ["week"], ["export", "--format", "json"], ["reflect"],
                 ["journal"], ["summary", "--with-notes"], ["sync", "--dry-run"], ["check"], ["backups"]):
        result = run(db, now, *argv)
        one_line_errors(result)
        assert result.code == 0, (argv, result.err)


def no_entry_without_its_action(db: Path) -> None:
    data = orjson.loads(db.read_bytes())
    actions = {doc["id"] for doc in data["actions"].values()}
    for name, table in data.items():
        if name.startswith("days-"):
            for doc in table.values():
                for kind in ("entries", "rests"):
                    for item in doc[kind]:
                        assert item["action"] is None or item["action"] in actions, item
