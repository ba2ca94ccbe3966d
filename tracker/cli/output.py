"""Where a command writes: results on standard output (tables fitted to the terminal, JSON),
notices and errors on standard error, each one line with nothing a terminal would obey; and
``--output`` files, replaced atomically and never the data file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TextIO

import orjson

from tracker.errors import BadInput, ReconnectError
from tracker.store.store import Store
from tracker.views.text import printable


class Output:
    """Where a command writes: standard output for results, standard error for notices."""

    def __init__(self, out: TextIO, err: TextIO):
        self.out, self.err = out, err

    def say(self, text: str = "") -> None:
        print(printable(text), file=self.out)

    @property
    def width(self) -> int:
        """How many columns tables may take: the terminal's (or $COLUMNS), 80 when the output
        is not a terminal."""
        columns = os.environ.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 0:
            return max(40, int(columns))
        try:
            if self.out.isatty():
                return max(40, os.get_terminal_size(self.out.fileno()).columns)
        except (OSError, ValueError, AttributeError):
            pass
        return 80

    def json(self, data: Any) -> None:
        self.out.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")

    def notice(self, text: str) -> None:
        print(f"reconnect: {printable(text, one_line=True)}", file=self.err)

    def error(self, text: str) -> None:
        print(f"reconnect: error: {printable(text, one_line=True)}", file=self.err)


def write_output(store: Store, output: Output, name: str | None, payload: bytes) -> Path | None:
    """``payload`` to standard output, or (``--output``) to the file ``name``, replaced
    atomically and never the data file itself; the file written, if any."""
    from tracker.store.durable import atomic_write

    if name is None:
        output.out.write(payload.decode())
        return None
    target = Path(name).expanduser()
    if target.resolve() == store.path.resolve():
        raise BadInput("--output would overwrite the data file itself; choose another file")
    try:
        atomic_write(target, payload)
    except ReconnectError as error:
        raise BadInput(str(error)) from None
    return target
