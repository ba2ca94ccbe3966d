from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Clock
from tracker.store import Store


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "reconnect.json"


@pytest.fixture
def store(db_path: Path, clock: Clock) -> Store:
    return Store(db_path, now=clock, lock_timeout=1)
