"""Operations the CLI and the app share, beyond logging (tested once, here)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.helpers import Clock
from tracker.domain.model import Action, Goal
from tracker.errors import BadInput
from tracker.operations import everyday as operations
from tracker.operations import typed_input
from tracker.store.store import Store


def test_toggle_rest_sets_then_lifts_and_undo_steps_back_each(store):
    today = store.today()
    assert operations.toggle_rest(store, "compliment") is True
    assert [r.action for r in store.day(today).rests] == ["compliment"]
    assert operations.toggle_rest(store, "compliment") is False
    assert store.day(today).rests == []
    assert operations.toggle_rest(store, None) is True
    assert [r.action for r in store.day(today).rests] == [None]
    assert "lifting" not in operations.undo(store).describe()
    assert store.day(today).rests == []


def test_built_ins_available_leaves_out_what_is_enabled_even_archived(store):
    before = {a.id for a in operations.built_ins_available(store)}
    assert "thanks" in before and "compliment" not in before
    operations.enable_built_in(store, "thanks")
    operations.set_archived(store, "thanks", True)
    after = {a.id for a in operations.built_ins_available(store)}
    assert after == before - {"thanks"}


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("20", "minutes", 20), (" 1h30 ", "minutes", 90), ("1H", "minutes", 60), ("45m", "minutes", 45),
    ("45min", "minutes", 45), ("1h05m", "minutes", 65), ("2,5", "minutes", 2.5), ("h30", "minutes", 30),
    ("3", "count", 3), ("2.0", "count", 2), ("1,5", "count", 1.5),
])
def test_amounts_as_typed(text, kind, value):
    parsed = typed_input.parse_amount(text, kind)
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize(("text", "kind"), [("1h30", "count"), ("m", "minutes"), ("ten", "count"),
                                            ("", "count"), ("1h30h", "minutes")])
def test_amounts_that_are_not_refused_with_the_text(text, kind):
    with pytest.raises(BadInput, match="is not an amount"):
        typed_input.parse_amount(text, kind)


@pytest.mark.parametrize(("kind", "amount", "per", "days", "goal"), [
    ("check", None, None, None, Goal(1, "day", 7)),
    ("count", None, "day", 4, Goal(1, "day", 4)),
    ("minutes", None, None, None, Goal(15, "day", 7)),
    ("minutes", 60, "week", None, Goal(60, "week", 7)),
    ("count", 2.0, "month", None, Goal(2, "month", 7)),
    ("check", None, "none", None, None),
])
def test_goals_from_options(kind, amount, per, days, goal):
    made = typed_input.make_goal(kind, amount, per, days)
    assert made == goal
    if made is not None:
        assert type(made.amount) is int


def test_settings_change_one_at_a_time_and_refuse_what_is_not_a_setting(store):
    assert operations.change_settings(store, day_start=0).day_start == 0
    changed = operations.change_settings(store, week_start="sunday")
    assert (changed.day_start, changed.week_start) == (0, "sunday")
    assert (store.settings().day_start, store.settings().week_start) == (0, "sunday")
    assert operations.change_settings(store, day_start=12).day_start == 12
    for bad in ({"day_start": -1}, {"day_start": 13}, {"week_start": "tuesday"}):
        with pytest.raises(BadInput):
            operations.change_settings(store, **bad)
    assert "settings" in operations.undo(store).describe()
    assert store.settings().day_start == 0


def test_a_rest_day_is_kept_with_its_note_source_and_time(store, clock):
    rested = operations.rest(store, "compliment", note="travelling", source="app")
    [marker] = store.day(store.today()).rests
    assert rested.rest == marker and rested.action.id == "compliment"
    assert (marker.action, marker.note, marker.source) == ("compliment", "travelling", "app")
    assert marker.at.startswith("2026-11-25T20:00:00")
    again = operations.rest(store, "compliment")
    assert again.rest is None  # already resting: nothing new
    yesterday = store.today() - timedelta(days=1)
    operations.rest(store, None, day=yesterday)
    assert operations.rest(store, "phone-down", day=yesterday).rest is None  # all rest already
    assert "the rest day for all actions on" in operations.undo(store).describe()


def test_actions_are_added_at_the_end_edited_and_archived_in_place(store):
    added = operations.add_action(store, Action(id="", name="Walk together", kind="minutes",
                                                goal=Goal(20, "day", 3)))
    assert (added.id, added.position) == ("walk-together", 5)
    assert [a.id for a in store.actions()][-1] == "walk-together"
    with pytest.raises(BadInput, match="already an action with the id 'walk-together'"):
        operations.add_action(store, Action(id="walk-together", name="Again", kind="check", goal=None))
    edited = operations.edit_action(store, "walk-together", name="Walk, together")
    assert (edited.id, edited.position, edited.goal) == ("walk-together", 5, Goal(20, "day", 3))
    archived = operations.set_archived(store, "walk-together", True)
    assert archived.archived and store.actions()[-1].archived
    assert "archiving Walk, together" in operations.undo(store).describe()
    assert not store.actions()[-1].archived
    back = operations.set_archived(store, "walk-together", False)
    assert not back.archived


def test_a_note_goes_on_the_days_latest_entry_of_the_action(store):
    operations.log(store, "compliment")
    operations.log(store, "phone-down", 10)
    second = operations.log(store, "compliment").entry
    noted = operations.set_note(store, "compliment", "  her laugh  ")
    assert (noted.id, noted.note) == (second.id, "her laugh")
    notes = [(e.action, e.note) for e in Store(store.path, now=Clock()).day(store.today()).entries]
    assert notes == [("compliment", None), ("phone-down", None), ("compliment", "her laugh")]
    with pytest.raises(BadInput, match="log Real conversation first"):
        operations.set_note(store, "conversation", "x")


def test_decrease_shrinks_the_latest_entries_first_keeping_their_ids(store):
    first = operations.log(store, "phone-down", 10).entry
    second = operations.log(store, "phone-down", 15).entry
    operations.log(store, "compliment")
    assert operations.decrease(store, "phone-down", 5) == 5
    phone = [(e.id, e.amount) for e in store.day(store.today()).entries if e.action == "phone-down"]
    assert phone == [(first.id, 10), (second.id, 10)]
    assert operations.decrease(store, "phone-down", 12) == 12  # all of the second, 2 of the first
    left = [(e.id, e.amount) for e in store.day(store.today()).entries if e.action == "phone-down"]
    assert left == [(first.id, 8)]
    assert "taking 12 min off Phone-down time" in operations.undo(store).describe()
    assert operations.decrease(store, "phone-down", 100) == 20  # never below zero
    assert [e.action for e in store.day(store.today()).entries] == ["compliment"]
    assert operations.decrease(store, "phone-down", 5) == 0
    assert type(operations.decrease(store, "compliment", 1)) is int


def test_decrease_on_a_check_removes_the_days_check(store):
    operations.log(store, "really-feeling")
    assert operations.decrease(store, "really-feeling", 1) == 1
    assert store.day(store.today()).entries == []


def test_move_action_reorders_within_active_or_archived_and_stops_at_the_ends(store):
    ids = lambda: [a.id for a in store.actions()]  # noqa: E731
    start = ids()
    assert [a.id for a in operations.move_action(store, "compliment", -1)] == [
        "phone-down", "compliment", "really-feeling", "conversation", "check-in"]
    operations.move_action(store, "compliment", -5)
    assert ids()[0] == "compliment"
    operations.move_action(store, "compliment", 9)
    assert ids()[-1] == "compliment"
    assert [a.position for a in store.actions()] == [0, 1, 2, 3, 4]
    operations.set_archived(store, "phone-down", True)
    operations.set_archived(store, "conversation", True)
    operations.move_action(store, "conversation", -1)  # among the archived, which stay last
    assert ids()[-2:] == ["conversation", "phone-down"]
    assert [a.archived for a in store.actions()] == [False, False, False, True, True]
    assert "moving Real conversation" in operations.undo(store).describe()
    assert ids()[-2:] == ["phone-down", "conversation"]
    assert sorted(start) == sorted(ids())


@pytest.mark.parametrize(("call", "domain", "cli"), [
    (lambda s: typed_input.make_goal("check", 2, "none", None),
     "no goal takes no amount and no days", "--per none takes no --amount and no --days"),
    (lambda s: typed_input.make_goal("count", 2, "week", 3),
     "days only applies to a goal per day", "--days only applies to a goal per day"),
    (lambda s: operations.change_settings(s, day_start=13),
     "the day's start is an hour from 0 to 12", "--day-start is an hour from 0 to 12"),
    (lambda s: operations.change_settings(s, week_start="friday"),
     "weeks start on monday or sunday", "weeks start on monday or sunday"),
])
def test_refusals_say_exactly_what_is_wrong_in_each_fronts_words(store, call, domain, cli):
    from tracker.cli.parser import FLAGS

    with pytest.raises(BadInput) as raised:
        call(store)
    assert (str(raised.value), raised.value.worded(FLAGS)) == (domain, cli)


def test_weeks_may_start_on_monday_again(store):
    operations.change_settings(store, week_start="sunday")
    assert operations.change_settings(store, week_start="monday").week_start == "monday"
    assert operations.undo(store).describe() == "Undid the change to the settings."


def test_lifting_a_rest_day_says_for_whom_and_only_lifts_what_is_there(store):
    yesterday = store.today() - timedelta(days=1)
    assert operations.remove_rest(store, None) is False
    operations.rest(store, None, day=yesterday)
    assert operations.remove_rest(store, "compliment", day=yesterday) is False  # it is for all
    assert operations.remove_rest(store, None, day=yesterday) is True
    assert store.day(yesterday).rests == []
    assert operations.undo(store).describe() == "Undid lifting the rest day for all actions on Tuesday 24 November 2026."
    operations.remove_rest(store, None, day=yesterday)
    operations.rest(store, "compliment")
    assert operations.remove_rest(store, "compliment") is True
    assert "lifting the rest day for Heartfelt compliment on Wednesday" in operations.undo(store).describe()


def test_toggle_rest_on_another_day_is_marked_as_from_the_app(store):
    yesterday = store.today() - timedelta(days=1)
    assert operations.toggle_rest(store, "compliment", day=yesterday) is True
    [marker] = store.day(yesterday).rests
    assert (marker.action, marker.source) == ("compliment", "app")
    assert store.day(store.today()).rests == []
    assert operations.toggle_rest(store, "compliment", day=yesterday) is False
    assert store.day(yesterday).rests == []


def test_a_rest_day_from_the_cli_and_one_already_covered(store):
    operations.rest(store, None)
    assert store.day(store.today()).rests[0].source == "cli"
    again = operations.rest(store, "compliment")
    assert again.rest is None and again.action.id == "compliment"
    with pytest.raises(BadInput, match="^a note is at most 2000 characters$"):
        operations.rest(store, "compliment", note="x" * 2001)
    with pytest.raises(BadInput, match="^a note is at most 2000 characters$"):
        operations.set_note(store, "compliment", "x" * 2001)


def test_a_note_finds_the_actions_entry_behind_others(store):
    operations.log(store, "compliment")
    operations.log(store, "phone-down", 10)
    assert operations.set_note(store, "compliment", "first of the day").note == "first of the day"


@pytest.mark.parametrize("text", ["nan", "inf", "-inf"])
def test_not_a_number_typed_is_refused_before_anything_is_saved(store, text):
    with pytest.raises(BadInput):
        operations.log(store, "phone-down", text)
    assert not store.path.exists()


def test_taking_off_exactly_an_entrys_amount_removes_it(store):
    operations.log(store, "phone-down", 10)
    kept = operations.log(store, "phone-down", 20).entry
    operations.log(store, "phone-down", 10)
    assert operations.decrease(store, "phone-down", 10) == 10
    assert [(e.id, e.amount) for e in store.day(store.today()).entries][1:] == [(kept.id, 20)]
    assert all(e.amount > 0 for e in store.day(store.today()).entries)


def test_a_name_whose_id_is_taken_gets_a_numbered_id(store):
    assert operations.add_action(store, Action(id="", name="Compliment", kind="count", goal=None)).id == "compliment-2"


def test_edits_archives_and_built_ins_say_what_they_did_or_why_not(store):
    operations.log(store, "compliment")
    with pytest.raises(BadInput) as raised:
        operations.edit_action(store, "compliment", kind="minutes")
    assert str(raised.value) == ("Heartfelt compliment already has entries, so its kind stays count; "
                                 "add a new action instead")
    operations.edit_action(store, "compliment", name="Sincere compliment")
    assert operations.undo(store).describe() == "Undid the change to Sincere compliment."
    operations.set_archived(store, "compliment", True)
    operations.set_archived(store, "compliment", False)
    assert operations.undo(store).describe() == "Undid bringing back Heartfelt compliment."
    with pytest.raises(BadInput) as raised:
        operations.enable_built_in(store, "nope")
    assert str(raised.value) == "no built-in action 'nope'; `reconnect actions catalogue` lists them"
    operations.enable_built_in(store, "thanks")
    with pytest.raises(BadInput) as raised:
        operations.enable_built_in(store, "thanks")
    assert str(raised.value) == "Specific thanks is already one of your actions"
