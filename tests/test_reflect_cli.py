"""docs/reflect.md from the shell: reflect, journal, summary, support, languages, Welcome back."""

from __future__ import annotations

from datetime import timedelta

import orjson
import pytest

from tracker.store.schema import REFLECTIONS, SCHEMA

GUILT = ("never", "fail", "missed", "behind", "should", "only ", "0 of", "broke")


@pytest.fixture
def started(run, db_path):
    assert run("log", "compliment").code == 0
    return db_path


def unchanged(run, db_path, *argv):
    """Run a command that must be refused: one line, exit 1, the file as it was."""
    before = db_path.read_bytes()
    result = run(*argv)
    assert result.code == 1, result.err
    assert result.err.startswith("reconnect: error: ") and result.err.count("\n") == 1
    assert db_path.read_bytes() == before
    return result.err


# -- the weekly reflection --------------------------------------------------------------------

def test_a_sunday_evening_check_in_from_the_shell(run, started):
    done = run("reflect", "--rating", "4", "--went-well", "A long walk on Sunday",
               "--appreciated", "You made soup when I was tired", "--need", "More evenings together",
               "--talk", "I feel far away when we both scroll; I'd like a phone basket")
    assert done.code == 0 and "Kept your reflection on the week of Monday 23 November 2026" in done.out
    data = run("reflect", "--json").json()
    assert list(data) == ["week", "rating", "went_well", "appreciated", "need", "talk", "talk_hint",
                          "trend", "support"]
    assert data["week"] == {"start": "2026-11-23", "end": "2026-11-29"}
    assert data["rating"] == 4 and data["need"] == "More evenings together"
    assert data["talk_hint"] is None and data["support"] is None
    assert data["trend"] == [{"week": "2026-11-23", "rating": 4}]
    shown = run("reflect").out
    assert "How connected did you feel this week? 4 of 5, close" in shown
    assert "You made soup when I was tired" in shown


def test_a_week_without_reflection_shows_nulls_and_needs_a_rating_first(run, started):
    data = run("reflect", "--json").json()
    assert {k: data[k] for k in ("rating", "went_well", "appreciated", "need", "talk", "talk_hint")} == dict.fromkeys(
        ("rating", "went_well", "appreciated", "need", "talk", "talk_hint"))
    assert "--rating" in unchanged(run, started, "reflect", "--need", "more time")


def test_setting_a_field_keeps_the_others_and_an_empty_one_clears_it(run, started):
    run("reflect", "--rating", "3", "--need", "time", "--talk", "You never ask")
    assert run("reflect", "--json").json()["talk_hint"] is not None
    run("reflect", "--went-well", "dinner", "--talk", "")
    data = run("reflect", "--json").json()
    assert (data["rating"], data["need"], data["went_well"], data["talk"]) == (3, "time", "dinner", None)


def test_a_past_week_can_be_reflected_on_and_is_its_own_record(run, started, db_path):
    run("reflect", "--week", "2026-11-18", "--rating", "2")
    run("reflect", "--rating", "5")
    past = run("reflect", "--week", "-7", "--json").json()
    assert past["week"]["start"] == "2026-11-16" and past["rating"] == 2
    assert past["trend"] == [{"week": "2026-11-16", "rating": 2}]
    stored = orjson.loads(db_path.read_bytes())[REFLECTIONS]
    assert sorted(doc["id"] for doc in stored.values()) == ["2026-11-16", "2026-11-23"]


