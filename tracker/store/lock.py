"""One writer at a time across processes: an exclusive lock on ``<data file>.lock``.

The lock file is never deleted (deleting it would let two processes lock two different files).
Waiting is bounded: past the timeout the caller gets DataFileBusy, never a hang.
"""

from __future__ import annotations

import math
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tracker.errors import BadInput, DataFileBusy, DataFileError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

DEFAULT_TIMEOUT = 10.0


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
    else:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


class HeldLock:
    """An exclusive lock on ``path`` taken without waiting and held until released: what
    ``serve`` uses so that one app at a time runs for a data file (``<file>.app.lock``)."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def take(self) -> bool:
        """Take it if no process holds it; whether this one now does."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    @property
    def held_elsewhere(self) -> bool:
        """Whether another process holds it (this one holding it counts as held)."""
        if self._fd is not None:
            return True
        if self.take():
            self.release()
            return False
        return True


class _Expired(Exception):
    pass


def _wait(fd: int, timeout: float) -> bool:
    """Wait up to ``timeout`` seconds for the lock; whether it was taken.

    In the main thread on POSIX the wait is a blocking ``flock`` ended by a timer: the kernel
    hands the lock over as soon as it is free, so waiters are not starved by a process that
    takes it again at once (as polling would be). Elsewhere: polling with short sleeps.
    """
    if _try_lock(fd):
        return True
    if fcntl is not None and hasattr(signal, "setitimer") and (
        threading.current_thread() is threading.main_thread()
    ):
        def expired(signum: int, frame: object) -> None:
            raise _Expired

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            return True
        except _Expired:
            return False  # if it fired just after the lock was taken, closing fd frees it
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    deadline = time.monotonic() + timeout
    while not _try_lock(fd):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.002)
    return True


@contextmanager
def locked(path: Path, timeout: float = DEFAULT_TIMEOUT) -> Iterator[None]:
    """Hold the exclusive lock of data file ``path`` for the block."""
    target = lock_path(path)
    try:
        fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise DataFileError(f"cannot open the lock file {target}: {error.strerror}") from None
    try:
        started = time.monotonic()
        if not _wait(fd, timeout):
            waited = time.monotonic() - started
            raise DataFileBusy(
                f"the data file {path} is busy: this command waited {waited:.1f} s for another "
                "Reconnect to finish with it; try again in a moment"
            )
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def parse_timeout(text: str | None) -> float:
    """The lock timeout from ``RECONNECT_LOCK_TIMEOUT``: seconds from 0 to 600 (default 10)."""
    if text is None or not text.strip():
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 600:  # also refuses nan
        raise BadInput(
            f"RECONNECT_LOCK_TIMEOUT is {text!r}: give the seconds to wait for a busy file, 0 to 600"
        )
    return value
