"""What helps (docs/reflect.md), against a table of weeks worked out by hand, then from the shell
and on the Reflect screen."""

from __future__ import annotations

from datetime import date, timedelta

from tracker.domain.history import History
from tracker.domain.insights import NOT_YET, mean, what_helps
from tracker.domain.model import Action, Entry, Goal
from tracker.domain.reflect import Reflection

FIRST = date(2026, 9, 28)  # a Monday; eight weeks to 2026-11-22
TODAY = date(2026, 11, 25)
WALK = Action(id="walk", name="Walk together", kind="check", goal=Goal(3, "week"), languages=("time",))
HUG = Action(id="hug", name="A long hug", kind="check", goal=None, languages=("touch",))

# week: (rating, days walked, days hugged)
#   weeks 1-4: the walk's goal (3 days) met; 5-8: one day only
#   hugs in weeks 1, 2, 5, 6
TABLE = [(5, 3, 1), (4, 3, 2), (4, 4, 0), (4, 3, 0), (3, 1, 1), (2, 1, 1), (3, 1, 0), (3, 0, 0)]
# by hand: walk met: 5, 4, 4, 4 → 17/4 = 4.25 → 4.3; not met: 3, 2, 3, 3 → 11/4 = 2.75 → 2.8
#          touch given: 5, 4, 3, 2 → 3.5; not: 4, 4, 3, 3 → 3.5


def history_and_weeks(table=TABLE):
    entries, weeks = [], {}
    for n, (rating, walks, hugs) in enumerate(table):
        start = FIRST + timedelta(days=7 * n)
        weeks[start] = Reflection(start, rating, "2026-11-25T20:00:00+00:00")
        entries += [Entry("walk", start + timedelta(days=d), 1, "2026-11-25T20:00:00+00:00", "test")
                    for d in range(walks)]
        entries += [Entry("hug", start + timedelta(days=6 - d), 1, "2026-11-25T20:00:00+00:00", "test")
                    for d in range(hugs)]
    return History.build(entries), weeks


def test_the_hand_computed_table():
    history, weeks = history_and_weeks()
    found = what_helps([WALK, HUG], history, weeks, TODAY, partner_languages=("touch",))
    assert found.weeks_reflected == 8
    walk, hug = found.actions
    assert (walk.met.weeks, walk.met.mean, walk.not_met.weeks, walk.not_met.mean) == (4, 4.3, 4, 2.8)
    assert walk.words() == ("Weeks with Walk together on 3 or more days felt 4.3 on average; "
                            "other weeks 2.8 (4 and 4 weeks).")
    assert (hug.met.weeks, hug.met.mean, hug.not_met.weeks, hug.not_met.mean) == (4, 3.5, 4, 3.5)
    [touch] = found.languages
    assert (touch.id, touch.met.weeks, touch.met.mean, touch.not_met.mean) == ("touch", 4, 3.5, 3.5)
    assert found.to_json()["languages"][0] == {
        "language": "touch", "name": "physical touch",
        "met": {"weeks": 4, "mean": 3.5}, "not_met": {"weeks": 4, "mean": 3.5}}


def test_fewer_than_four_weeks_on_a_side_shows_no_mean_and_says_it_will_come():
    history, weeks = history_and_weeks(TABLE[:7])  # the walk: 4 met, 3 not
    found = what_helps([WALK], history, weeks, TODAY)
    [walk] = found.actions
    assert (walk.met.weeks, walk.met.mean, walk.not_met.weeks, walk.not_met.mean) == (4, None, 3, None)
    assert found.lines() == [NOT_YET]
    assert found.to_json()["actions"][0]["met"] == {"weeks": 4, "mean": None}


def test_means_round_half_up_exactly():
    assert (mean([4, 5]), mean([2, 3, 3, 3]), mean([1, 1, 2])) == (4.5, 2.8, 1.3)
    assert mean([3, 3, 3, 4, 4, 4, 4, 4, 4, 4]) == 3.7  # 3.7 exactly, never 3.6999…


def test_words_never_claim_a_cause_nor_scold():
    history, weeks = history_and_weeks()
    for line in what_helps([WALK, HUG], history, weeks, TODAY).lines():
        for word in ("because", "caused", "should", "failed", "missed", "better than"):
            assert word not in line.lower()


