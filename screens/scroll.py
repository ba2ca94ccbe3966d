"""Scrolling with keys, for the screens and dialogs whose content can be taller than the
terminal."""

from __future__ import annotations

from textual.widget import Widget


def scroll_by(view: Widget, lines: int) -> None:
    """Scroll ``view`` by ``lines`` from where the last scroll was going, not from where the
    screen was last drawn: keys typed in a burst (or held down) each count."""
    view.scroll_to(y=view.scroll_target_y + lines, animate=False, immediate=True)
