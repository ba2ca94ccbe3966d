"""Actions, goals and amounts: what is valid and what is refused."""

from __future__ import annotations

import pytest

from tests.helpers import TODAY, action
from tracker.domain.catalogue import (
    PROMPTS,
    built_ins,
    catalogue,
    prompt_of_the_day,
    starters,
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
    original = starters()[0]
    assert Action.from_dict(original.to_dict()) == original


def test_catalogue_is_complete_and_valid():
    assert [a.id for a in starters()] == [
        "phone-down", "really-feeling", "compliment", "conversation", "check-in"]
    assert len(built_ins()) >= 15
    assert len({a.id for a in catalogue()}) == len(catalogue())
    for a in catalogue():
        assert a.validated() == a
        assert a.prompt and a.meaning
    assert sum(len(p) for p in PROMPTS.values()) >= 20


def test_the_starters_are_the_table_in_docs_domain_md():
    rows = [(a.id, a.name, a.kind, a.goal, a.meaning) for a in starters()]
    assert rows == [
        ("phone-down", "Phone-down time", "minutes", Goal(30, "day", 5),
         "time together with phones away: eye contact, no screens"),
        ("really-feeling", "How are you, really?", "check", Goal(1, "day", 5),
         "asked how they are really feeling, and listened"),
        ("compliment", "Heartfelt compliment", "count", Goal(7, "week"), "a specific compliment that you mean"),
        ("conversation", "Real conversation", "minutes", Goal(60, "week"), "a meaningful conversation, not logistics"),
        ("check-in", "Weekly check-in", "check", Goal(1, "week"), "the two of you, about how the week felt"),
    ]
    assert all(a.prompt == PROMPTS[a.id][0] for a in catalogue())  # each shows its first prompt


def test_prompt_rotates_by_day():
    seen = {prompt_of_the_day(list(starters()), TODAY.fromordinal(TODAY.toordinal() + n))
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


def test_a_long_name_is_cut_before_a_word_that_would_end_past_60_characters():
    from tracker.domain.model import clean_name

    # the second word ends at the 61st character: it cannot stay
    assert clean_name("a" * 40 + " " + "b" * 20 + " c", "F") == "a" * 40
    assert clean_name("a" * 40 + " " + "b" * 19 + " c", "F") == "a" * 40 + " " + "b" * 19


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


# -- each bound from both sides, each default, each cleaning (what a mutation run found) -----------

@pytest.mark.parametrize(("kind", "amount", "per", "days", "ok"), [
    ("count", 5, "day", 1, True), ("count", 5, "day", 0, False), ("count", 5, "day", 7, True),
    ("count", 5, "day", 8, False),
    ("count", 1000, "day", 7, True), ("count", 1000.5, "day", 7, False),
    ("count", 7000, "week", 7, True), ("count", 7001, "week", 7, False),
    ("minutes", 1440, "day", 7, True), ("minutes", 1441, "day", 7, False),
    ("minutes", 1440 * 31, "month", 7, True), ("minutes", 1440 * 31 + 1, "month", 7, False),
])
def test_a_goal_at_each_limit_and_just_past_it(kind, amount, per, days, ok):
    from tracker.domain.model import Goal, validate_goal
    from tracker.errors import BadInput

    goal = Goal(amount, per, days)  # type: ignore[arg-type]
    if ok:
        assert validate_goal(kind, goal) == goal  # type: ignore[arg-type]
    else:
        with pytest.raises(BadInput):
            validate_goal(kind, goal)  # type: ignore[arg-type]


def test_an_action_checks_its_goal_against_its_own_kind_and_its_name():
    from tracker.domain.model import Action, Goal
    from tracker.errors import BadInput

    with pytest.raises(BadInput, match="a check action is done once a day"):
        Action("a", "A", "check", Goal(2, "day", 7)).validated()
    assert Action("a", "A", "count", Goal(2, "day", 7)).validated().goal == Goal(2, "day", 7)
    with pytest.raises(BadInput, match="control characters"):
        Action("a", "A \x1b[2J", "count", None).validated()


@pytest.mark.parametrize(("text", "ok"), [("a" * 40, True), ("a" * 41, False), ("walk-2", True), ("Walk", False)])
def test_an_id_is_a_slug_of_at_most_40_characters(text, ok):
    from tracker.domain.model import is_slug

    assert is_slug(text) is ok


@pytest.mark.parametrize(("hour", "ok"), [(0, True), (12, True), (-1, False), (13, False), ("4", False)])
def test_a_day_starts_at_an_hour_from_0_to_12(hour, ok):
    from tracker.domain.model import validate_day_start
    from tracker.errors import BadInput

    if ok:
        assert validate_day_start(hour) == hour
    else:
        with pytest.raises(BadInput):
            validate_day_start(hour)


def test_an_amount_at_each_entry_limit_and_past_it():
    from tracker.domain.model import (
        MAX_COUNT_PER_ENTRY,
        MAX_MINUTES_PER_DAY,
        check_amount,
    )
    from tracker.errors import BadInput

    count, minutes = action("count", 1), action("minutes", 30)
    assert check_amount(count, MAX_COUNT_PER_ENTRY, 0) == MAX_COUNT_PER_ENTRY
    assert check_amount(minutes, 40, MAX_MINUTES_PER_DAY - 40) == 40
    with pytest.raises(BadInput):
        check_amount(count, MAX_COUNT_PER_ENTRY + 1, 0)
    with pytest.raises(BadInput):
        check_amount(minutes, 41, MAX_MINUTES_PER_DAY - 40)


def test_a_name_and_a_text_at_their_length_and_one_past():
    from tracker.domain.model import (
        MAX_NAME_LENGTH,
        MAX_PROMPT_LENGTH,
        validate_name,
        validate_text,
    )
    from tracker.errors import BadInput

    assert validate_name("n" * MAX_NAME_LENGTH) == "n" * MAX_NAME_LENGTH
    with pytest.raises(BadInput):
        validate_name("n" * (MAX_NAME_LENGTH + 1))
    assert validate_text("t" * MAX_PROMPT_LENGTH, "prompt", MAX_PROMPT_LENGTH) == "t" * MAX_PROMPT_LENGTH
    with pytest.raises(BadInput, match="reorder text"):
        validate_name("Walk \u202etogether")


def test_cleaning_a_name_drops_what_it_cannot_hold_and_cuts_at_a_word():
    from tracker.domain.model import MAX_NAME_LENGTH, clean_name, clean_text

    assert clean_name("Walk\u202e \x07together ", "walk") == "Walk together"
    long = "Walk together along the river after dinner and talk about everything that matters"
    assert clean_name(long, "x") == "Walk together along the river after dinner and talk about"
    assert clean_name("Walk " + "x" * 70, "x") == "Walk " + "x" * 55  # no word past half: cut at 60
    assert clean_name("w" * 70, "x") == "w" * MAX_NAME_LENGTH
    assert clean_name("Walk" + " " * 3 + "x" * 58, "x") == "Walk " + "x" * 55  # (spaces made one)
    assert clean_name("  ", "fallback-id") == "fallback-id"
    assert clean_text("Ask\u202e gently\x07 ", 200) == "Ask gently"


def test_ids_are_made_from_names_in_plain_ascii():
    from tracker.domain.model import slugify

    assert slugify("Café – Together!") == "cafe-together"
    assert slugify("Walk", taken={"walk"}) == "walk-2"


def test_a_new_id_is_a_random_uuid_of_version_4():
    import uuid

    from tracker.domain.model import new_id

    made = {uuid.UUID(new_id()) for _ in range(50)}
    assert len(made) == 50 and all(u.version == 4 and u.variant == uuid.RFC_4122 for u in made)


def test_amounts_are_shown_as_people_write_them():
    from tracker.domain.model import amount_text

    assert (amount_text(20, "minutes"), amount_text(1.5, "minutes"), amount_text(3, "count"),
            amount_text(2.0, "count")) == ("20 min", "1.5 min", "3", "2")


def test_what_a_document_leaves_out_takes_its_default():
    from tracker.domain.model import Action, Settings

    bare = Action.from_dict({"id": "a", "name": "A", "kind": "check", "goal": None})
    assert (bare.archived, bare.position, bare.origin, bare.languages) == (False, 0, None, ())
    kept = Action.from_dict({**bare.to_dict(), "origin": "loop:7", "archived": True, "position": 3})
    assert (kept.origin, kept.archived, kept.position) == ("loop:7", True, 3)
    assert kept.to_dict()["origin"] == "loop:7" and "origin" not in bare.to_dict()
    assert Settings.from_dict({}) == Settings() == Settings.from_dict(None)
    assert (Settings().day_start, Settings().week_start, Settings().partner_languages, Settings().support) == (
        4, "monday", (), True)
    chosen = Settings.from_dict({"day_start": 6, "week_start": "sunday", "partner_languages": ["touch"],
                                 "support": False})
    assert Settings.from_dict(chosen.to_dict()) == chosen and chosen.to_dict() == {
        "day_start": 6, "week_start": "sunday", "partner_languages": ["touch"], "support": False}


def test_the_catalogue_starts_a_file_with_five_actions_in_order_and_knows_its_languages():
    from dataclasses import replace

    from tracker.domain.catalogue import (
        catalogue_languages,
        prompts_for,
        prompts_in,
        starter_actions,
    )

    starters = starter_actions()
    assert [(a.id, a.position) for a in starters] == [
        ("phone-down", 0), ("really-feeling", 1), ("compliment", 2), ("conversation", 3), ("check-in", 4)]
    assert all(a.name and a.kind and a.meaning for a in starters)
    assert catalogue_languages("  heartfelt   COMPLIMENT ") == next(
        a.languages for a in starters if a.id == "compliment") != ()
    assert catalogue_languages("Walk the dog") == () and prompts_for("walk-the-dog") == ()
    mine = Action("walk", "Walk", "check", None, prompt="Walk after dinner?")  # the user's own prompt
    quiet = Action("read", "Read together", "check", None)  # no prompt at all
    archived = replace(starters[0], archived=True)
    pool = prompts_in([archived, starters[1], quiet, mine, starters[2]])
    assert pool == [*prompts_for("really-feeling"), "Walk after dinner?", *prompts_for("compliment")]
    assert not set(prompts_for("phone-down")) & set(pool)


def test_a_bad_id_is_said_with_what_an_id_may_hold():
    from tracker.domain.model import validate_id

    assert validate_id("walk-2") == "walk-2"
    for bad in ("Walk", "walk--2", "-walk", "w" * 41, ""):
        with pytest.raises(BadInput) as raised:
            validate_id(bad)
        assert str(raised.value) == f"{bad!r} is not a valid id: use a-z, 0-9 and hyphens, at most 40 characters"
