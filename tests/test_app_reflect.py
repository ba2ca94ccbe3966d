"""Screen 5, Reflect, key by key (Pilot), asserting on the data file."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Input, Select, Static, TextArea

from screens.app import ReconnectApp, make_app
from screens.compat import shown_notices
from screens.reflect import ReflectScreen
from screens.reflect_dialogs import JournalDialog, ReflectionDialog
from screens.week import WeekScreen
from tests.helpers import MONDAY, TODAY
from tests.test_app import wait_for
from tracker.operations import everyday as operations
from tracker.operations import reflecting
from tracker.store.store import Store


def fresh(store: Store) -> Store:
    """The file as another process reads it."""
    return Store(store.path, now=store.now)


def shown(app: ReconnectApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def notices(app: ReconnectApp) -> list[str]:
    return [str(n.message) for n in shown_notices(app)]


@pytest.fixture
def app(store: Store) -> ReconnectApp:
    operations.log(store, "compliment")
    return make_app(store, today=lambda: TODAY)  # the file watch as the user has it


async def shows(pilot, app: ReconnectApp, selector: str, text: str, within: float = 15) -> None:
    """Wait until ``text`` is in the widget (another process's write: the file watch). The
    bound is for a refresh that never comes, not a measured time: it is generous."""
    for _ in range(int(within / 0.05)):
        if text in shown(app, selector):
            return
        await pilot.pause(0.05)
    assert text in shown(app, selector)


async def test_a_sunday_evening_check_in_in_the_app(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        assert isinstance(app.screen, ReflectScreen)
        assert "No reflection for this week yet" in shown(app, "#reflection")
        await pilot.press("e")
        assert isinstance(app.screen, ReflectionDialog)
        await pilot.press("2", "4")  # the rating: digits pick it, and the screen stays
        assert isinstance(app.screen, ReflectionDialog)
        await pilot.press("tab", *"a long walk", "tab", "tab", *"more evenings", "tab")
        await pilot.press(*"You never ask")
        await pilot.pause()
        assert "I feel … when … I'd like …" in shown(app, "#talk-hint")
        await pilot.press("ctrl+u", *"I feel far when we both scroll")
        await pilot.pause()
        assert shown(app, "#talk-hint") == ""
        await pilot.press("enter")  # enter on the last field saves
        await pilot.pause()
        assert isinstance(app.screen, ReflectScreen)
        saved = fresh(store).reflections()
        assert [(r.week, r.rating, r.went_well, r.appreciated, r.need, r.talk) for r in saved] == [
            (MONDAY, 4, "a long walk", None, "more evenings", "I feel far when we both scroll")]
        text = shown(app, "#reflection")
        assert "4 of 5, close" in text and "a long walk" in text
        assert " 4" in shown(app, "#trend")


async def test_editing_keeps_what_was_written_and_escape_changes_nothing(app, store):
    reflecting.save_reflection(store, TODAY, 3, {"need": "sleep"})
    before = store.path.read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5", "e")
        assert app.screen.query_one("#need", Input).value == "sleep"
        await pilot.press("5", "escape")
        assert store.path.read_bytes() == before
        await pilot.press("e", "1", "ctrl+s")
        await pilot.pause()
    assert [(r.rating, r.need) for r in fresh(store).reflections()] == [(1, "sleep")]


async def test_a_reflection_without_a_rating_is_refused_in_the_dialog(app, store):
    before = store.path.read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5", "e", "tab", *"words", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionDialog)
        assert "--rating" in str(app.screen.query_one(".error", Static).render())
    assert store.path.read_bytes() == before


async def test_a_journal_page_with_a_feeling(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5", "a")
        assert isinstance(app.screen, JournalDialog)
        await pilot.press(*"A quiet walk.", "enter", *"We held hands.")
        app.screen.query_one("#feeling", Select).value = "close"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReflectScreen)
        pages = fresh(store).journal()
        assert [(p.day, p.text, p.feeling) for p in pages] == [
            (TODAY, "A quiet walk.\nWe held hands.", "close")]
        table = app.screen.query_one("#journal-pages")
        assert table.row_count == 1


async def test_an_empty_journal_page_is_refused(app, store):
    before = store.path.read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5", "a", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, JournalDialog)
        assert "needs some text" in str(app.screen.query_one(".error", Static).render())
        assert isinstance(app.screen.query_one("#text"), TextArea)
    assert store.path.read_bytes() == before


async def test_weeks_move_with_brackets_and_a_past_week_can_be_reflected(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5", "right_square_bracket")
        assert "not happened yet" in notices(app)[-1]
        await pilot.press("left_square_bracket")
        assert "16 Nov – 22 Nov 2026" in shown(app, "#reflect-line")
        await pilot.press("e", "2", "ctrl+s")
        await pilot.pause()
        await pilot.press("t")
        assert "This week" in shown(app, "#reflect-line")
    assert [(r.week, r.rating) for r in fresh(store).reflections()] == [(MONDAY - timedelta(days=7), 2)]


async def test_the_balance_and_the_quiet_suggestion(app, store):
    operations.log(store, "phone-down", 30)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        balance = shown(app, "#balance")
        assert "words 1" in balance and "time 1" in balance and "touch 0" in balance
        assert "They feel loved" not in balance
        reflecting.change_care_settings(Store(store.path, now=store.now), partner_languages=["touch"])
        await shows(pilot, app, "#balance", "They feel loved through touch: a 20-second hug?")


async def test_the_care_paragraph_at_most_once_a_week(store):
    for weeks_ago, rating in ((2, 2), (1, 1), (0, 2)):
        reflecting.save_reflection(store, TODAY - timedelta(days=7 * weeks_ago), rating)
    for n in range(2):
        app = make_app(Store(store.path, now=store.now), today=lambda: TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("5")
            care = app.screen.query_one("#care", Static)
            if n == 0:  # the first app to see it this week shows it, as long as it is open
                assert care.display and "therapist" in str(care.render())
                await pilot.press("1", "5")
                assert app.screen.query_one("#care", Static).display
            else:  # never a pop-up, never again the same week
                assert not care.display
                assert not any("therapist" in text for text in notices(app))


async def test_no_care_paragraph_once_turned_off(store):
    for weeks_ago in range(3):
        reflecting.save_reflection(store, TODAY - timedelta(days=7 * weeks_ago), 1)
    reflecting.change_care_settings(store, support=False)
    app = make_app(store, today=lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        assert not app.screen.query_one("#care", Static).display


async def test_the_week_screen_shows_the_weeks_rating(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        assert isinstance(app.screen, WeekScreen)
        assert "felt" not in shown(app, "#week-line")
        reflecting.save_reflection(Store(store.path, now=store.now), TODAY, 5)  # the CLI, say
        await shows(pilot, app, "#week-line", "felt 5/5 (very close)")


async def test_help_and_the_palette_know_reflect(app, store):
    from screens.commands import ReconnectCommands

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        page = str(app.screen.query_one("#help Static", Static).render())
        assert "Reflect" in page and "write a journal page" in page and "  5 " in page
        await pilot.press("escape", "5")
        labels = [label for label, _, _ in ReconnectCommands(app.screen, None).commands()]
        assert "Reflect" in labels and "Reflect: Journal" in labels and "Reflect: Reflect" in labels


async def test_welcome_back_on_opening_after_a_quiet_week(store, clock):
    operations.log(store, "compliment", day=TODAY - timedelta(days=8))
    app = make_app(store, today=lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: notices(app))  # polled: a busy machine draws later
        assert notices(app) == ["Welcome back."]
    operations.log(store, "compliment")
    app = make_app(store, today=lambda: TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        # until Today has read the whole file: the welcome would come then
        await wait_for(pilot, lambda: screen.query_one("#day-line").render() and app.store.loaded)
        await pilot.pause(0.2)
        assert "Welcome back." not in notices(app)


async def test_the_screen_does_not_shift_after_a_dialog(app, store):
    """The dialogs' style sheet must not restyle the screen under them (ids are app-wide)."""
    reflecting.save_reflection(store, TODAY, 3, {"need": "sleep"})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        before = [(w.id, w.region) for w in app.screen.query("#reflect-body > *")]
        await pilot.press("e", "escape", "a", "escape")
        await pilot.pause()
        assert [(w.id, w.region) for w in app.screen.query("#reflect-body > *")] == before


async def test_reflect_at_80x24_scrolls_with_the_keys_and_shows_the_page_just_kept(app, store):
    for n in range(8):  # a week with a long journal: taller than the terminal
        reflecting.add_journal_page(store, f"page {n}\nsecond line\nthird line", TODAY, None)
    reflecting.save_reflection(store, MONDAY, rating=4, texts={"went_well": "a long walk " * 20})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        body = app.screen.query_one("#reflect-body")
        assert body.max_scroll_y > 0 and body.scroll_y == 0
        await pilot.press("j", "j", "down")
        await pilot.pause()
        assert body.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert body.scroll_y == 2
        await pilot.press("a")
        await pilot.press(*"the newest page")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: body.scroll_y > 2)
        pages = app.screen.query_one("#journal-pages")
        assert body.scroll_y > 2 and pages.region.y < 24  # scrolled to the journal, on the screen


async def test_a_redraw_while_the_app_closes_and_the_widgets_are_gone_is_let_go(app, store):
    """The file watch can fire once more while the app shuts down (CI found it on Reflect):
    a screen whose widgets are already gone is not redrawn, and nothing fails."""
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        await app.screen.query_one("#reflect-line").remove()
        app.refresh_screen()
