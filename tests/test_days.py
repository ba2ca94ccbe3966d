"""The logical day, weeks, months and DAY parsing."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from tests.helpers import TODAY
from tracker.domain.days import (
    logical_day,
    month_bounds,
    parse_day,
    timestamp,
    week_bounds,
)
from tracker.errors import BadInput


def test_before_day_start_belongs_to_the_evening_before():
    assert logical_day(datetime(2026, 11, 25, 1, 30), 4) == date(2026, 11, 24)
    assert logical_day(datetime(2026, 11, 25, 4, 0), 4) == date(2026, 11, 25)
    assert logical_day(datetime(2026, 11, 25, 1, 30), 0) == date(2026, 11, 25)


def test_weeks_start_on_monday_or_sunday():
    assert week_bounds(TODAY) == (date(2026, 11, 23), date(2026, 11, 29))
    assert week_bounds(TODAY, "sunday") == (date(2026, 11, 22), date(2026, 11, 28))
    assert week_bounds(date(2026, 11, 22), "sunday")[0] == date(2026, 11, 22)


def test_months_are_calendar_months():
    assert month_bounds(date(2028, 2, 10)) == (date(2028, 2, 1), date(2028, 2, 29))


def test_timestamp_has_utc_offset():
    at = timestamp(datetime(2026, 11, 25, 21, 3, 12, tzinfo=timezone(timedelta(hours=1))))
    assert at.startswith("2026-11-25T21:03:12") and at.endswith("+01:00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-24", date(2026, 11, 24)),
        ("today", TODAY),
        ("yesterday", date(2026, 11, 24)),
        ("-3", date(2026, 11, 22)),
        ("monday", date(2026, 11, 23)),
        ("Wednesday", TODAY),
        ("thu", date(2026, 11, 19)),
        ("Nov 20", date(2026, 11, 20)),
        ("20 November 2025", date(2025, 11, 20)),
    ],
)
def test_parse_day(text, expected):
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize("text", ["tomorrow", "2026-11-26", "2027-01-01", "+1"])
def test_future_refused(text):
    with pytest.raises(BadInput):
        parse_day(text, TODAY)


@pytest.mark.parametrize("text", ["someday", "2026-13-45", "", "-"])
def test_unreadable_day_refused(text):
    with pytest.raises(BadInput, match="cannot read the day"):
        parse_day(text, TODAY)


def test_a_refusal_names_the_day_it_read_and_gives_todays_example():
    with pytest.raises(BadInput, match=r"^cannot read the day 'someday': try 2026-11-25, today, yesterday, -3 or monday$"):
        parse_day("someday", TODAY)
    with pytest.raises(BadInput) as iso:
        parse_day("1969-12-31", TODAY)
    assert str(iso.value) == "1969-12-31 is before 1970-01-01: give a day of your own history"
    with pytest.raises(BadInput) as words:
        parse_day("31 Dec 1969", TODAY)
    assert str(words.value) == "31 Dec 1969 is 1969-12-31, before 1970-01-01: give a day of your own history"


def test_now_and_0_are_today():
    assert parse_day("now", TODAY) == parse_day("0", TODAY) == parse_day(" Today ", TODAY) == TODAY


def test_a_day_without_a_year_is_in_todays_year():
    assert parse_day("Nov 20", date(2024, 12, 1)) == date(2024, 11, 20)
    assert parse_day("20 November", date(2031, 12, 1)) == date(2031, 11, 20)


def test_days_between_is_every_day_both_ends_included():
    from tracker.domain.days import days_between

    assert list(days_between(date(2026, 2, 27), date(2026, 3, 2))) == [
        date(2026, 2, 27), date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 2)]
    assert list(days_between(TODAY, TODAY)) == [TODAY]
    assert list(days_between(TODAY, TODAY - timedelta(days=1))) == []


def test_tomorrow_is_one_day_on_and_the_future_is_refused_in_words():
    assert parse_day("tomorrow", TODAY, latest=TODAY + timedelta(days=1)) == TODAY + timedelta(days=1)
    with pytest.raises(BadInput, match=r"^tomorrow is in the future; log what has happened \(today is 2026-11-25\)$"):
        parse_day("tomorrow", TODAY)
    with pytest.raises(BadInput, match="that week has not started"):
        parse_day("2026-12-01", TODAY, future="that week has not started", latest=TODAY)


def test_too_many_days_back_says_so_in_days():
    back = (TODAY - date(1970, 1, 1)).days + 1
    with pytest.raises(BadInput, match=rf"^-{back} days ago is before 1970-01-01"):
        parse_day(f"-{back}", TODAY)


@pytest.mark.parametrize(("text", "expected"), [
    ("3 days ago", date(2026, 11, 22)), ("1 day ago", date(2026, 11, 24)),
    ("a week ago", date(2026, 11, 18)), ("2 weeks ago", date(2026, 11, 11)), ("-3", date(2026, 11, 22))])
def test_days_ago_in_words(text, expected):
    assert parse_day(text, date(2026, 11, 25)) == expected


def test_a_day_starts_at_four_unless_the_setting_says_otherwise():
    assert logical_day(datetime(2026, 11, 25, 4, 30)) == date(2026, 11, 25)
    assert logical_day(datetime(2026, 11, 25, 3, 59)) == date(2026, 11, 24)


def test_a_time_without_its_offset_is_stamped_with_the_local_one():
    stamped = timestamp(datetime(2026, 11, 25, 20, 0))
    assert datetime.fromisoformat(stamped).utcoffset() is not None and stamped.startswith("2026-11-25T20:00:00")


@pytest.mark.parametrize(("day", "bounds"), [
    (date(2026, 12, 15), (date(2026, 12, 1), date(2026, 12, 31))),
    (date(2026, 1, 31), (date(2026, 1, 1), date(2026, 1, 31))),
    (date(2028, 2, 10), (date(2028, 2, 1), date(2028, 2, 29))),
])
def test_a_month_ends_on_its_last_day_december_and_leap_februaries_too(day, bounds):
    assert month_bounds(day) == bounds


@pytest.mark.parametrize(("words", "back"), [("a day ago", 1), ("one day ago", 1), ("1 day ago", 1),
                                             ("a week ago", 7), ("one week ago", 7), ("2 weeks ago", 14)])
def test_days_and_weeks_ago_in_every_way_of_saying_them(words, back):
    assert parse_day(words, TODAY) == TODAY - timedelta(days=back)
