"""Never lose a day across machines (docs/sync.md, "Hostile and unlucky copies"): each case a hostile
or unlucky user found, from the shell with two folders standing for two machines, then
generated hostile copies and imports, each followed by the same invariants."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import hostile
from tests.helpers import Clock
from tests.test_app import wait_for
from tracker.store.durable import serialize
from tracker.store.schema import day_docs

SYNCTHING = hostile.SYNCTHING
NEXTCLOUD = "reconnect (conflicted copy 2026-11-26 093612).json"


def tables(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


def entries(path: Path) -> list[tuple[str, str]]:
    return sorted((doc["day"], e["action"]) for doc in day_docs(tables(path)) for e in doc["entries"])


@pytest.fixture
def laptop(run, db_path, tmp_path):
    """The laptop's file: the desktop's (``db_path``) as it was, in a folder of its own."""
    assert run("log", "compliment", "--day", "yesterday", "--note", "before").code == 0
    path = tmp_path / "laptop" / "reconnect.json"
    path.parent.mkdir()
    shutil.copy(db_path, path)
    return path


def arrive(laptop: Path, db_path: Path, name: str = SYNCTHING, edit=None) -> Path:
    """The laptop's file arrives beside the desktop's as a conflict copy (``edit``ed first)."""
    data = tables(laptop)
    if edit is not None:
        edit(data)
    copy = db_path.parent / name
    copy.write_bytes(serialize(data))
    return copy


def stamp_every_entry(value: str):
    def edit(data):
        for doc in day_docs(data):
            for item in doc["entries"]:
                item["updated_at"] = value
    return edit


# -- 1. a clock before 1970 or far ahead ------------------------------------------------------

@pytest.mark.parametrize("value", ["0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00",
                                   "9999-12-31T23:59:59-12:00", "2026-11-25T20:00:00"])
def test_a_copy_with_an_impossible_time_is_named_and_stops_nothing(run, db_path, laptop, value):
    run("log", "phone-down", "20", db=laptop)
    copy = arrive(laptop, db_path, edit=stamp_every_entry(value))
    before = db_path.read_bytes()
    for argv in (["status"], ["export"], ["check"], ["check", "--repair"], ["week", "--json"]):
        result = run(*argv)
        assert result.code == 0 and "unexpected" not in result.err, (argv, result.err)
    assert db_path.read_bytes() == before and copy.exists()
    check = run("check").out
    assert f"Left {SYNCTHING} where it is (Syncthing): an entry on" in check and repr(value)[:30] in check
    sync = run("sync")
    assert sync.code == 0 and "Left " + SYNCTHING in sync.out
    # an import of the same file is refused in one line, naming it
    imported = run("import", str(copy), "--from", "reconnect")
    assert imported.code == 1 and str(copy) in imported.err and "nothing was taken" in imported.err


def test_a_good_copy_still_merges_beside_a_hostile_one(run, db_path, laptop):
    run("log", "phone-down", "20", db=laptop)
    arrive(laptop, db_path, edit=stamp_every_entry("0001-01-01T00:00:00"))
    arrive(laptop, db_path, NEXTCLOUD)
    result = run("status")
    assert result.code == 0 and "Merged a copy from another machine (Nextcloud): 1 entry added" in result.err
    assert ("2026-11-25", "phone-down") in entries(db_path)


# -- 2. markers far ahead remove nothing, spread nowhere ---------------------------------------

def test_markers_from_the_future_are_refused_and_a_backup_can_be_restored(run, db_path, laptop, clock):
    run("reflect", "--rating", "4")
    run("journal", "a quiet evening")

    def remove_everything(data):
        ids = [("actions", a["id"]) for a in data["actions"].values()]
        ids += [(kind, i["id"]) for doc in day_docs(data) for kind in ("entries", "rests") for i in doc[kind]]
        data["deleted"] = {str(n): {"table": t, "id": i, "deleted_at": "2099-01-01T00:00:00+00:00"}
                           for n, (t, i) in enumerate(ids, 1)}
    arrive(laptop, db_path, edit=remove_everything)
    before = db_path.read_bytes()
    result = run("sync")
    assert "more than a day ahead of this machine's clock" in result.out
    assert db_path.read_bytes() == before


def test_restore_puts_a_backup_back_and_wins_when_the_copies_meet_again(run, db_path, laptop, clock, tmp_path):
    run("log", "phone-down", "20")
    listed = run("backups", "--json").json()
    assert listed and all(Path(b["path"]).exists() for b in listed)
    previous = tmp_path / "kept.json"  # the previous version as it is now (before the log)
    shutil.copy(next(b["path"] for b in listed if b["kind"] == "the previous version"), previous)
    clock.value += timedelta(minutes=5)
    run("undo")  # the phone-down entry goes; a marker says so
    clock.value += timedelta(minutes=5)
    result = run("restore", str(previous))
    assert result.code == 0 and "Restored" in result.out and "kept as" in result.out
    assert ("2026-11-25", "phone-down") not in entries(db_path)  # the backup was taken before the log
    assert ("2026-11-24", "compliment") in entries(db_path)
    # the restored records are newer than what the laptop says, so they win the merge
    def remove_compliment(data):
        for doc in day_docs(data):
            doc["entries"] = []
    arrive(laptop, db_path, edit=remove_compliment)
    run("sync")
    assert ("2026-11-24", "compliment") in entries(db_path)
    kinds = [b["kind"] for b in run("backups", "--json").json()]
    assert "before a restore" in kinds


def test_what_is_only_named_like_a_backup_is_not_listed_nor_counted(run, db_path):
    """A FIFO, a link to a device or a folder in backups/ under a backup's name: never listed
    as one (a restore of it would be refused anyway), nor counted by `check`."""
    run("log", "compliment")
    run("log", "compliment")  # the second keeps the first as the previous version
    folder = db_path.parent / "backups"
    real = sorted(b["path"] for b in run("backups", "--json").json())
    os.mkfifo(folder / "reconnect.2026-11-01.json")
    (folder / "reconnect.2026-11-02.json").symlink_to("/dev/zero")
    (folder / "reconnect.2026-11-03.json").mkdir()
    (folder / "merged").mkdir(exist_ok=True)
    os.mkfifo(folder / "merged" / "copy.before-merge.json")
    assert sorted(b["path"] for b in run("backups", "--json").json()) == real
    assert f"{len(real)} backup{'s' if len(real) != 1 else ''}, newest" in run("check").out


def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(run, db_path, tmp_path):
    run("status")
    before = db_path.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = run("restore", str(bad))
    assert result.code == 1 and result.err.startswith("reconnect: error: ") and str(bad) in result.err
    assert db_path.read_bytes() == before


def test_restore_brings_back_a_damaged_file(run, db_path):
    run("log", "phone-down", "20")
    run("log", "compliment")  # the second write keeps the first as a backup
    backup = run("backups", "--json").json()[0]["path"]
    db_path.write_text("{cut in the mid")
    assert run("status").code == 3
    assert run("restore", backup).code == 0
    assert run("status").code == 0


def test_a_file_an_earlier_version_filled_past_the_bound_keeps_its_copies_and_backups(run, db_path, clock):
    """An import before the bound could leave more than 500 actions in the data file: it keeps
    working, and its own conflict copies and backups (holding as many) merge and restore.
    A copy holding more than the file does is still refused."""
    run("status")
    data = orjson.loads(db_path.read_bytes())
    first = next(a for a in data["actions"].values() if a["id"] == "really-feeling")  # a check
    data["actions"] = {str(n): {**first, "id": f"a-{n}", "name": f"A {n}", "position": n} for n in range(1, 521)}
    db_path.write_bytes(orjson.dumps(data))
    assert run("log", "a-7").code == 0 and run("log", "a-8").code == 0  # the second keeps a backup
    backup = run("backups", "--json").json()[0]["path"]
    # a conflict copy from another machine, with all 520 and an entry of its own
    laptop = orjson.loads(db_path.read_bytes())
    day = next(day_docs(laptop))
    day["entries"].append({**day["entries"][0], "id": "from-the-laptop", "action": "a-9"})
    copy = db_path.parent / "reconnect (Sam's conflicted copy 2026-11-26).json"
    copy.write_bytes(orjson.dumps(laptop))
    result = run("sync")
    assert result.code == 0 and not copy.exists(), result.err
    assert "from-the-laptop" in db_path.read_text()
    # one action more than the file holds is not an honest copy of it
    laptop["actions"]["521"] = {**first, "id": "a-521", "name": "A 521", "position": 521}
    copy.write_bytes(orjson.dumps(laptop))
    result = run("sync")
    assert result.out == (f"Left {copy.name} where it is (Dropbox): it holds 521 actions, more than the 520 "
                          "the data file holds; nothing was taken from it\n") and copy.exists()
    copy.unlink()
    # its backup restores
    clock.value += timedelta(minutes=5)
    result = run("restore", backup)
    assert result.code == 0, result.err
    assert len(orjson.loads(db_path.read_bytes())["actions"]) == 520 and run("status").code == 0


def test_a_copy_waits_with_its_reason_while_no_backup_can_be_kept_before_it(run, db_path, laptop):
    """A merge writes a backup first; a file where backups/merged/ goes stopped every merge,
    silently in every command, and `sync` said only "File exists". The copy now waits beside
    the file, `sync` and `check` say why, and it merges once the way is clear."""
    run("log", "really-feeling", db=laptop)
    copy = arrive(laptop, db_path)
    merged_folder = db_path.parent / "backups" / "merged"
    merged_folder.parent.mkdir(exist_ok=True)
    merged_folder.write_text("not a folder")
    before = db_path.read_bytes()
    why = f"{merged_folder} is not a folder; move it away so that the backups before a merge can be kept"
    assert run("status").code == 0 and db_path.read_bytes() == before
    result = run("sync")
    assert (result.code, result.out) == (0, f"Left {copy.name} where it is (Syncthing): cannot back up "
                                            f"{db_path} first: {why}; nothing was taken from it yet\n")
    assert run("check").out.endswith(f"No backup can be kept: {why}.\n")
    assert copy.exists() and db_path.read_bytes() == before
    merged_folder.unlink()
    assert run("sync").out.startswith("Merged a copy from another machine (Syncthing): 1 entry added")
    assert not copy.exists() and (merged_folder / copy.name).exists()


# -- 3. history wins over a removal; same id, another kind; typed markers -----------------------

def test_an_action_with_history_is_not_removed_by_an_undo_elsewhere(run, db_path, laptop, clock):
    assert run("actions", "enable", "thanks").code == 0
    assert run("actions", "enable", "thanks", db=laptop).code == 0
    for day in ("-1", "-2", "0"):
        assert run("log", "thanks", "--day", day).code == 0
    clock.value += timedelta(minutes=5)
    assert run("undo", db=laptop).code == 0  # the laptop takes its enable back
    arrive(laptop, db_path)
    assert run("sync").code == 0
    assert [e for e in entries(db_path) if e[1] == "thanks"] == [
        ("2026-11-23", "thanks"), ("2026-11-24", "thanks"), ("2026-11-25", "thanks")]
    assert "thanks" in {a["id"] for a in tables(db_path)["actions"].values()}
    assert run("check").out.startswith("OK")


def test_the_same_name_as_minutes_and_as_a_check_stays_two_actions(run, db_path, laptop):
    run("actions", "add", "Walk together", "--kind", "minutes", "--amount", "30", "--per", "day")
    run("actions", "add", "Walk together", "--kind", "check", db=laptop)
    run("log", "walk-together", "45")
    run("log", "walk-together", db=laptop)
    arrive(laptop, db_path)
    line = run("sync").out
    assert "walk-together of another kind kept as walk-together-2" in line
    kinds = {a["id"]: a["kind"] for a in tables(db_path)["actions"].values()}
    assert {kinds["walk-together"], kinds["walk-together-2"]} == {"minutes", "check"}
    amounts = {e["action"]: e["amount"] for doc in day_docs(tables(db_path)) for e in doc["entries"]
               if e["action"].startswith("walk")}
    minutes = "walk-together" if kinds["walk-together"] == "minutes" else "walk-together-2"
    assert amounts[minutes] == 45  # 45 minutes stay minutes, never "done"
    status = run("status", "--json").json()
    assert run("sync").out.startswith("No copies")
    assert status  # and every view still reads it


def test_a_removed_action_named_like_a_week_leaves_that_weeks_reflection(run, db_path, laptop, clock):
    run("reflect", "--rating", "4", "--week", "2026-11-23")
    shutil.copy(db_path, laptop)
    assert run("actions", "add", "Date night", "--kind", "check", "--id", "2026-11-23", db=laptop).code == 0
    clock.value += timedelta(minutes=1)
    run("undo", db=laptop)
    arrive(laptop, db_path)
    run("sync")
    assert [r["id"] for r in tables(db_path)["reflections"].values()] == ["2026-11-23"]


def test_an_entry_without_its_action_is_named_by_check_and_repaired(run, db_path):
    run("log", "phone-down", "20")
    data = tables(db_path)
    data["actions"] = {k: a for k, a in data["actions"].items() if a["id"] != "phone-down"}
    db_path.write_bytes(serialize(data))
    result = run("check")
    assert result.code == 3 and "phone-down" in result.err and "--repair" in result.err
    assert run("check", "--repair").code == 0
    action = next(a for a in tables(db_path)["actions"].values() if a["id"] == "phone-down")
    assert action["archived"] is True and run("check").out.startswith("OK")


# -- 4. a huge file named like a copy -------------------------------------------------------------

def test_a_huge_file_named_like_a_copy_is_not_read(run, db_path, laptop, monkeypatch):
    from tracker.interchange import untrusted

    monkeypatch.setattr(untrusted, "MAX_FILE_BYTES", 4096)  # the bound, not 64 MB of disk
    copy = db_path.parent / SYNCTHING
    copy.write_bytes(b"{" + b" " * 10_000 + b"}")
    result = run("check")
    assert "larger than" in result.out and copy.exists()
    assert run("status").code == 0


def test_the_copy_bound_is_64_mb():
    from tracker.interchange import untrusted

    assert untrusted.MAX_FILE_BYTES == 64 * 1024 * 1024


# -- 5. a cache folder in the way costs only time ---------------------------------------------------

def test_a_cache_that_cannot_be_written_is_never_the_data_files_fault(run, db_path, store):
    from tracker.store import figures_cache as derived

    run("log", "phone-down", "20")
    derived.cache_file(store).mkdir(parents=True)  # a folder where the cache file goes
    for argv in (["status"], ["week", "--json"], ["status", "--json"]):
        result = run(*argv)
        assert result.code == 0 and result.err == "", (argv, result.err)


# -- 11. nudge on a file with a bad setting --------------------------------------------------------

def test_nudge_prints_nothing_for_a_file_the_check_refuses(run, db_path, clock):
    from tracker.outside.nudge import quiet_nudge

    run("status")
    assert quiet_nudge(db_path, clock()) is not None
    data = tables(db_path)
    data["settings"]["1"]["day_start"] = 44
    db_path.write_bytes(serialize(data))
    assert quiet_nudge(db_path, clock()) is None


# -- 12. control characters in an import are cleaned and said ---------------------------------------

def test_control_characters_in_an_exports_notes_are_cleaned_and_said(run, db_path, tmp_path):
    run("log", "phone-down", "20", "--note", "fine")
    data = tables(db_path)
    for doc in day_docs(data):
        for item in doc["entries"]:
            item["note"] = "esc\x1b[2J c1\x9b cr\r and \u202eflip"
    export = tmp_path / "export.json"
    export.write_bytes(serialize(data))
    other = tmp_path / "other.json"
    result = run("import", str(export), db=other)
    assert result.code == 0 and "control characters, removed" in result.out
    notes = [e.get("note") for doc in day_docs(tables(other)) for e in doc["entries"] if e.get("note")]
    assert "esc[2J c1 cr and flip" in notes


def test_names_refuse_characters_that_reorder_text(run):
    result = run("actions", "add", "Walk\u202e together", "--kind", "check")
    assert result.code == 1 and "reorder" in result.err


# -- generated hostile copies and imports --------------------------------------------------------------

SLOW = settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                        HealthCheck.too_slow], deadline=None)


@SLOW
@given(seed=st.integers(0, 2**32 - 1))
def test_hostile_copies_never_stop_a_command_nor_lose_an_entry(tmp_path_factory, seed):
    folder = tmp_path_factory.mktemp("copies")
    db, clock = folder / "reconnect.json", Clock()
    base = hostile.history(db, clock)
    before = db.read_bytes()
    rng = random.Random(seed)
    (folder / SYNCTHING).write_bytes(hostile.hostile_copy(rng, base))
    hostile.every_command_works(db, clock)
    hostile.no_entry_without_its_action(db)
    after = tables(db)
    if db.read_bytes() != before:  # merged: everything the file had is still there, or removed by a marker
        assert (folder / "backups" / "merged").is_dir()
    kept = {e["id"] for doc in day_docs(after) for e in doc["entries"]}
    mine = {e["id"] for doc in day_docs(orjson.loads(before)) for e in doc["entries"]}
    markers = {m["id"] for m in after.get("deleted", {}).values() if m["table"] == "entries"}
    assert mine - kept <= markers


@SLOW
@given(seed=st.integers(0, 2**32 - 1), kind=st.sampled_from(["loop-db", "loop-csv", "harsh", "reconnect"]))
def test_hostile_imports_are_one_line_and_change_nothing_when_refused(tmp_path_factory, seed, kind):
    folder = tmp_path_factory.mktemp("imports")
    db, clock = folder / "reconnect.json", Clock()
    base = hostile.history(db, clock)
    rng = random.Random(seed)
    if kind == "reconnect":
        source = hostile.hostile_export(rng, folder, base)
    else:
        source = hostile.IMPORTS[kind](rng, folder)
    before = db.read_bytes()
    result = hostile.run(db, clock, "import", str(source))
    hostile.one_line_errors(result)
    assert result.code in (0, 1), result.err
    if result.code:
        assert db.read_bytes() == before
    hostile.every_command_works(db, clock)
    hostile.no_entry_without_its_action(db)


# -- 8. Markdown meant for the partner holds only what the user wrote, as text ---------------------

def test_the_summary_renders_user_text_literally(run, db_path):
    from markdown_it import MarkdownIt

    hostile_text = "you matter\n# Top heading\n![x](http://evil.example/x.png) [link](http://e) <b>hi</b>\n===\n1. one"
    assert run("actions", "add", "Walk *together* <i>", "--kind", "check").code == 0
    assert run("log", "walk-together-i", "--note", hostile_text).code == 0
    assert run("reflect", "--rating", "4", "--appreciated", hostile_text,
               "--talk", "<script>x</script>\n- item").code == 0
    assert run("journal", hostile_text).code == 0
    text = run("summary", "--with-notes", "--with-journal", "--with-rating").out
    tokens = MarkdownIt().parse(text)

    def walk(tokens):
        for token in tokens:
            yield token
            yield from walk(token.children or [])

    found = list(walk(tokens))
    assert not {"image", "link_open", "html_inline", "html_block", "em_open", "ordered_list_open"} & {
        t.type for t in found}
    headings = [t for t in found if t.type == "heading_open"]
    assert [t.tag for t in headings] == ["h1"] + ["h2"] * (len(headings) - 1)  # only our own
    shown = "".join(t.content for t in found if t.type == "text")
    assert "Walk *together* <i>" in shown and "![x](http://evil.example/x.png)" in shown
    assert "<script>x</script>" in shown and "# Top heading" in shown


# -- the open app names a copy it cannot merge, once --------------------------------------------------

async def test_the_app_names_a_copy_it_cannot_merge_once(store, db_path):
    from screens.app import make_app
    from screens.compat import shown_notices

    store.ensure_saved()
    app = make_app(store)  # the default file watch
    async with app.run_test(size=(100, 30)) as pilot:
        copy = db_path.parent / SYNCTHING
        copy.write_text("{cut")
        await wait_for(pilot, lambda: any(SYNCTHING in str(n.message) for n in shown_notices(app)))
        told = [str(n.message) for n in shown_notices(app) if SYNCTHING in str(n.message)]
        assert len(told) == 1 and told[0].startswith(f"Left {SYNCTHING} where it is (Syncthing): ")
        (db_path.parent / "unrelated.txt").write_text("the folder changes")
        for _ in range(15):
            await pilot.pause(0.1)
        assert sum(SYNCTHING in str(n.message) for n in shown_notices(app)) == 1
        assert copy.exists()


def test_zero_width_characters_never_shift_a_column(run):
    from tracker.views.text import cell_width

    for name in ("Walk\u200btogether", "Tea\u200d together", "Cafe\u0301 time", "Plain name"):
        assert run("actions", "add", name, "--kind", "check").code == 0
    lines = [line for line in run("actions").out.splitlines() if "daily" in line]
    starts = {cell_width(line[: line.index("check")]) for line in lines}
    assert len(lines) == 4 and len(starts) == 1, lines


def test_a_dry_run_writes_nothing_not_even_a_due_upgrade(run, db_path, laptop):
    run("log", "phone-down", "20", db=laptop)
    arrive(laptop, db_path)
    data = tables(db_path)
    data["_meta"]["1"]["schema"] = 4  # an older Reconnect's file: an upgrade is due
    for marker in data.get("deleted", {}).values():
        marker.pop("table", None)
    for change in data.get("changes", {}).values():  # (before schema 6, kept as a sentence)
        change["what"] = str(change.pop("change"))
    db_path.write_bytes(serialize(data))
    before = db_path.read_bytes()
    result = run("sync", "--dry-run")
    assert result.code == 0 and "Would merge" in result.out
    assert db_path.read_bytes() == before and not (db_path.parent / "backups" / "merged").exists()


def test_two_loop_habits_with_one_uuid_stay_two_and_the_file_stays_whole(run, db_path, tmp_path):
    import sqlite3

    backup = tmp_path / "loop.db"
    shutil.copy(hostile.FIXTURES / "loop" / "backup-v25.db", backup)
    db = sqlite3.connect(backup)
    db.execute("update Habits set uuid = 'same'")  # a hand-edited backup
    db.commit()
    db.close()
    for _ in range(2):  # and a second import adds nothing
        assert run("import", str(backup)).code == 0
        assert run("check").out.startswith("OK")
    first = entries(db_path)
    assert run("import", str(backup)).code == 0 and entries(db_path) == first


# -- 6. imports that used to end in "unexpected problem" ---------------------------------------------

def test_a_short_habits_row_a_blob_name_and_x_as_a_value_are_one_line_each(run, db_path, tmp_path):
    import sqlite3

    run("status")
    before = db_path.read_bytes()
    folder = tmp_path / "loop-csv"
    shutil.copytree(hostile.FIXTURES / "loop" / "csv-export", folder)
    habits = folder / "Habits.csv"
    lines = habits.read_text().splitlines()
    habits.write_text("\n".join([lines[0], lines[1].split(",", 2)[0] + ",Meditate", *lines[2:]]) + "\n")
    short = run("import", str(folder))  # a row cut after its name: its frequency is missing
    assert short.code == 1 and "Habits.csv line 2 has a frequency that is not a number" in short.err
    assert db_path.read_bytes() == before
    shutil.copy(hostile.FIXTURES / "loop" / "csv-export" / "Habits.csv", habits)
    checkmarks = next(folder.glob("*/Checkmarks.csv"))
    checkmarks.write_text("Date,Value,Notes\n2026-11-20,x,\n")
    x_value = run("import", str(folder))
    assert x_value.code == 1 and "unknown value 'x'" in x_value.err and str(folder) in x_value.err
    backup = tmp_path / "loop.db"
    shutil.copy(hostile.FIXTURES / "loop" / "backup-v25.db", backup)
    db = sqlite3.connect(backup)
    db.execute("update Habits set name = ?, freq_num = 'often'", (b"\xff\x00 blob",))
    db.commit()
    db.close()
    blob = run("import", str(backup))
    assert blob.code == 1 and "not a number" in blob.err and "unexpected" not in blob.err
    assert db_path.read_bytes() == before


# -- 12. a path that is not a regular file: a FIFO, a link to a device --------------------------------
# Opening a FIFO waits for a writer that never comes, and /dev/zero never ends: every command,
# run as the installed command with a time limit, must answer at once instead.

RECONNECT = shutil.which("reconnect", path=os.path.dirname(sys.executable)) or "reconnect"


def installed(*argv: str, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([RECONNECT, "--db", str(db), *argv], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("kind", ["a fifo", "a link to /dev/zero", "a loop of links"])
def test_a_data_file_that_is_not_a_regular_file_is_one_line_and_never_a_wait(tmp_path, kind):
    db = tmp_path / "reconnect.json"
    if kind == "a fifo":
        os.mkfifo(db)
    elif kind == "a loop of links":
        db.symlink_to(db.name)
    else:
        db.symlink_to("/dev/zero")
    shown = Path("/dev/zero") if kind == "a link to /dev/zero" else db
    why = "Too many levels of symbolic links" if kind == "a loop of links" else "not a regular file"
    for argv in (["status"], ["log", "compliment"], ["check"], ["week", "--json"], ["export"],
                 ["reflect"], ["undo"], ["summary"]):
        result = installed(*argv, db=db)
        assert (result.returncode, result.stdout, result.stderr) == (
            3, "", f"reconnect: error: cannot read the data file {shown}: {why}\n"), argv
    nudge = installed("nudge", db=db)
    assert (nudge.returncode, nudge.stdout, nudge.stderr) == (0, "", "")


@pytest.mark.parametrize("kind", ["a fifo", "a loop of links"])
async def test_the_app_on_a_data_file_it_cannot_read_says_so_once_on_every_screen(tmp_path, kind):
    """Every screen, key and tick of the watch meets the problem; the app says it in one notice
    (not one per screen) and goes on (switching to Week once ended it with a traceback)."""
    from screens.app import make_app
    from screens.compat import shown_notices
    from tracker.store.store import Store

    db = tmp_path / "reconnect.json"
    if kind == "a fifo":
        os.mkfifo(db)
    else:
        db.symlink_to(db.name)
    why = "Too many levels of symbolic links" if kind == "a loop of links" else "not a regular file"
    app = make_app(Store(db))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: shown_notices(app))
        for key in ("2", "3", "4", "5", "1", "j", "space", "enter", "[", "]", "e", "escape", "a", "escape"):
            await pilot.press(key)
            await pilot.pause()
            assert [str(n.message) for n in shown_notices(app)] == [
                f"cannot read the data file {db}: {why}"], key
        assert app.is_running


def test_an_import_a_restore_a_copy_or_a_cache_that_is_a_fifo_stops_nothing(run, db_path, tmp_path, store):
    from tracker.store import figures_cache as derived

    run("log", "compliment", "--day", "2025-06-01")  # last year: the figures are kept
    run("log", "compliment")
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    for argv in (["import", str(fifo)], ["restore", str(fifo)]):
        result = installed(*argv, db=db_path)
        assert (result.returncode, result.stdout, result.stderr) == (
            1, "", f"reconnect: error: {fifo}: cannot be read (not a regular file)\n"), argv
    os.mkfifo(db_path.with_name("reconnect 2.json"))  # a "copy" beside the file
    cache = derived.cache_file(store)
    cache.unlink(missing_ok=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(cache)
    for argv in (["status"], ["sync"], ["check"]):  # (RECONNECT_CACHE is the test's: see conftest)
        result = installed(*argv, db=db_path)
        assert result.returncode == 0 and result.stderr == "", (argv, result.stderr)
    assert entries(db_path) == [("2025-06-01", "compliment"), (str(store.today()), "compliment")]


def test_settings_a_mark_or_a_reminders_timer_that_is_a_fifo_is_said_not_waited_on(tmp_path):
    """Each read in a fresh process with a time limit: one that waited would fail, not hang."""
    home = tmp_path / "home"
    config, state = home / ".config", home / ".local" / "state"
    (config / "systemd" / "user").mkdir(parents=True)
    os.mkfifo(config / "systemd" / "user" / "reconnect-remind.timer")
    os.mkfifo(tmp_path / "settings.toml")
    probe = (
        "from pathlib import Path\n"
        "from tracker.config.settings_toml import load_config\n"
        "from tracker.store.marks import read_stamp, stamp_file\n"
        "from tracker.outside.remind import describe\n"
        "mark = stamp_file(Path('reconnect.json'), 'reminded')\n"
        "mark.parent.mkdir(parents=True)\n"
        "import os; os.mkfifo(mark)\n"
        "print(load_config().problem)\n"
        "print(read_stamp(Path('reconnect.json'), 'reminded'))\n"
        "print(describe())\n")
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(config), "XDG_STATE_HOME": str(state),
           "RECONNECT_CONFIG": str(tmp_path / "settings.toml")}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=env,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    problem, mark, reminder = result.stdout.splitlines()
    assert "settings.toml" in problem and "not a regular file" in problem
    assert mark == "None"
    assert reminder == (f"The reminder's timer {config}/systemd/user/reconnect-remind.timer cannot be read "
                        "(not a regular file).")


def test_a_huge_settings_file_mark_or_reminders_timer_is_refused_by_its_size_unread(tmp_path):
    """A sparse file costs nothing on the disk, and one of gigabytes read whole would end the
    app (out of memory). Each is refused by its size, unread, in the words each reader uses for
    a bad file. (100 MB here: if a regression reads it, the test fails rather than the machine.)"""
    import tracemalloc

    from tracker.config.settings_toml import load_config
    from tracker.outside import remind
    from tracker.store.marks import read_stamp, stamp_file

    def huge(path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            f.truncate(100 << 20)
        return path

    settings_file = huge(tmp_path / "settings.toml")
    huge(stamp_file(tmp_path / "reconnect.json", "reminded"))
    timer = huge(remind._systemd_folder() / "reconnect-remind.timer")  # (XDG_CONFIG_HOME: conftest)
    tracemalloc.start()
    problem = load_config(settings_file).problem
    mark = read_stamp(tmp_path / "reconnect.json", "reminded")
    reminder = remind.describe()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert problem == f"{settings_file}: larger than 1 MB; using the default look and keys"
    assert mark is None
    assert reminder == f"The reminder's timer {timer} cannot be read (larger than 64 KB)."
    assert peak < 8 << 20  # never read

