"""The derived figures of past years (tracker/store/figures_cache.py): a command with them says exactly
what it says reading every day, reads only this year's days, and never trusts stale ones."""

from __future__ import annotations

import random
from datetime import date, timedelta

import orjson
import pytest

from tests.helpers import TODAY, Clock
from tracker.operations import everyday as operations
from tracker.store.durable import serialize
from tracker.store.store import Store

ACTIONS = ("phone-down", "really-feeling", "compliment", "conversation", "check-in")


@pytest.fixture(scope="module")
def three_years(tmp_path_factory) -> bytes:
    """Three years of irregular use, a few rest days, ending today (a Wednesday in 2026),
    logged through the operations once for the module: the file's bytes."""
    store = Store(tmp_path_factory.mktemp("years") / "reconnect.json", now=Clock())
    rng = random.Random(3)
    with store.transaction():  # one write for all of it
        for n in range(800, -1, -1):
            day = TODAY - timedelta(days=n)
            for action in ACTIONS:
                if rng.random() < 0.5:
                    amount = rng.choice((10, 30, 45)) if action in ("phone-down", "conversation") else 1
                    operations.log(store, action, amount, day=day)
            if rng.random() < 0.03:
                operations.rest(store, None, day=day)
    return store.path.read_bytes()


@pytest.fixture
def years(store: Store, three_years: bytes) -> Store:
    """The three years, as this test's own data file."""
    store.path.write_bytes(three_years)
    return store


@pytest.fixture
def reads(monkeypatch) -> list[date | None]:
    """The ``since`` of every history read, to see how much of the file a command read."""
    seen: list[date | None] = []
    real_history, real_docs = Store.history, Store.day_docs

    def history(self, since=None):
        seen.append(since)
        return real_history(self, since)

    def day_docs(self, since, until=None):
        if until is None:  # (with ``until``: last year's days of this year's first week, kept)
            seen.append(since)
        return real_docs(self, since, until)

    monkeypatch.setattr(Store, "history", history)
    monkeypatch.setattr(Store, "day_docs", day_docs)
    return seen


@pytest.mark.parametrize("command", [["status", "--json"], ["week", "--json"],
                                     ["week", "--day", "2026-01-01", "--json"], ["status"]])
def test_with_the_figures_kept_a_command_says_what_reading_every_day_says(years, run, reads, command):
    first = run(*command)
    assert first.code == 0 and reads == [None]  # nothing kept yet: every day read
    second = run(*command)
    assert second.out == first.out
    assert reads[1] == date(2026, 1, 1)  # this year's days only: the week before is kept


def test_figures_of_a_changed_past_year_are_never_used(years, run, reads):
    run("status", "--json")
    before = run("status", "--json").json()
    assert run("log", "check-in", "--day", "2025-03-04").code == 0  # an old year changes
    after = run("status", "--json")
    assert reads[-1] is None  # read whole again
    fresh = run("status", "--json")
    assert fresh.out == after.out and reads[-1] is not None
    assert fresh.json()["connected_days"]["total"] >= before["connected_days"]["total"]


def test_changed_goals_or_week_start_are_never_served_old_figures(years, run, reads):
    run("status", "--json")
    run("actions", "edit", "compliment", "--amount", "5", "--per", "week")
    changed = run("status", "--json")
    assert reads[-1] is None
    assert changed.out == run("status", "--json").out and reads[-1] is not None
    run("settings", "--week-start", "sunday")
    assert run("week", "--json").code == 0 and reads[-1] is None


@pytest.mark.parametrize("garbage", [b"", b"{", b'{"key": 1}', b'{"key": "x", "carried": []}', b"\x00" * 9])
def test_an_unreadable_cache_is_computed_again(years, run, tmp_path, garbage, reads):
    expected = run("status", "--json").out
    for kept in (tmp_path / "cache" / "derived").iterdir():
        kept.write_bytes(garbage)
    assert run("status", "--json").out == expected and reads[-1] is None


