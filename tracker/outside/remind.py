"""``reconnect remind``: a kind evening reminder, off until asked for (docs/sync.md).

``--at HH:MM`` installs a systemd user timer (Linux) or a launchd agent (macOS) that runs
``reconnect remind --now`` each evening; ``--off`` removes it. ``--now`` sends at most one
desktop notification a day, through desktop-notifier (imported only then), and none when the
day already has an entry or nothing is open; without a desktop session it does nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tracker.errors import BadInput
from tracker.store.marks import read_stamp, write_stamp
from tracker.store.regular_file import read_regular
from tracker.store.store import Store
from tracker.views.text import printable

NAME = "reconnect-remind"
# Any control character, line breaks included: a unit file is one setting per line.
_UNIT_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f]")
AGENT = "app.reconnect.remind"
Run = Callable[..., subprocess.CompletedProcess[bytes]]


def parse_at(text: str) -> tuple[int, int]:
    """``20:30`` → (20, 30); BadInput for anything that is not a time of day."""
    hour, _, minute = text.strip().partition(":")
    if not (text.isascii() and hour.isdigit() and minute.isdigit() and len(minute) == 2
            and int(hour) < 24 and int(minute) < 60):
        raise BadInput(f"--at needs a time of day like 20:30, not {text!r}")
    return int(hour), int(minute)


def _systemd_arg(text: str) -> str:
    """One argument of ExecStart=, quoted: ``%`` is a specifier there and ``$`` a variable,
    so each is doubled. A line break cannot be written at all (``_command`` refuses it)."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
               .replace("$", "$$"))
    return f'"{escaped}"'


def systemd_units(command: list[str], hour: int, minute: int) -> dict[str, str]:
    """The service and timer files that run ``command`` every day at ``hour:minute`` (and,
    with Persistent=, once at the next start after a time missed while the machine slept)."""
    service = (
        "[Unit]\nDescription=Reconnect: a kind evening reminder\n\n"
        "[Service]\nType=oneshot\n"
        f"ExecStart={' '.join(_systemd_arg(part) for part in command)}\n"
    )
    timer = (
        f"[Unit]\nDescription=Reconnect: a kind evening reminder at {hour:02d}:{minute:02d}\n\n"
        f"[Timer]\nOnCalendar=*-*-* {hour:02d}:{minute:02d}:00\nPersistent=true\n\n"
        "[Install]\nWantedBy=timers.target\n"
    )
    return {f"{NAME}.service": service, f"{NAME}.timer": timer}


def launchd_agent(command: list[str], hour: int, minute: int) -> str:
    """The launchd agent (a plist, written by ``plistlib``) that runs ``command`` every day at
    ``hour:minute``."""
    import plistlib

    agent = {"Label": AGENT, "ProgramArguments": command,
             "StartCalendarInterval": {"Hour": hour, "Minute": minute}}
    return plistlib.dumps(agent).decode()


def _systemd_folder() -> Path:
    """``$XDG_CONFIG_HOME/systemd/user`` (``~/.config/…`` by default), where systemd looks."""
    from platformdirs import user_config_path

    return user_config_path() / "systemd" / "user"


def _agent_file() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{AGENT}.plist"


def _command(store: Store) -> list[str]:
    """The absolute ``reconnect`` and data file: a timer runs outside any venv or shell."""
    here = Path(sys.argv[0]).resolve() if Path(sys.argv[0]).name == "reconnect" else None
    program = str(here) if here and here.exists() else shutil.which("reconnect") or "reconnect"
    command = [program, "--db", str(store.path), "remind", "--now"]
    if any(_UNIT_BREAKING.search(part) for part in command):
        raise BadInput(f"the path {printable(command[2] if _UNIT_BREAKING.search(command[2]) else program)} "
                       "holds a line break or a control character, which a timer cannot run; "
                       "move it to a plain path first")
    return command


