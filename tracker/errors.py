"""The errors the CLI turns into one line and an exit code."""

from __future__ import annotations


class ReconnectError(Exception):
    """Base class: ``str(error)`` is the one line the user sees."""

    exit_code = 1


class BadInput(ReconnectError):
    """The user asked for something invalid; nothing was changed (exit 1)."""

    exit_code = 1


class DataFileError(ReconnectError):
    """The data file cannot be used: damaged, too new, busy or not writable (exit 3)."""

    exit_code = 3


class DataFileDamaged(DataFileError):
    """The data file does not parse or has the wrong shape. ``repairable``: every problem has
    a fix ``check --repair`` can make in place (no backup needed)."""

    repairable = False


class DataFileTooNew(DataFileError):
    """The data file was written by a newer Reconnect; it may be read but not written."""


class DataFileBusy(DataFileError):
    """Another process held the lock for longer than the timeout."""
