"""``reconnect nudge`` (docs/sync.md, "A gentle reminder"): one kind line, or nothing; never an
error, never a write; it reads only the days this week needs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import date

import orjson
import pytest

from tracker.operations import everyday as operations
from tracker.store.durable import serialize
from tracker.store.store import Store

RECONNECT = shutil.which("reconnect", path=os.path.dirname(sys.executable)) or "reconnect"


def test_it_names_what_is_still_open_today_and_counts_what_is_met(run, store):
    operations.log(store, "compliment")
    out = run("nudge").out
    assert out.startswith("Reconnect · 1 of 5 today · ")
    assert "Phone-down time" in out and "Heartfelt compliment" not in out and out.count("\n") == 1


def test_an_action_whose_week_is_already_met_or_resting_is_not_nudged(run, store):
    for day in ("2026-11-23", "2026-11-24"):  # a weekly check-in done this week already
        operations.log(store, "check-in", day=date.fromisoformat(day))
    operations.rest(store, "phone-down")
    assert run("nudge").out == "Reconnect · 0 of 5 today · How are you, really? and 2 more are still open\n"


@pytest.mark.parametrize("names", [["Walk"], ["Walk", "Talk"], ["A much longer name for an action", "B"],
                                   ["x" * 60, "y" * 60, "z"], ["夜の散歩をする" * 5]])
def test_a_prompt_line_fits_80_columns_whatever_the_names(run, store, names):
    from tracker.views.text import cell_width

    for action in ("phone-down", "really-feeling", "compliment", "conversation", "check-in"):
        operations.set_archived(store, action, True)
    for name in names:
        assert run("actions", "add", name, "--kind", "check").code == 0
    line = run("nudge").out.rstrip("\n")
    assert line.startswith(f"Reconnect · 0 of {len(names)} today · ") and cell_width(line) <= 80, line
    assert line.endswith("still open") and names[0][:10] in line


def test_nothing_open_prints_nothing(run, store):
    for action in ("phone-down", "really-feeling", "compliment", "conversation", "check-in"):
        operations.log(store, action, 60 if action in ("phone-down", "conversation") else None)
    result = run("nudge")
    assert (result.code, result.out, result.err) == (0, "", "")


def test_a_missing_damaged_or_newer_file_prints_nothing_and_exits_0(tmp_path):
    files = {"missing": None, "garbage": b"{not json", "empty": b"", "nul": b"\x00" * 50,
             "newer": b'{\n"_meta":{"1":{"schema":99}},\n"settings":{},\n"actions":{}\n}\n'}
    for name, content in files.items():
        path = tmp_path / f"{name}.json"
        if content is not None:
            path.write_bytes(content)
        result = subprocess.run([RECONNECT, "--db", str(path), "nudge"], capture_output=True, timeout=60)
        assert (result.returncode, result.stdout, result.stderr) == (0, b"", b""), name


def test_it_only_reads_never_locks_and_never_reads_past_years(db_path, clock):
    store = Store(db_path, now=clock)
    operations.log(store, "compliment", day=date(2024, 5, 1))
    operations.log(store, "compliment")
    lines = db_path.read_bytes().split(b"\n")
    # a past year damaged beyond reading: nudge never looks at it
    broken = [b'"days-2024":{"x"' + b"," if line.startswith(b'"days-2024"') else line for line in lines]
    db_path.write_bytes(b"\n".join(broken))
    before, lock = db_path.read_bytes(), db_path.with_name(db_path.name + ".lock")
    lock.unlink(missing_ok=True)
    env = {**os.environ, "RECONNECT_DB": str(db_path)}
    result = subprocess.run([RECONNECT, "nudge"], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0 and result.stderr == "" and "Phone-down time" in result.stdout
    assert db_path.read_bytes() == before and not lock.exists()


def test_a_name_the_files_check_refuses_prints_nothing(run, store, db_path):
    """Like every command, nudge does not work from a file the check refuses (here a name
    with control characters, written by another program); a prompt then shows nothing."""
    operations.log(store, "compliment")
    data = orjson.loads(db_path.read_bytes())
    for doc in data["actions"].values():
        if doc["id"] == "phone-down":
            doc["name"] = "Phones \x1b[31maway"  # written by another program
    db_path.write_bytes(serialize(data))
    assert run("status").code == 3
    assert run("nudge").out == ""


@pytest.mark.parametrize("data_home", [None, "", "/srv/data"])
def test_the_default_file_is_where_platformdirs_puts_it(monkeypatch, data_home):
    """``nudge`` finds the default file without platformdirs (start-up time); it must be the
    very file every other command uses."""
    from platformdirs import user_data_path

    from tracker.store.location import default_location

    monkeypatch.delenv("RECONNECT_DB", raising=False)
    if data_home is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", data_home)
    assert default_location() == str(user_data_path("reconnect", appauthor=False) / "reconnect.json")


def test_the_days_it_finds_by_their_keys_are_the_days_a_full_read_finds(db_path, clock):
    """nudge finds this week's and month's days in the file's text without parsing the year;
    the line must be the one a full parse of a one-line file (another program's) gives."""
    from datetime import timedelta

    from tracker.outside.nudge import nudge

    store = Store(db_path, now=clock)
    operations.enable_built_in(store, "new-together")  # a monthly goal: the month's days count
    today = store.today()
    for n in range(0, 60, 3):
        day = today - timedelta(days=n)
        tricky = f'"{(day - timedelta(days=1)).toordinal()}":{{"day":"x"}}'  # a key, in a note
        operations.log(store, "compliment", day=day, note=tricky)
        if n in (6, 33):
            operations.log(store, "new-together", day=day)
    def both_ways() -> str | None:
        found = nudge(db_path, clock())
        laid_out = db_path.read_bytes()
        db_path.write_bytes(orjson.dumps(orjson.loads(laid_out)))  # one line: parsed whole
        assert nudge(db_path, clock()) == found
        db_path.write_bytes(laid_out)
        return found

    assert both_ways() == "Reconnect · 1 of 6 today · Phone-down time and 4 more are still open"
    operations.log(store, "new-together", day=today - timedelta(days=1))  # the month's second
    assert both_ways() == "Reconnect · 1 of 6 today · Phone-down time and 3 more are still open"


def _nudge(db_path, env=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([RECONNECT, "--db", str(db_path), "nudge"], capture_output=True,
                          text=True, timeout=60, env=env)


def test_the_kept_line_changes_the_moment_the_file_does(db_path, tmp_path):
    """Most prompts print the line kept in the cache folder; any write to the file (here
    another command's) makes the next prompt work it out again."""
    subprocess.run([RECONNECT, "--db", str(db_path), "status"], capture_output=True, timeout=60, check=True)
    assert _nudge(db_path).stdout.startswith("Reconnect · 0 of 5 today · ")
    kept = (tmp_path / "cache" / "nudge.txt").read_text()
    assert kept.endswith(_nudge(db_path).stdout.rstrip("\n")) and oct(
        (tmp_path / "cache" / "nudge.txt").stat().st_mode & 0o777) == "0o600"
    subprocess.run([RECONNECT, "--db", str(db_path), "log", "compliment"], capture_output=True, timeout=60, check=True)
    assert _nudge(db_path).stdout.startswith("Reconnect · 1 of 5 today · ")
    for action in ("phone-down", "really-feeling", "conversation", "check-in"):
        subprocess.run([RECONNECT, "--db", str(db_path), "log", action, *(["60"] if action in ("phone-down", "conversation") else [])],
                       capture_output=True, timeout=60, check=True)
    assert _nudge(db_path).stdout == ""  # nothing open is kept too, and changes as well
    (tmp_path / "cache" / "nudge.txt").unlink()
    assert _nudge(db_path).stdout == ""


def _kept(tmp_path) -> list[str]:
    return (tmp_path / "cache" / "nudge.txt").read_text().split("\t")


@pytest.mark.parametrize("case", ["the line from the cache", "day over", "not yet", "another file",
                                  "control characters", "too long", "not text", "a folder", "garbage",
                                  "a fifo", "a link to an endless file"])
def test_a_kept_line_is_used_only_for_its_file_and_day_and_only_if_it_is_one_printable_line(db_path, tmp_path, case):
    subprocess.run([RECONNECT, "--db", str(db_path), "status"], capture_output=True, timeout=60, check=True)
    true_line = _nudge(db_path).stdout
    cache = tmp_path / "cache" / "nudge.txt"
    fields = _kept(tmp_path)
    version, path_hex, ino, size, mtime, since, until, line = fields
    assert version == "reconnect-nudge-1" and bytes.fromhex(path_hex) == os.fsencode(db_path)
    assert float(since) <= time.time() < float(until) and line == true_line.rstrip("\n")
    changed = {
        "the line from the cache": {7: "Reconnect · 9 of 9 today · kept"},
        "day over": {5: str(time.time() - 7200), 6: str(time.time() - 60), 7: "stale"},
        "not yet": {5: str(time.time() + 3600), 7: "stale"},
        "another file": {1: os.fsencode(str(db_path) + "x").hex(), 7: "stale"},
        "control characters": {7: "Reconnect \x1b]0;owned\x07 · stale"},
        "too long": {7: "x" * 401},
    }.get(case, {})
    for at, value in changed.items():
        fields[at] = value
    cache.write_text("\t".join(fields))
    if case == "not text":
        cache.write_bytes(b"\xff\xfe" + cache.read_bytes())
    elif case == "garbage":
        cache.write_bytes(b"reconnect-nudge-1\tshort")
    elif case == "a folder":
        cache.unlink()
        cache.mkdir()
    elif case == "a fifo":  # reading it would wait for a writer forever
        cache.unlink()
        os.mkfifo(cache)
    elif case == "a link to an endless file":
        cache.unlink()
        cache.symlink_to("/dev/zero")
    result = _nudge(db_path)
    expected = "Reconnect · 9 of 9 today · kept\n" if case == "the line from the cache" else true_line
    assert (result.returncode, result.stdout, result.stderr) == (0, expected, "")
    if case not in ("the line from the cache", "a folder"):
        assert _kept(tmp_path)[7] == true_line.rstrip("\n")  # kept afresh (in place of what was there)


def test_a_cache_folder_that_cannot_be_written_costs_only_time(db_path, tmp_path):
    subprocess.run([RECONNECT, "--db", str(db_path), "status"], capture_output=True, timeout=60, check=True)
    (tmp_path / "blocked").write_text("a file where the folder would be")
    env = {**os.environ, "RECONNECT_CACHE": str(tmp_path / "blocked" / "cache")}
    for _ in range(2):
        result = _nudge(db_path, env)
        assert result.returncode == 0 and result.stderr == "" and result.stdout.startswith("Reconnect · 0 of 5")


@pytest.mark.parametrize("cache_home", [None, "", "/srv/cache"])
def test_the_cache_folder_is_where_platformdirs_puts_it(monkeypatch, cache_home):
    from platformdirs import user_cache_path

    from tracker.store.location import cache_folder

    monkeypatch.delenv("RECONNECT_CACHE", raising=False)
    if cache_home is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", cache_home)
    assert cache_folder() == str(user_cache_path("reconnect", appauthor=False))
