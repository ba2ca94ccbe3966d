"""The command palette (ctrl+p): every screen, and logging or looking at every action."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from screens.base import Host
from tracker.config.keys import BY_ID, EVERYWHERE, shown
from tracker.errors import ReconnectError


class ReconnectCommands(Provider):
    """Every key's action on the screen it was opened from, every screen, help, and for each
    active action: log it, see its history."""

    def commands(self) -> list[tuple[str, Callable[[], object], str]]:
        host = cast(Host, self.app)
        app, keymap = self.app, host.config.keys
        found: list[tuple[str, Callable[[], object], str]] = []
        screen = self.screen
        where = getattr(screen, "NAME", "")
        for binding in [*getattr(type(screen), "BINDINGS", []), *type(app).BINDINGS]:
            key = BY_ID.get(getattr(binding, "id", None) or "")
            if key is None or key.id in ("nav.down", "nav.up", "app.quit"):
                continue
            if key.where != EVERYWHERE and where not in key.where:
                continue
            target = app if key.where == EVERYWHERE else screen
            label = key.description if key.where == EVERYWHERE else f"{where}: {key.description}"
            found.append((label, partial(target.run_action, binding.action),
                          f"{key.explain} ({shown(keymap.get(key.id, key.keys))})"))
        try:
            actions = host.store.actions(include_archived=False)
        except ReconnectError:  # a damaged file: the screens say so; the palette still works
            actions = []
        for action in actions:
            found.append((f"Log: {action.name}", partial(self._log, action.id),
                          action.meaning or action.kind))
            found.append((f"History: {action.name}", partial(self._history, action.id),
                          "its year, streaks and strength"))
            found.append((f"Open: {action.name}", partial(self._open, [a.id for a in actions], action.id),
                          "its own page: strength, the last weeks, streaks, notes"))
        return found

    def _log(self, action_id: str) -> None:
        from screens.today import TodayScreen

        app = self.app

        def log_on_today() -> None:
            if isinstance(app.screen, TodayScreen):
                app.screen.log_action(action_id)

        app.switch_mode("today")
        app.call_after_refresh(log_on_today)

    def _history(self, action_id: str) -> None:
        from screens.history import HistoryScreen

        app = self.app
        app.switch_mode("history")

        def show() -> None:
            if isinstance(app.screen, HistoryScreen):
                app.screen.show(action_id)
                app.screen.refresh_data()

        app.call_after_refresh(show)

    def _open(self, ids: list[str], action_id: str) -> None:
        from screens.action_page import ActionPageScreen

        self.app.push_screen(ActionPageScreen(ids, ids.index(action_id)))

    async def discover(self) -> Hits:
        for name, command, help in self.commands():
            yield DiscoveryHit(Content(name), command, help=help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, command, help in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), command, help=help)


def highlight(matcher: Matcher, text: str) -> Content:
    """``text`` as literal content with the matched letters highlighted (``Matcher.highlight``
    would read it as markup, and a name may hold brackets)."""
    content = Content(text)
    _, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
