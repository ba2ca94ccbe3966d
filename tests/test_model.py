"""Actions, goals and amounts: what is valid and what is refused."""

from __future__ import annotations

import pytest

from tests.helpers import TODAY, action
from tracker.domain.catalogue import (
    BUILT_INS,
    PROMPTS,
    STARTERS,
    catalogue,
    prompt_of_the_day,
)
from tracker.domain.model import (
    Action,
    Goal,
    check_amount,
    slugify,
    validate_goal,
    validate_name,
)
from tracker.errors import BadInput


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

    from tracker.domain.model import new_id

    ids = {new_id() for _ in range(200)}
    assert len(ids) == 200
    for value in ids:
        parsed = uuid.UUID(value)
        assert parsed.version == 4 and str(parsed) == value


# -- what the model says and stores, exactly (mutation testing found these unguarded) -------

@pytest.mark.parametrize(("kind", "goal", "text"), [
    ("check", Goal(1, "day"), "daily"),
    ("check", Goal(1, "day", 5), "5 of 7 days"),
    ("check", Goal(1, "week"), "once a week"),
    ("check", Goal(3, "week"), "3× a week"),
    ("check", Goal(2, "month"), "2× a month"),
    ("count", Goal(7, "week"), "7 a week"),
    ("count", Goal(2, "day", 4), "2 a day, 4 of 7 days"),
    ("minutes", Goal(30, "day", 5), "30 min a day, 5 of 7 days"),
    ("minutes", Goal(30, "day"), "30 min a day"),
    ("minutes", Goal(22.5, "month"), "22.5 min a month"),
])
def test_a_goal_describes_itself(kind, goal, text):
    assert goal.describe(kind) == text


def test_entries_and_rest_days_round_trip_exactly():
    from datetime import date

    from tracker.domain.model import Entry, RestDay

    day = date(2026, 11, 25)
    entry = Entry("compliment", day, 2, "2026-11-25T20:00:00+01:00", "cli", "at dinner")
    assert entry.to_dict() == {"id": entry.id, "action": "compliment", "amount": 2,
                               "at": "2026-11-25T20:00:00+01:00", "source": "cli", "note": "at dinner"}
    assert Entry.from_dict(entry.to_dict(), day) == entry
    plain = Entry("compliment", day, 1, "2026-11-25T20:00:00+01:00", "app")
    assert "note" not in plain.to_dict()
    rest = RestDay(None, day, "2026-11-25T20:00:00+01:00", "cli", "travelling")
    assert rest.to_dict() == {"id": rest.id, "action": None, "at": "2026-11-25T20:00:00+01:00",
                              "source": "cli", "note": "travelling"}
    assert RestDay.from_dict(rest.to_dict(), day) == rest
    bare = RestDay.from_dict({"id": "r1", "at": "2026-11-25T20:00:00+01:00"}, day)
    assert (bare.action, bare.source, bare.note, bare.day) == (None, "unknown", None, day)
    assert "note" not in RestDay("a", day, "t", "app").to_dict()


@pytest.mark.parametrize(("name", "cleaned"), [
    ("  Walk \\x1b[31m together\\x07 ", "Walk [31m together"),
    ("Tab\\tand\\nnewline", "Tab and newline"),
    ("word " * 20, ("word " * 12).strip()),  # cut at a word, within 60
    ("x" * 70, "x" * 60),  # one long word: cut at 60
    ("\\x00\\x01", "Fallback"),
    ("", "Fallback"),
])
def test_names_from_outside_are_cleaned(name, cleaned):
    from tracker.domain.model import clean_name

    assert clean_name(name.encode().decode("unicode_escape"), "Fallback") == cleaned


def test_long_fallback_names_are_cut_too():
    from tracker.domain.model import clean_name

    assert clean_name("", "f" * 80) == "f" * 60


@pytest.mark.parametrize(("text", "limit", "cleaned"), [
    (None, 10, None),
    ("  \\x1b[2Jhello  ", 10, "[2Jhello"),
    ("abcdefghijkl", 5, "abcde"),
    ("abc   def", 4, "abc"),
    ("\\x07", 10, None),
])
def test_texts_from_outside_are_cleaned(text, limit, cleaned):
    from tracker.domain.model import clean_text

    raw = None if text is None else text.encode().decode("unicode_escape")
    assert clean_text(raw, limit) == cleaned


@pytest.mark.parametrize(("name", "taken", "slug"), [
    ("Real talk!", (), "real-talk"),
    ("Real talk", ("real-talk", "real-talk-2"), "real-talk-3"),
    ("  --Hug--  ", (), "hug"),
    ("Café au lait", (), "cafe-au-lait"),
    ("20-second hug", (), "20-second-hug"),
    ("❤", (), "action"),
    ("❤", ("action",), "action-2"),
    ("Thank them for something specific, every day", (), "thank-them-for-something-specific"),
    ("a" * 50, (), "a" * 36),
])
def test_ids_made_from_names(name, taken, slug):
    assert slugify(name, taken=set(taken)) == slug