@pytest.mark.parametrize("argv", [
    ("reflect", "--rating", "0"),
    ("reflect", "--rating", "6"),
    ("reflect", "--rating", "4", "--week", "2026-11-30"),  # next week has not started
    ("reflect", "--rating", "4", "--need", "x" * 2001),
    ("reflect", "--rating", "4", "--talk", "I feel \x1b[31mred"),
    ("reflect", "--rating", "4", "--went-well", "tab\there"),
    ("journal", "Quiet day", "--feeling", "angry"),
    ("journal", "From the future", "--day", "2026-11-27"),
    ("journal", "y" * 2001),
    ("journal", "bell\x07"),
    ("journal", "   "),
    ("actions", "edit", "compliment", "--languages", "hugs"),
    ("actions", "add", "Dance", "--kind", "check", "--languages", "time,dance"),
    ("settings", "--partner-languages", "cuddles"),
])
def test_bad_input_changes_nothing(run, started, argv):
    run("reflect", "--rating", "3")  # so that edits have something to change
    unchanged(run, started, *argv)


def test_week_changing_to_sunday_keeps_a_reflection_in_its_week(run, started):
    run("reflect", "--rating", "4")  # id 2026-11-23, a Monday
    run("settings", "--week-start", "sunday")
    data = run("reflect", "--json").json()  # the week of Sunday 22 holds Monday 23
    assert data["week"]["start"] == "2026-11-22" and data["rating"] == 4
    run("reflect", "--need", "sleep")  # editing it keeps the record it was
    assert run("reflect", "--json").json()["need"] == "sleep"


# -- the journal ------------------------------------------------------------------------------

def test_journal_pages_are_listed_newest_first(run, started, clock):
    run("journal", "Felt close at breakfast", "--feeling", "close", "--day", "yesterday")
    clock.value += timedelta(minutes=5)
    run("journal", "Two lines\nabout today")
    pages = run("journal", "--list", "--json").json()
    assert [list(p) for p in pages] == [["id", "day", "at", "text", "feeling"]] * 2
    assert [(p["day"], p["text"], p["feeling"]) for p in pages] == [
        ("2026-11-25", "Two lines\nabout today", None),
        ("2026-11-24", "Felt close at breakfast", "close")]
    assert [p["day"] for p in run("journal", "--list", "--day", "yesterday", "--json").json()] == ["2026-11-24"]
    assert "  about today" in run("journal").out


# -- undo, export, import ---------------------------------------------------------------------

def test_undo_steps_back_a_reflection_edit_and_a_journal_page(run, started):
    run("reflect", "--rating", "3")
    run("reflect", "--rating", "4", "--need", "time")
    run("journal", "hello")
    assert "journal page of Wednesday 25 November 2026" in run("undo").out
    assert run("journal", "--list", "--json").json() == []
    assert "reflection on the week of Monday 23 November 2026" in run("undo").out
    data = run("reflect", "--json").json()
    assert (data["rating"], data["need"]) == (3, None)
    run("undo")
    assert run("reflect", "--json").json()["rating"] is None


def test_reflections_and_journal_come_back_after_export_and_import(run, started, tmp_path):
    run("reflect", "--rating", "4", "--appreciated", "your laugh")
    run("journal", "a quiet evening", "--feeling", "calm")
    exported = tmp_path / "export.json"
    run("export", "--output", str(exported))
    other = tmp_path / "other.json"
    assert "Brought in 1 weekly reflection and 1 journal page" in run("import", str(exported), db=other).out
    assert run("reflect", "--json", db=other).json() == run("reflect", "--json").json()
    assert run("journal", "--list", "--json", db=other).json() == run("journal", "--list", "--json").json()
    again = run("import", str(exported), db=other)
    assert "Brought in" not in again.out
    assert run("undo", db=other).code == 1  # imported history is not undone


def test_import_keeps_the_later_version_of_each_record(run, started, tmp_path, clock):
    run("reflect", "--rating", "2", "--need", "old")
    exported = tmp_path / "export.json"
    run("export", "--output", str(exported))
    clock.value += timedelta(hours=1)
    run("reflect", "--need", "newer here")
    run("import", str(exported))  # the export's version is older: it does not win
    assert run("reflect", "--json").json()["need"] == "newer here"
    other = tmp_path / "other.json"
    run("import", str(exported), db=other)
    run("export", "--output", str(exported))
    run("import", str(exported), db=other)  # now the newer one arrives
    assert run("reflect", "--json", db=other).json()["need"] == "newer here"


