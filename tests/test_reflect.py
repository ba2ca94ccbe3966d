"""docs/reflect.md's rules, case by case: the pure ones (tracker.domain.reflect) here, the commands below."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import orjson
import pytest

from tests.helpers import MONDAY, TODAY, action
from tracker.domain import reflect
from tracker.domain.reflect import Reflection
from tracker.errors import BadInput


def reflection(week: date, rating: int, at: str = "2026-11-25T20:00:00.000+01:00") -> Reflection:
    return Reflection(week=week, rating=rating, updated_at=at)


def weeks_back(n: int) -> date:
    return MONDAY - timedelta(days=7 * n)


# -- the talk helper --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "You never listen to me", "you always work late", "Why don't you call?", "why dont you ask",
    "I think you should rest more",
])
def test_blaming_shapes_get_the_gentle_hint(text):
    assert reflect.talk_hint(text) == reflect.TALK_HINT
    assert "I've been feeling emotionally disconnected" in reflect.TALK_HINT


@pytest.mark.parametrize("text", [None, "", "I feel far from you when we eat apart; I'd like dinner together",
                                  "Younever mind", "the evenings"])
def test_other_shapes_get_no_hint(text):
    assert reflect.talk_hint(text) is None


# -- text, ratings, feelings, languages -------------------------------------------------------

def test_text_is_at_most_2000_characters():
    assert reflect.validate_text("x" * 2000, "text") == "x" * 2000
    with pytest.raises(BadInput, match="2000"):
        reflect.validate_text("x" * 2001, "text")


@pytest.mark.parametrize("bad", ["a\tb", "a\x1b[31mb", "a\x00", "a\x7f", "a\x9b"])
def test_control_characters_other_than_newline_are_refused(bad):
    with pytest.raises(BadInput, match="control"):
        reflect.validate_text(bad, "text")


def test_newlines_are_kept_and_blank_is_not_written():
    assert reflect.validate_text(" one\r\ntwo \n", "text") == "one\ntwo"
    assert reflect.validate_text("   ", "text") is None


@pytest.mark.parametrize("bad", [0, 6, -1, "0", "6", "three", "4.5", True, 3.0, "٣"])
def test_a_rating_is_a_whole_number_from_1_to_5(bad):
    with pytest.raises(BadInput):
        reflect.validate_rating(bad)


def test_ratings_1_to_5_are_accepted():
    assert [reflect.validate_rating(str(n)) for n in range(1, 6)] == [1, 2, 3, 4, 5]


def test_feelings_come_from_the_small_vocabulary():
    assert reflect.FEELINGS == ("calm", "close", "grateful", "hopeful", "lonely", "hurt",
                                "frustrated", "anxious", "tired", "numb")
    assert reflect.validate_feeling(" Hopeful ") == "hopeful"
    assert reflect.validate_feeling(None) is None
    with pytest.raises(BadInput, match="not one of the feelings"):
        reflect.validate_feeling("angry")


def test_languages_are_parsed_strictly():
    assert reflect.parse_languages("time, touch,time") == ("time", "touch")
    assert reflect.parse_languages("none") == ()
    use = "use words, time, touch, service, gifts or none"
    for bad, said in (("hugs", "'hugs'"), ("", "nothing"), ("time,hugs, X", "'hugs', 'x'"), (",", "nothing")):
        with pytest.raises(BadInput) as raised:
            reflect.parse_languages(bad)
        assert str(raised.value) == f"{said} is not a love language: {use}"


def test_a_wrong_rating_or_feeling_is_said_with_what_is_allowed():
    with pytest.raises(BadInput) as raised:
        reflect.validate_rating("6")
    assert str(raised.value) == "the rating is a whole number from 1 (far apart) to 5 (very close), not 6"
    with pytest.raises(BadInput) as raised:
        reflect.validate_feeling("angry")
    assert str(raised.value) == ("'angry' is not one of the feelings: calm, close, grateful, hopeful, lonely, "
                                 "hurt, frustrated, anxious, tired, numb")


# -- weeks, trend, care -----------------------------------------------------------------------

def test_a_reflection_belongs_to_the_week_holding_its_id_even_after_week_start_changes():
    written_on_monday_weeks = reflection(MONDAY, 4)
    assert reflect.week_of(written_on_monday_weeks, "sunday") == date(2026, 11, 22)
    sunday_week = reflection(date(2026, 11, 22), 3)
    assert reflect.week_of(sunday_week, "monday") == date(2026, 11, 16)


def test_the_trend_is_the_last_twelve_reflected_weeks_oldest_first():
    weeks = {weeks_back(n): reflection(weeks_back(n), 1 + n % 5) for n in range(0, 30, 2)}
    shown = reflect.trend(weeks, MONDAY)
    assert [week for week, _ in shown] == sorted(weeks)[-12:]
    assert shown[-1] == (MONDAY, 1)
    assert reflect.trend(weeks, weeks_back(26)) == [(weeks_back(n), 1 + n % 5) for n in (28, 26)]


def ratings(*by_week: int | None) -> dict[date, Reflection]:
    """Reflections for this week and the ones before (None: that week not reflected)."""
    return {weeks_back(n): reflection(weeks_back(n), r) for n, r in enumerate(by_week) if r is not None}


@pytest.mark.parametrize("found, due", [
    (ratings(2, 1, 2), True),
    (ratings(1, 1, 1, 5), True),
    (ratings(None, 2, 2, 2), True),  # the latest reflected week need not be this one
    (ratings(2, 2), False),  # only two weeks
    (ratings(2, 3, 2), False),  # a better week between
    (ratings(2, None, 2, 2), False),  # not three consecutive calendar weeks
    (ratings(4, 2, 2, 2), False),  # the latest week is better
    ({}, False),
])
def test_support_follows_three_consecutive_hard_weeks(found, due):
    assert reflect.support_due(found) is due


def test_support_can_be_turned_off():
    assert reflect.support_due(ratings(1, 1, 1), enabled=False) is False


# -- love languages ---------------------------------------------------------------------------

def test_balance_counts_action_day_pairs_and_both_languages():
    both = replace(action(id="talk"), languages=("words", "time"))
    hug = replace(action(id="hug"), languages=("touch",))
    logged = [("talk", TODAY), ("talk", TODAY), ("talk", MONDAY), ("hug", MONDAY), ("gone", TODAY)]
    assert reflect.language_balance([both, hug], logged) == {
        "words": 2, "time": 2, "service": 0, "gifts": 0, "touch": 1}


def test_a_quiet_suggestion_only_when_the_partners_language_got_nothing():
    empty = dict.fromkeys(("words", "time", "service", "gifts", "touch"), 0)
    assert reflect.quiet_suggestion(empty, ["touch"]) == "They feel loved through touch: a 20-second hug?"
    assert reflect.quiet_suggestion({**empty, "touch": 1}, ["touch"]) is None
    assert reflect.quiet_suggestion({**empty, "touch": 1}, ["touch", "time"]).startswith(
        "They feel loved through quality time")
    assert reflect.quiet_suggestion(empty, []) is None


def test_every_catalogue_action_for_the_partner_is_tagged():
    from tracker.domain.catalogue import catalogue, starters

    assert all(a.languages for a in starters())
    tagged = {a.id: a.languages for a in catalogue()}
    assert tagged["phone-down"] == ("time",) and tagged["compliment"] == ("words",)
    assert tagged["reunion"] == ("touch",) and tagged["service"] == ("service",)
    assert tagged["surprise"] == ("gifts",)


# -- welcome back -----------------------------------------------------------------------------

@pytest.mark.parametrize("gap, said", [(7, True), (30, True), (6, False), (0, False)])
def test_welcome_back_after_seven_quiet_days(gap, said):
    assert reflect.welcome_back(TODAY - timedelta(days=gap), TODAY) is said


def test_no_welcome_back_for_someone_new():
    assert reflect.welcome_back(None, TODAY) is False


# -- records ----------------------------------------------------------------------------------

def test_editing_keeps_the_other_fields_and_a_new_week_needs_a_rating():
    with pytest.raises(BadInput, match="^this week has no reflection yet: give a --rating from 1 to 5 with it$"):
        reflect.edited(None, MONDAY, "t1", None, {"need": "time"})
    first = reflect.edited(None, MONDAY, "t1", 3, {"need": "time", "talk": "I feel tired"})
    second = reflect.edited(first, MONDAY, "t2", None, {"talk": None, "went_well": "a walk"})
    assert (second.rating, second.need, second.talk, second.went_well) == (3, "time", None, "a walk")
    assert second.updated_at == "t2"
    assert Reflection.from_dict(orjson.loads(orjson.dumps(second.to_dict()))) == second
    full = reflect.edited(None, MONDAY, "t3", 5, {"went_well": "a", "appreciated": "b", "need": "c", "talk": "d"})
    assert full.to_dict() == {"id": MONDAY.isoformat(), "rating": 5, "went_well": "a", "appreciated": "b",
                              "need": "c", "talk": "d", "updated_at": "t3"}
    assert Reflection.from_dict(orjson.loads(orjson.dumps(full.to_dict()))) == full


# -- the records, field by field (the file's check and the store read them) ---------------------

def test_a_journal_page_gets_an_id_and_a_change_time_and_keeps_every_field():
    from tracker.domain.reflect import JournalPage

    page = JournalPage(day=TODAY, text="calm evening", at="2026-11-25T21:00:00+01:00", feeling="calm")
    assert len(page.id) == 36 and page.updated_at == page.at  # a new page: changed when written
    other = JournalPage(day=TODAY, text="calm evening", at=page.at)
    assert other.id != page.id and other.feeling is None
    kept = JournalPage(day=TODAY, text="x", at=page.at, id="p1", updated_at="2026-11-26T08:00:00+01:00")
    assert (kept.id, kept.updated_at) == ("p1", "2026-11-26T08:00:00+01:00")
    stored = {"id": page.id, "day": TODAY.isoformat(), "at": page.at, "text": "calm evening",
              "feeling": "calm", "updated_at": page.at}
    assert page.to_dict() == stored
    assert JournalPage.from_dict(orjson.loads(orjson.dumps(stored))) == page
    assert page.to_json() == {k: v for k, v in stored.items() if k != "updated_at"}
    assert JournalPage.from_dict({k: v for k, v in stored.items() if k != "feeling"}).feeling is None
    edited = {**stored, "text": "calmer", "updated_at": "2026-11-26T08:00:00+01:00"}  # changed later
    assert JournalPage.from_dict(edited).to_dict() == edited


def test_a_stored_text_is_none_or_one_to_2000_characters_without_control_characters():
    ok = reflect.ok_text
    assert ok(None) and ok("a") and ok("x" * 2000) and ok("two\nlines")
    assert not ok("") and not ok("x" * 2001) and not ok(5) and not ok("a\x1bb") and not ok("tab\there")
    assert not ok("\x9b") and not ok("\x7f")


def test_what_was_written_and_whether_two_reflections_say_the_same():
    r = Reflection(MONDAY, 4, "t1", went_well="a walk", talk="the holidays")
    assert r.written() == {"went_well": "a walk", "talk": "the holidays"}  # in the form's order
    assert list(Reflection(MONDAY, 4, "t1", talk="z", went_well="a").written()) == ["went_well", "talk"]
    assert reflect.same_content(r, replace(r, updated_at="t2"))
    for change in ({"rating": 5}, {"went_well": None}, {"appreciated": "x"}, {"need": "x"},
                   {"talk": "y"}, {"week": MONDAY - timedelta(days=7)}):
        assert not reflect.same_content(r, replace(r, **change)), change


def test_reflections_by_week_the_later_written_wins():
    old = Reflection(MONDAY, 2, "2026-11-24T10:00:00+00:00")
    new = Reflection(MONDAY + timedelta(days=1), 5, "2026-11-25T10:00:00+00:00")  # same week, a day on
    other = Reflection(MONDAY - timedelta(days=7), 3, "2026-11-20T10:00:00+00:00")
    for order in ([old, new, other], [new, other, old]):
        assert reflect.by_week(order, "monday") == {MONDAY: new, MONDAY - timedelta(days=7): other}
    tie = Reflection(MONDAY + timedelta(days=2), 1, new.updated_at)  # same time: the larger id wins
    assert reflect.by_week([tie, new], "monday")[MONDAY] == tie == reflect.by_week([new, tie], "monday")[MONDAY]
    sunday = reflect.by_week([old, other], "sunday")
    assert sorted(sunday) == [MONDAY - timedelta(days=8), MONDAY - timedelta(days=1)]
