"""Actions, goals and amounts: what is valid and what is refused."""

from __future__ import annotations

import pytest

from tests.helpers import action
from tracker.catalogue import BUILT_INS, PROMPTS, STARTERS, catalogue, prompt_of_the_day
from tracker.errors import BadInput
from tracker.model import Action, Goal, check_amount, slugify, validate_goal, validate_name
from tests.helpers import TODAY


@pytest.mark.parametrize(
    ("kind", "goal"),
    [
        ("check", Goal(2, "day")),
        ("check", Goal(8, "week")),
        ("check", Goal(1.5, "week")),
        ("minutes", Goal(1441, "day")),
        ("minutes", Goal(0, "week")),
        ("count", Goal(-1, "day")),
        ("count", Goal(3, "day", 0)),
        ("count", Goal(3, "day", 8)),
        ("count", Goal(3, "week", 5)),
        ("count", Goal(float("nan"), "day")),
    ],
)
def test_impossible_goals_refused(kind, goal):
    with pytest.raises(BadInput):
        validate_goal(kind, goal)


def test_goal_none_is_allowed():
    assert validate_goal("check", None) is None


@pytest.mark.parametrize("name", ["", "   ", "x" * 61])
def test_bad_names_refused(name):
    with pytest.raises(BadInput):
        validate_name(name)


def test_any_unicode_name_is_fine():
    assert validate_name("  Tendresse  ❤  ") == "Tendresse ❤"


def test_slugify_makes_fresh_ids():
    assert slugify("Real talk!") == "real-talk"
    assert slugify("Real talk", taken={"real-talk"}) == "real-talk-2"
    assert slugify("❤❤") == "action"
    assert slugify("Café au lait") == "cafe-au-lait"


@pytest.mark.parametrize(
    ("kind", "amount", "total"),
    [
        ("minutes", 0, 0),
        ("minutes", -5, 0),
        ("minutes", 1441, 0),
        ("minutes", 100, 1400),
        ("count", 1001, 0),
        ("count", 2.5, 0),
        ("check", 2, 0),
        ("count", float("inf"), 0),
    ],
)
def test_bad_amounts_refused(kind, amount, total):
    with pytest.raises(BadInput):
        check_amount(action(kind, 30 if kind != "check" else 1), amount, total)


def test_minutes_may_be_fractional():
    assert check_amount(action("minutes", 30), 2.5, 0) == 2.5


def test_action_round_trips_through_its_dict():
    original = STARTERS[0]
    assert Action.from_dict(original.to_dict()) == original


def test_catalogue_is_complete_and_valid():
    assert [a.id for a in STARTERS] == [
        "phone-down", "really-feeling", "compliment", "conversation", "check-in"]
    assert len(BUILT_INS) >= 15
    assert len({a.id for a in catalogue()}) == len(catalogue())
    for a in catalogue():
        assert a.validated() == a
        assert a.prompt and a.meaning
    assert sum(len(p) for p in PROMPTS.values()) >= 20


def test_starter_goals_match_product_md():
    goals = {a.id: (a.kind, a.goal) for a in STARTERS}
    assert goals["phone-down"] == ("minutes", Goal(30, "day", 5))
    assert goals["really-feeling"] == ("check", Goal(1, "day", 5))
    assert goals["compliment"] == ("count", Goal(7, "week"))
    assert goals["conversation"] == ("minutes", Goal(60, "week"))
    assert goals["check-in"] == ("check", Goal(1, "week"))


def test_prompt_rotates_by_day():
    seen = {prompt_of_the_day(list(STARTERS), TODAY.fromordinal(TODAY.toordinal() + n))
            for n in range(30)}
    assert len(seen) > 5


def test_new_ids_are_version_4_uuids():
    import uuid

    from tracker.model import new_id

    ids = {new_id() for _ in range(200)}
    assert len(ids) == 200
    for value in ids:
        parsed = uuid.UUID(value)
        assert parsed.version == 4 and str(parsed) == value
