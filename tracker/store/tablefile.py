"""The data file's layout: one table per line, so that a reader can parse only the tables it
needs (docs/storage.md, "What a command must read"), and the one reader of it, in three modes:
:class:`LazyTables` (each table parsed and checked as it is first read: the store's),
:func:`read_tables` (a few tables, for the app's first frame) and :class:`MappedFile` (a
memory map, for ``reconnect nudge``). Kept apart from the storage, so that a reader that never
writes needs neither TinyDB nor the storage."""

from __future__ import annotations

import gc
import mmap
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from tracker.errors import DataFileDamaged
from tracker.store.regular_file import open_regular, read_regular

Tables = dict[str, dict[str, Any]]


def table_lines(payload: bytes | mmap.mmap) -> dict[str, memoryview] | None:
    """Each table's JSON, as a view of the bytes of its line (never a copy: at thirty years a
    copy costs more than the parse of this year's days), in the layout this module writes (one
    table per line); None for any other layout (the caller then parses the whole file)."""
    if payload[:2] != b"{\n" or payload[-3:] != b"\n}\n":
        return None
    view = memoryview(payload)
    found: dict[str, memoryview] = {}
    position, last = 2, len(payload) - 3  # after "{\n"; where "\n}\n" begins
    while position < last:
        newline = payload.find(b"\n", position, last)
        end = last if newline < 0 else newline
        if end < last and payload[end - 1] != 0x2C:  # a line before the last ends with ","
            return None
        line_end = end - 1 if end < last else end
        colon = payload.find(b'":', position, line_end)
        if payload[position] != 0x22 or colon < 0:  # '"name":'
            return None
        try:
            name = orjson.loads(view[position:colon + 1])
        except orjson.JSONDecodeError:
            return None
        if not isinstance(name, str) or name in found:
            return None
        found[name] = view[colon + 2:line_end]
        position = end + 1
    return found


def parse_table(line: bytes | memoryview) -> dict[str, Any] | None:
    """One table's line parsed, or None when it is not a table of documents."""
    collecting = gc.isenabled()
    gc.disable()  # as in ``parse``
    try:
        table = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    finally:
        if collecting:
            gc.enable()
    if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
        return None
    return table


class _Unparsed:
    """The value of a table not parsed yet: anything that reads it without asking
    :class:`LazyTables` fails loudly instead of seeing an empty table."""

    def __repr__(self) -> str:
        return "<unparsed table>"


UNPARSED: Any = _Unparsed()
CheckTable = Callable[[str, dict[str, Any]], None]


class LazyTables(dict[str, dict[str, Any]]):
    """The data file's tables, each parsed the first time it is read, and checked then.

    A command that reads only this year's days never parses (or checks) the other years; a
    save writes each table nobody read back as the very bytes of its line (docs/storage.md,
    "What a command must read"). Reading every table (``parse_all``) is what ``check`` does.
    """

    def __init__(self, lines: dict[str, memoryview], path: Path, check: CheckTable | None = None):
        super().__init__(dict.fromkeys(lines, UNPARSED))
        self._lines = lines
        self._as_read = dict(lines)  # each table's line as read, until the table is replaced
        self._path = path
        self._check = check

    def _parsed(self, name: str) -> dict[str, Any]:
        line = self._lines.get(name)
        if line is not None:
            table = parse_table(line)
            if table is None:
                raise DataFileDamaged(f"the data file {self._path} is damaged: its {name!r} "
                                      "table is not a table of documents")
            if self._check is not None:
                self._check(name, table)
            dict.__setitem__(self, name, table)
            self._lines.pop(name, None)  # (another thread may have parsed it meanwhile)
        return dict.__getitem__(self, name)

    def unparsed_line(self, name: str) -> memoryview | None:
        """The bytes of table ``name``'s line, while nobody has read it."""
        return self._lines.get(name)

    def line_as_read(self, name: str) -> memoryview | None:
        """The bytes of table ``name``'s line as read from the file, while it is unchanged."""
        return self._as_read.get(name)

    def parse_all(self, which: Callable[[str], bool] = lambda name: True) -> None:
        """Parse (and check) every table not yet read, or those ``which`` says."""
        for name in list(self._lines):
            if which(name):
                self._parsed(name)

    def __getitem__(self, name: str) -> dict[str, Any]:
        return self._parsed(name)

    def get(self, name: str, default: Any = None) -> Any:
        return self._parsed(name) if name in self else default

    def __setitem__(self, name: str, table: dict[str, Any]) -> None:
        self._lines.pop(name, None)
        self._as_read.pop(name, None)
        dict.__setitem__(self, name, table)

    def __delitem__(self, name: str) -> None:
        self._lines.pop(name, None)
        self._as_read.pop(name, None)
        dict.__delitem__(self, name)

    def values(self) -> Any:
        return [self._parsed(name) for name in self]

    def items(self) -> Any:
        return [(name, self._parsed(name)) for name in self]

    def copy(self) -> dict[str, dict[str, Any]]:
        return dict(self.items())

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, dict[str, Any]]:
        import copy

        return copy.deepcopy(self.copy(), memo)

    def pop(self, *args: Any) -> Any:
        if args and args[0] in self:
            self._parsed(args[0])
            self._as_read.pop(args[0], None)
        return dict.pop(self, *args)

    def setdefault(self, name: str, default: Any = None) -> Any:
        return self._parsed(name) if name in self else dict.setdefault(self, name, default)

    def __eq__(self, other: object) -> bool:
        return dict(self.items()) == other

    __hash__ = None


def read_tables(path: Path, wanted: Callable[[str], bool]) -> Tables | None:
    """Parse only the tables ``wanted`` picks, for a quick first look at a large file.

    Works on the layout this module writes (one table per line); None for any other layout
    or any surprise, and the caller then reads the whole file as usual. Read-only: nothing
    read this way is ever written back.
    """
    try:
        lines = table_lines(read_regular(path))
    except OSError:
        return None
    if lines is None:
        return None
    tables: Tables = {}
    for name, line in lines.items():
        if wanted(name):
            table = parse_table(line)
            if table is None:
                return None
            tables[name] = table
    return tables


class MappedFile:
    """The data file's tables read through a memory map, for a reader that never writes and
    must start at once (``reconnect nudge``): only the tables asked for are parsed, and the
    rest of the file is never read (thirty years are 35 MB). A file in another layout is
    parsed whole."""

    def __init__(self, path: str | os.PathLike[str]):
        with open_regular(path) as file:
            size = os.fstat(file.fileno()).st_size
            data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self._lines = table_lines(data)
        self._whole: Any = None if self._lines is not None else orjson.loads(memoryview(data))

    def table(self, name: str) -> dict[str, Any] | None:
        """The table ``name`` parsed, or None when there is none (or it is not a table)."""
        if self._lines is None:
            found = self._whole.get(name) if isinstance(self._whole, dict) else None
            return found if isinstance(found, dict) else None
        line = self._lines.get(name)
        return None if line is None else parse_table(line)
