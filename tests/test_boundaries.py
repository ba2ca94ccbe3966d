"""Every limit from its accepted side, and the days where periods end (issue 14).

The refused side of each limit is tested where the rule lives (test_model, test_cli); here
each limit is shown to let exactly its boundary through, so that moving it by one fails.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest

from tests.helpers import Clock, action, history
from tests.test_cli import entries
from tracker.domain.days import EARLIEST_DAY, parse_day
from tracker.domain.model import (
    MAX_COUNT_PER_ENTRY,
    MAX_IMPORTED_AMOUNT,
    MAX_MINUTES_PER_DAY,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_PROMPT_LENGTH,
    Action,
    Goal,
    check_amount,
    validate_day_start,
    validate_goal,
    validate_id,
    validate_name,
    validate_text,
)
from tracker.domain.progress import day_state, period_progress
from tracker.domain.streaks import streak
from tracker.errors import BadInput
from tracker.interchange.import_plan import Habit, Plan, apply
from tracker.operations import everyday as operations
from tracker.store import durable as storage
from tracker.store.lock import parse_timeout
from tracker.store.schema import day_docs
from tracker.store.store import Store

SUNDAY = date(2026, 11, 29)
MONTH_END = date(2026, 11, 30)  # a Monday
SUNDAY_MONTH_END = date(2026, 5, 31)


# -- the accepted side of every limit ----------------------------------------------------------

def test_a_day_holds_exactly_1440_minutes():
    minutes = action("minutes", 30)
    assert check_amount(minutes, MAX_MINUTES_PER_DAY, 0) == 1440
    assert check_amount(minutes, 40, 1400) == 40
    with pytest.raises(BadInput, match="at most 40 more"):
        check_amount(minutes, 41, 1400)


def test_a_count_of_exactly_1000_at_a_time():
    assert check_amount(action("count", 3), MAX_COUNT_PER_ENTRY, 0) == 1000
    assert check_amount(action("count", 3), MAX_COUNT_PER_ENTRY, 5000) == 1000  # per entry


def test_a_name_of_exactly_60_characters():
    name = "é" * MAX_NAME_LENGTH
    assert validate_name(name) == name
    assert validate_name(" " + "x" * MAX_NAME_LENGTH + " ") == "x" * MAX_NAME_LENGTH


def test_notes_and_prompts_at_their_limits():
    assert validate_text("n" * MAX_NOTE_LENGTH, "note", MAX_NOTE_LENGTH) == "n" * MAX_NOTE_LENGTH
    with pytest.raises(BadInput):
        validate_text("n" * (MAX_NOTE_LENGTH + 1), "note", MAX_NOTE_LENGTH)
    assert validate_text("p" * MAX_PROMPT_LENGTH, "prompt", MAX_PROMPT_LENGTH)


def test_an_id_of_exactly_40_characters():
    assert validate_id("a" * 40) == "a" * 40
    with pytest.raises(BadInput):
        validate_id("a" * 41)


@pytest.mark.parametrize(
    ("kind", "goal"),
    [
        ("check", Goal(1, "day", 1)),
        ("check", Goal(1, "day", 7)),
        ("check", Goal(7, "week")),
        ("check", Goal(31, "month")),
        ("minutes", Goal(1440, "day")),
        ("minutes", Goal(1440 * 7, "week")),
        ("minutes", Goal(1440 * 31, "month")),
        ("count", Goal(1000 * 7, "week")),
        ("count", Goal(1000 * 31, "month")),
        ("count", Goal(0.5, "day")),
    ],
)
def test_goals_at_their_limits_are_accepted(kind, goal):
    assert validate_goal(kind, goal) == goal


@pytest.mark.parametrize(
    ("kind", "goal"),
    [
        ("check", Goal(32, "month")),
        ("minutes", Goal(1440 * 7 + 1, "week")),
        ("minutes", Goal(1440 * 31 + 1, "month")),
        ("count", Goal(1000 * 7 + 1, "week")),
        ("count", Goal(1000 * 31 + 1, "month")),
    ],
)
def test_goals_one_beyond_their_limits_are_refused(kind, goal):
    with pytest.raises(BadInput):
        validate_goal(kind, goal)


@pytest.mark.parametrize("hour", [0, 12])
def test_the_day_may_start_at_midnight_or_noon(hour):
    assert validate_day_start(hour) == hour


@pytest.mark.parametrize("hour", [-1, 13, True, 4.0])
def test_other_day_starts_are_refused(hour):
    with pytest.raises(BadInput):
        validate_day_start(hour)


def test_day_start_12_through_the_cli_moves_the_day(run, db_path, clock):
    assert run("settings", "--day-start", "12").code == 0
    clock.value = datetime(2026, 11, 25, 11, 59, tzinfo=timezone.utc)
    run("log", "compliment")
    assert [e["day"] for e in entries(db_path)] == ["2026-11-24"]
    assert run("settings", "--day-start", "13").code == 1


def test_a_check_31_times_a_month_is_met_only_by_every_day_of_october(run, clock):
    assert run("actions", "add", "Morning kiss", "--kind", "check", "--amount", "31",
               "--per", "month").code == 0
    clock.value = datetime(2026, 10, 31, 20, 0, tzinfo=timezone.utc)
    for n in range(1, 31):
        run("log", "morning-kiss", "--day", f"2026-10-{n:02d}")

    def october() -> dict:
        [kiss] = [a for a in run("status", "--json").json()["actions"] if a["id"] == "morning-kiss"]
        return kiss["period"]

    assert (october()["progress"], october()["target"], october()["met"]) == (30, 31, False)
    run("log", "morning-kiss")
    assert october()["met"] is True


def test_the_earliest_day_is_1970_01_01():
    today = date(2026, 11, 25)
    assert parse_day("1970-01-01", today) == EARLIEST_DAY
    back = (today - EARLIEST_DAY).days
    assert parse_day(f"-{back}", today) == EARLIEST_DAY
    for too_early in (f"-{back + 1}", "1969-12-31", "-99999999"):
        with pytest.raises(BadInput, match="1970-01-01"):
            parse_day(too_early, today)


def test_day_minus_100_is_a_hundred_days_ago_not_the_year_100(run, db_path):
    assert run("log", "compliment", "--day", "-100").code == 0
    assert [e["day"] for e in entries(db_path)] == [str(date(2026, 11, 25) - timedelta(days=100))]


@pytest.mark.parametrize("text", ["0", "600", "0.5"])
def test_lock_timeouts_from_0_to_600_seconds(text):
    assert parse_timeout(text) == float(text)


@pytest.mark.parametrize("text", ["-0.1", "600.5"])
def test_lock_timeouts_beyond_are_refused(text):
    with pytest.raises(BadInput):
        parse_timeout(text)


def _import(store: Store, entries_by_day: dict[date, float]) -> list[str]:
    habit = Habit("test:walk", "Walk", "count", Goal(1, "day"))
    habit.entries.update({day: (amount, None) for day, amount in entries_by_day.items()})
    plan = Plan("import:test", "walk.csv")
    plan.habits = [habit]
    return apply(store, plan).notes


def test_an_import_keeps_its_limits_exactly(store):
    today = store.today()
    notes = _import(store, {
        date(1970, 1, 1): 1,
        date(1969, 12, 31): 1,
        today + timedelta(days=365): 1,
        today + timedelta(days=366): 1,
        today: MAX_IMPORTED_AMOUNT,
        today - timedelta(days=1): MAX_IMPORTED_AMOUNT + 1,
    })
    kept = {e.day: e.amount for r in store.days() for e in r.entries if e.source == "import:test"}
    assert kept == {date(1970, 1, 1): 1, today + timedelta(days=365): 1, today: MAX_IMPORTED_AMOUNT}
    assert any("skipped 2 day(s)" in note and "first 1969-12-31" in note for note in notes)
    assert any("beyond 1,000,000" in note for note in notes)


# -- when today ends a week or a month ---------------------------------------------------------

def test_on_sunday_an_unmet_week_is_still_in_progress():
    weekly = action("count", 3, "week")
    done = {SUNDAY - timedelta(days=7 * w + 1): 3 for w in range(1, 4)}  # three full weeks
    done[SUNDAY - timedelta(days=2)] = 2  # this week: two of three so far
    h = history(done)
    assert streak(weekly, h, SUNDAY).current == 3
    # the next morning the week is over and unmet
    assert streak(weekly, h, SUNDAY + timedelta(days=1)).current == 0


def test_on_sunday_a_days_of_week_goal_is_still_in_progress():
    five_days = action("minutes", 20, "day", days=5)
    done = {SUNDAY - timedelta(days=n): 20 for n in range(7, 14)}  # last week: every day
    done.update({SUNDAY - timedelta(days=n): 20 for n in range(1, 5)})  # this week: four
    h = history(done)
    assert streak(five_days, h, SUNDAY).current == 1
    assert day_state(five_days, h, SUNDAY, SUNDAY) == "open"
    assert streak(five_days, history({**done, SUNDAY: 20}), SUNDAY).current == 2


def test_on_the_last_day_of_a_month_an_unmet_month_is_still_in_progress():
    monthly = action("count", 4, "month")
    h = history({date(2026, 9, 10): 4, date(2026, 10, 10): 4, date(2026, 11, 29): 3})
    assert streak(monthly, h, MONTH_END).current == 2
    assert streak(monthly, h, MONTH_END + timedelta(days=1)).current == 0


def test_sunday_that_ends_a_month_ends_both_periods():
    weekly, monthly = action("check", 2, "week"), action("check", 4, "month")
    april = {date(2026, 4, n): 1 for n in range(1, 5)}
    h = history({**april, date(2026, 5, 18): 1, date(2026, 5, 19): 1, date(2026, 5, 25): 1})
    assert streak(weekly, h, SUNDAY_MONTH_END).current == 1  # the week before; this one open
    assert streak(monthly, h, SUNDAY_MONTH_END).current == 1  # April; May (3 of 4) still open
    assert streak(weekly, h, SUNDAY_MONTH_END + timedelta(days=1)).current == 0
    assert streak(monthly, h, SUNDAY_MONTH_END + timedelta(days=1)).current == 0


def test_status_on_a_sunday_counts_the_whole_week(run, clock):
    clock.value = datetime(2026, 11, 29, 20, 0, tzinfo=timezone.utc)
    for n in range(23, 30):
        run("log", "compliment", "--day", f"2026-11-{n}")
    status = run("status", "--json").json()
    assert status["week"] == {"start": "2026-11-23", "end": "2026-11-29"}
    assert status["connected_days"]["this_week"] == 7


# -- edge cases hypothesis finds only sometimes, as examples -----------------------------------

def test_an_ended_streak_has_current_0_and_remembers_its_best():
    daily = action()
    h = history({d: 1 for d in (SUNDAY - timedelta(days=n) for n in range(5, 11))})
    s = streak(daily, h, SUNDAY)
    assert (s.current, s.best) == (0, 6)


def test_a_fully_rested_week_with_entries_counts_as_met():
    weekly = action("count", 3, "week")
    monday = SUNDAY - timedelta(days=13)
    rests = [monday + timedelta(days=n) for n in range(7)]
    h = history({monday + timedelta(days=2): 1, SUNDAY - timedelta(days=3): 3}, rest_all=rests)
    progress = period_progress(weekly, h, monday, monday + timedelta(days=6), SUNDAY)
    assert (progress.target, progress.met, progress.neutral) == (0, True, False)
    assert streak(weekly, h, SUNDAY).current == 2  # the rested week with a talk adds one


def test_a_fully_rested_week_without_entries_is_neutral_and_bridges():
    weekly = action("count", 3, "week")
    monday = SUNDAY - timedelta(days=13)
    h = history({monday - timedelta(days=1): 3, SUNDAY - timedelta(days=3): 3},
                rest_all=[monday + timedelta(days=n) for n in range(7)])
    progress = period_progress(weekly, h, monday, monday + timedelta(days=6), SUNDAY)
    assert (progress.target, progress.met, progress.neutral) == (0, True, True)
    assert streak(weekly, h, SUNDAY).current == 2  # bridged, not counted


def test_a_fractional_goal_is_rounded_before_ceil():
    # 18.6 × 25 / 31 is 15.000000000000002 in floating point; the month needs 15, not 16
    monthly = action("minutes", 18.6, "month")
    october = [date(2026, 10, n) for n in range(1, 7)]
    h = history({date(2026, 10, 20): 15}, rest_all=october)
    progress = period_progress(monthly, h, date(2026, 10, 1), date(2026, 10, 31), MONTH_END)
    assert (progress.target, progress.met) == (15, True)


def test_a_fractional_goal_rounds_up():
    weekly = action("count", 2.5, "week")
    monday = SUNDAY - timedelta(days=6)
    progress = period_progress(weekly, history({monday: 2}), monday, SUNDAY, SUNDAY)
    assert (progress.target, progress.met) == (3, False)


# -- durability: fsync of the file, then of the folder, in that order --------------------------

def test_every_save_syncs_the_file_before_the_rename_and_the_folder_after(store, monkeypatch):
    calls: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        target = os.readlink(f"/proc/self/fd/{fd}")
        calls.append(("fsync", "folder" if os.path.isdir(target) else Path(target).name))
        real_fsync(fd)

    def replace(src, dst) -> None:
        calls.append(("replace", Path(dst).name))
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "fsync", fsync)
    monkeypatch.setattr(storage.os, "replace", replace)
    operations.log(store, "compliment")
    saves = [i for i, call in enumerate(calls) if call == ("replace", "reconnect.json")]
    assert saves, calls
    for i in saves:
        assert calls[i - 1][0] == "fsync" and calls[i - 1][1].endswith(".tmp")
        assert calls[i + 1] == ("fsync", "folder")


# -- undo at the edges ----------------------------------------------------------------------------

def test_undoing_a_days_only_entry_leaves_no_empty_day_behind(run, db_path):
    run("log", "compliment", "--day", "2026-11-20")
    run("log", "compliment")
    run("undo")
    run("undo")
    data = orjson.loads(db_path.read_bytes())
    assert list(day_docs(data)) == [] and data["changes"] == {}


def test_undo_across_two_days_logged_at_the_same_moment(run, db_path):
    run("log", "compliment", "--day", "2026-11-24")
    run("log", "compliment", "--day", "2026-11-20")  # same clock, an earlier day, logged later
    assert "20 November" in run("undo").out
    assert [e["day"] for e in entries(db_path)] == ["2026-11-24"]


def test_two_entries_within_one_second_are_both_kept_and_undone_one_at_a_time(run, db_path, clock):
    run("log", "phone-down", "10")
    clock.value += timedelta(milliseconds=300)
    run("log", "phone-down", "15")
    assert sorted(e["amount"] for e in entries(db_path)) == [10, 15]
    assert "15 min" in run("undo").out
    assert [e["amount"] for e in entries(db_path)] == [10]


def test_undo_right_after_an_import_undoes_nothing_imported(store):
    _import(store, {store.today(): 3})
    assert operations.undo(store) is None
    assert [e.amount for e in store.day(store.today()).entries] == [3]


# -- control characters from the keyboard are refused in notes and prompts --------------------

@pytest.mark.parametrize("text", ["hi\x1b[2J", "bell\x07", "a\x00b", "\x9b31m"])
def test_a_note_with_control_characters_is_refused_and_changes_nothing(run, db_path, text):
    run("log", "compliment")
    before = db_path.read_bytes()
    r = run("log", "compliment", "--note", text)
    assert r.code == 1 and "control characters" in r.err
    with pytest.raises(BadInput, match="control characters"):
        operations.set_note(Store(db_path, now=Clock()), "compliment", text)
    assert db_path.read_bytes() == before


def test_a_prompt_with_control_characters_is_refused(run, db_path):
    run("log", "compliment")
    before = db_path.read_bytes()
    r = run("actions", "add", "Evening talk", "--kind", "check", "--prompt", "Ask\x1b]0;owned\x07")
    assert r.code == 1 and "control characters" in r.err
    with pytest.raises(BadInput, match="control characters"):
        Action(id="x", name="X", kind="check", goal=None, prompt="a\x1bb").validated()
    assert db_path.read_bytes() == before
