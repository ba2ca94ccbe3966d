"""What every top-level screen shares: it loads its data when shown and when the file changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from screens.app import ReconnectApp


class DataScreen(Screen[None]):
    """A screen over the store. ``refresh_data`` reads it again and redraws."""

    @property
    def reconnect(self) -> ReconnectApp:
        return cast("ReconnectApp", self.app)

    def on_screen_resume(self) -> None:
        # Fires on the first show too (Textual 8): the one place data is loaded.
        self.refresh_data()

    def refresh_data(self) -> None:
        """Read the store and redraw; overridden by each screen."""
