"""Every branch of the file's check (tracker/store/validation.py), fed the bad shape it is
for: each table, each field, one bad record among good ones before and after it (so that a check
that stops at the first bad record, or skips the rest, fails here), and each boundary from both
sides."""

from __future__ import annotations

import copy
from datetime import date

import pytest

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
