"""Nothing from outside can lose history, break the file or reach the terminal (issue 7).

Each test plays a hostile or unlucky user: a save that fails half way, a hand-edited file,
a strange argument, an import built to hurt, a name full of markup or escape codes.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import subprocess
import sys
import tracemalloc
import zipfile
from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from tests.helpers import TODAY, Clock
from tests.test_cli import entries
from tests.test_interchange import FIXTURES
from tracker.cli.main import main
from tracker.errors import DataFileError
from tracker.operations import everyday as operations
from tracker.store import lock as filelock
from tracker.store.store import Store

WRITER = Path(__file__).parent / "writer.py"


@pytest.fixture
def run(db_path: Path, clock: Clock):
    def run(*argv: str, db: str | None = None):
        out, err = io.StringIO(), io.StringIO()
        code = main(["--db", db if db is not None else str(db_path), *argv], now=clock, out=out, err=err)
        return code, out.getvalue(), err.getvalue()

    return run


def edit(path: Path, change) -> bytes:
    data = orjson.loads(path.read_bytes())
    change(data)
    path.write_bytes(orjson.dumps(data))
    return path.read_bytes()


# -- 1. a failed save never damages the backups ------------------------------------------------

def test_a_failed_save_leaves_no_backup_sharing_the_data_files_inode(store, monkeypatch):
    operations.log(store, "compliment")
    operations.log(store, "compliment")  # a previous version exists now
    real_replace = os.replace

    def full_disk(src, dst):
        if Path(dst) == store.path:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(DataFileError, match="disk is full"):
        operations.log(store, "compliment")
    monkeypatch.undo()
    backups = store.path.parent / "backups"
    data_inode = store.path.stat().st_ino
    assert all(p.stat().st_ino != data_inode for p in backups.iterdir())
    assert not list(backups.glob(".*.tmp")) and not list(store.path.parent.glob(".*.tmp"))
    # damage done to the data file now cannot reach a backup
    with open(store.path, "r+b") as f:
        f.write(b"\x00" * 32)
    previous = orjson.loads((backups / "reconnect.previous.json").read_bytes())
    assert sum(len(d["entries"]) for d in previous["days-2026"].values()) == 1


def test_a_file_where_the_backups_folder_goes_stops_no_save_and_is_said(run, db_path):
    run("log", "compliment")
    folder = db_path.parent / "backups"
    folder.write_text("not a folder")  # (the first save made the file: nothing to back up yet)
    assert run("log", "compliment")[0] == 0  # the save goes on without its backup
    said = f"No backup can be kept: {folder} is not a folder; move it away so that backups can be kept.\n"
    assert run("backups")[1] == said
    code, out, _ = run("check")
    assert code == 0 and out.endswith(said)
    folder.unlink()
    run("log", "compliment")
    assert "No backup can be kept" not in run("check")[1] and f"{folder}/" in run("backups")[1]


def test_a_killed_saves_staged_backup_is_removed_by_the_next_write(store):
    operations.log(store, "compliment")
    backups = store.path.parent / "backups"
    backups.mkdir(exist_ok=True)
    stale = backups / ".host.previous.json.dead.tmp"
    os.link(store.path, stale)  # what a kill between staging and replacing leaves
    operations.log(store, "compliment")
    assert not stale.exists()


def test_the_set_aside_copy_is_a_private_copy(run, db_path):
    run("log", "compliment")
    db_path.write_bytes(b"{ truncated")
    run("check", "--repair")
    [aside] = db_path.parent.glob("reconnect.json.corrupt-*")
    assert aside.read_bytes() == b"{ truncated"
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600
    assert aside.stat().st_ino != db_path.stat().st_ino


# -- 2 and 3. a failing command changes nothing; check agrees with every command ---------------

def test_undo_on_a_file_with_a_wrong_typed_field_changes_nothing(run, db_path):
    run("log", "compliment")
    run("log", "compliment")
    before = edit(db_path, lambda d: d["actions"]["1"].update(position="zero"))
    for _ in range(2):
        code, _, err = run("undo")
        assert code == 3 and "position" in err and "unexpected" not in err
    assert db_path.read_bytes() == before


BAD_VALUES = {
    "day_start four": (lambda d: d["settings"]["1"].update(day_start="four"), "day_start"),
    "day_start 99": (lambda d: d["settings"]["1"].update(day_start=99), "day_start"),
    "week_start tuesday": (lambda d: d["settings"]["1"].update(week_start="tuesday"), "week_start"),
    "goal days 0": (lambda d: d["actions"]["1"]["goal"].update(days=0), "goal days"),
    "name with escape": (lambda d: d["actions"]["3"].update(name="\x1b[2JX"), "name"),
}


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_check_and_every_command_agree_and_repair_fixes_in_place(run, db_path, case):
    change, field = BAD_VALUES[case]
    run("log", "compliment", "--note", "kept")
    before = edit(db_path, change)
    for argv in (["check"], ["status"], ["week", "--json"], ["log", "compliment"], ["undo"]):
        code, out, err = run(*argv)
        assert code == 3 and field in err and "unexpected" not in err, (argv, err)
        assert "\x1b" not in err and err.count("\n") == 1
    assert db_path.read_bytes() == before
    code, out, _ = run("check", "--repair")
    assert code == 0 and "in place" in out and field in out
    assert run("check")[0] == 0
    assert [e.get("note") for e in entries(db_path)] == ["kept"]  # nothing else lost


def test_a_schema_that_is_not_a_whole_number_is_damage(run, db_path):
    run("log", "compliment")
    edit(db_path, lambda d: d["_meta"]["1"].update(schema=1.5))
    for argv in (["check"], ["status"]):
        code, _, err = run(*argv)
        assert code == 3 and "schema version 1.5" in err


@pytest.mark.parametrize("argv, env", [
    (["log", "compliment", "--day", ""], {}),
    (["log", "compliment", "--note", "caf\udcff"], {}),
    (["log", "compliment"], {"RECONNECT_LOCK_TIMEOUT": "nan"}),
    (["log", "compliment"], {"RECONNECT_LOCK_TIMEOUT": "inf"}),
    (["log", "compliment"], {"RECONNECT_LOCK_TIMEOUT": "-1"}),
    (["log", "compliment", "--day", "-100000"], {}),
    (["log", "compliment", "--day", "0001-01-01"], {}),
    (["log", "compliment", "--day", "100"], {}),
])
def test_strange_arguments_are_one_clear_line(run, db_path, monkeypatch, argv, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, _, err = run(*argv)
    assert code == 1 and err.startswith("reconnect: error: ") and err.count("\n") == 1
    assert "unexpected" not in err and "\udcff" not in err
    assert not db_path.exists()


def test_an_empty_db_path_is_refused(run, tmp_path):
    code, _, err = run("status", db="")
    assert code == 1 and "--db" in err


def test_a_db_path_the_system_cannot_follow_is_one_line_and_creates_nothing(run, tmp_path):
    """Each was "unexpected problem (OSError …)" or (RuntimeError …) before."""
    (tmp_path / "loop").symlink_to("loop")
    long_name = str(tmp_path / ("a" * 300 + ".json"))
    too_deep = str(tmp_path / ("a/" * 2100 + "x.json"))
    for db, why in ((long_name, "File name too long"), (too_deep, "File name too long"),
                    (str(tmp_path / "loop" / "x.json"), "Too many levels of symbolic links"),
                    ("~no-such-user-here/x.json", "no such user's home folder")):
        code, out, err = run("log", "compliment", db=db)
        assert (code, out, err) == (1, "", f"reconnect: error: --db {db}: {why}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop"]


def test_a_relative_xdg_folder_is_ignored_as_the_xdg_spec_says(monkeypatch, tmp_path):
    """Followed, it would put the history in whatever folder a command ran from."""
    from tracker.store.location import cache_folder, default_location

    for name in ("RECONNECT_DB", "RECONNECT_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert default_location() == str(tmp_path / ".local" / "share" / "reconnect" / "reconnect.json")
    assert cache_folder() == str(tmp_path / ".cache" / "reconnect")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_location() == str(tmp_path / "data" / "reconnect" / "reconnect.json")


def test_non_utf8_arguments_through_the_installed_command(tmp_path):
    db = tmp_path / "r.json"
    result = subprocess.run(
        [sys.executable, "-c", "from tracker.cli.main import run; run()", "--db", str(db), "log",
         os.fsdecode(b"caf\xff")], capture_output=True, cwd=Path(__file__).parent.parent,
    )
    assert result.returncode == 1 and b"not valid UTF-8" in result.stderr
    assert b"Traceback" not in result.stderr and b"\xff" not in result.stderr


# -- 4. imports are untrusted ------------------------------------------------------------------

def loop_export_with_values(tmp_path: Path, values: list[str]) -> Path:
    folder = tmp_path / "loop"
    (folder / "001 Steps").mkdir(parents=True)
    (folder / "Habits.csv").write_text(
        "Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,"
        "Unit,Target Type,Target Value,Archived?\n"
        "001,Steps\x1b[31m,NUMERICAL,,,1,1,#FF8F00,steps,AT_LEAST,10,false\n"
    )
    rows = [f"2026-11-{n + 1:02d},{value}," for n, value in enumerate(values)]
    (folder / "001 Steps" / "Checkmarks.csv").write_text("Date,Value,Notes\n" + "\n".join(rows) + "\n")
    return folder


def test_loop_values_no_history_can_hold_are_skipped_and_reported(run, db_path, tmp_path):
    folder = loop_export_with_values(
        tmp_path, ["nan", "inf", "1e309", "-5", "1e12", "12", "3.5"])
    code, out, _ = run("import", str(folder))
    assert code == 0
    assert "Added 2 entries" in out and "skipped" in out and str(folder) in out
    assert sorted(e["amount"] for e in entries(db_path)) == [3.5, 12]
    assert run("status", "--json")[0] == 0 and run("check")[0] == 0
    [action] = [a for a in run("actions", "--json")[1] and orjson.loads(run("actions", "--json")[1])
                if a["id"].startswith("steps")]
    assert action["name"] == "Steps[31m"  # the escape character removed, and reported
    assert "cleaned" in out


def test_days_before_1970_or_far_ahead_are_skipped(run, db_path, tmp_path):
    folder = tmp_path / "harsh"
    folder.mkdir()
    (folder / "habits").write_text("Walk: 1\n")
    far = TODAY + timedelta(days=400)
    (folder / "log").write_text(f"0001-01-01 : Walk : y\n1969-12-31 : Walk : y\n{far} : Walk : y\n"
                                "2026-11-20 : Walk : y\n")
    code, out, _ = run("import", str(folder))
    assert code == 0 and "Added 1 entry" in out and "skipped 3 day(s)" in out
    assert [e["day"] for e in entries(db_path)] == ["2026-11-20"]


def reconnect_export(run, db_path, tmp_path, change) -> Path:
    run("log", "compliment")
    export = tmp_path / "export.json"
    run("export", "--output", str(export))
    edit(export, change)
    db_path.unlink()
    for leftover in db_path.parent.glob("reconnect.json*"):
        leftover.unlink()
    run("status")
    return export


@pytest.mark.parametrize("bad_id", ["Bad Id/../x", ""])
def test_a_reconnect_import_with_a_bad_action_id_is_refused(run, db_path, tmp_path, bad_id):
    export = reconnect_export(run, db_path, tmp_path, lambda d: d["actions"]["1"].update(id=bad_id))
    before = db_path.read_bytes()
    code, _, err = run("import", str(export))
    assert code == 1 and "id" in err and "nothing was taken from it" in err
    assert db_path.read_bytes() == before


def test_a_reconnect_import_is_cleaned_where_it_can_be(run, db_path, tmp_path):
    def hostile(data):
        data["actions"]["6"] = {**data["actions"]["1"], "id": "long", "name": "x" * 1000, "position": 9}
        data["actions"]["7"] = {**data["actions"]["1"], "id": "empty", "name": "", "position": 10}
        data["settings"]["1"]["day_start"] = 99
        day = next(iter(data["days-2026"].values()))
        day["entries"].append(dict(day["entries"][0]))  # two entries with one id

    export = reconnect_export(run, db_path, tmp_path, hostile)
    code, out, _ = run("import", str(export))
    assert code == 0 and "reset" in out and "1 entry or rest day on 2026-11-25 got an id of its own" in out
    assert run("check")[0] == 0
    actions = {a["id"]: a["name"] for a in orjson.loads(run("actions", "--all", "--json")[1])}
    assert len(actions["long"]) == 60 and actions["empty"] == "empty"
    assert len({e["id"] for e in entries(db_path)}) == len(entries(db_path)) == 2
    assert run("import", str(export))[1].startswith("Added 0 entries")  # and it stays idempotent


def test_a_zip_with_a_huge_unused_member_is_read_in_bounded_memory(run, db_path, tmp_path):
    archive = tmp_path / "export.zip"
    source = FIXTURES / "loop" / "csv-export"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in source.rglob("*"):
            if path.is_file():
                z.write(path, path.relative_to(source))
        with z.open("Scores-huge.csv", "w") as member:
            block = b"0" * (1 << 20)
            for _ in range(256):
                member.write(block)
    assert archive.stat().st_size < 2 << 20
    tracemalloc.start()
    code, out, _ = run("import", str(archive))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert code == 0 and "Added" in out
    assert peak < 64 << 20


@pytest.mark.parametrize("program", ["harsh", "loop"])
def test_a_huge_file_in_an_import_folder_is_refused_by_its_size_unread(run, db_path, tmp_path, program):
    folder = tmp_path / program
    shutil.copytree(FIXTURES / ("harsh" if program == "harsh" else "loop/csv-export"), folder)
    huge = folder / ("habits" if program == "harsh" else "Habits.csv")
    with huge.open("r+b") as f:
        f.truncate(65 << 20)  # sparse: 65 MB to its size, nothing on the disk
    before = db_path.read_bytes() if db_path.exists() else None
    tracemalloc.start()
    code, _, err = run("import", str(folder), "--from", program)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (code, err) == (1, f"reconnect: error: {huge}: larger than 64 MB, more than decades of history hold; "
                              "left alone\n")
    assert peak < 8 << 20  # never read
    assert (db_path.read_bytes() if db_path.exists() else None) == before


def _habits(folder: Path, count: int) -> Path:
    folder.mkdir()
    rows = [f"{i:03d},Habit {i},YES_NO,,,1,1,#FF8F00,,,,false" for i in range(1, count + 1)]
    (folder / "Habits.csv").write_text("Position,Name,Type,Question,Description,FrequencyNumerator,"
                                       "FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?\n"
                                       + "\n".join(rows) + "\n")
    return folder


def test_more_actions_than_anyone_keeps_are_refused_from_any_import_and_from_add(run, db_path, tmp_path):
    """500, archived ones too: a file with thousands (made to hurt, or by mistake) would make
    every command slow and every list endless."""
    from tracker.domain.model import MAX_ACTIONS

    assert MAX_ACTIONS == 500
    run("status")  # the five starters
    before = db_path.read_bytes()
    code, _, err = run("import", str(_habits(tmp_path / "loop", 496)), "--from", "loop")
    assert (code, err) == (1, f"reconnect: error: {tmp_path / 'loop'}: its 496 habits would make 501 actions, "
                              "more than the 500 Reconnect keeps; nothing was imported\n")
    assert db_path.read_bytes() == before
    # a Reconnect export (or a conflict copy) holding more is refused by the outside check
    export = orjson.loads(before)
    export["actions"] = {str(n): {**export["actions"]["1"], "id": f"a-{n}", "name": f"A {n}", "position": n}
                         for n in range(1, 502)}
    (tmp_path / "export.json").write_bytes(orjson.dumps(export))
    code, _, err = run("import", str(tmp_path / "export.json"))
    assert code == 1 and "it holds 501 actions, more than the 500 Reconnect keeps" in err
    assert db_path.read_bytes() == before
    export["actions"] = dict(list(export["actions"].items())[:496])  # with the five here: 501
    (tmp_path / "export.json").write_bytes(orjson.dumps(export))
    code, _, err = run("import", str(tmp_path / "export.json"))
    assert (code, err) == (1, f"reconnect: error: {tmp_path / 'export.json'}: its actions and these would make "
                              "501, more than the 500 Reconnect keeps; nothing was imported\n")
    assert db_path.read_bytes() == before
    # up to the bound an import is whole, and its report names ten and counts the rest
    code, out, _ = run("import", str(_habits(tmp_path / "many", 495)), "--from", "loop")
    assert code == 0 and ", Habit 10 (habit-10) and 485 more." in out
    code, _, err = run("actions", "add", "One more", "--kind", "check")
    assert (code, err) == (1, "reconnect: error: there are already 500 actions (archived ones too), the most "
                              "Reconnect keeps\n")


# -- 5. text from outside never controls the terminal or the app ---------------------------------

@pytest.mark.parametrize("name", ["\x1b]0;pwned\x07Hi", "a\x9b31mb", "bell\x07"])
def test_control_characters_are_refused_in_typed_names(run, db_path, name):
    run("status")
    before = db_path.read_bytes()
    code, _, err = run("actions", "add", name, "--kind", "check")
    assert code == 1 and "control characters" in err
    assert db_path.read_bytes() == before


def test_output_never_carries_control_characters(run):
    code, _, err = run("log", "\x1b[2J\x9b1m")
    assert code == 1 and "\x1b" not in err and "\x9b" not in err and "\\x1b" in err


def test_csv_export_neutralises_formulas(run, tmp_path):
    for note in ("=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "plain"):
        run("log", "compliment", "--note", note)
    code, out, _ = run("export", "--format", "csv")
    notes = [row.split(",")[3] for row in out.splitlines()[1:]]
    assert all(not n.lstrip('"').startswith(("=", "+", "-", "@", "\t")) for n in notes)
    assert "plain" in notes


async def test_markup_in_names_is_shown_literally_and_never_breaks_the_app(store):
    from textual.widgets import DataTable

    from screens.app import make_app

    operations.add_action(store, _action("[bold red]X[/]", "markup"))
    operations.add_action(store, _action("a[/]", "broken"))
    operations.log(store, "broken")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert str(table.get_row("markup")[1]) == "[bold red]X[/]"
        assert str(table.get_row("broken")[1]) == "a[/]"
        for key in ("2", "3", "4", "1"):
            await pilot.press(key)
            await pilot.pause()
        assert app.is_running


def _action(name: str, action_id: str):
    from tracker.domain.model import Action, Goal

    return Action(id=action_id, name=name, kind="check", goal=Goal(1, "day"))


# -- 6. a symlinked data file -----------------------------------------------------------------

def test_a_symlinked_data_file_keeps_its_link(tmp_path, clock):
    synced = tmp_path / "Sync"
    synced.mkdir()
    target = synced / "reconnect.json"
    link = tmp_path / "reconnect.json"
    link.symlink_to(target)
    store = Store(link, now=clock)
    operations.log(store, "compliment")
    operations.log(store, "compliment")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert len(Store(target).day(TODAY).entries) == 2
    assert (synced / "reconnect.json.lock").exists() and (synced / "backups").is_dir()
    assert not (tmp_path / "backups").exists()


# -- 7. undo follows the order of changes, not the clock ---------------------------------------

def test_undo_undoes_the_last_change_even_when_the_clock_went_back(run, db_path, clock):
    run("log", "phone-down", "20")
    clock.value -= timedelta(hours=2)
    run("log", "compliment")
    code, out, _ = run("undo")
    assert code == 0 and "Heartfelt compliment" in out
    assert [e["action"] for e in entries(db_path)] == ["phone-down"]


def test_undo_steps_back_a_note_without_the_entry(store):
    operations.log(store, "compliment")
    operations.set_note(store, "compliment", "hello")
    assert "note" in operations.undo(store).describe()
    [entry] = store.day(TODAY).entries
    assert entry.note is None


def test_undo_leaves_imported_history_alone(run, db_path, tmp_path):
    run("log", "compliment", "--day", "2026-11-20")
    folder = tmp_path / "harsh"
    folder.mkdir()
    (folder / "habits").write_text("Walk: 1\n")
    (folder / "log").write_text("2026-11-20 : Walk : y\n")
    run("import", str(folder))
    run("undo")
    assert [e["source"] for e in entries(db_path)] == ["import:harsh"]
    assert run("undo")[0] == 1  # nothing more: the import is not undone


# -- 8. the busy message and a fair wait -------------------------------------------------------

def test_busy_says_how_long_this_command_waited(run, db_path, monkeypatch):
    run("log", "compliment")
    monkeypatch.setenv("RECONNECT_LOCK_TIMEOUT", "0.3")
    with filelock.locked(db_path):
        code, _, err = run("log", "compliment")
    waited = re.search(r"this command waited (\d+\.\d) s", err)
    assert code == 3 and waited and float(waited[1]) >= 0.3  # (a busy machine may take longer)


def test_the_defaults_people_meet_by_value(store):
    """What the README promises, by value: a busy file is waited for 10 s, and the open app
    looks at the file twice a second."""
    from screens.app import WATCH_INTERVAL, make_app

    assert filelock.DEFAULT_TIMEOUT == 10
    assert filelock.parse_timeout(None) == 10
    assert WATCH_INTERVAL == 0.5 and make_app(store).watch_interval == 0.5


def test_eight_processes_logging_in_a_tight_loop_are_never_busy(tmp_path):
    db = tmp_path / "reconnect.json"
    Store(db).ensure_saved()
    writers = [
        subprocess.Popen([sys.executable, str(WRITER), str(db), "30", f"p{n}", "default"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(8)
    ]
    results = [w.communicate(timeout=300) for w in writers]
    assert [w.returncode for w in writers] == [0] * 8, [err for _, err in results if err]
    assert sum(len(out.split()) for out, _ in results) == 240
