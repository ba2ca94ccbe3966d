"""Drive the installed ``reconnect`` in a real pseudo-terminal and read its screen.

pexpect gives the program a pty of a chosen size; pyte plays the bytes it writes into a
screen of characters with their colours, as a terminal would show them. Nothing in the app is
set up for the test: the real entry point, the default intervals, the user's path.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pyte

KEYS = {"up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
        "enter": "\r", "escape": "\x1b", "ctrl+q": "\x11", "ctrl+p": "\x10", "ctrl+s": "\x13",
        "tab": "\t", "space": " "}


def reconnect_command() -> str:
    """The ``reconnect`` script installed beside this Python (the README's install)."""
    found = Path(sys.executable).parent / "reconnect"
    return str(found) if found.exists() else shutil.which("reconnect") or "reconnect"


class Terminal:
    """One ``reconnect`` process in a ``columns`` × ``lines`` pseudo-terminal."""

    def __init__(self, db: Path, *args: str, columns: int = 100, lines: int = 30,
                 env: dict[str, str] | None = None):
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.written = bytearray()  # every byte the program wrote, for what pyte does not keep
        environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL")}
        environment.update(TERM="xterm-256color", COLORTERM="truecolor", RECONNECT_DB=str(db),
                           **(env or {}))
        self.process = pexpect.spawn(reconnect_command(), list(args), env=environment,
                                     dimensions=(lines, columns), timeout=1)

    def pump(self, seconds: float = 0.05) -> None:
        """Feed whatever the program wrote within ``seconds`` to the screen."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                chunk = self.process.read_nonblocking(65536, timeout=0.02)
                self.written += chunk
                self.stream.feed(chunk)
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                return
            if time.monotonic() >= deadline:
                return

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, condition: str | Callable[[str], bool], timeout: float = 30) -> float:
        """Wait until the screen shows ``condition``; return how long that took (seconds)."""
        check = condition if callable(condition) else (lambda text: condition in text)
        start = time.monotonic()
        while not check(self.text()):
            if time.monotonic() - start > timeout:
                raise AssertionError(f"not on the screen after {timeout} s: {condition!r}\n"
                                     + self.text())
            if not self.process.isalive():
                self.pump()
                if not check(self.text()):
                    raise AssertionError(f"reconnect exited; the screen was:\n{self.text()}")
            self.pump()
        return time.monotonic() - start

    def press(self, *keys: str, settle: float = 0.3) -> None:
        """Type keys (names from ``KEYS`` or literal text), then let the screen settle."""
        for key in keys:
            self.process.send(KEYS.get(key, key))
            self.pump(0.05)
        self.pump(settle)

    def quit(self, timeout: float = 10) -> int:
        """Press ctrl+q and wait for the program to end; its exit status."""
        self.process.send(KEYS["ctrl+q"])
        deadline = time.monotonic() + timeout
        while self.process.isalive() and time.monotonic() < deadline:
            self.pump(0.1)
        assert not self.process.isalive(), "reconnect did not quit on ctrl+q"
        self.pump(1)  # what it wrote last (it ends at the end of the output)
        self.process.close()
        return self.process.exitstatus or 0

    def close(self) -> None:
        if self.process.isalive():
            self.process.terminate(force=True)

    def row(self, text: str) -> str:
        """The screen line holding ``text``."""
        for line in self.screen.display:
            if text in line:
                return line
        raise AssertionError(f"no line holds {text!r}:\n{self.text()}")

    def colours(self) -> set[str]:
        """Every foreground and background colour on the screen."""
        found: set[str] = set()
        for line in self.screen.buffer.values():
            for char in line.values():
                found.update((char.fg, char.bg))
        return found