@pytest.mark.parametrize("kind", ["a loop of links", "too large"])
def test_a_cache_that_cannot_be_looked_at_or_is_too_large_is_computed_again(years, run, tmp_path, kind, reads):
    """In one process (the app): what was read is remembered by the cache file's identity;
    a cache that became a loop of links once failed the command, blaming the data file."""
    from tracker.store.figures_cache import MAX_CACHE_BYTES

    expected = run("status", "--json").out
    for kept in (tmp_path / "cache" / "derived").iterdir():
        kept.unlink()
        if kind == "a loop of links":
            kept.symlink_to(kept.name)
        else:
            kept.write_bytes(b" " * (MAX_CACHE_BYTES + 1))
    result = run("status", "--json")
    assert (result.code, result.out, result.err) == (0, expected, "") and reads[-1] is None


def test_kept_figures_are_trusted_only_while_what_they_were_made_from_is_unchanged(years, run, tmp_path, reads):
    expected = run("status", "--json").out
    [kept] = (tmp_path / "cache" / "derived").iterdir()
    data = orjson.loads(kept.read_bytes())
    data["carried"]["carries"]["compliment"]["best"] += 3  # a hand-edited or half-right cache
    kept.write_bytes(orjson.dumps(data))
    assert run("status", "--json").out != expected  # the key is the only check: it is trusted…
    assert reads[-1] is not None
    run("log", "compliment", "--day", "2024-06-01")  # …until what it was made from changes
    run("status", "--json")
    assert reads[-1] is None


def test_a_damaged_past_year_is_found_even_with_figures_kept(years, run, db_path):
    run("status", "--json")
    data = orjson.loads(db_path.read_bytes())
    next(iter(data["days-2025"].values()))["entries"][0]["amount"] = "lots"
    db_path.write_bytes(serialize(data))
    for command in (["status", "--json"], ["week", "--json"], ["status"]):
        result = run(*command)
        assert result.code == 3 and "damaged" in result.err


def test_an_unwritable_cache_only_costs_time(years, run, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("RECONNECT_CACHE", str(blocker))
    first, second = run("status", "--json"), run("status", "--json")
    assert first.code == second.code == 0 and first.out == second.out and second.err == ""


@pytest.mark.parametrize("week_start", ["monday", "sunday"])
def test_early_in_a_year_the_week_that_began_last_year_counts_whole(years, run, clock, reads, week_start, tmp_path, monkeypatch):
    run("settings", "--week-start", week_start)
    clock.value = clock.value.replace(year=2027, month=1, day=2)  # a Saturday
    for day in ("2026-12-28", "2026-12-30", "2027-01-01", "2027-01-02"):
        run("log", "compliment", "--day", day)
        run("log", "phone-down", "40", "--day", day)
    for command in (["status", "--json"], ["week", "--json"], ["week", "--day", "2026-12-29", "--json"]):
        monkeypatch.setenv("RECONNECT_CACHE", str(tmp_path / "fresh" / "-".join(command)))
        whole = run(*command)
        assert reads[-1] is None
        kept = run(*command)
        assert kept.out == whole.out
        assert reads[-1] is not None  # this year, and what the years before left


def test_figures_kept_last_year_are_not_used_in_a_new_year(years, run, clock, reads, tmp_path, monkeypatch):
    run("status", "--json")
    assert run("status", "--json").code == 0 and reads[-1] is not None  # kept for 2026
    clock.value = clock.value.replace(year=2027, month=1, day=2)
    new_year = run("status", "--json")
    assert reads[-1] is None  # 2026 is now a past year: every day read, figures kept anew
    monkeypatch.setenv("RECONNECT_CACHE", str(tmp_path / "fresh"))
    assert run("status", "--json").out == new_year.out


def test_this_years_history_screen_from_the_figures_kept_is_what_every_day_gives(years, reads):
    """History's year (all actions, and each one: heatmap, months, best streaks, strength
    week by week) from this year's days and the kept figures; an archived action's, which
    the figures do not cover, and a past year's from every day."""
    from tracker.views import reports as report
    from tracker.views import store_reports

    operations.log(years, "compliment", day=date(2025, 6, 1))
    operations.set_archived(years, "check-in", True)
    actions, week_start = years.actions(), years.settings().week_start
    store_reports.year(years, actions, None, TODAY.year, TODAY)  # keeps the figures
    for action in (None, *actions):
        for year in (TODAY.year, TODAY.year - 1):
            reads.clear()
            kept = store_reports.year(years, actions, action, year, TODAY)
            every_day = None in reads  # (this year's days, once read, are not read again)
            assert kept == report.year(actions, years.history(), action, year, TODAY, week_start)
            assert every_day is (year != TODAY.year or (action is not None and action.archived))
