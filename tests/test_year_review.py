"""The year in review (issue 23, item 5): safe to share, kind, from the same rules."""

from __future__ import annotations

from datetime import date, timedelta

from markdown_it import MarkdownIt

from tests.helpers import TODAY
from tracker.domain.model import Action
from tracker.operations import everyday as operations
from tracker.operations import reflecting


def test_the_year_in_review_from_the_shell(run, store):
    operations.add_action(store, Action(id="", name="[Walk](http://evil.example) <b>", kind="check", goal=None))
    for n in range(0, 60, 2):
        operations.log(store, "compliment", day=TODAY - timedelta(days=n))
    for n in range(3, 24):  # every day of the three weeks before this one: its goal met
        operations.log(store, "really-feeling", day=TODAY - timedelta(days=n))
    for n in (1, 2, 3):
        operations.log(store, "walk-http-evil-example-b", day=TODAY - timedelta(days=n))
    reflecting.save_reflection(store, date(2026, 11, 16), rating=4)
    reflecting.add_journal_page(store, "# a private thought", TODAY, None)
    result = run("summary", "--year", "2026")
    assert result.code == 0, result.err
    text = result.out
    assert text.startswith("# Our year: 2026\n")
    assert "- Heartfelt compliment: 30 days\n" in text  # (its goal of 7 a week never met: no streak)
    assert "- How are you, really?: 21 days, best streak 3 weeks" in text
    assert "- November: " in text and "felt 4.0 of 5 on average" in text
    assert "1 page written this year." in text and "a private thought" not in text  # never its text
    assert "- Phone-down time: room to grow" in text
    for word in ("fail", "missed", "zero", "broke"):
        assert word not in text.lower()
    tokens = [t for block in MarkdownIt().parse(text) for t in [block, *(block.children or [])]]
    assert not {"link_open", "image", "html_inline", "html_block"} & {t.type for t in tokens}
    assert [t.tag for t in tokens if t.type == "heading_open"].count("h1") == 1
    with_journal = run("summary", "--year", "2026", "--with-journal").out
    assert "> \\# a private thought" in with_journal


def test_a_quiet_month_is_a_quieter_month(run, store):
    for n in (0, 1, 2, 3, 4, 5, 6, 40, 70, 71, 72, 73, 74, 75):
        operations.log(store, "compliment", day=TODAY - timedelta(days=n))
    text = run("summary", "--year", "2026").out
    assert "- October: 1 connected day (a quieter month)" in text


def test_a_year_that_is_not_one_of_the_history_is_refused(run, store):
    store.ensure_saved()
    for year in ("1969", "2027"):
        result = run("summary", "--year", year)
        assert result.code == 1 and "not a year of your history" in result.err


async def test_y_on_history_shows_the_year_in_review(store):
    from screens.app import make_app
    from screens.dialogs import ReviewDialog

    operations.log(store, "compliment")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "y")
        assert isinstance(app.screen, ReviewDialog)
        assert app.screen.markdown.startswith("# Our year: 2026")
        await pilot.press("escape")
        assert not isinstance(app.screen, ReviewDialog)
