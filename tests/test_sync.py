"""Many machines through a synced folder (docs/sync.md): conflict copies found by name, merged by
every command and the open app, record by record, nothing lost and nothing undone coming back."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from tests.helpers import TODAY, Clock
from tracker.interchange import conflict_copies as conflicts
from tracker.operations import everyday as operations
from tracker.store.schema import SCHEMA, day_docs
from tracker.store.store import Store

SYNCTHING = "reconnect.sync-conflict-20261126-093000-ABCDEFG.json"
DROPBOX = "reconnect (Sam's conflicted copy 2026-11-26).json"


def entries(path: Path) -> list[tuple[str, str, str | None]]:
    """Every entry in the file as (day, action, note), sorted."""
    data = orjson.loads(path.read_bytes())
    return sorted((doc["day"], e["action"], e.get("note")) for doc in day_docs(data) for e in doc["entries"])


def entry_ids(path: Path) -> list[str]:
    return [e["id"] for doc in day_docs(orjson.loads(path.read_bytes())) for e in doc["entries"]]


@pytest.fixture
def machines(run, db_path, tmp_path):
    """The desktop's file (``db_path``) and the laptop's, which started as the same file."""
    assert run("log", "compliment", "--day", "yesterday", "--note", "before").code == 0
    laptop = tmp_path / "laptop" / "reconnect.json"
    laptop.parent.mkdir()
    shutil.copy(db_path, laptop)
    return db_path, laptop


def conflict(laptop: Path, db_path: Path, name: str) -> Path:
    """The laptop's version arrives beside the desktop's file as a conflict copy."""
    copy = db_path.parent / name
    shutil.copy(laptop, copy)
    return copy


# -- finding copies ---------------------------------------------------------------------------

@pytest.mark.parametrize("name, tool", [
    (SYNCTHING, "Syncthing"),
    (DROPBOX, "Dropbox"),
    ("reconnect (Sam's conflicted copy 2026-11-26) (1).json", "Dropbox"),
    ("reconnect (conflicted copy 2026-11-26 093612).json", "Nextcloud"),
    ("reconnect 2.json", "iCloud or Google Drive"),
    ("reconnect (1).json", "iCloud or Google Drive"),
])
def test_copies_are_found_by_the_names_sync_tools_give_them(tmp_path, name, tool):
    data = tmp_path / "reconnect.json"
    data.write_text("{}")
    (tmp_path / name).write_text("{}")
    for other in ("reconnect.json.bak", "other.sync-conflict-20261126-093000-ABCDEFG.json",
                  "reconnect 2.txt", "reconnect.sync-conflict-2026-ABC.json", "reconnect copy.json"):
        (tmp_path / other).write_text("{}")
    (tmp_path / "reconnect 3.json").mkdir()  # a folder is never a copy
    found = conflicts.find(data)
    assert [(c.path.name, c.tool) for c in found] == [(name, tool)]


# -- merging from the command line ------------------------------------------------------------

def test_a_syncthing_conflict_comes_back_together(run, machines):
    db_path, laptop = machines
    assert run("log", "phone-down", "20", "--note", "laptop", db=laptop).code == 0
    assert run("rest", "conversation", "--day", "monday", db=laptop).code == 0
    assert run("log", "really-feeling", "--note", "desktop").code == 0
    copy = conflict(laptop, db_path, SYNCTHING)
    status = run("status", "--json")
    assert status.code == 0 and status.json()["day"] == "2026-11-25"  # stdout stays clean JSON
    assert status.err == ("reconnect: Merged a copy from another machine (Syncthing): "
                          "1 entry added, 1 rest day added.\n")
    assert entries(db_path) == [("2026-11-24", "compliment", "before"),
                                ("2026-11-25", "phone-down", "laptop"),
                                ("2026-11-25", "really-feeling", "desktop")]
    assert not copy.exists()
    assert (db_path.parent / "backups" / "merged" / SYNCTHING).exists()
    again = run("status")
    assert again.code == 0 and again.err == ""


def test_a_dropbox_conflict_comes_back_together_on_a_log(run, machines):
    db_path, laptop = machines
    run("log", "compliment", "--note", "laptop", db=laptop)
    conflict(laptop, db_path, DROPBOX)
    logged = run("log", "compliment", "--note", "desktop")
    assert "(Dropbox): 1 entry added" in logged.err
    assert [note for _, _, note in entries(db_path)] == ["before", "desktop", "laptop"]
    assert len(entry_ids(db_path)) == len(set(entry_ids(db_path)))


def test_what_was_undone_on_one_machine_stays_undone(run, machines):
    db_path, laptop = machines
    run("log", "phone-down", "20")
    shutil.copy(db_path, laptop)  # both have it now
    assert "Undid" in run("undo").out
    run("log", "compliment", "--note", "laptop", db=laptop)
    conflict(laptop, db_path, SYNCTHING)
    run("sync")
    assert entries(db_path) == [("2026-11-24", "compliment", "before"),
                                ("2026-11-25", "compliment", "laptop")]


def test_the_later_change_wins(run, machines, clock):
    db_path, laptop = machines
    run("log", "phone-down", "20", "--note", "first")
    shutil.copy(db_path, laptop)
    operations.set_note(Store(laptop, now=clock), "phone-down", "laptop's, earlier")
    clock.value += timedelta(minutes=5)
    operations.set_note(Store(db_path, now=clock), "phone-down", "desktop's, later")
    conflict(laptop, db_path, SYNCTHING)
    assert "nothing new" in run("sync").out
    assert ("2026-11-25", "phone-down", "desktop's, later") in entries(db_path)
    clock.value += timedelta(minutes=5)
    operations.set_note(Store(laptop, now=clock), "phone-down", "laptop's, latest")
    conflict(laptop, db_path, SYNCTHING)
    assert "1 entry changed" in run("sync").out
    assert ("2026-11-25", "phone-down", "laptop's, latest") in entries(db_path)


def test_an_archive_wins_and_a_setting_only_the_copy_has_is_added(run, machines, clock):
    db_path, laptop = machines
    data = orjson.loads(laptop.read_bytes())
    run("actions", "archive", "check-in", db=laptop)
    clock.value += timedelta(minutes=1)
    run("actions", "edit", "check-in", "--name", "Sunday check-in")  # later, not archived
    data = orjson.loads(laptop.read_bytes())
    data["settings"]["1"]["week_start"] = "sunday"
    data["settings"]["1"]["future_setting"] = "kept"
    laptop.write_bytes(orjson.dumps(data))
    conflict(laptop, db_path, SYNCTHING)
    run("sync")
    merged = orjson.loads(db_path.read_bytes())
    check_in = next(a for a in merged["actions"].values() if a["id"] == "check-in")
    assert check_in["archived"] is True and check_in["name"] == "Sunday check-in"
    assert merged["settings"]["1"]["week_start"] == "monday"  # the data file's own
    assert merged["settings"]["1"]["future_setting"] == "kept"


def test_one_loop_habit_imported_on_two_machines_stays_one_action(run, machines, tmp_path):
    db_path, laptop = machines
    fixtures = Path(__file__).parent / "fixtures"
    loop = next(p for p in sorted(fixtures.rglob("*")) if p.suffix == ".db" or p.suffix == ".zip")
    run("actions", "add", "Meditate", "--kind", "check", db=laptop)  # ids differ on the two machines
    assert run("import", str(loop), db=laptop).code == 0
    assert run("import", str(loop)).code == 0
    before = len(entry_ids(db_path))
    conflict(laptop, db_path, SYNCTHING)
    run("sync")
    merged = orjson.loads(db_path.read_bytes())
    origins = [a["origin"] for a in merged["actions"].values() if a.get("origin")]
    assert len(origins) == len(set(origins))
    assert len(entry_ids(db_path)) == before  # the same imported days, not twice
    assert {a["id"] for a in merged["actions"].values()} >= {"meditate"}


def test_broken_and_newer_copies_are_left_and_check_names_them(run, machines):
    db_path, laptop = machines
    broken = db_path.parent / SYNCTHING
    broken.write_bytes(b'{"_meta": {"1": {"schema": 4}}, "actions": {')
    newer = orjson.loads(laptop.read_bytes())
    newer["_meta"]["1"]["schema"] = SCHEMA + 1
    newer_copy = db_path.parent / DROPBOX
    newer_copy.write_bytes(orjson.dumps(newer))
    not_ours = db_path.parent / "reconnect 2.json"
    not_ours.write_text('{"photos": []}')
    before = db_path.read_bytes()
    status = run("status")
    assert status.code == 0 and status.err == ""
    assert db_path.read_bytes() == before and broken.exists() and newer_copy.exists() and not_ours.exists()
    checked = run("check")
    assert checked.code == 0
    assert SYNCTHING in checked.out and "not valid JSON" in checked.out
    assert DROPBOX in checked.out and "newer Reconnect" in checked.out
    assert "reconnect 2.json" not in checked.out


def test_sync_dry_run_says_and_changes_nothing(run, machines):
    db_path, laptop = machines
    run("log", "phone-down", "20", db=laptop)
    copy = conflict(laptop, db_path, "reconnect (1).json")
    before = db_path.read_bytes()
    dry = run("sync", "--dry-run")
    assert "Would merge a copy from another machine (iCloud or Google Drive, reconnect (1).json): 1 entry added." in dry.out
    assert db_path.read_bytes() == before and copy.exists()
    assert run("sync").out == ("Merged a copy from another machine (iCloud or Google Drive): "
                               "1 entry added.\n")
    assert run("sync").out.startswith("No copies from other machines")


def test_copies_beside_a_symlinks_target_are_found(run, machines, tmp_path):
    db_path, laptop = machines
    link = tmp_path / "elsewhere" / "reconnect.json"
    link.parent.mkdir()
    link.symlink_to(db_path)
    run("log", "phone-down", "20", db=laptop)
    conflict(laptop, db_path, SYNCTHING)
    assert "1 entry added" in run("status", db=link).err
    assert link.is_symlink()


def test_merged_history_is_not_undone(run, machines):
    db_path, laptop = machines
    run("log", "phone-down", "20", db=laptop)
    conflict(laptop, db_path, SYNCTHING)
    run("sync")
    run("undo")  # steps back the desktop's own change (the first log), not the merge
    assert ("2026-11-25", "phone-down", None) in entries(db_path)


# -- a crash in the middle --------------------------------------------------------------------

SYNC = Path(__file__).with_name("syncer.py")


def test_kill_9_during_a_merge_leaves_the_file_or_the_merged_result(tmp_path):
    """Killed at a random moment: either nothing happened (the file as it was and the copy
    beside it) or the merge is saved (the copy beside it or set aside); merging again changes
    nothing more. The file always holds every entry of one or both."""
    rng = random.Random(20261126)
    outcomes = set()
    # the first round is killed before the merge starts, the second lets it finish: both ends
    # are seen whatever the machine's load; the others are killed at a random moment between
    for round in range(24):
        folder = tmp_path / f"r{round}"
        folder.mkdir()
        db, laptop = folder / "reconnect.json", folder / "laptop.json"
        store = Store(db, now=Clock())
        with store.transaction():  # some history, so that the merge takes real time
            for n in range(400):
                operations.log(store, "compliment", day=TODAY - timedelta(days=n))
        shutil.copy(db, laptop)
        operations.log(Store(laptop, now=Clock()), "phone-down", 20)
        operations.log(store, "really-feeling")
        copy = folder / SYNCTHING
        shutil.copy(laptop, copy)
        mine, theirs = set(entry_ids(db)), set(entry_ids(laptop))
        before = db.read_bytes()
        syncer = subprocess.Popen([sys.executable, str(SYNC), str(db)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE)
        syncer.stdout.readline()  # started
        if round == 1:
            syncer.communicate(b"go\n", timeout=60)  # to the end
        else:
            if round > 1:
                syncer.stdin.write(b"go\n")
                syncer.stdin.flush()
                time.sleep(rng.uniform(0, 0.3))
            syncer.send_signal(signal.SIGKILL)
            syncer.wait()
        now = set(entry_ids(db))  # always a whole file
        if now == mine:
            assert db.read_bytes() == before and copy.exists()
            outcomes.add("untouched")
        else:
            assert now == mine | theirs
            outcomes.add("merged, copy beside" if copy.exists() else "merged, copy set aside")
        subprocess.run([sys.executable, str(SYNC), str(db)], check=True, capture_output=True, input=b"go\n")
        assert set(entry_ids(db)) == mine | theirs and not copy.exists()
        assert len(entry_ids(db)) == len(mine | theirs)
    assert {"untouched", "merged, copy set aside"} <= outcomes, outcomes
