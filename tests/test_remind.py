"""``reconnect remind`` (docs/sync.md): the timer's files by content, and ``--now`` against a fake
notification service on a private D-Bus session bus."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tracker.operations import everyday as operations
from tracker.outside import remind
from tracker.store.store import Store

RECONNECT = shutil.which("reconnect", path=os.path.dirname(sys.executable)) or "reconnect"
FAKE = Path(__file__).with_name("fake_notifications.py")


def test_the_timer_runs_the_installed_command_on_the_data_file_each_evening():
    units = remind.systemd_units(["/opt/my venv/bin/reconnect", "--db", "/home/sam/Sync/100% us.json",
                                  "remind", "--now"], 20, 30)
    assert units["reconnect-remind.timer"] == textwrap.dedent("""\
        [Unit]
        Description=Reconnect: a kind evening reminder at 20:30

        [Timer]
        OnCalendar=*-*-* 20:30:00
        Persistent=true

        [Install]
        WantedBy=timers.target
        """)
    service = units["reconnect-remind.service"]
    assert "Type=oneshot" in service
    # absolute paths, quoted (a space), and % doubled (a systemd specifier otherwise)
    assert ('ExecStart="/opt/my venv/bin/reconnect" "--db" "/home/sam/Sync/100%% us.json" '
            '"remind" "--now"') in service


def test_the_macos_agent_names_the_same_command_and_time():
    import plistlib

    command = ["/usr/local/bin/reconnect", "--db", "/Users/sam/a&b <x>.json", "remind", "--now"]
    agent = plistlib.loads(remind.launchd_agent(command, 7, 5).encode())
    assert agent == {"Label": remind.AGENT, "ProgramArguments": command,
                     "StartCalendarInterval": {"Hour": 7, "Minute": 5}}


def test_a_dollar_in_the_path_is_not_a_variable_to_systemd():
    service = remind.systemd_units(["/bin/reconnect", "--db", "/home/sam/$HOME 100%.json"], 21, 0)
    assert 'ExecStart="/bin/reconnect" "--db" "/home/sam/$$HOME 100%%.json"\n' in service["reconnect-remind.service"]


def test_a_line_break_in_the_data_files_path_sets_no_timer(run, tmp_path):
    folder = tmp_path / "odd\nname"
    folder.mkdir()
    result = run("remind", "--at", "21:00", db=folder / "reconnect.json")
    assert result.code == 1 and "line break" in result.err and "\\x0a" in result.err
    assert not (tmp_path / "xdg-config" / "systemd").exists()


def test_a_dead_notification_service_is_said_and_the_day_is_not_marked(run, tmp_path, monkeypatch):
    from tracker.store.marks import read_stamp

    run("status")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    result = run("remind", "--now", "--verbose")
    assert result.code == 0 and result.err == ""  # no traceback from desktop-notifier
    assert result.out.startswith("no notification could be sent") and "tried again" in result.out
    assert read_stamp(tmp_path / "reconnect.json", "remind") is None


@pytest.mark.parametrize("at", ["25:00", "20:3", "8pm", "", "20:60", "２０:３０"])
def test_a_time_that_is_not_one_is_refused_and_writes_nothing(run, at, tmp_path):
    result = run("remind", "--at", at)
    assert result.code == 1 and result.err.startswith("reconnect: error: --at needs a time")
    assert not (tmp_path / "xdg-config").exists()


def test_without_systemctl_it_writes_the_files_and_says_the_one_command(run, tmp_path, monkeypatch):
    monkeypatch.setattr(remind.shutil, "which", lambda name, **kw: None)
    result = run("remind", "--at", "20:30")
    folder = tmp_path / "xdg-config" / "systemd" / "user"
    assert result.code == 0 and str(folder) in result.out
    assert "systemctl --user daemon-reload && systemctl --user enable --now reconnect-remind.timer" in result.out
    assert (folder / "reconnect-remind.timer").exists() and (folder / "reconnect-remind.service").exists()
    said = run("remind").out  # written, never turned on: said as it is
    assert "each day" not in said and "for 20:30 is written" in said and "not turned on" in said
    assert run("remind", "--off").out.strip() == "The reminder is off."
    assert not list(folder.iterdir())
    assert run("remind").out.startswith("No reminder is set")


def test_with_systemctl_it_enables_the_timer_and_off_disables_it(store, monkeypatch):
    calls = []

    def fake_run(argv, **kwargs):
        calls.append(argv)
        return subprocess.CompletedProcess(argv, 0)

    monkeypatch.setattr(remind.shutil, "which", lambda name, **kw: "/usr/bin/" + name)
    said = remind.install(store, "21:05", run=fake_run)
    assert said[0].startswith("A kind reminder each day at 21:05")
    assert remind.describe(run=fake_run).startswith("A kind reminder each day at 21:05")
    assert ["systemctl", "--user", "is-enabled", "--quiet", "reconnect-remind.timer"] in calls
    assert ["systemctl", "--user", "enable", "--now", "reconnect-remind.timer"] in calls
    remind.remove(run=fake_run)
    assert ["systemctl", "--user", "disable", "--now", "reconnect-remind.timer"] in calls


def test_now_sends_at_most_one_a_day_and_none_once_the_day_has_an_entry(store):
    store.ensure_saved()
    sent = []
    first = remind.remind_now(store, send=lambda title, body: sent.append((title, body)))
    assert first.startswith("sent") and sent == [("Reconnect", sent[0][1])]
    assert sent[0][1].startswith("0 of 5 today · ")
    assert remind.remind_now(store, send=lambda *a: sent.append(a)) == "the reminder was already sent today"
    operations.log(store, "compliment")
    store.now.value += __import__("datetime").timedelta(days=1)  # tomorrow: due again…
    operations.log(store, "compliment")  # …but the day already has an entry
    assert remind.remind_now(store, send=lambda *a: sent.append(a)).startswith("today already has")
    assert len(sent) == 1


def test_now_without_a_desktop_session_exits_0_quietly(db_path, monkeypatch):
    Store(db_path).ensure_saved()
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    quiet = subprocess.run([RECONNECT, "--db", str(db_path), "remind", "--now"], capture_output=True,
                           text=True, env=env, timeout=60)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    told = subprocess.run([RECONNECT, "--db", str(db_path), "remind", "--now", "--verbose"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert told.returncode == 0 and "no desktop session" in told.stdout


@pytest.mark.skipif(shutil.which("dbus-run-session") is None and not os.environ.get("RECONNECT_CI"),
                    reason="needs dbus (.ci/run installs it, and there it never skips)")
def test_now_sends_a_real_notification_over_d_bus_once(db_path, tmp_path):
    Store(db_path).ensure_saved()
    out, ready = tmp_path / "notifications.txt", tmp_path / "ready"
    script = (f'"{sys.executable}" "{FAKE}" "{out}" "{ready}" & service=$!; '
              f'for i in $(seq 100); do [ -e "{ready}" ] && break; sleep 0.1; done; '
              f'"{RECONNECT}" --db "{db_path}" remind --now --verbose && '
              f'"{RECONNECT}" --db "{db_path}" remind --now --verbose; kill $service')
    result = subprocess.run(["dbus-run-session", "--", "sh", "-c", script], capture_output=True,
                            text=True, timeout=60)
    assert "sent: Reconnect · 0 of 5 today" in result.stdout, result.stdout + result.stderr
    assert "already sent today" in result.stdout
    [line] = out.read_text().splitlines()  # one notification, not two
    app, title, body = line.split("\t")
    assert (app, title) == ("Reconnect", "Reconnect") and body.startswith("0 of 5 today · ")
