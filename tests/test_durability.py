"""Faults from the outside world: kill -9 mid-write, processes writing at once, a full disk."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest

from tracker.domain.model import Entry
from tracker.errors import DataFileError
from tracker.operations import everyday as operations
from tracker.store import durable
from tracker.store.repair import check
from tracker.store.schema import day_docs
from tracker.store.store import Store

WRITER = Path(__file__).with_name("writer.py")


def entry_ids(path: Path) -> list[str]:
    data = orjson.loads(path.read_bytes())  # must always parse
    return [e["id"] for doc in day_docs(data) for e in doc["entries"]]


def prefill(path: Path, days: int) -> None:
    """Give the file some history so that each write takes real time."""
    store = Store(path)
    start = date.today() - timedelta(days=days)
    with store.transaction():
        for n in range(days):
            day = start + timedelta(days=n)
            store.add_entry(Entry("phone-down", day, 30, "2020-01-01T20:00:00+00:00", "test",
                                  note="a walk after dinner, phones at home"))


def test_kill_9_at_random_moments_never_loses_an_acknowledged_write(tmp_path):
    db = tmp_path / "reconnect.json"
    prefill(db, 730)
    rng = random.Random(20261125)
    acknowledged: list[str] = []
    rounds = 0
    while len(acknowledged) < 300 or rounds < 25:
        rounds += 1
        writer = subprocess.Popen(
            [sys.executable, str(WRITER), str(db), "100000", f"r{rounds}"],
            stdout=subprocess.PIPE, text=True,
        )
        # let it start and write for a random while, then kill it without warning
        first = writer.stdout.readline()
        time.sleep(rng.uniform(0, 0.25))
        writer.send_signal(signal.SIGKILL)
        rest, _ = writer.communicate()
        acknowledged += [line for line in (first + rest).split() if line]
        on_disk = entry_ids(db)
        assert set(acknowledged) <= set(on_disk), f"round {rounds} lost an acknowledged write"
        assert len(on_disk) == len(set(on_disk))
        check(Store(db))  # and the file is a valid Reconnect file
    assert len(acknowledged) >= 300


def test_processes_logging_at_once_each_entry_arrives_exactly_once(tmp_path):
    db = tmp_path / "reconnect.json"
    prefill(db, 200)
    writers = [
        subprocess.Popen([sys.executable, str(WRITER), str(db), "40", f"p{n}"],
                         stdout=subprocess.PIPE, text=True)
        for n in range(4)
    ]
    app = Store(db)  # a long-lived process (the app) writing at the same time
    for i in range(40):
        operations.log(app, "compliment", note=f"app-{i}", source="app")
    outputs = [w.communicate(timeout=120)[0] for w in writers]
    assert all(w.returncode == 0 for w in writers)
    notes = [
        e.get("note")
        for doc in day_docs(orjson.loads(db.read_bytes()))
        for e in doc["entries"]
        if e["action"] == "compliment"
    ]
    expected = {f"p{n}-{i}" for n in range(4) for i in range(40)} | {f"app-{i}" for i in range(40)}
    assert sorted(notes) == sorted(expected)  # every one, none twice
    assert sum(len(o.split()) for o in outputs) == 160


def test_a_real_full_disk_leaves_the_old_file(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                            capture_output=True)
    if result.returncode != 0:
        pytest.skip("cannot mount a tmpfs here; the patched-write test covers ENOSPC")
    try:
        db = mount / "reconnect.json"
        store = Store(db)
        operations.log(store, "compliment", note="first")
        before = db.read_bytes()
        (mount / "filler").write_bytes(b"x" * (256 * 1024 - len(before) - 8192))
        failure = None
        for i in range(200):  # grow the file until it no longer fits
            try:
                operations.log(store, "compliment", note="n" * 1500 + str(i))
                before = db.read_bytes()
            except Exception as error:  # noqa: BLE001
                failure = error
                break
        assert failure is not None and "disk is full" in str(failure)
        assert db.read_bytes() == before
        assert not [p for p in mount.iterdir() if p.name.endswith(".tmp")]
    finally:
        subprocess.run(["umount", str(mount)])


# -- every way a save can fail, in the words the user sees (issue 25) --------------------------


@pytest.mark.parametrize(("code", "words"), [
    (errno.ENOSPC, "the disk is full"),
    (errno.EACCES, "Permission denied"),
    (errno.EROFS, "Read-only file system"),
    (errno.EIO, "Input/output error"),
])
def test_a_failed_save_says_why_and_leaves_the_file(tmp_path, monkeypatch, code, words):
    target = tmp_path / "reconnect.json"
    target.write_bytes(b"as it was")

    def failing(fd):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(durable.os, "fsync", failing)  # where a full or failing disk says so
    with pytest.raises(DataFileError) as raised:
        durable.atomic_write(target, b"new")
    assert str(raised.value) == f"could not save {target}: {words}; the data file was left as it was"
    assert target.read_bytes() == b"as it was" and list(tmp_path.iterdir()) == [target]


def test_a_folder_in_the_way_is_said_as_such(tmp_path):
    target = tmp_path / "reconnect.json"
    target.mkdir()
    with pytest.raises(DataFileError) as raised:
        durable.atomic_write(target, b"new")
    assert "could not save" in str(raised.value) and "directory" in str(raised.value).lower()
    assert target.is_dir() and [p.name for p in tmp_path.iterdir()] == ["reconnect.json"]
