"""A TinyDB storage that never loses a write (docs/storage.md, "The contract").

* Atomic: serialize with orjson, write a temp file beside the data file, fsync, ``os.replace``,
  fsync the directory. A crash leaves the old or the new file, never half of one.
* Transactional: inside :meth:`AtomicJSONStorage.transaction` TinyDB's many small writes go to
  memory; the file is written once at the end, or not at all when the block raises.
* Fresh: a read outside a transaction re-reads the file only when its identity (inode, size,
  mtime) changed, so a long-lived process sees what another one wrote, cheaply.

The cross-process lock lives in :mod:`tracker.store.lock`; backups in :mod:`tracker.store.backups`.
"""

from __future__ import annotations

import errno
import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, Protocol

import orjson
from tinydb.storages import Storage

from tracker.errors import DataFileDamaged, DataFileError
from tracker.store.regular_file import read_regular
from tracker.store.tablefile import CheckTable, LazyTables, table_lines
from tracker.store.tablefile import (
    Tables as Tables,  # (the tables' type, where the storage is)
)


class Staged(Protocol):
    """Backups made ready before a save: named when it succeeds, removed when it fails."""

    def done(self) -> None: ...

    def discard(self) -> None: ...


Identity = tuple[int, int, int]


def identity(path: Path) -> Identity | None:
    """(inode, size, mtime_ns) of ``path``, or None when it does not exist (any other OSError,
    a loop of links say, is raised)."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def data_file_identity(path: Path) -> Identity | None:
    """``identity`` of the data file: one that cannot be looked at is a DataFileError."""
    try:
        return identity(path)
    except OSError as error:
        raise _unreadable(path, error) from None


def _unreadable(path: Path, error: OSError) -> DataFileError:
    return DataFileError(f"cannot read the data file {path}: {error.strerror}")


def parse(payload: bytes, path: Path) -> Tables:
    """Parse a data file's bytes, or raise DataFileDamaged saying what is wrong."""
    if not payload or payload.isspace():
        raise DataFileDamaged(f"the data file {path} is empty")
    # Parsing makes a few hundred thousand objects and no cycles: a garbage collection pass
    # in the middle (over every object of the process) costs a third of the parse.
    collecting = gc.isenabled()
    gc.disable()
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError as error:
        what = "holds NUL bytes" if b"\x00" in payload else f"is not valid JSON ({error})"
        raise DataFileDamaged(f"the data file {path} {what}") from None
    finally:
        if collecting:
            gc.enable()
    if not isinstance(data, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in data.values()
    ):
        raise DataFileDamaged(f"the data file {path} is JSON but not a TinyDB database")
    return data