def test_what_met_means_is_said_for_every_kind_of_goal():
    def condition(kind, goal):
        history, weeks = history_and_weeks()
        found = what_helps([Action(id="x", name="X", kind=kind, goal=goal)], history, weeks, TODAY)
        return found.actions[0].condition

    assert condition("check", Goal(1, "day", 5)) == "on 5 or more days"
    assert condition("minutes", Goal(30, "day", 4)) == "on 4 or more days"
    assert condition("check", Goal(1, "week")) == "at least once"
    assert condition("check", Goal(2, "week")) == "on 2 or more days"
    assert condition("count", Goal(7, "week")) == "7 or more"
    assert condition("minutes", Goal(60, "week")) == "60 min or more"
    assert condition("check", Goal(2, "month")) == "as often as the month asks"
    assert condition("check", None) == ""


def test_an_action_without_a_goal_and_a_language_are_said_by_their_names_alone():
    history, weeks = history_and_weeks([(5, 0, 1)] * 4 + [(3, 0, 0)] * 4)
    found = what_helps([HUG], history, weeks, TODAY, partner_languages=("touch",))
    assert found.lines() == [
        "Weeks with A long hug felt 5.0 on average; other weeks 3.0 (4 and 4 weeks).",
        "Weeks with physical touch felt 5.0 on average; other weeks 3.0 (4 and 4 weeks)."]


def test_one_actions_insight_is_never_said_of_another():
    history, weeks = history_and_weeks()
    found = what_helps([WALK, HUG], history, weeks, TODAY)
    assert found.about("walk").startswith("Weeks with Walk together")
    quiet = what_helps([WALK, Action(id="new", name="New", kind="check", goal=None)], history, weeks, TODAY)
    assert quiet.about("new") == NOT_YET  # its weeks are all "not met": no mean yet
    assert found.about("no-such-action") == NOT_YET


def test_a_week_is_its_seven_days_and_one_starting_today_is_counted():
    """A log on the day after a reflected week is not that week's, with a goal or without."""
    def log(action, day):
        return Entry(action, day, 1, "2026-11-25T20:00:00+00:00", "test")

    entries, weeks = [], {}
    for n in range(8):  # every other week reflected; the week between holds the day after
        start = FIRST + timedelta(days=14 * n)
        weeks[start] = Reflection(start, 5 if n < 4 else 3, "2026-11-25T20:00:00+00:00")
        if n < 4:  # met: three walks and a hug
            entries += [log("walk", start + timedelta(days=d)) for d in range(3)] + [log("hug", start)]
        else:  # two walks, and a walk and a hug the day after the week
            entries += [log("walk", start + timedelta(days=d)) for d in (5, 6, 7)] + [log("hug", start + timedelta(days=7))]
    history, last = History.build(entries), max(weeks)
    walk, hug = what_helps([WALK, HUG], history, weeks, last + timedelta(days=30)).actions
    assert (walk.met.weeks, walk.met.mean, walk.not_met.weeks, walk.not_met.mean) == (4, 5.0, 4, 3.0)
    assert (hug.met.weeks, hug.not_met.weeks) == (4, 4)
    assert what_helps([WALK], history, weeks, last).weeks_reflected == 8  # its week starts today
    assert what_helps([WALK], history, weeks, last - timedelta(days=1)).weeks_reflected == 7


def log_the_table(store) -> None:
    """The table's walks and ratings, logged and reflected as a person would."""
    from tracker.operations import everyday as operations
    from tracker.operations import reflecting

    operations.add_action(store, Action(id="", name="Walk together", kind="check", goal=Goal(3, "week")))
    for n, (rating, walks, _) in enumerate(TABLE):
        start = FIRST + timedelta(days=7 * n)
        for d in range(walks):
            operations.log(store, "walk-together", day=start + timedelta(days=d))
        reflecting.save_reflection(store, start, rating=rating)


def test_insights_from_the_shell(run, store, clock):
    log_the_table(store)
    data = run("insights", "--json").json()
    walk = next(a for a in data["actions"] if a["id"] == "walk-together")
    assert data["weeks_reflected"] == 8 and walk["met"] == {"weeks": 4, "mean": 4.3}
    text = run("insights").out
    assert "Weeks with Walk together on 3 or more days felt 4.3 on average; other weeks 2.8 (4 and 4 weeks)." in text
    page = run("action", "walk-together")  # on the action's page too
    assert "What went with the closer weeks: Weeks with Walk together on 3 or more days felt 4.3" in page.out
    assert run("action", "walk-together", "--json").json()["what_helps"]["met"] == {"weeks": 4, "mean": 4.3}


async def test_the_reflect_screen_says_what_went_with_the_closer_weeks(store, clock):
    from screens.app import make_app

    store.ensure_saved()
    app = make_app(store, today=lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        assert NOT_YET in str(app.screen.query_one("#helps").render())
    log_the_table(store)
    app = make_app(store, today=lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        assert "Weeks with Walk together on 3 or more days felt 4.3 on average" in str(
            app.screen.query_one("#helps").render())
