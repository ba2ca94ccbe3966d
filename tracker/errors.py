"""The errors the CLI turns into one line and an exit code."""

from __future__ import annotations

from collections.abc import Mapping


class ReconnectError(Exception):
    """Base class: ``str(error)`` is the one line the user sees."""

    exit_code = 1


class BadInput(ReconnectError):
    """The user asked for something invalid; nothing was changed (exit 1).

    An error about one of an action's fields names it as ``{field}`` in ``message``, with the
    domain's word as the keyword argument (``BadInput("{days} must be …", days="days")``);
    each front words it its own way: the CLI with its flag, the app with its label."""

    exit_code = 1

    def __init__(self, message: str, **fields: str) -> None:
        self.template, self.fields = message, fields
        super().__init__(message.format(**fields) if fields else message)

    def worded(self, words: Mapping[str, str]) -> str:
        """The message with each field named by ``words`` (field → word) where it has one."""
        if not self.fields:
            return str(self)
        return self.template.format(**{name: words.get(name, word) for name, word in self.fields.items()})


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


class NoBackup(DataFileError):
    """A backup that must come first (before a merge, a restore) could not be kept; nothing
    was written."""
