"""The data file's layout: one table per line, so that a reader can parse only the tables it
needs (docs/storage.md, "What a command must read"). Kept apart from the storage, so that a reader
that never writes (``reconnect nudge``) needs neither TinyDB nor the storage to find them."""

from __future__ import annotations

import gc
import mmap
import os
from typing import Any

import orjson


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


class MappedFile:
    """The data file's tables read through a memory map, for a reader that never writes and
    must start at once (``reconnect nudge``): only the tables asked for are parsed, and the
    rest of the file is never read (thirty years are 35 MB). A file in another layout is
    parsed whole."""

    def __init__(self, path: str | os.PathLike[str]):
        with open(path, "rb") as file:
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