def read_file(path: Path, lazily: CheckTable | None = None) -> Tables | None:
    """Read and parse ``path``; None when it does not exist.

    With ``lazily`` (a check run on each table as it is parsed) a file in this module's
    layout is parsed table by table, as it is read (:class:`LazyTables`)."""
    try:
        payload = read_regular(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise _unreadable(path, error) from None
    if lazily is not None:
        lines = table_lines(payload)
        if lines is not None:
            return LazyTables(lines, path, lazily)
    return parse(payload, path)


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_name(path: Path) -> Path:
    """A unique temp file beside ``path``; ``clean_temp_files`` finds leftovers by this shape."""
    return path.with_name(f".{path.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp")


def clean_temp_files(path: Path) -> None:
    """Remove temp files a crashed writer left. Call only while holding the lock."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            leftover.unlink()
        except OSError:
            pass


Writev = Callable[[int, Sequence[memoryview]], int]
SYSTEM_WRITEV: Writev | None = getattr(os, "writev", None)  # (none on Windows)


def write_all(fd: int, chunks: Sequence[bytes | memoryview],
              writev: Writev | None | Literal["system"] = "system") -> None:
    """Write every chunk, in order, without joining them first (no copy of a large file).
    ``writev`` (default: the system's, ``SYSTEM_WRITEV``; None: one ``os.write`` per chunk, as
    where there is none) may write less than it was given, as any write may; the rest follows."""
    if writev == "system":
        writev = SYSTEM_WRITEV
    pending = [memoryview(chunk) for chunk in chunks if chunk]
    while pending:
        written = writev(fd, pending[:512]) if writev else os.write(fd, pending[0])
        while written and pending:
            if written >= len(pending[0]):
                written -= len(pending.pop(0))
            else:
                pending[0], written = pending[0][written:], 0


def atomic_write(path: Path, payload: bytes | Sequence[bytes | memoryview]) -> None:
    """Replace ``path`` with ``payload`` (bytes, or chunks to write one after the other) so
    that a crash leaves either the old or the new file."""
    tmp = temp_name(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            write_all(fd, [payload] if isinstance(payload, bytes) else payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as error:
        try:
            tmp.unlink()
        except OSError:
            pass
        reason = "the disk is full" if error.errno == errno.ENOSPC else error.strerror
        raise DataFileError(
            f"could not save {path}: {reason}; the data file was left as it was"
        ) from None
    fsync_dir(path.parent)


def serialize(data: Tables) -> bytes:
    """The data file's bytes: compact JSON with one table per line (see ``read_tables``)."""
    return b"".join(TableEncoder().encode(data))


class TableEncoder:
    """Serializes a database table by table, re-encoding only the tables that changed.

    TinyDB replaces a table's dict whenever it writes to that table and leaves the other
    tables' dicts alone, so a table whose dict is the very object encoded last time is
    unchanged. The encoder keeps a reference to each dict, so an identity can never be reused.
    """

    def __init__(self) -> None:
        self._encoded: dict[str, tuple[dict[str, Any], bytes]] = {}

    def encode(self, data: Tables) -> list[bytes | memoryview]:
        """The file's bytes as chunks to write in order (joining 4 MB would cost a copy).

        Each table goes on a line of its own. Compact JSON never holds a raw newline (inside a
        string it is escaped), so ``read_tables`` can find the tables without parsing the rest.
        """
        encoded: dict[str, tuple[dict[str, Any], bytes]] = {}
        chunks: list[bytes | memoryview] = [b"{\n"]
        unparsed = data.unparsed_line if isinstance(data, LazyTables) else lambda name: None
        for name in data:
            line: bytes | memoryview | None = unparsed(name)  # a table nobody read: as it was
            if line is None:
                table = data[name]
                known = self._encoded.get(name)
                encoded[name] = known if known and known[0] is table else (table, orjson.dumps(table))
                line = encoded[name][1]
            chunks += [b",\n" if len(chunks) > 1 else b"", orjson.dumps(name), b":", line]
        chunks.append(b"\n}\n")
        self._encoded = encoded
        return chunks

    def forget(self) -> None:
        self._encoded = {}


Prepare = Callable[[Tables | None], tuple[Tables, bool]]


class AtomicJSONStorage(Storage):
    """TinyDB storage with atomic, transactional writes and change detection.

    ``prepare`` turns what was read (None when the file does not exist) into the data to serve,
    and says whether that data must be written at the next transaction even if nothing else
    changes (a new file, a migrated one); it validates, and raises DataFileDamaged.
    With ``check_table``, the file is parsed table by table as TinyDB reads it
    (:class:`LazyTables`), each table checked by ``check_table`` when it is parsed.
    ``before_replace`` is called with the data file's path just before a new version replaces
    it (the backups hook), and returns what it staged: ``done()`` once the new version is in
    place, ``discard()`` if it never got there. It is not called when the file is first created.
    """

    def __init__(
        self,
        path: str | Path,
        prepare: Prepare | None = None,
        before_replace: Callable[[Path], Staged] | None = None,
        check_table: CheckTable | None = None,
    ):
        self.path = Path(path)
        self._prepare = prepare
        self._check_table = check_table
        self._before_replace = before_replace
        self._data: Tables | None = None
        self._identity: Identity | None = None
        self._in_transaction = False
        self._dirty = False
        self._must_write = False
        self.generation = 0  # bumped whenever the served data changes
        self._encoder = TableEncoder()

    def changed_on_disk(self) -> bool:
        """Whether another process replaced the file since this storage last saw it."""
        return data_file_identity(self.path) != self._identity

    def read(self) -> Tables | None:
        """The whole database; re-read from disk only when the file changed (or in a new
        transaction). None when the file does not exist yet."""
        if not self._in_transaction and (self._data is None or self.changed_on_disk()):
            self._load()
        return self._data

    def _load(self) -> None:
        # Take the identity first: if the file is replaced while we read, the next read
        # sees a different identity and loads again.
        self._identity = data_file_identity(self.path)
        self._encoder.forget()
        try:
            raw = read_file(self.path, self._check_table) if self._identity else None
            if self._prepare is None:
                self._data, self._must_write = raw, False
            else:
                self._data, self._must_write = self._prepare(raw)
        except BaseException:
            # Never serve what was read before as if it were the file: every read (and write)
            # tries again, and says what is wrong, until the file is usable.
            self._data, self._identity = None, None
            self.generation += 1
            raise
        self.generation += 1

    def write(self, data: Tables) -> None:
        if not self._in_transaction:
            raise RuntimeError("writes go through AtomicJSONStorage.transaction()")
        self._data = data
        self._dirty = True
        self.generation += 1

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Collect every write of the block and commit them as one atomic replace.

        Call with the cross-process lock held. The file is re-read first if it changed.
        """
        if self._in_transaction:
            raise RuntimeError("transactions do not nest")
        if self._data is None or self.changed_on_disk():
            self._load()
        self._in_transaction = True
        self._dirty = False
        try:
            yield
        except BaseException:
            self._data = None  # TinyDB mutated the cached dict: forget it, re-read next time
            self._identity = None
            raise
        else:
            if self._dirty or self._must_write:
                self._commit()
        finally:
            self._in_transaction = False

    def _commit(self) -> None:
        assert self._data is not None
        payload = self._encoder.encode(self._data)
        existed = self.path.exists()
        staged = None
        try:
            if existed and self._before_replace is not None:
                staged = self._before_replace(self.path)
            atomic_write(self.path, payload)
        except BaseException:
            if staged is not None:
                staged.discard()
            self._data = None
            self._identity = None
            raise
        if staged is not None:
            staged.done()
        self._identity = data_file_identity(self.path)
        self._must_write = False

    @property
    def loaded(self) -> bool:
        """Whether the file has been read (and kept) by this storage."""
        return self._data is not None

    @property
    def must_write(self) -> bool:
        """Whether the served data differs from the file (a new file, a migration)."""
        self.read()
        return self._must_write

    def close(self) -> None:
        self._data = None