@pytest.mark.parametrize(("name", "cleaned"), [
    # cut at the last space within 60 characters, never inside a word
    ("Hold hands on the walk home and talk about the good parts of today",
     "Hold hands on the walk home and talk about the good parts of"),
    # exactly 60 characters, spaces and all, are kept as they are
    ("Hold hands on the walk home and talk about the good parts of", None),
    ("a" * 25 + " " + "b" * 40, "a" * 25 + " " + "b" * 34),  # the last word would leave too little
    ("a" * 31 + " " + "b" * 40, "a" * 31),
    ("a" * 30 + " " + "b" * 40, "a" * 30 + " " + "b" * 29),
    ("word " * 12 + "wordy", "word " * 11 + "word"),
])
def test_long_names_from_outside_are_cut_between_words_where_they_can(name, cleaned):
    from tracker.domain.model import clean_name

    assert clean_name(name, "x") == (name if cleaned is None else cleaned)
    assert len(clean_name(name, "x")) <= 60


@pytest.mark.parametrize(("name", "slug"), [
    ("abcdefghij abcdefghij abcdefghij abc", "abcdefghij-abcdefghij-abcdefghij-abc"),  # 36: kept
    ("abcdefghij abcdefghij abcdefghij abcd", "abcdefghij-abcdefghij-abcdefghij"),  # 37: cut
    ("abcdefghij abcdefghij abcdefghij abcd xyz", "abcdefghij-abcdefghij-abcdefghij"),
    ("a" * 37 + " b", "a" * 36),  # no space within 37: one long word, cut at 36
])
def test_ids_are_cut_at_36_between_words(name, slug):
    assert slugify(name) == slug


def test_an_entry_without_a_source_is_from_an_unknown_source():
    from datetime import date

    from tracker.domain.model import Entry

    entry = Entry.from_dict({"id": "e1", "action": "a", "amount": 1, "at": "t"}, date(2026, 1, 1))
    assert (entry.source, entry.note) == ("unknown", None)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: validate_goal("count", Goal(3, "fortnight")), "a goal is per day, week or month, not 'fortnight'"),
    (lambda: validate_goal("count", Goal(0, "week")), "a goal's amount must be a positive number"),
    (lambda: validate_goal("count", Goal(3, "day", 8)), "days must be between 1 and 7 (days of each week)"),
    (lambda: validate_goal("count", Goal(3, "week", 5)), "days only applies to a goal per day"),
    (lambda: validate_goal("check", Goal(2, "day")), "a check action is done once a day: its daily amount is 1"),
    (lambda: validate_goal("check", Goal(8, "week")), "a check can be done at most 7 times a week, in whole days"),
    (lambda: validate_goal("count", Goal(7001, "week")), "a goal of 7001 a week is beyond what can be logged"),
    (lambda: validate_goal("minutes", Goal(1441, "day")), "1441 minutes do not fit in a day"),
    (lambda: check_amount(action("count", 3), "3", 0), "the amount must be a number"),
    (lambda: check_amount(action("count", 3), -1, 0), "the amount must be more than zero"),
    (lambda: check_amount(action("count", 3), 1.5, 0), "a count is a whole number"),
    (lambda: check_amount(action("count", 3), 1001, 0), "at most 1000 at a time"),
    (lambda: check_amount(action("minutes", 30), 1, 1440), "a day has 1440 minutes; at most 0 more fit on this day"),
    (lambda: check_amount(action("check"), 2, 0), "A is a check: it is done or not, without an amount"),
    (lambda: validate_name(" "), "a name cannot be empty"),
    (lambda: validate_name("a\x07"), "a name cannot hold control characters"),
    (lambda: validate_name("n" * 61), "a name is at most 60 characters (this one has 61)"),
    (lambda: Action(id="x", name="X", kind="hug", goal=None).validated(), "kind must be check, count or minutes, not 'hug'"),
    (lambda: Action(id="x", name="X", kind="check", goal=None, languages=("words", "hugs", "art")).validated(),
     "unknown love language(s): art, hugs"),
    (lambda: Action(id="x", name="X", kind="check", goal=None, prompt="a\x1bb").validated(),
     "a prompt cannot hold control characters"),
    (lambda: Action(id="x", name="X", kind="check", goal=None, meaning="m" * 201).validated(),
     "a meaning is at most 200 characters"),
    (lambda: Action(id="x", name="X", kind="check", goal=None, meaning="a\x00").validated(),
     "a meaning cannot hold control characters"),
])
def test_every_refusal_says_exactly_why(call, message):
    with pytest.raises(BadInput) as raised:
        call()
    assert str(raised.value) == message


@pytest.mark.parametrize("hour", [-1, 13, "4", None])
def test_a_day_start_that_is_not_an_hour_is_refused_in_words(hour):
    from tracker.domain.model import validate_day_start

    with pytest.raises(BadInput) as raised:
        validate_day_start(hour)
    assert str(raised.value) == "the day starts at an hour from 0 to 12"
