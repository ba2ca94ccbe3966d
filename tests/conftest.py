from __future__ import annotations

import io
import os
import time
from pathlib import Path

import orjson
import pytest
from hypothesis import settings

from tests.helpers import Clock
from tracker.cli.main import main
from tracker.domain.model import DEFAULT_DAY_START
from tracker.store.store import Store

# Property tests guard rules, so a run must be repeatable: the default profile ("ci", also what
# the README's test command runs) derives its examples from each test, not from a random seed.
# HYPOTHESIS_PROFILE=explore searches afresh, with many more examples, to find new edge cases
# (then pin what it finds with @example); "mutation" keeps a mutation run (README) short.
settings.register_profile("ci", max_examples=100, derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", max_examples=750, deadline=None, print_blob=True)
settings.register_profile("mutation", max_examples=30, derandomize=True, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# The tests' clocks are fixed moments with offsets; the day a moment falls on is read in the local
# zone (a user's day is their own), so the zone is pinned: a developer in Tokyo runs what CI runs.
os.environ["TZ"] = "UTC"
time.tzset()

# Tests that run the installed command use the real clock; one that logs before a day turns and
# reads after it would see two days. A day turns at the default day start (04:00) and a date at
# midnight; no test runs for two minutes, so near either one a test waits it out before it starts.
TURNS = (0, DEFAULT_DAY_START * 3600)
MARGIN = 120


@pytest.fixture(autouse=True)
def not_across_a_day() -> None:
    """Start no test in the last ``MARGIN`` seconds before a day or a date turns (UTC, pinned)."""
    into_the_day = time.time() % 86400
    left = min((turn - into_the_day) % 86400 for turn in TURNS)
    if left < MARGIN:
        time.sleep(left + 1)


@pytest.fixture(autouse=True)
def own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own settings.toml, cache and data file never reach a test."""
    monkeypatch.setenv("RECONNECT_CONFIG", str(tmp_path / "config" / "settings.toml"))
    monkeypatch.setenv("RECONNECT_CACHE", str(tmp_path / "cache"))
    # a reminder set by a test goes to a folder of its own, never the developer's systemd
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.delenv("RECONNECT_DB", raising=False)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "reconnect.json"


@pytest.fixture
def store(db_path: Path, clock: Clock) -> Store:
    return Store(db_path, now=clock, lock_timeout=1)


class Result:
    """What one ``reconnect`` command did: exit code, stdout, stderr."""

    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def json(self):
        return orjson.loads(self.out)


@pytest.fixture
def run(db_path: Path, clock: Clock):
    """Run ``reconnect --db <db_path> ARGV…`` in this process, at the clock's time."""
    def run(*argv: str, db: Path | str | None = None) -> Result:
        out, err = io.StringIO(), io.StringIO()
        try:
            code = main(["--db", str(db if db is not None else db_path), *argv], now=clock, out=out, err=err)
        except SystemExit as exit:  # argparse: --help, --version, usage errors
            code = exit.code
        return Result(code, out.getvalue(), err.getvalue())

    return run
