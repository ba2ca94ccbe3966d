"""Every branch of the file's check (tracker/store/validation.py), fed the bad shape it is
for: each table, each field, one bad record among good ones before and after it (so that a check
that stops at the first bad record, or skips the rest, fails here), and each boundary from both
sides."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from tracker.store.problems import Problem
from tracker.store.schema import DELETED, JOURNAL, REFLECTIONS, SCHEMA, new_data
from tracker.store.validation import inspect, repair_in_place

DAY = date(2026, 11, 25)
STAMP = "2026-11-25T20:00:00.000+01:00"


def good() -> dict:
    """A valid file: the starters, three days of entries and rest days, a reflection, a journal
    page, a removal marker."""
    data = new_data()
    for n, day in enumerate((date(2026, 11, 23), DAY, date(2026, 11, 26))):
        data.setdefault("days-2026", {})[str(day.toordinal())] = {
            "day": day.isoformat(),
            "entries": [{"id": f"e{n}", "action": "compliment", "amount": 1, "at": STAMP, "source": "cli",
                         "updated_at": STAMP}],
            "rests": [{"id": f"r{n}", "action": None, "at": STAMP, "source": "cli", "updated_at": STAMP}],
        }
    data[REFLECTIONS] = {str(date(2026, 11, 23).toordinal()): {
        "id": "2026-11-23", "rating": 4, "went_well": "dinner", "appreciated": None, "need": None,
        "talk": None, "updated_at": STAMP}}
    data[JOURNAL] = {"1": {"id": "p1", "day": "2026-11-25", "at": STAMP, "text": "calm", "feeling": "calm",
                           "updated_at": STAMP}}
    data[DELETED] = {"1": {"table": "entries", "id": "gone", "deleted_at": STAMP}}
    return data


def problems(data: dict) -> list[str]:
    version, found = inspect(data)
    assert version == SCHEMA
    return [p.text for p in found]


def test_the_good_file_has_no_problem():
    assert problems(good()) == []


def middle_day(data: dict) -> dict:
    return data["days-2026"][str(DAY.toordinal())]


# -- entries and rest days: every field, in the middle of good ones ------------------------------

ENTRY_BREAKS = {
    "amount text": ("amount", "1"), "amount zero": ("amount", 0), "amount negative": ("amount", -1),
    "amount at the bound": ("amount", 1e9), "amount a bool": ("amount", True),
    "id not text": ("id", 7), "action not text": ("action", None), "at not text": ("at", 5),
    "source not text": ("source", 3), "updated_at not text": ("updated_at", 1),
    "note not text": ("note", 4), "note too long": ("note", "x" * 2001), "note with ESC": ("note", "a\x1bb"),
}


@pytest.mark.parametrize("name", ENTRY_BREAKS)
def test_each_bad_entry_field_is_found_among_good_entries(name):
    field, value = ENTRY_BREAKS[name]
    data = good()
    middle_day(data)["entries"].insert(0, {"id": "before", "action": "compliment", "amount": 2, "at": STAMP})
    middle_day(data)["entries"][1][field] = value
    middle_day(data)["entries"].append({"id": "after", "action": "compliment", "amount": 2, "at": STAMP})
    assert problems(data) == [f"an entry on {DAY} has the wrong shape"]


def test_an_entry_missing_a_field_is_found():
    for field in ("amount", "id", "action", "at"):
        data = good()
        del middle_day(data)["entries"][0][field]
        assert problems(data) == [f"an entry on {DAY} has the wrong shape"], field


def test_the_stored_amount_bound_from_both_sides():
    data = good()
    middle_day(data)["entries"][0]["amount"] = 1e9 - 1
    assert problems(data) == []
    middle_day(data)["entries"][0]["amount"] = 1e9
    assert problems(data) == [f"an entry on {DAY} has the wrong shape"]


REST_BREAKS = {"id": 7, "at": None, "action": 5, "updated_at": 2, "note": "\x9b"}


@pytest.mark.parametrize("field", REST_BREAKS)
def test_each_bad_rest_field_is_found(field):
    data = good()
    middle_day(data)["rests"][0][field] = REST_BREAKS[field]
    assert problems(data) == [f"a rest day on {DAY} has the wrong shape"]


def test_two_bad_days_are_both_found_not_only_the_first():
    data = good()
    for doc in data["days-2026"].values():
        doc["rests"][0]["id"] = 9
    assert len(problems(data)) == 3


def test_entries_and_rests_that_are_not_lists():
    for kind in ("entries", "rests"):
        data = good()
        middle_day(data)[kind] = {"not": "a list"}
        assert problems(data) == [f"the entries of {DAY} are not a list"], kind


def test_a_day_filed_in_the_wrong_place_or_before_1970():
    data = good()
    doc = data["days-2026"].pop(str(DAY.toordinal()))
    data["days-2026"]["1"] = doc
    assert problems(data) == ["day document 1 is filed in the wrong place"]
    data = good()
    data["days-1969"] = {str(date(1969, 12, 31).toordinal()): {"day": "1969-12-31", "entries": [], "rests": []}}
    assert problems(data) == ["day 1969-12-31 is before 1970-01-01"]
    data = good()
    middle_day(data)["day"] = "not a day"
    assert problems(data) == [f"day document {DAY.toordinal()} has no valid day"]


def test_an_id_used_on_two_days_is_found_and_repaired_everywhere():
    data = good()
    data["days-2026"][str(date(2026, 11, 26).toordinal())]["entries"][0]["id"] = "e0"  # the first day's
    found = inspect(data)[1]
    assert [p.text for p in found] == ["two entries or rest days share an id (on 2026-11-26)"]
    done = repair_in_place(data)
    assert done and problems(data) == []
    ids = [i["id"] for doc in data["days-2026"].values() for kind in ("entries", "rests") for i in doc[kind]]
    assert len(ids) == len(set(ids))


def test_a_rest_days_id_used_on_another_day_is_repaired_even_beside_days_without_a_list():
    data = good()
    days = data["days-2026"]
    days[str(date(2026, 11, 26).toordinal())]["rests"][0]["id"] = "r0"  # the first day's rest
    del days[str(DAY.toordinal())]["rests"]  # a list left out is an empty one
    del days[str(date(2026, 11, 23).toordinal())]["entries"]
    assert problems(data) == ["two entries or rest days share an id (on 2026-11-26)"]
    assert repair_in_place(data) == ["1 entry or rest day on 2026-11-26 got an id of its own"]
    ids = [i["id"] for doc in days.values() for kind in ("entries", "rests") for i in doc.get(kind, ())]
    assert len(ids) == len(set(ids)) == 4 and problems(data) == []
    # the day repaired may itself lack a list: a shared entry's id on a day without rest days,
    # a shared rest day's id on a day without entries
    for shared, missing in (("entries", "rests"), ("rests", "entries")):
        data = good()
        last = data["days-2026"][str(date(2026, 11, 26).toordinal())]
        last[shared][0]["id"] = "e0" if shared == "entries" else "r0"
        del last[missing]
        assert repair_in_place(data) == ["1 entry or rest day on 2026-11-26 got an id of its own"], shared
        assert problems(data) == []


# -- actions, settings, reflections, the journal, removal markers --------------------------------

def action_of(data: dict, action_id: str) -> dict:
    return next(doc for doc in data["actions"].values() if doc["id"] == action_id)


ACTION_BREAKS = {
    "kind": ("nonsense", "kind is 'nonsense', not check, count or minutes"),
    "name": ("\x1b[2J", "name"), "prompt": (5, "prompt is not valid"), "meaning": ("x" * 201, "meaning is not valid"),
    "languages": (["hugs"], "languages ['hugs'] are not"), "archived": ("yes", "archived is 'yes'"),
    "position": ("1", "position is '1'"), "origin": ("a\x00b", "origin is not plain text"),
    "updated_at": (3, "updated_at is not a time"), "goal": ({"amount": 0, "per": "day"}, "goal"),
}


@pytest.mark.parametrize("field", ACTION_BREAKS)
def test_each_bad_action_field_is_found_and_the_actions_after_it_are_checked(field):
    value, words = ACTION_BREAKS[field]
    data = good()
    action_of(data, "really-feeling")[field] = value  # the second action of five
    action_of(data, "check-in")["archived"] = "no"  # and one after it
    found = problems(data)
    assert len(found) == 2 and words in found[0] and "'check-in': archived" in found[1], found


LABEL = "action 'really-feeling'"
ACTION_REPAIRS = [  # (field, bad value, the problem's words, what check --repair leaves)
    ("name", "\x1b[2J", "name '\\x1b[2J' is not valid (a name cannot hold control characters)", "[2J"),
    ("name", 7, "name 7 is not valid (a name cannot be empty)", "really-feeling"),
    ("prompt", "Put\x07 phones away", "prompt is not valid (a prompt cannot hold control characters)",
     "Put phones away"),
    ("prompt", 5, "prompt is not valid (not text)", None),
    ("meaning", ["a list"], "meaning is not valid (not text)", None),
    ("languages", ["hugs", "touch"], "languages ['hugs', 'touch'] are not words, time, touch, service, gifts",
     ["touch"]),
    ("languages", "touch", "languages 'touch' are not words, time, touch, service, gifts", []),
    ("archived", "yes", "archived is 'yes', not true or false", False),
    ("position", "1", "position is '1', not a whole number", 1),
    ("origin", "a\x00b", "origin is not plain text", None),
    ("updated_at", 3, "updated_at is not a time", "1970-01-01T00:00:00.000+00:00"),
]


@pytest.mark.parametrize(("field", "value", "words", "repaired"), ACTION_REPAIRS)
def test_each_bad_action_field_is_said_exactly_and_repaired_in_place(field, value, words, repaired):
    data = good()
    action_of(data, "really-feeling")[field] = value
    assert problems(data) == [f"{LABEL}: {words}"]
    done = repair_in_place(data)
    assert done == [f"{LABEL}: {field} was set to {repaired!r}"]
    assert action_of(data, "really-feeling")[field] == repaired and problems(data) == []


def test_action_ids_two_alike_and_bad():
    data = good()
    action_of(data, "compliment")["id"] = "phone-down"
    assert problems(data) == ["two actions have the id 'phone-down'"]
    data = good()
    action_of(data, "compliment")["id"] = "Not An Id"
    assert problems(data) == ["an action has the id 'Not An Id', not a-z, 0-9 and hyphens"]


SETTING_BREAKS = {"day_start": 44, "week_start": "friday", "partner_languages": ["hugs"], "support": "yes"}


@pytest.mark.parametrize("field", SETTING_BREAKS)
def test_each_bad_setting_is_found_and_reset_in_place(field):
    data = good()
    data["settings"]["1"][field] = SETTING_BREAKS[field]
    found = problems(data)
    assert len(found) == 1 and found[0].startswith(f"settings: {field} is")
    assert repair_in_place(data) and problems(data) == []


def test_a_settings_document_without_week_start_is_not_damage():
    data = good()
    del data["settings"]["1"]["week_start"]
    assert problems(data) == []


def test_day_start_boundaries_from_both_sides():
    for hour, ok in ((0, True), (12, True), (-1, False), (13, False), (4.5, False), ("4", False)):
        data = good()
        data["settings"]["1"]["day_start"] = hour
        assert (problems(data) == []) == ok, hour


@pytest.mark.parametrize(("table", "field", "value"), [
    (REFLECTIONS, "rating", 6), (REFLECTIONS, "rating", 0), (REFLECTIONS, "rating", "4"),
    (REFLECTIONS, "talk", "a\x1b"), (REFLECTIONS, "updated_at", None), (REFLECTIONS, "id", "2026-11-24"),
    (JOURNAL, "text", None), (JOURNAL, "text", "x" * 2001), (JOURNAL, "feeling", "elated"),
    (JOURNAL, "day", "1969-12-31"), (JOURNAL, "at", 5),
])
def test_each_bad_reflection_or_journal_field_is_found(table, field, value):
    data = good()
    doc = next(iter(data[table].values()))
    doc[field] = value
    found = problems(data)
    assert len(found) == 1 and ("weekly reflection" if table == REFLECTIONS else "journal page") in found[0]


def test_reflection_ratings_at_their_bounds():
    for rating in (1, 5):
        data = good()
        next(iter(data[REFLECTIONS].values()))["rating"] = rating
        assert problems(data) == []


@pytest.mark.parametrize("marker", [
    {"id": "x", "deleted_at": STAMP},  # schema 5: a marker names its table
    {"table": "nonsense", "id": "x", "deleted_at": STAMP},
    {"table": "entries", "id": 5, "deleted_at": STAMP},
    {"table": "entries", "id": "x", "deleted_at": None},
])
def test_a_bad_removal_marker_is_found(marker):
    data = good()
    data[DELETED]["2"] = marker
    assert problems(data) == ["the list of removed records is damaged"]


GOOD_CHANGE = {"kind": "log", "action": "compliment", "day": "2026-11-25", "amount": 1}
ITEMS = [{"key": ["entries", "2026-11-25", "e1"], "before": None, "index": -1}]


@pytest.mark.parametrize("change", [
    {"what": "the sentence of schema 5"},  # (an older file's shape, in a schema 6 file)
    {"change": {**GOOD_CHANGE, "kind": "launch"}},
    {"change": {k: v for k, v in GOOD_CHANGE.items() if k != "day"}},
    {"change": {**GOOD_CHANGE, "note": "extra"}},
    {"change": {**GOOD_CHANGE, "day": "2026-13-01"}},
    {"change": {**GOOD_CHANGE, "amount": True}},
    {"change": {**GOOD_CHANGE, "amount": float("nan")}},
    {"change": {**GOOD_CHANGE, "amount": 1e9}},
    {"change": {**GOOD_CHANGE, "action": None}},  # only a rest day may be for every action
    {"change": {"kind": "words", "text": "Undid \x1b[2J everything"}},
    {"change": {"kind": "words", "text": "x" * 501}},
    {"change": {"kind": "reflection", "week": 20261123}},
])
def test_a_change_undo_could_not_word_or_undo_is_found(change):
    data = good()
    data["changes"] = {"1": {"change": GOOD_CHANGE, "items": ITEMS}, "2": {**change, "items": ITEMS},
                       "3": {"change": {"kind": "rest", "action": None, "day": "2026-11-25"}, "items": ITEMS}}
    assert problems(data) == ["the log of changes undo uses is damaged"]
    data["changes"].pop("2")
    assert problems(data) == []


def test_a_damaged_undo_log_is_emptied_without_losing_history():
    data = good()
    data["changes"] = {"1": {"what": 5}}
    assert problems(data) == ["the log of changes undo uses is damaged"]
    kept = copy.deepcopy({k: v for k, v in data.items() if k != "changes"})
    assert repair_in_place(data) and data["changes"] == {}
    assert {k: v for k, v in data.items() if k != "changes"} == kept


# -- what a mutation run found unguarded: exact words, both sides of each bound, each fix -------

def test_a_bad_action_id_does_not_stop_the_actions_after_it_being_checked():
    data = good()
    action_of(data, "compliment")["id"] = "Not An Id"
    action_of(data, "check-in")["position"] = "last"  # an action after it
    assert problems(data) == ["an action has the id 'Not An Id', not a-z, 0-9 and hyphens",
                              "action 'check-in': position is 'last', not a whole number"]


@pytest.mark.parametrize(("field", "value", "words", "repaired"), [
    ("day_start", 44, "day_start is 44, not an hour from 0 to 12", 4),
    ("day_start", "4", "day_start is '4', not an hour from 0 to 12", 4),
    ("week_start", "friday", "week_start is 'friday', not monday or sunday", "monday"),
    ("partner_languages", ["hugs"], "partner_languages is ['hugs'], not a list of words, time, touch, "
     "service, gifts", []),
    ("support", "yes", "support is 'yes', not true or false", True),
])
def test_each_bad_setting_is_said_exactly_and_reset(field, value, words, repaired):
    data = good()
    data["settings"]["1"][field] = value
    assert problems(data) == [f"settings: {words}"]
    assert repair_in_place(data) == [f"settings: {field} was reset to {repaired!r}"]
    assert data["settings"]["1"][field] == repaired and problems(data) == []


@pytest.mark.parametrize(("field", "value"), [("day_start", 0), ("day_start", 12), ("week_start", "sunday"),
                                              ("partner_languages", ["touch", "gifts"]), ("support", False)])
def test_each_setting_at_its_edge_is_fine(field, value):
    data = good()
    data["settings"]["1"][field] = value
    assert problems(data) == []


@pytest.mark.parametrize(("goal", "words", "repaired"), [
    ("5 a day", "goal '5 a day' is not an amount per day, week or month", None),
    ({"amount": "5", "per": "day"}, "goal {'amount': '5', 'per': 'day'} is not an amount per day, week or "
     "month", None),
    ({"amount": 5, "per": "year"}, "goal {'amount': 5, 'per': 'year'} is not an amount per day, week or "
     "month", None),
    ({"amount": 5, "per": "day", "days": 0}, "goal days is 0, not a whole number from 1 to 7",
     {"amount": 5, "per": "day", "days": 7}),
    ({"amount": 5, "per": "day", "days": 8}, "goal days is 8, not a whole number from 1 to 7",
     {"amount": 5, "per": "day", "days": 7}),
    ({"amount": 5, "per": "day", "days": "5"}, "goal days is '5', not a whole number from 1 to 7",
     {"amount": 5, "per": "day", "days": 7}),
    ({"amount": 5, "per": "week", "days": 9}, "goal days is 9, not a whole number from 1 to 7", None),
    ({"amount": 0, "per": "day"}, "goal {'amount': 0, 'per': 'day'} is not valid (a goal's amount must be a "
     "positive number)", None),
])
def test_each_bad_goal_is_said_exactly_and_fixed_or_removed(goal, words, repaired):
    """A daily goal with bad days gets its 7 days back; any other bad goal is removed."""
    data = good()
    action_of(data, "compliment")["goal"] = goal
    assert problems(data) == [f"action 'compliment': {words}"]
    said = ("goal days was reset to 7" if repaired else
            "its goal was removed (set one with `reconnect actions edit`)")
    assert repair_in_place(data) == [f"action 'compliment': {said}"]
    assert action_of(data, "compliment")["goal"] == repaired and problems(data) == []


@pytest.mark.parametrize("goal", [{"amount": 5, "per": "day", "days": 1}, {"amount": 5, "per": "day", "days": 7},
                                  {"amount": 2, "per": "month"}, {"amount": 2, "per": "week"}])
def test_each_goal_at_its_edge_is_fine(goal):
    data = good()
    action_of(data, "compliment")["goal"] = goal
    assert problems(data) == []


@pytest.mark.parametrize(("meta", "words"), [
    ({"1": {"schema": "6"}}, "its schema version '6' is not one Reconnect wrote"),
    ({"1": {"schema": 0}}, "its schema version 0 is not one Reconnect wrote"),
    ({"1": {"version": 6}}, "its schema version is unreadable"),
    ({}, "it has no schema version (is it a Reconnect data file?)"),
])
def test_a_schema_version_no_reconnect_wrote_is_said_exactly(meta, words):
    data = good()
    data["_meta"] = meta
    assert inspect(data) == (0, [Problem(words)])


def test_schema_1_is_a_version_reconnect_wrote():
    version, _ = inspect({"_meta": {"1": {"schema": 1}}, "settings": {}, "actions": {}})
    assert version == 1


def test_the_damage_named_first_says_how_many_more_and_whether_a_repair_in_place_can_fix_it(tmp_path):
    from tracker.errors import DataFileDamaged
    from tracker.store.validation import check_shape

    data = good()
    data["settings"]["1"]["support"] = "yes"
    with pytest.raises(DataFileDamaged) as one:
        check_shape(data, tmp_path / "r.json")
    assert str(one.value).endswith("is damaged: settings: support is 'yes', not true or false")
    assert one.value.repairable is True
    action_of(data, "compliment")["kind"] = "often"  # no fix in place for a kind
    data["settings"]["1"]["week_start"] = "friday"
    with pytest.raises(DataFileDamaged) as three:
        check_shape(data, tmp_path / "r.json")
    assert str(three.value).endswith("week_start is 'friday', not monday or sunday (and 2 more)")
    assert three.value.repairable is False


def test_a_journal_page_on_the_earliest_day_is_fine_and_two_pages_with_one_id_are_not():
    from tracker.domain.model import EARLIEST_DAY

    data = good()
    data[JOURNAL]["1"]["day"] = EARLIEST_DAY.isoformat()
    assert problems(data) == []
    data[JOURNAL]["2"] = {**data[JOURNAL]["1"]}
    assert problems(data) == ["a journal page ('2') has the wrong shape"]
    data[JOURNAL]["2"]["id"] = "p2"
    data[JOURNAL]["2"]["day"] = "1969-12-31"
    assert problems(data) == ["a journal page ('2') has the wrong shape"]


def test_what_a_day_may_leave_out_or_hold_is_fine():
    """A day of rest days only or entries only; a rest day for one action; no source or
    updated_at (older files); a note of exactly 2,000 characters; the first day, 1970-01-01."""
    data = good()
    middle_day(data).pop("entries")
    data["days-2026"][str(date(2026, 11, 26).toordinal())].pop("rests")
    first = date(2026, 11, 23).toordinal()
    data["days-2026"][str(first)]["rests"].append(
        {"id": "r-one", "action": "compliment", "at": STAMP, "note": "away"})
    data["days-2026"][str(first)]["entries"].append(
        {"id": "e-old", "action": "compliment", "amount": 1, "at": STAMP, "note": "n" * 2000})
    data["days-1970"] = {str(date(1970, 1, 1).toordinal()): {"day": "1970-01-01", "entries": [], "rests": []}}
    assert problems(data) == []


def test_a_day_without_a_valid_day_does_not_stop_the_check_of_the_days_after_it():
    data = good()
    docs = list(data["days-2026"].values())
    docs[0]["day"] = "someday"
    docs[2]["entries"][0]["amount"] = "2"
    assert problems(data) == [f"day document {date(2026, 11, 23).toordinal()} has no valid day",
                              "an entry on 2026-11-26 has the wrong shape"]


def test_ids_shared_within_a_day_and_across_days_are_each_given_one_of_their_own():
    """The repair gives each repeated id (entries and rest days alike) a new one, derived from
    the old: the same on every machine that repairs the same file, shaped like a UUID."""
    import re

    from tracker.store.day_checks import derived_id

    data = good()
    day = middle_day(data)
    day["entries"].append({**day["entries"][0]})            # twice on one day
    day["rests"].append({**day["rests"][0], "id": "e0"})    # a rest day with an entry's id
    again = copy.deepcopy(data)
    assert problems(data) == [f"two entries or rest days share an id (on {DAY})"]
    assert repair_in_place(data) == [f"2 entries or rest days on {DAY} got ids of their own"]
    ids = [i["id"] for doc in data["days-2026"].values() for kind in ("entries", "rests") for i in doc[kind]]
    assert len(ids) == len(set(ids)) and problems(data) == []
    renamed = [i["id"] for kind in ("entries", "rests") for i in middle_day(data)[kind]][1:]
    assert renamed[0] == derived_id("e1", DAY, 0) and renamed[-1] == derived_id("e0", DAY, 1)
    assert repair_in_place(again) and again == data  # the same repair everywhere
    shape = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$")
    assert all(shape.match(derived_id(old, DAY, n)) for old in ("e0", "x") for n in range(3))
    assert len({derived_id("e0", DAY, n) for n in range(3)} | {derived_id("e0", date(2026, 1, 1), 0)}) == 4


def test_an_action_brought_back_for_its_entries_is_archived_and_named_by_its_id():
    from tracker.store.day_checks import placeholder_action

    checks = [{"action": "walk", "amount": 1}, {"action": "walk", "amount": 1}, {"action": "talk", "amount": 5}]
    assert placeholder_action("walk", checks) == {
        "id": "walk", "name": "walk", "kind": "check", "goal": None, "prompt": None, "meaning": None,
        "languages": [], "archived": True, "position": 0, "updated_at": "1970-01-01T00:00:00.000+00:00"}
    assert placeholder_action("talk", checks)["kind"] == "count"


# -- what a mutation run found unguarded (docs/testing.md) --------------------------------------

def test_an_action_and_settings_with_only_what_they_need_are_valid():
    """Fields a file may leave out (an older or hand-made file): a missing one is its default."""
    data = good()
    data["settings"] = {"1": {}}
    data["actions"]["99"] = {"id": "walk", "name": "Walk", "kind": "check"}
    assert problems(data) == []


def test_an_actions_origin_may_be_text_and_nothing_else():
    data = good()
    data["actions"]["1"]["origin"] = "loop:uuid:1"
    assert problems(data) == []
    data["actions"]["1"]["origin"] = 5
    assert problems(data) == ["action 'phone-down': origin is not plain text"]


def test_an_id_or_languages_of_another_type_are_problems_not_crashes():
    data = good()
    data["actions"]["1"]["languages"] = 5
    assert problems(data) == ["action 'phone-down': languages 5 are not words, time, touch, service, gifts"]
    assert repair_in_place(data) is not None and data["actions"]["1"]["languages"] == []
    data["actions"]["1"]["id"] = 7
    assert problems(data) == ["an action has the id 7, not a-z, 0-9 and hyphens"]


def test_a_check_goal_is_checked_as_a_checks():
    data = good()
    data["actions"]["2"]["goal"] = {"amount": 2, "per": "day", "days": 5}  # really-feeling: a check
    assert problems(data) == ["action 'really-feeling': goal {'amount': 2, 'per': 'day', 'days': 5} is not "
                              "valid (a check action is done once a day: its daily amount is 1)"]
    data = good()
    data["actions"]["3"]["goal"] = {"amount": 7, "per": "week", "days": 3}  # compliment: days are a daily goal's
    assert problems(data) == ["action 'compliment': goal {'amount': 7, 'per': 'week', 'days': 3} is not "
                              "valid (days only applies to a goal per day)"]


def test_a_prompt_too_long_is_cut_to_the_longest_allowed():
    from tracker.domain.model import MAX_PROMPT_LENGTH

    data = good()
    data["actions"]["1"]["prompt"] = "word " * MAX_PROMPT_LENGTH
    assert len(problems(data)) == 1
    repair_in_place(data)
    assert problems(data) == [] and 0 < len(data["actions"]["1"]["prompt"]) <= MAX_PROMPT_LENGTH


def test_a_missing_table_is_named():
    for table in ("settings", "actions"):
        data = good()
        del data[table]
        assert problems(data) == [f"the {table!r} table is missing"]


def test_removal_markers_name_their_table_from_schema_5_on():
    from tracker.store.undo_log import CHANGES

    data = good()
    data[DELETED]["1"] = {"id": "gone", "deleted_at": STAMP}  # no table: as schema 4 wrote them
    data[CHANGES] = {}
    for schema, found in ((4, []), (5, ["the list of removed records is damaged"]),
                          (SCHEMA, ["the list of removed records is damaged"])):
        data["_meta"]["1"]["schema"] = schema
        assert [p.text for p in inspect(data, days=False, reflect=False)[1]] == found, schema


def test_the_reflections_are_checked_when_asked_even_without_the_days():
    data = good()
    next(iter(data[REFLECTIONS].values()))["rating"] = 6
    said = [f"a weekly reflection ({str(date(2026, 11, 23).toordinal())!r}) has the wrong shape"]
    assert [p.text for p in inspect(data, days=False, reflect=True)[1]] == said
    assert [p.text for p in inspect(data, days=True, reflect=False)[1]] == []
    assert [p.text for p in inspect(data, days=False)[1]] == []  # as the days, by default


def test_the_first_problem_is_said_with_how_many_more_and_the_files_name(tmp_path):
    from tracker.errors import DataFileDamaged
    from tracker.store.validation import check_day_table, check_shape

    data = good()
    middle_day(data)["entries"][0]["amount"] = 0
    path = tmp_path / "reconnect.json"
    with pytest.raises(DataFileDamaged) as raised:
        check_shape(data, path)  # the days are checked by default
    assert str(raised.value) == f"the data file {path} is damaged: an entry on {DAY} has the wrong shape"
    data["actions"]["1"]["archived"] = "yes"
    with pytest.raises(DataFileDamaged) as raised:
        check_shape(data, path)
    assert str(raised.value).endswith("archived is 'yes', not true or false (and 1 more)")
    with pytest.raises(DataFileDamaged) as raised:
        check_day_table("days-2026", data["days-2026"], path)
    assert str(raised.value) == f"the data file {path} is damaged: an entry on {DAY} has the wrong shape"
    next(iter(data[REFLECTIONS].values()))["rating"] = 0
    with pytest.raises(DataFileDamaged) as raised:
        check_shape(data, path, days=True, reflect=False)
    assert "(and 1 more)" in str(raised.value)  # the reflection is not checked: two, not three
    from tracker.store.validation import check_reflect_table

    with pytest.raises(DataFileDamaged) as raised:
        check_reflect_table(REFLECTIONS, data[REFLECTIONS], path)  # as the store reads it
    assert str(raised.value) == (f"the data file {path} is damaged: a weekly reflection "
                                 f"({str(date(2026, 11, 23).toordinal())!r}) has the wrong shape")
    check_reflect_table(JOURNAL, data[JOURNAL], path)  # a good table: nothing said


def test_a_repair_says_what_it_did_and_does_nothing_it_cannot_finish():
    from tracker.store.undo_log import CHANGES

    data = good()
    data[CHANGES] = {"1": {"kind": "nonsense"}}
    assert repair_in_place(data) == ["the log of changes was emptied (undo starts afresh; no history is lost)"]
    assert data[CHANGES] == {}
    data[CHANGES] = {"1": {"kind": "nonsense"}}
    data["actions"]["1"]["id"] = "Not An Id"  # no fix in place
    assert repair_in_place(data) is None
