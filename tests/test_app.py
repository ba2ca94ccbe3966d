"""The minimal app: opens on the data file, shows today, quits with ctrl+q."""

from __future__ import annotations

from textual.widgets import DataTable

from tracker import operations
from screens.app import ReconnectApp


async def test_opens_on_the_data_file_and_quits_with_ctrl_q(store):
    operations.log(store, "compliment")
    app = ReconnectApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(DataTable)
        assert table.row_count == 5
        assert table.get_row("compliment")[0] == "●"
        await pilot.press("ctrl+q")
    assert app.return_code == 0 and not app.is_running


async def test_first_run_creates_the_file_and_says_where(store):
    app = ReconnectApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert store.path.exists()
        assert any(str(store.path) in str(n.message) for n in app._notifications)


async def test_a_broken_file_shows_the_repair_path(store):
    store.path.write_bytes(b"\x00")
    app = ReconnectApp(store)
    async with app.run_test(size=(80, 24)):
        notice = str(app.query_one("#notice").render())
        assert "check --repair" in notice
    assert store.path.read_bytes() == b"\x00"
