"""Help: every key, screen by screen, as it is bound now (settings.toml may remap them)."""

from __future__ import annotations

import textwrap

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.scroll import scroll_by
from tracker.config.keys import BY_ID, KEYS, parse_keys, shown
from tracker.views.text import LEGEND

SCREENS = ("Everywhere", "Today", "Week", "History", "Actions", "Reflect", "Action page")


def help_text(keymap: dict[str, str], width: int | None = None) -> Content:
    """The help page for the keys of ``keymap`` (binding id → keys; the rest as shipped); with
    ``width``, each explanation wrapped beside its key (a hanging indent)."""
    closes = ", ".join(dict.fromkeys(["esc", *shown(help_keys(keymap)).split("/"), "q"]))
    lines: list[Content] = [
        Content.styled(f"{closes} closes this · j/k or ↑↓ scroll", "dim"),
        Content(""),
    ]
    column = max(len(shown(keymap.get(k.id, k.keys))) for k in KEYS) + 2
    for screen in SCREENS:
        keys = [k for k in KEYS if screen in (w.strip() for w in k.where.split(","))]
        if not keys:
            continue
        lines.append(Content.styled(screen, "bold"))
        rows = [(shown(keymap.get(key.id, key.keys)), key.explain) for key in keys]
        if screen == "Everywhere":
            rows.append(("^p", "the palette: every screen, action and key"))
        for keys_shown, explain in rows:
            lines += [Content(line) for line in _key_row(keys_shown, explain, column, width)]
        lines.append(Content(""))
    lines += [
        Content.styled("Symbols", "bold"),
        Content(f"  {LEGEND} (today, still to come)"),
        Content(""),
        *(Content(line) for line in textwrap.wrap(
            "From a shell: reconnect log ACTION, reconnect status, reconnect reflect, reconnect "
            "journal, reconnect summary, reconnect support, reconnect --help. Remap keys in "
            "settings.toml: reconnect settings shows where it is and the ids.", width or 78)),
    ]
    return Content("\n").join(lines)


def _key_row(keys: str, explain: str, column: int, width: int | None) -> list[str]:
    """"  space     log one: done, …", the words wrapped under themselves within ``width``."""
    indent = " " * (2 + column)
    if width is None or width <= len(indent) + 20:
        return [f"  {keys:<{column}}{explain}"]
    wrapped = textwrap.wrap(explain, width - len(indent)) or [""]
    return [f"  {keys:<{column}}{wrapped[0]}"] + [indent + line for line in wrapped[1:]]


def help_keys(keymap: dict[str, str]) -> str:
    """The keys that open (and close) help, as the user's keymap has them."""
    return keymap.get("app.help", BY_ID["app.help"].keys)


class HelpScreen(ModalScreen[None]):
    """Every key of every screen; closed by escape, q, or the key that opened it."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Close", show=False),
        Binding("j,down", "scroll(1)", "Scroll down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False),
    ]

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap
        self.closing_keys = set(parse_keys(help_keys(keymap)))

    def on_key(self, event: events.Key) -> None:
        """The key that opened help (the user's, "?" unless remapped) closes it too."""
        if event.key in self.closing_keys:
            event.stop()
            self.app.pop_screen()

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="help"):
            yield Static(help_text(self.keymap))

    def on_resize(self) -> None:
        """Wrap each key's words beside it, to the width the page has now."""
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        page = self.query_one("#help", VerticalScroll)
        self.query_one(Static).update(help_text(self.keymap, page.scrollable_content_region.width - 1))

    def action_scroll(self, lines: int) -> None:
        scroll_by(self.query_one("#help", VerticalScroll), lines)