# -- languages --------------------------------------------------------------------------------

def test_languages_in_status_and_week_and_the_weeks_balance(run, started):
    run("actions", "add", "Long hug", "--kind", "check", "--per", "week", "--amount", "3",
        "--languages", "touch")
    run("actions", "edit", "really-feeling", "--languages", "words,time")
    run("log", "really-feeling")
    run("log", "really-feeling", "--day", "monday")
    run("log", "compliment", "--day", "monday")
    run("log", "long-hug")
    status = {a["id"]: a["languages"] for a in run("status", "--json").json()["actions"]}
    assert status["long-hug"] == ["touch"] and status["really-feeling"] == ["words", "time"]
    week = run("week", "--json").json()
    assert week["language_balance"] == {"words": 4, "time": 2, "service": 0, "gifts": 0, "touch": 1}
    run("actions", "edit", "long-hug", "--languages", "none")
    assert run("week", "--json").json()["language_balance"]["touch"] == 0


def test_an_action_added_by_a_catalogue_name_gets_its_languages(run, started):
    run("actions", "add", "Small surprise", "--kind", "check", "--per", "week", "--amount", "1")
    shown = {a["id"]: a["languages"] for a in run("actions", "--json").json()}
    assert shown["small-surprise"] == ["gifts"]


def test_the_partners_languages_bring_a_quiet_suggestion(run, started):
    run("settings", "--partner-languages", "touch")
    run("reflect", "--rating", "4")
    assert "They feel loved through touch: a 20-second hug?" in run("reflect").out
    run("settings", "--partner-languages", "words")  # a compliment was logged
    assert "They feel loved" not in run("reflect").out
    assert "partner_languages = words" in run("settings").out


# -- summary ----------------------------------------------------------------------------------

def test_the_summary_shares_only_what_was_chosen(run, started):
    run("log", "phone-down", "40")
    run("log", "phone-down", "30", "--day", "monday", "--note", "the park")
    run("reflect", "--rating", "2", "--went-well", "Monday in the park", "--talk", "Sundays")
    run("journal", "private thoughts")
    text = run("summary").out
    assert text.startswith("# Our week: Monday 23 November 2026 to Sunday 29 November 2026\n")
    assert "Connected days: 2 of 7 (2 in all)." in text
    assert "- Phone-down time: 2 of 5 days" in text
    assert "- Heartfelt compliment: 1 of 7 this week" in text
    assert "- Real conversation: room to grow" in text
    assert "## What went well between us\n\n> Monday in the park" in text
    assert "## Something I'd like to talk about\n\n> Sundays" in text
    assert "appreciated" not in text and "need more" not in text  # not written
    assert "2 of 5" not in text.replace("2 of 5 days", "") and "private" not in text
    assert "the park" not in text.replace("Monday in the park", "")
    for word in GUILT:
        assert word not in text.lower()
    assert "\x1b" not in text
    everything = run("summary", "--with-rating", "--with-journal", "--with-notes").out
    assert "How connected I felt: 2 of 5 (a little distant)." in everything
    assert "> private thoughts" in everything
    assert "Monday 23 November 2026, Phone-down time: the park" in everything


def test_a_day_goal_with_no_day_met_yet_is_never_a_zero(run, started):
    run("log", "phone-down", "25")  # a day's goal is 30: logged, but no day met
    text = run("summary").out
    assert "- Phone-down time: 25 min this week, room to grow" in text
    assert "0 of" not in text


def test_the_summary_offers_the_i_feel_shape_to_the_writer_only(run, started):
    run("reflect", "--rating", "3", "--talk", "you never listen", "--appreciated", "how they cooked")
    done = run("summary")
    assert "> you never listen" in done.out and "I feel" not in done.out
    assert done.err.startswith("reconnect: before you share it") and "I feel" in done.err
    assert "## Something I appreciated\n\n> how they cooked" in done.out  # not "about you"


