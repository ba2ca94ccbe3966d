"""The benchmark's baseline: a bare Textual app (Header, DataTable, Footer) with one row.

``python -m screens.bare`` is what ``tracker.bench`` compares the app's first frame and memory
with; it is not part of Reconnect.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

ROW = "bare-row-on-screen"  # what the benchmark waits for on the terminal


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one(DataTable)
        table.add_columns("name", "value")
        table.add_row(ROW, "1")


if __name__ == "__main__":
    Bare().run()
