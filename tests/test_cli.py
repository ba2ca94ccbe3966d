"""The ``reconnect`` command line, as docs/cli.md describes it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from tests.test_store import BROKEN
from tracker.store import lock as filelock
from tracker.store.schema import SCHEMA, day_docs


def entries(db_path: Path) -> list[dict]:
    data = orjson.loads(db_path.read_bytes())
    return [dict(e, day=doc["day"]) for doc in day_docs(data) for e in doc["entries"]]


# -- logging ------------------------------------------------------------------------------

def test_log_a_count_kindly(run, db_path):
    r = run("log", "compliment")
    assert r.code == 0 and "Nice, that counts" in r.out
    assert "started your data file" in r.err
    [e] = entries(db_path)
    assert (e["action"], e["amount"], e["source"], e["day"]) == ("compliment", 1, "cli", "2026-11-25")
    assert e["at"].startswith("2026-11-25T20:00:00") and e["at"].endswith("+01:00")


def test_log_minutes_with_a_note_by_name_and_prefix(run, db_path):
    assert run("log", "Phone-down time", "20", "--note", "walk").code == 0
    assert run("log", "phone", "1h30").code == 0
    assert [(e["amount"], e.get("note")) for e in entries(db_path)] == [(20, "walk"), (90, None)]


def test_log_on_an_earlier_day(run, db_path):
    assert run("log", "compliment", "--day", "yesterday").code == 0
    assert run("log", "compliment", "--day", "-3").code == 0
    assert run("log", "compliment", "--day", "monday").code == 0
    assert sorted(e["day"] for e in entries(db_path)) == ["2026-11-22", "2026-11-23", "2026-11-24"]


def test_after_midnight_counts_for_the_evening_before(run, db_path, clock):
    clock.value = clock.value.replace(hour=1, minute=30) + timedelta(days=1)
    run("log", "compliment")
    assert entries(db_path)[0]["day"] == "2026-11-25"


def test_a_check_counts_once_a_day(run, db_path):
    run("log", "really-feeling")
    r = run("log", "really-feeling")
    assert r.code == 0 and "already counted" in r.out
    assert len(entries(db_path)) == 1


def test_undo_says_what_it_removed(run, db_path):
    run("log", "compliment")
    run("log", "phone-down", "25")
    r = run("undo")
    assert r.code == 0 and "Phone-down time 25 min" in r.out
    assert [e["action"] for e in entries(db_path)] == ["compliment"]


def test_undo_with_nothing_logged(run):
    r = run("undo")
    assert r.code == 1 and r.err == "reconnect: error: nothing to undo\n"


def test_rest_for_all_and_for_one(run, db_path):
    assert "all actions" in run("rest").out
    assert "already a rest day" in run("rest", "compliment").out
    assert run("rest", "phone-down", "--day", "yesterday", "--note", "away").code == 0
    data = orjson.loads(db_path.read_bytes())
    rests = [(doc["day"], r["action"]) for doc in day_docs(data) for r in doc["rests"]]
    assert sorted(rests) == [("2026-11-24", "phone-down"), ("2026-11-25", None)]
    week = run("week", "--json").json()
    assert list(week) == ["day", "week", "connected_days", "actions", "language_balance"]
    phone = next(a for a in week["actions"] if a["id"] == "phone-down")
    assert list(phone) == ["id", "name", "kind", "goal", "period", "streak", "strength", "languages", "days"]
    assert phone["languages"] == ["time"]
    assert list(phone["days"][0]) == ["day", "amount", "state"]
    assert [d["state"] for d in phone["days"]][1:3] == ["rest", "rest"]


def test_undo_removes_a_rest_day_too(run, db_path):
    run("log", "compliment")
    run("rest", "phone-down")
    assert "rest day for Phone-down time" in run("undo").out


# -- status and week ----------------------------------------------------------------------

def test_status_json_matches_cli_md(run):
    run("log", "phone-down", "20")
    run("log", "phone-down", "30", "--day", "monday")
    run("log", "compliment", "--day", "yesterday")
    data = run("status", "--json").json()
    assert data["day"] == "2026-11-25"
    assert data["week"] == {"start": "2026-11-23", "end": "2026-11-29"}
    assert data["connected_days"] == {"total": 3, "this_week": 3}
    phone = data["actions"][0]
    assert list(phone) == ["id", "name", "kind", "goal", "today", "period", "streak", "strength", "languages"]
    assert phone["languages"] == ["time"]
    assert phone["goal"] == {"amount": 30, "per": "day", "days": 5}
    assert phone["today"] == {"amount": 20, "state": "partial"}
    assert phone["period"] == {"start": "2026-11-23", "end": "2026-11-29", "progress": 1,
                               "target": 5, "met": False}
    assert phone["streak"] == {"current": 0, "best": 0, "unit": "week"}
    assert 0 < phone["strength"] < 0.1
    compliment = data["actions"][2]
    assert compliment["period"]["progress"] == 1 and compliment["period"]["target"] == 7
    assert compliment["today"]["state"] == "open"


def test_status_text_is_readable(run):
    run("log", "compliment")
    out = run("status").out
    assert "Heartfelt compliment" in out and "connected day this week" in out and "● met" in out


def test_goal_none_action_in_json(run):
    run("actions", "add", "Repair", "--kind", "check", "--per", "none")
    run("log", "repair")
    data = run("status", "--json").json()
    repair = data["actions"][-1]
    assert (repair["goal"], repair["period"], repair["streak"], repair["strength"]) == (None,) * 4
    assert repair["today"]["state"] == "met"


def test_week_json_has_seven_days(run):
    run("log", "compliment", "--day", "monday")
    data = run("week", "--json").json()
    assert data["day"] == "2026-11-25"
    a = next(a for a in data["actions"] if a["id"] == "compliment")
    assert "today" not in a
    assert [d["day"] for d in a["days"]][0] == "2026-11-23" and len(a["days"]) == 7
    assert [d["state"] for d in a["days"]] == ["met", "empty", "open"] + ["future"] * 4


def test_week_of_an_earlier_day(run):
    run("log", "compliment", "--day", "2026-11-10")
    data = run("week", "--day", "2026-11-11", "--json").json()
    assert data["week"] == {"start": "2026-11-09", "end": "2026-11-15"}
    assert data["connected_days"]["this_week"] == 1
    assert "Mo Tu We" in run("week", "--day", "2026-11-11").out


# -- actions ------------------------------------------------------------------------------

def test_actions_add_edit_archive(run):
    r = run("actions", "add", "Thank them", "--kind", "count", "--amount", "5", "--per", "week",
            "--prompt", "Say thanks for one specific thing.")
    assert r.code == 0 and "(thank-them)" in r.out
    assert run("actions", "edit", "thank-them", "--amount", "3").code == 0
    listed = {a["id"]: a for a in run("actions", "--json").json()}
    assert listed["thank-them"]["goal"] == {"amount": 3, "per": "week"}
    assert run("actions", "archive", "thank-them").code == 0
    assert "thank-them" not in run("actions").out
    assert "(archived)" in run("actions", "--all").out
    assert run("actions", "unarchive", "thank-them").code == 0
    assert "thank-them" in run("actions").out


def test_edit_per_day_keeps_days(run):
    run("actions", "edit", "phone-down", "--amount", "20")
    listed = {a["id"]: a for a in run("actions", "--json").json()}
    assert listed["phone-down"]["goal"] == {"amount": 20, "per": "day", "days": 5}


def test_kind_of_an_action_with_entries_stays(run):
    run("log", "compliment")
    r = run("actions", "edit", "compliment", "--kind", "minutes")
    assert r.code == 1 and "already has entries" in r.err


# -- bad input changes nothing ------------------------------------------------------------

BAD = [
    (("log", "hug"), 1, "no action 'hug'"),
    (("log", "c"), 1, "could be any of: compliment, conversation, check-in"),
    (("log", "compliment", "-2"), 1, "more than zero"),
    (("log", "compliment", "0"), 1, "more than zero"),
    (("log", "compliment", "lots"), 1, "not an amount"),
    (("log", "compliment", "2.5"), 1, "whole number"),
    (("log", "compliment", "5000"), 1, "at most 1000"),
    (("log", "phone-down", "1441"), 1, "1440 minutes"),
    (("log", "phone-down", "nan"), 1, "must be a number"),
    (("log", "phone-down"), 1, "how many minutes"),
    (("log", "really-feeling", "2"), 1, "without an amount"),
    (("log", "compliment", "--day", "tomorrow"), 1, ""),
    (("log", "compliment", "--day", "2026-11-26"), 1, "in the future"),
    (("log", "compliment", "--day", "the other day"), 1, "cannot read the day"),
    (("rest", "hug"), 1, "no action"),
    (("actions", "add", "  ", "--kind", "check"), 1, "cannot be empty"),
    (("actions", "add", "Hug", "--kind", "check", "--id", "compliment"), 1, "already an action"),
    (("actions", "add", "Hug", "--kind", "check", "--id", "Big Hug"), 1, "not a valid id"),
    (("actions", "add", "Hug", "--kind", "check", "--amount", "2"), 1, "once a day"),
    (("actions", "add", "Hug", "--kind", "count", "--days", "9"), 1, "between 1 and 7"),
    (("actions", "add", "Hug", "--kind", "count", "--per", "week", "--days", "3"), 1, "per day"),
    (("actions", "add", "Hug", "--kind", "minutes", "--amount", "2000"), 1, "do not fit"),
    (("actions", "add", "x" * 61, "--kind", "check"), 1, "at most 60"),
    (("actions", "edit", "compliment"), 1, "nothing to change"),
    (("actions", "archive", "nope"), 1, "no action"),
    (("log",), 2, "required"),
    (("frobnicate",), 2, "invalid choice"),
    (("actions", "add", "Hug", "--kind", "hugs"), 2, "invalid choice"),
]


@pytest.mark.parametrize(("argv", "code", "message"), BAD, ids=[" ".join(a) for a, _, _ in BAD])
def test_bad_input_is_one_line_and_changes_nothing(run, db_path, argv, code, message):
    run("log", "phone-down", "10")
    before = db_path.read_bytes()
    r = run(*argv)
    assert r.code == code
    assert r.err.startswith("reconnect: error: ") and r.err.count("\n") == 1
    assert message in r.err
    assert r.out == ""
    assert db_path.read_bytes() == before


def test_bad_input_on_a_new_file_creates_nothing(run, db_path):
    assert run("log", "hug").code == 1
    assert not db_path.exists()


# -- the data file cannot be used ---------------------------------------------------------

def test_damaged_file_exit_3_names_file_and_backup_then_repair(run, db_path):
    run("log", "compliment")
    run("log", "compliment", "--day", "yesterday")
    good = db_path.read_bytes()
    db_path.write_bytes(good[: len(good) // 2])
    r = run("status")
    assert r.code == 3 and r.err.count("\n") == 1
    assert str(db_path) in r.err and "previous.json" in r.err and "check --repair" in r.err
    assert run("check").code == 3
    assert run("log", "compliment").code == 3
    r = run("check", "--repair")
    assert r.code == 0 and "Restored" in r.out
    aside = list(db_path.parent.glob("reconnect.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == good[: len(good) // 2]
    assert run("status", "--json").json()["connected_days"]["total"] == 1  # the previous version
    assert run("check").code == 0


def test_repair_without_backups_starts_afresh_and_keeps_the_file(run, db_path):
    db_path.write_bytes(b"\x00\x00\x00")
    r = run("check", "--repair")
    assert r.code == 0 and "new data file" in r.out
    assert len(list(db_path.parent.glob("*.corrupt-*"))) == 1
    assert run("check").code == 0


def test_repair_twice_never_overwrites_what_was_set_aside(run, db_path):
    for payload in (b"one", b"two"):
        db_path.write_bytes(payload)
        run("check", "--repair")
    kept = sorted(p.read_bytes() for p in db_path.parent.glob("*.corrupt-*"))
    assert kept == [b"one", b"two"]


def test_healthy_file_needs_no_repair(run):
    run("log", "compliment")
    assert "Nothing to repair" in run("check", "--repair").out
    assert run("check").out.startswith("OK:")


def test_newer_schema_can_be_read_not_written(run, db_path):
    run("log", "compliment")
    data = orjson.loads(db_path.read_bytes())
    data["_meta"]["1"]["schema"] = SCHEMA + 1
    db_path.write_bytes(orjson.dumps(data))
    before = db_path.read_bytes()
    assert run("status", "--json").code == 0
    assert run("week").code == 0
    r = run("log", "compliment")
    assert r.code == 3 and "newer Reconnect" in r.err
    assert db_path.read_bytes() == before


def test_reading_needs_no_lock(run, db_path, monkeypatch):
    run("log", "compliment")
    monkeypatch.setenv("RECONNECT_LOCK_TIMEOUT", "0.2")
    with filelock.locked(db_path):
        assert run("status", "--json").code == 0
        assert run("week").code == 0


@pytest.mark.parametrize("kind", sorted(k for k in BROKEN if BROKEN[k] is not None))
def test_every_broken_file_one_line_then_repair(run, db_path, kind):
    run("log", "compliment")
    run("log", "compliment")
    db_path.write_bytes(BROKEN[kind])
    for argv in (("status",), ("log", "compliment"), ("check",)):
        r = run(*argv)
        assert r.code == 3 and r.err.count("\n") == 1 and str(db_path) in r.err
    assert db_path.read_bytes() == BROKEN[kind]
    assert "Restored" in run("check", "--repair").out
    assert run("check").code == 0
    assert run("status", "--json").json()["connected_days"]["total"] == 1


def test_busy_file_exit_3(run, db_path, monkeypatch):
    run("log", "compliment")
    monkeypatch.setenv("RECONNECT_LOCK_TIMEOUT", "0.2")
    with filelock.locked(db_path):
        r = run("log", "compliment")
    assert r.code == 3 and "busy" in r.err


def test_version_and_help(run):
    assert run("--version").code == 0
    assert run("actions", "add", "--help").code == 0


# -- catalogue and settings ---------------------------------------------------------------

def test_enable_a_built_in_action(run):
    assert "thanks" in run("actions", "catalogue").out
    r = run("actions", "enable", "thanks")
    assert r.code == 0 and "Specific thanks" in r.out
    assert "thanks" not in run("actions", "catalogue").out
    assert run("actions", "enable", "thanks").code == 1
    assert run("actions", "enable", "nope").code == 1
    assert run("log", "thanks").code == 0


def test_status_on_a_new_file_creates_it_with_the_starters(run, db_path):
    assert run("status").code == 0
    assert len(orjson.loads(db_path.read_bytes())["actions"]) == 5


def test_day_start_setting_moves_the_logical_day(run, db_path, clock):
    clock.value = clock.value.replace(hour=1, minute=30)  # 01:30 on the 25th
    run("log", "compliment")
    assert run("settings", "--day-start", "0").code == 0
    run("log", "compliment")
    assert [e["day"] for e in entries(db_path)] == ["2026-11-24", "2026-11-25"]


def test_week_start_sunday(run):
    assert run("settings", "--week-start", "sunday").code == 0
    assert run("week", "--json").json()["week"] == {"start": "2026-11-22", "end": "2026-11-28"}


@pytest.mark.parametrize("argv", [("settings", "--day-start", "13"), ("settings", "--day-start", "x")])
def test_bad_settings_change_nothing(run, db_path, argv):
    run("log", "compliment")
    before = db_path.read_bytes()
    assert run(*argv).code == 1
    assert db_path.read_bytes() == before


def test_ask_walks_through_the_day_and_writes_one_change(run, db_path, monkeypatch):
    import io

    run("status")
    monkeypatch.setattr("sys.stdin", io.StringIO("20\ny\nx\n3\ns\n\n"))  # a pipe: x is asked again
    result = run("ask", "--day", "yesterday")
    assert result.code == 0, result.err
    assert "'x' is not an amount" in result.out and result.out.count("\nHeartfelt compliment: ") == 2
    assert ("Will write: Phone-down time: 20 min; How are you, really?: done; Heartfelt compliment: 3; "
            "Real conversation: a rest day.") in result.out
    day = orjson.loads(run("week", "--json").out)
    amounts = {a["id"]: a["days"][1]["amount"] for a in day["actions"]}  # Tuesday, yesterday
    assert (amounts["phone-down"], amounts["really-feeling"], amounts["compliment"]) == (20, 1, 3)
    assert run("undo").out.startswith("Undid the answers for Tuesday 24 November 2026")
    assert all(a["days"][1]["amount"] == 0 for a in orjson.loads(run("week", "--json").out)["actions"])


def test_ask_with_nothing_answered_writes_nothing(run, db_path, monkeypatch):
    import io

    run("status")
    before = db_path.read_bytes()
    monkeypatch.setattr("sys.stdin", io.StringIO("\n\n"))
    result = run("ask")
    assert result.code == 0 and result.out.rstrip().endswith("Nothing to write.")
    assert db_path.read_bytes() == before


def test_the_days_prompt_stays_all_day_when_an_action_is_added(run):
    first = run("status").out.rstrip().splitlines()[-1]
    for n in range(3):
        assert run("actions", "add", f"Something new {n}", "--kind", "check", "--prompt", f"A new prompt {n}?").code == 0
        assert run("status").out.rstrip().splitlines()[-1] == first
