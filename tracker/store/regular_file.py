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


def read_regular(path: str | os.PathLike[str]) -> bytes:
    """The bytes of ``path`` (see :func:`open_regular`)."""
    with open_regular(path) as file:
        return file.read()


__all__ = ["NOT_REGULAR", "open_regular", "read_regular"]
