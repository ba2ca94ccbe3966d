"""Opening a file to read only when it is a regular file.

Every path Reconnect reads can be something else: the data file, a conflict copy or an import
given as a FIFO (opening it waits for a writer that never comes), or a link to a device such
as /dev/zero (whose reading never ends). Either would stop a command, or the app, for good.
Links to regular files are followed as usual: a data file linked into a synced folder is a
normal set-up.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

# O_NONBLOCK: a FIFO opens at once instead of waiting for a writer (no effect on a regular file)
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
NOT_REGULAR = "not a regular file"


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for reading in binary, if it is a regular file once links are followed.

    Raises FileNotFoundError and the other OSErrors of ``open``; IsADirectoryError for a
    folder; OSError with ``strerror`` :data:`NOT_REGULAR` for anything else."""
    fd = os.open(path, _FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, NOT_REGULAR, str(path))
        if _FLAGS & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)  # a regular file now: read it as any other (a network one too)
        return open(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of ``path`` (see :func:`open_regular`). With ``limit``, a file of more bytes
    raises OSError (EFBIG) whose ``strerror`` says the limit: by its size, unread, or while
    reading (a file that grows)."""
    with open_regular(path) as file:
        if limit is None:
            return file.read()
        too_large = OSError(errno.EFBIG, f"larger than {_size(limit)}", str(path))
        if os.fstat(file.fileno()).st_size > limit:
            raise too_large
        payload = file.read(limit + 1)
        if len(payload) > limit:
            raise too_large
        return payload


def _size(count: int) -> str:
    """A limit in words: ``64 MB``, ``64 KB``, ``100 bytes``."""
    for unit, shift in (("MB", 20), ("KB", 10)):
        if count >= 1 << shift and count % (1 << shift) == 0:
            return f"{count >> shift} {unit}"
    return f"{count} bytes"


__all__ = ["NOT_REGULAR", "open_regular", "read_regular"]