def test_a_past_week_is_named_by_its_dates_and_more_than_the_goal_reads_as_met(run, started):
    for day in range(4, 9):  # Tuesday 17 to Saturday 21 November, twice each
        run("log", "compliment", "--day", f"-{day}")
        run("log", "compliment", "--day", f"-{day}")
    text = run("summary", "--week", "-7").out
    assert text.startswith("# Our week: Monday 16 November 2026 to Sunday 22 November 2026")
    assert "- Heartfelt compliment: 10 that week, the goal of 7 met" in text
    assert "this week" not in text


def test_summary_of_a_past_week_to_a_file(run, started, tmp_path):
    out = tmp_path / "week.md"
    done = run("summary", "--week", "-7", "--output", str(out))
    assert done.code == 0 and "to " + str(out) in done.out
    assert out.read_text().startswith("# Our week: Monday 16 November 2026")
    assert unchanged(run, started, "summary", "--output", str(started))


# -- care -------------------------------------------------------------------------------------

def test_support_after_three_hard_weeks_and_off_for_good(run, started):
    run("reflect", "--week", "-14", "--rating", "2")
    run("reflect", "--week", "-7", "--rating", "1")
    assert run("reflect", "--json").json()["support"] is None
    run("reflect", "--rating", "2")
    support = run("reflect", "--json").json()["support"]
    assert "therapist" in support and "emergency services first" in support
    assert "Gottman Referral Network" in support and "doctor" in support
    assert support in run("reflect").out
    assert run("support").out.strip() == support
    run("settings", "--support", "off")
    assert run("reflect", "--json").json()["support"] is None
    assert run("support").out.strip() == support  # any time
    assert "support           = off" in run("settings").out


def test_support_on_demand_says_only_what_fits_the_weeks_there_are(run, started):
    assert "far apart" not in run("support").out  # no week reflected yet
    run("reflect", "--rating", "4")
    text = run("support").out
    assert "far apart" not in text and "therapist" in text and text.startswith("Whenever it would help")


# -- welcome back -----------------------------------------------------------------------------

def test_welcome_back_after_a_quiet_week_and_nothing_about_the_gap(run, started, clock):
    clock.value += timedelta(days=6)
    assert "Welcome back" not in run("log", "compliment").out
    clock.value += timedelta(days=7)
    first = run("log", "phone-down", "20")
    assert first.out.startswith("Welcome back.\n")
    assert "days" not in first.out.split("\n")[0]
    assert "Welcome back" not in run("log", "compliment").out


def test_schema_2_file_is_migrated_with_a_backup_and_tagged(run, db_path, store):
    from tracker.store.schema import migrate

    data = migrate({}, target=2)
    for doc in data["actions"].values():
        doc["languages"] = []
    del data["settings"]["1"]["partner_languages"], data["settings"]["1"]["support"]
    old = orjson.dumps(data)
    db_path.write_bytes(old)
    assert run("reflect", "--rating", "4").code == 0
    now = orjson.loads(db_path.read_bytes())
    assert now["_meta"]["1"]["schema"] == SCHEMA
    assert {doc["id"]: doc["languages"] for doc in now["actions"].values()}["compliment"] == ["words"]
    assert now["settings"]["1"]["partner_languages"] == [] and now["settings"]["1"]["support"] is True
    assert store.backups.before_schema(2).read_bytes() == old


def test_a_damaged_journal_is_named_by_check(run, started, db_path):
    run("journal", "hello")
    raw = db_path.read_bytes()  # edited in place: the file keeps its one-table-a-line layout
    assert raw.count(b'"feeling":null') == 1
    db_path.write_bytes(raw.replace(b'"feeling":null', b'"feeling":"furious"'))
    checked = run("check")
    assert checked.code == 3 and "a journal page" in checked.err
    assert run("journal", "--list").code == 3
    assert run("status").code == 0  # a command that does not read the journal works on