def _systemctl(run: Run, *argv: str) -> bool:
    if shutil.which("systemctl") is None:
        return False
    try:
        return run(["systemctl", "--user", *argv], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def install(store: Store, at: str, run: Run = subprocess.run) -> list[str]:
    """Install the daily reminder at ``at``; what to say."""
    hour, minute = parse_at(at)
    command = _command(store)
    when = f"{hour:02d}:{minute:02d}"
    if sys.platform == "darwin":
        agent = _agent_file()
        agent.parent.mkdir(parents=True, exist_ok=True)
        agent.write_text(launchd_agent(command, hour, minute))
        run(["launchctl", "unload", str(agent)], capture_output=True)
        if run(["launchctl", "load", "-w", str(agent)], capture_output=True).returncode == 0:
            return [f"A kind reminder each day at {when} (a launchd agent: {agent})."]
        return [f"Wrote {agent}; to turn it on, run: launchctl load -w {agent}"]
    folder = _systemd_folder()
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in systemd_units(command, hour, minute).items():
        (folder / name).write_text(text)
    if _systemctl(run, "daemon-reload") and _systemctl(run, "enable", "--now", f"{NAME}.timer"):
        return [f"A kind reminder each day at {when} (a systemd user timer in {folder})."]
    return [f"Wrote the timer for {when} in {folder}; to turn it on, run:",
            f"  systemctl --user daemon-reload && systemctl --user enable --now {NAME}.timer"]


def remove(run: Run = subprocess.run) -> list[str]:
    """Remove the reminder, wherever it was installed; what to say."""
    if sys.platform == "darwin":
        agent = _agent_file()
        if not agent.exists():
            return ["No reminder was set."]
        run(["launchctl", "unload", "-w", str(agent)], capture_output=True)
        agent.unlink()
        return ["The reminder is off."]
    files = [_systemd_folder() / f"{NAME}.{kind}" for kind in ("timer", "service")]
    if not any(path.exists() for path in files):
        return ["No reminder was set."]
    _systemctl(run, "disable", "--now", f"{NAME}.timer")
    for path in files:
        path.unlink(missing_ok=True)
    _systemctl(run, "daemon-reload")
    return ["The reminder is off."]


def describe(run: Run = subprocess.run) -> str:
    """Whether a reminder is set, and when; a timer written but not turned on says so."""
    darwin = sys.platform == "darwin"
    path = _agent_file() if darwin else _systemd_folder() / f"{NAME}.timer"
    if not path.exists():
        return "No reminder is set (reconnect remind --at 20:30 sets one)."
    try:
        text = read_regular(path, limit=1 << 16).decode(errors="replace")  # ours is a few lines
    except OSError as error:
        return f"The reminder's timer {path} cannot be read ({error.strerror})."
    when = next((line.split()[1][:5] for line in text.splitlines() if line.startswith("OnCalendar=*-*-* ")),
                None)
    if not darwin and not _systemctl(run, "is-enabled", "--quiet", f"{NAME}.timer"):
        return (f"The timer{f' for {when}' if when else ''} is written in {path.parent} but not turned "
                f"on; to turn it on, run: systemctl --user daemon-reload && systemctl --user enable "
                f"--now {NAME}.timer")
    if when:
        return f"A kind reminder each day at {when} ({path})."
    return f"A reminder is set ({path})."


def remind_now(store: Store, send: Callable[[str, str], None] | None = None) -> str:
    """Send today's notification if one is due; say what happened (for --verbose)."""
    from tracker.outside.nudge import nudge

    today = store.today()
    if store.day(today).entries:
        return "today already has an entry: no reminder"
    if read_stamp(store.path, "remind") == today.isoformat():
        return "the reminder was already sent today"
    line = nudge(store.path, store.now())
    if line is None:
        return "nothing is open today: no reminder"
    if send is None:
        if sys.platform.startswith("linux") and not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
            return "no desktop session (no D-Bus): no reminder"
        send = _desktop_notification
    try:
        send("Reconnect", line.removeprefix("Reconnect · "))
    except Exception as error:  # no notification service: a reminder never breaks anything
        why = str(error) if isinstance(error, NotSent) else f"{type(error).__name__}: {error}"
        return f"no notification could be sent ({why}); it is tried again next time"
    write_stamp(store.path, "remind", today.isoformat())
    return "sent: " + line


def _desktop_notification(title: str, message: str) -> None:
    """Send one notification, or raise saying why not. desktop-notifier does not raise when
    sending fails: it logs a warning with a traceback. Its log is kept here (never printed)
    and only ``on_dispatched`` counts as sent."""
    import logging

    from desktop_notifier import DesktopNotifierSync  # only a reminder needs it

    failures: list[str] = []

    class Kept(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            error = record.exc_info[1] if record.exc_info else None
            failures.append(f"{type(error).__name__}: {error}" if error else record.getMessage())

    logger = logging.getLogger("desktop_notifier")
    kept, propagate = Kept(logging.WARNING), logger.propagate
    logger.addHandler(kept)
    logger.propagate = False
    dispatched: list[bool] = []
    try:
        DesktopNotifierSync(app_name="Reconnect").send(
            title=title, message=message, on_dispatched=lambda: dispatched.append(True))
    finally:
        logger.removeHandler(kept)
        logger.propagate = propagate
    if not dispatched:
        raise NotSent(failures[-1] if failures else "the notification service did not take it")


class NotSent(Exception):
    """The notification service did not take the notification (``str``: why)."""
