"""The store's contract (docs/storage.md): atomic, locked, fresh, versioned, backed up."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from tracker.errors import (
    BadInput,
    DataFileBusy,
    DataFileDamaged,
    DataFileError,
    DataFileTooNew,
)
from tracker.operations import everyday as operations
from tracker.store import lock as filelock
from tracker.store.durable import serialize
from tracker.store.schema import SCHEMA, migrate, schema_of
from tracker.store.store import Store


def test_reading_a_missing_file_shows_the_starters_without_creating_it(store):
    assert [a.id for a in store.actions()][:2] == ["phone-down", "really-feeling"]
    assert not store.path.exists()


def test_first_write_creates_the_file_with_the_starters(store):
    operations.log(store, "compliment")
    data = orjson.loads(store.path.read_bytes())
    assert schema_of(data) == SCHEMA
    assert len(data["actions"]) == 5
    assert store.created


def test_one_document_per_day(store, clock):
    operations.log(store, "compliment")
    operations.log(store, "compliment")
    operations.log(store, "phone-down", 20)
    data = orjson.loads(store.path.read_bytes())
    today = store.today()
    assert list(data["days-2026"]) == [str(today.toordinal())]
    assert len(data["days-2026"][str(today.toordinal())]["entries"]) == 3


def test_a_failed_transaction_leaves_the_file_byte_for_byte(store):
    operations.log(store, "compliment")
    before = store.path.read_bytes()
    with pytest.raises(BadInput):
        with store.transaction():
            operations_store_add(store)
            raise BadInput("no")
    assert store.path.read_bytes() == before
    assert len(list(store.days())[0].entries) == 1  # the in-memory change was dropped too


def operations_store_add(store):
    from tracker.domain.model import Entry

    store.add_entry(Entry("compliment", store.today(), 1, "2026-11-25T20:00:00+01:00", "test"))


def test_another_process_write_is_seen(db_path, clock):
    app, cli = Store(db_path, now=clock), Store(db_path, now=clock)
    operations.log(app, "compliment")
    assert app.history().total(app.actions()[2], app.today()) == 1
    operations.log(cli, "compliment")
    assert app.changed_on_disk()
    assert app.history().total(app.actions()[2], app.today()) == 2
    operations.log(app, "compliment")  # writes on top of cli's entry, never over it
    assert sum(len(r.entries) for r in Store(db_path, now=clock).days()) == 3


def test_lock_timeout_says_busy(store):
    operations.log(store, "compliment")
    before = store.path.read_bytes()
    store.lock_timeout = 0.2
    with filelock.locked(store.path):
        with pytest.raises(DataFileBusy, match="busy"):
            operations.log(store, "compliment")
    assert store.path.read_bytes() == before


def test_lock_is_exclusive_across_threads_of_control(store):
    operations.log(store, "compliment")
    before = store.path.read_bytes()
    started, order = threading.Event(), []

    def writer() -> None:
        started.set()
        operations.log(store.__class__(store.path, now=store.now), "compliment")
        order.append("writer")

    with filelock.locked(store.path):
        t = threading.Thread(target=writer)
        t.start()
        assert started.wait(5)
        t.join(0.3)
        # the writer has started and is still waiting: it has not written past the lock
        assert t.is_alive() and store.path.read_bytes() == before
        order.append("holder")
    t.join(5)
    assert order == ["holder", "writer"] and store.path.read_bytes() != before


def test_leftover_temp_files_are_cleaned(store):
    operations.log(store, "compliment")
    leftover = store.path.with_name(f".{store.path.name}.999-dead.tmp")
    leftover.write_bytes(b"half a file")
    operations.log(store, "compliment")
    assert not leftover.exists()


def test_previous_version_and_daily_snapshot_are_kept(store):
    operations.log(store, "compliment")
    first = store.path.read_bytes()
    operations.log(store, "compliment")
    assert store.backups.previous.read_bytes() == first
    assert store.backups.daily(store.now().date()).read_bytes() == first


def test_backups_are_pruned_to_14_daily_and_12_monthly(store, clock):
    start = datetime(2025, 1, 1, 12, tzinfo=clock.value.tzinfo)
    used = []
    for n in range(0, 700, 3):
        clock.value = start + timedelta(days=n)
        operations.log(store, "compliment")
        used.append(clock.value.date())
    kept = {d for d, _ in store.backups.dailies()}
    snapshots = sorted(used[1:], reverse=True)  # the first write created the file: no snapshot
    last_of_month: dict = {}
    for d in snapshots:
        last_of_month.setdefault((d.year, d.month), d)
    expected = set(snapshots[:14]) | set(list(last_of_month.values())[:12])
    assert kept == expected
    assert len(kept) < len(snapshots)


def test_plain_tinydb_file_is_migrated_with_a_backup(db_path, clock):
    db_path.write_text('{"_default": {}}')
    store = Store(db_path, now=clock)
    assert len(store.actions()) == 5  # read as migrated, without writing
    assert db_path.read_text() == '{"_default": {}}'
    operations.log(store, "compliment")
    assert schema_of(orjson.loads(db_path.read_bytes())) == SCHEMA
    assert store.backups.before_schema(0).read_text() == '{"_default": {}}'


def test_migrations_run_in_order_and_are_pure():
    calls = []

    def one(data):
        calls.append(1)
        return {**data, "_meta": {"1": {"schema": 2}}, "x": {"1": {"v": 1}}}

    def two(data):
        calls.append(2)
        return {**data, "_meta": {"1": {"schema": 3}}}

    start = {"_meta": {"1": {"schema": 1}}}
    out = migrate(start, target=3, migrations={1: one, 2: two})
    assert calls == [1, 2] and schema_of(out) == 3 and out["x"] == {"1": {"v": 1}}
    assert start == {"_meta": {"1": {"schema": 1}}}


def newer_file(store):
    operations.log(store, "compliment")
    data = orjson.loads(store.path.read_bytes())
    data["_meta"]["1"]["schema"] = SCHEMA + 1
    store.path.write_bytes(orjson.dumps(data))
    return store.path.read_bytes()


def test_newer_schema_reads_but_refuses_writes(db_path, clock):
    before = newer_file(Store(db_path, now=clock))
    store = Store(db_path, now=clock)
    assert len(list(store.days())) == 1
    with pytest.raises(DataFileTooNew, match="upgrade"):
        operations.log(store, "compliment")
    assert db_path.read_bytes() == before


BROKEN = {
    "empty": b"",
    "whitespace": b"  \n",
    "truncated": None,  # filled from a real file below
    "nul bytes": b"\x00" * 64,
    "not json": b"hello, world",
    "a list": b"[1, 2, 3]",
    "table not an object": b'{"_meta": {"1": {"schema": 1}}, "days": []}',
    "no schema": b'{"days": {"1": {"x": 1}}}',
    "day filed wrongly": b'{"_meta": {"1": {"schema": 1}}, "settings": {}, "actions": {}, "days-2026": {"5": {"day": "2026-11-25"}}}',
    "bad entry": b'{"_meta": {"1": {"schema": 1}}, "settings": {}, "actions": {}, "days-2025": {"739580": {"day": "2025-11-25", "entries": [{"id": "x", "action": "a", "amount": -1, "at": "t"}]}}}',
    "day table not an object": b'{"_meta": {"1": {"schema": 1}}, "settings": {}, "actions": {}, "days-2026": []}',
    "bad action": b'{"_meta": {"1": {"schema": 1}}, "settings": {}, "actions": {"1": {"id": "a"}}, "days": {}}',
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_files_are_refused_and_left_alone(db_path, clock, kind):
    good = Store(db_path, now=clock)
    operations.log(good, "compliment")
    payload = BROKEN[kind] if BROKEN[kind] is not None else db_path.read_bytes()[:-40]
    db_path.write_bytes(payload)
    store = Store(db_path, now=clock)
    with pytest.raises(DataFileDamaged, match=str(db_path)):
        store.actions()
    with pytest.raises(DataFileDamaged):
        operations.log(store, "compliment")
    assert db_path.read_bytes() == payload


def test_full_disk_leaves_the_old_file(store, monkeypatch):
    import errno

    import tracker.store.durable as storage

    operations.log(store, "compliment")
    before = store.path.read_bytes()

    def no_space(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage.os, "write", no_space)
    monkeypatch.setattr(storage, "SYSTEM_WRITEV", no_space)
    with pytest.raises(Exception, match="disk is full"):
        operations.log(store, "compliment")
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert not list(store.path.parent.glob(".*.tmp"))
    assert not list((store.path.parent / "backups").glob(".*.tmp"))  # nothing staged is left
    assert sum(len(r.entries) for r in store.days()) == 1  # memory agrees with the disk


def test_table_by_table_encoding_writes_exactly_the_data(store):
    """Only changed tables are re-encoded; the file must still equal the data in full."""
    steps = [
        lambda: operations.log(store, "compliment"),
        lambda: operations.log(store, "compliment", day=date(2025, 3, 1)),
        lambda: operations.edit_action(store, "compliment", name="Compliment"),
        lambda: operations.rest(store, None, day=date(2025, 3, 2)),
        lambda: operations.log(store, "phone-down", 20, day=date(2025, 3, 1)),
        lambda: operations.undo(store),
    ]
    for step in steps:
        step()
        assert orjson.loads(store.path.read_bytes()) == store.storage.read()
        assert orjson.loads(store.path.read_bytes()) == Store(store.path).storage.read()


def test_partial_writes_are_completed(tmp_path):
    """writev may write less than asked; every byte must still land, in order."""
    import os

    from tracker.store.durable import write_all

    calls = []

    def short_writev(fd, buffers):
        calls.append(len(buffers))
        return os.writev(fd, [bytes(buffers[0])[:3]])  # at most 3 bytes at a time

    target = tmp_path / "x.json"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT, 0o600)
    write_all(fd, [b"{", b"", b'"a":', memoryview(b"[1,2,3]"), b"}\n"], writev=short_writev)
    os.close(fd)
    assert target.read_bytes() == b'{"a":[1,2,3]}\n' and calls == [4, 3, 3, 2, 2, 2, 1]  # (the empty one left out)
    # where the system has no writev: one write per chunk, the same bytes
    chunks = [b"{", b"", b'"a":', memoryview(b"[1,2,3]"), b"}\n"]
    for writev in (None, os.writev):
        fd = os.open(target, os.O_WRONLY | os.O_TRUNC)
        write_all(fd, chunks, writev=writev)
        os.close(fd)
        assert target.read_bytes() == b'{"a":[1,2,3]}\n'


def test_a_table_of_days_is_checked_when_first_read_so_never_written_on_damaged(db_path, clock):
    operations.log(Store(db_path, now=clock), "compliment")
    data = orjson.loads(db_path.read_bytes())
    next(iter(data["days-2026"].values()))["entries"][0]["amount"] = "lots"
    db_path.write_bytes(orjson.dumps(data))  # one line: not the layout read table by table
    before = db_path.read_bytes()
    with pytest.raises(DataFileDamaged):
        Store(db_path, now=clock).actions()  # a file read whole is checked whole
    db_path.write_bytes(serialize(data))
    before = db_path.read_bytes()
    lazy = Store(db_path, now=clock)
    assert len(lazy.actions()) == 5  # what needs no day works
    with pytest.raises(DataFileDamaged, match=f"the data file {db_path} is damaged"):
        operations.log(lazy, "compliment")  # the day's table is read, so checked (and named)
    with pytest.raises(DataFileDamaged):
        lazy.history()  # all of history is only read once checked
    assert db_path.read_bytes() == before


def _damage_an_old_year(db_path, clock) -> bytes:
    store = Store(db_path, now=clock)
    operations.log(store, "compliment", day=date(2024, 3, 1))
    operations.log(store, "compliment")
    data = orjson.loads(db_path.read_bytes())
    next(iter(data["days-2024"].values()))["entries"][0]["amount"] = "lots"
    db_path.write_bytes(serialize(data))
    return next(line for line in db_path.read_bytes().splitlines() if line.startswith(b'"days-2024"'))


def test_a_log_reads_only_its_year_and_copies_the_others_byte_for_byte(db_path, clock):
    old_line = _damage_an_old_year(db_path, clock)
    operations.log(Store(db_path, now=clock), "phone-down", 20)  # docs/storage.md: "What a command must read"
    assert old_line in db_path.read_bytes().splitlines()  # left as it was, never made worse
    with pytest.raises(DataFileDamaged, match="wrong shape"):
        Store(db_path, now=clock).history()  # what reads every year finds it


def test_once_the_whole_read_found_damage_no_write_is_made(db_path, clock):
    _damage_an_old_year(db_path, clock)
    store = Store(db_path, now=clock)
    with pytest.raises(DataFileDamaged):
        store.history()
    before = db_path.read_bytes()
    with pytest.raises(DataFileDamaged):
        operations.log(store, "compliment")
    assert db_path.read_bytes() == before


def test_glance_sees_what_a_full_read_sees_for_recent_days(db_path, clock):
    writer = Store(db_path, now=clock)
    operations.log(writer, "compliment", day=date(2025, 12, 30))
    operations.log(writer, "phone-down", 20)
    operations.rest(writer, None, day=date(2026, 11, 20))
    operations.edit_action(writer, "compliment", name="Compliment")
    since = date(2026, 10, 16)
    glance = Store(db_path, now=clock).glance(since)
    full = Store(db_path, now=clock)
    assert glance is not None
    assert glance.actions == full.actions() and glance.settings == full.settings()
    today, phone = full.today(), full.actions()[0]
    assert glance.history.total(phone, today) == full.history().total(phone, today) == 20
    assert glance.history.rests("phone-down", date(2026, 11, 20), date(2026, 11, 20)) == [True]
    assert glance.history.first_day("compliment") is None  # 2025 was not read


def test_glance_steps_aside_whenever_the_full_read_should_be_used(db_path, clock):
    store = Store(db_path, now=clock)
    assert store.glance(date(2026, 1, 1)) is None  # no file yet
    operations.log(store, "compliment")
    assert store.glance(date(2026, 1, 1)) is None  # this store has read the file already
    db_path.write_bytes(orjson.dumps(orjson.loads(db_path.read_bytes())))  # one line: another layout
    assert Store(db_path, now=clock).glance(date(2026, 1, 1)) is None
    db_path.write_bytes(b"{\n\x00\n}\n")
    assert Store(db_path, now=clock).glance(date(2026, 1, 1)) is None


def test_files_are_written_one_table_per_line(store):
    operations.log(store, "compliment")
    lines = store.path.read_bytes().split(b"\n")
    assert lines[0] == b"{" and lines[-2:] == [b"}", b""]
    assert [line.split(b'":')[0] for line in lines[1:-2]] == [
        b'"_meta', b'"settings', b'"actions', b'"changes', b'"days-2026']


def test_a_file_damaged_after_a_read_is_never_served_from_before(store):
    operations.log(store, "compliment")
    assert len(store.day(store.today()).entries) == 1
    broken = b'{"actions": {"1": {"id": "compliment", "name"'
    store.path.write_bytes(broken)
    for _ in range(2):  # the second read must not fall back on the first read's data
        with pytest.raises(DataFileError):
            store.actions()
    with pytest.raises(DataFileError):
        operations.log(store, "compliment")
    assert store.path.read_bytes() == broken


@pytest.mark.parametrize("payload", [
    b'{"actions": {}}',                       # one line: plain TinyDB's layout
    b'{\n"actions": {}\n}',                   # no final newline
    b'{\n"actions": {}\n}\n\n',               # a blank line after
    b'[\n"actions": {}\n}\n',                 # not an object
    b'{\n"actions": {}\n]\n',
    b'{\nactions: {}\n}\n',                   # a line that is not "name": table
    b'{\n"actions" {}\n}\n',
    b'{\n"actions": [1, 2]\n}\n',             # a table that is not an object
    b'{\n"actions": {"1": \n}\n',             # broken JSON in a wanted table
    b'{\n"\xff": {}\n}\n',                    # a name that is not UTF-8
])
def test_the_quick_look_steps_aside_for_any_other_layout(tmp_path, payload):
    from tracker.store.tablefile import read_tables

    path = tmp_path / "r.json"
    path.write_bytes(payload)
    assert read_tables(path, lambda name: True) is None


def test_the_quick_look_reads_only_the_wanted_tables_and_restores_the_collector(tmp_path):
    import gc

    from tracker.store.tablefile import read_tables

    path = tmp_path / "r.json"
    path.write_bytes(b'{\n"actions": {"1": {"id": "a"}},\n"days-2020": {"x": oops},\n"settings": {}\n}\n')
    assert read_tables(path, lambda name: not name.startswith("days-")) == {
        "actions": {"1": {"id": "a"}}, "settings": {}}
    assert gc.isenabled()
    gc.disable()
    try:
        read_tables(path, lambda name: True)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
    path.write_bytes(b'{\n}\n')
    assert read_tables(path, lambda name: True) == {}
    assert read_tables(tmp_path / "missing.json", lambda name: True) is None


@pytest.mark.parametrize(("payload", "what"), [
    (b"", "is empty"),
    (b"  \n\t ", "is empty"),
    (b"\x00\x00\x00", "holds NUL bytes"),
    (b'{"actions": \x00}', "holds NUL bytes"),
    (b'{"actions": ', "is not valid JSON (unexpected end of data"),
    (b"[1, 2]", "is JSON but not a TinyDB database"),
    (b'{"actions": {"1": 3}}', "is JSON but not a TinyDB database"),
])
def test_a_damaged_file_is_named_and_said_what_is_wrong_with_it(tmp_path, payload, what):
    import gc

    from tracker.store.durable import parse

    path = tmp_path / "r.json"
    with pytest.raises(DataFileDamaged) as raised:
        parse(payload, path)
    assert str(raised.value).startswith(f"the data file {path} {what}")
    assert gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(DataFileDamaged):
            parse(payload, path)
        assert not gc.isenabled()  # left as the caller had it
        assert parse(b'{"actions": {}}', path) == {"actions": {}}
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_data_file_that_cannot_be_read_says_why(tmp_path):
    from tracker.store.durable import read_file

    folder = tmp_path / "reconnect.json"
    folder.mkdir()
    with pytest.raises(DataFileError) as raised:
        read_file(folder)
    assert str(raised.value) == f"cannot read the data file {folder}: Is a directory"
    assert read_file(tmp_path / "missing.json") is None


def test_lazy_tables_parse_only_what_is_read_and_write_the_rest_back_unchanged(tmp_path):
    from tracker.store.durable import read_file
    from tracker.store.tablefile import LazyTables

    path = tmp_path / "x.json"
    # an untouched table keeps even spacing orjson would never write
    path.write_bytes(b'{\n"a":{"1": {"n": 1}},\n"b":{"1":{"n":2}},\n"c":{}\n}\n')
    checked = []
    data = read_file(path, lambda name, table: checked.append(name))
    assert isinstance(data, LazyTables) and list(data) == ["a", "b", "c"]
    assert data["b"] == {"1": {"n": 2}} and checked == ["b"]
    data["b"] = {"1": {"n": 3}}
    data["d"] = {}
    assert serialize(data) == b'{\n"a":{"1": {"n": 1}},\n"b":{"1":{"n":3}},\n"c":{},\n"d":{}\n}\n'
    assert checked == ["b"]  # "a" and "c" were never parsed
    assert dict(data.items()) == {"a": {"1": {"n": 1}}, "b": {"1": {"n": 3}}, "c": {}, "d": {}}
    assert checked == ["b", "a", "c"]


def test_a_table_line_that_is_not_a_table_is_damage_when_read(tmp_path):
    from tracker.store.durable import read_file

    path = tmp_path / "x.json"
    path.write_bytes(b'{\n"a":{"1":{}},\n"b":[1,2]\n}\n')
    data = read_file(path, lambda name, table: None)
    assert data["a"] == {"1": {}}
    with pytest.raises(DataFileDamaged, match="'b' table") as raised:
        data["b"]
    assert str(path) in str(raised.value)  # the message names the file


def test_schema_4_markers_are_typed_by_what_their_id_could_be(db_path, clock):
    """4 → 5: a schema 4 marker removed any record with its id; it keeps removing exactly the
    records it could have meant, and nothing of another table."""
    from tracker.store.schema import DELETED

    store = Store(db_path, now=clock)
    store.ensure_saved()
    data = orjson.loads(db_path.read_bytes())
    data["_meta"]["1"]["schema"] = 4
    stamp = "2026-11-25T20:00:00.000+01:00"
    data[DELETED] = {"1": {"id": "2026-11-23", "deleted_at": stamp},
                     "2": {"id": "walk-together", "deleted_at": stamp},
                     "3": {"id": "Not A Slug", "deleted_at": stamp}}
    db_path.write_bytes(serialize(data))
    Store(db_path, now=clock).ensure_saved()
    migrated = orjson.loads(db_path.read_bytes())
    assert migrated["_meta"]["1"]["schema"] == SCHEMA
    typed = sorted((m["table"], m["id"]) for m in migrated[DELETED].values())
    assert typed == sorted([("reflections", "2026-11-23"),
                            *((t, "walk-together") for t in ("actions", "entries", "rests", "journal")),
                            *((t, "Not A Slug") for t in ("entries", "rests", "journal"))])
    assert (db_path.parent / "backups" / "reconnect.before-schema-4.json").exists()


def test_a_held_lock_is_one_holder_at_a_time(tmp_path):
    """serve's one app per data file: a second holder is refused without waiting, and gets
    the lock once the first lets it go."""
    first, second = filelock.HeldLock(tmp_path / "x.app.lock"), filelock.HeldLock(tmp_path / "x.app.lock")
    assert not first.held_elsewhere and first.take()
    assert second.held_elsewhere and not second.take()
    first.release()
    assert second.take() and first.held_elsewhere
    second.release()


def test_the_lock_waits_by_blocking_and_gets_it_the_moment_it_is_free(tmp_path):
    """The fair wait, in-process: the main thread blocks in flock (ended by a timer, so its
    SIGALRM handler is set while it waits) and holds the lock right after a holder thread
    lets it go; with no release, the wait ends as busy at its timeout."""
    import fcntl
    import os
    import signal
    import time

    lock = filelock.lock_path(tmp_path / "reconnect.json")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)  # the holder: another open file, so another lock owner
    seen: list[object] = []
    released = threading.Event()

    def holder() -> None:
        deadline = time.monotonic() + 30
        while signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None) and time.monotonic() < deadline:
            time.sleep(0.01)  # until the waiter is blocked in flock, its timer armed
        seen.append(signal.getsignal(signal.SIGALRM))
        released.set()
        fcntl.flock(fd, fcntl.LOCK_UN)

    thread = threading.Thread(target=holder)
    thread.start()
    with filelock.locked(tmp_path / "reconnect.json", timeout=30):
        assert released.is_set()  # it got the lock once the holder let it go, not before
    thread.join()
    assert getattr(seen[0], "__name__", None) == "expired"  # blocked in flock, not polling
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)  # and put back

    fcntl.flock(fd, fcntl.LOCK_EX)
    with pytest.raises(DataFileBusy):
        with filelock.locked(tmp_path / "reconnect.json", timeout=0.2):
            pass
    os.close(fd)


def test_schema_5_changes_keep_their_sentence_and_new_ones_are_kept_by_id(db_path, clock):
    """5 → 6: a change kept as a sentence keeps it (undo still says it); a new change keeps
    its kind and ids, and its words are made when it is undone (with the names then)."""
    store = Store(db_path, now=clock)
    operations.log(store, "phone-down", 30)
    data = orjson.loads(db_path.read_bytes())
    (change,) = data["changes"].values()
    assert change["change"] == {"kind": "log", "action": "phone-down", "day": "2026-11-25", "amount": 30}
    change.pop("change")
    change["what"] = "Phone-down time 30 min on Wednesday 25 November 2026"
    data["_meta"]["1"]["schema"] = 5
    db_path.write_bytes(serialize(data))
    store = Store(db_path, now=clock)
    store.ensure_saved()
    migrated = orjson.loads(db_path.read_bytes())
    assert migrated["_meta"]["1"]["schema"] == SCHEMA == 6
    assert [c["change"] for c in migrated["changes"].values()] == [
        {"kind": "words", "text": "Phone-down time 30 min on Wednesday 25 November 2026"}]
    assert (db_path.parent / "backups" / "reconnect.before-schema-5.json").exists()
    operations.log(store, "compliment")
    operations.edit_action(store, "compliment", name="Kind words")
    operations.log(store, "compliment")
    said = [operations.undo(store).describe() for _ in range(4)]
    assert said == ["Undid Kind words 1 on Wednesday 25 November 2026.",
                    "Undid the change to Kind words.",
                    "Undid Heartfelt compliment 1 on Wednesday 25 November 2026.",
                    "Undid Phone-down time 30 min on Wednesday 25 November 2026."]
    assert store.day(date(2026, 11, 25)).entries == [] and operations.undo(store) is None


@pytest.mark.parametrize(("text", "seconds"), [
    (None, 10.0), ("", 10.0), (" ", 10.0), ("0", 0.0), ("600", 600.0), ("2.5", 2.5),
    ("-0.001", None), ("600.001", None), ("soon", None), ("nan", None), ("inf", None)])
def test_the_lock_timeout_from_0_to_600_seconds_both_ends_included(text, seconds):
    if seconds is None:
        with pytest.raises(BadInput, match=r"RECONNECT_LOCK_TIMEOUT is .*: give the seconds .* 0 to 600"):
            filelock.parse_timeout(text)
    else:
        assert filelock.parse_timeout(text) == seconds


def test_a_held_lock_is_owner_only_and_free_again_once_released(tmp_path):
    import os

    held = filelock.HeldLock(tmp_path / "x.app.lock")
    os.umask(old := os.umask(0))  # (the test's own umask lets anyone read what it creates)
    try:
        assert held.take()
    finally:
        os.umask(old)
    assert (tmp_path / "x.app.lock").stat().st_mode & 0o777 == 0o600
    held.release()
    assert not held.held_elsewhere  # released: this process no longer counts as holding it
    held.release()  # (twice is harmless)


def test_a_waiter_in_another_thread_polls_gets_the_lock_once_free_and_gives_up_at_its_timeout(tmp_path):
    """Outside the main thread no timer can end a blocking flock: the wait polls, and ends
    as busy at its timeout, or with the lock soon after the holder lets it go."""
    import fcntl
    import os

    path = tmp_path / "reconnect.json"
    fd = os.open(filelock.lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    outcomes: list[str] = []

    def waiter(timeout: float) -> None:
        try:
            with filelock.locked(path, timeout=timeout):
                outcomes.append("locked")
        except DataFileBusy:
            outcomes.append("busy")

    thread = threading.Thread(target=waiter, args=(0.05,))
    thread.start()
    thread.join(30)
    assert outcomes == ["busy"]
    thread = threading.Thread(target=waiter, args=(30,))
    thread.start()
    thread.join(0.2)
    assert thread.is_alive() and outcomes == ["busy"]  # still waiting while it is held (a
    # slow machine only makes it wait longer)
    fcntl.flock(fd, fcntl.LOCK_UN)
    thread.join(30)
    assert outcomes == ["busy", "locked"]
    os.close(fd)


@pytest.fixture
def small_disk(tmp_path):
    """A folder on a real 256 kB file system (tmpfs), where the machine lets a test mount one."""
    import os
    import subprocess

    folder = tmp_path / "small"
    folder.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)], capture_output=True).returncode == 0
    if not mounted:
        pytest.skip("no tmpfs can be mounted here (test_full_disk_leaves_the_old_file covers the words)")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_really_full_disk_leaves_the_file_as_it_was_and_says_so(small_disk, clock):
    """The installed command on a disk with no room left: one line saying so, exit 3, and the
    data file byte for byte as it was (no temp file left behind)."""
    import subprocess

    from tests.test_nudge import RECONNECT

    db = small_disk / "reconnect.json"
    store = Store(db, now=clock)
    operations.log(store, "compliment")
    before = db.read_bytes()
    filler = small_disk / "filler"
    with open(filler, "wb", buffering=0) as f:  # every byte the disk has left
        try:
            while True:
                f.write(b"x" * 4096)
        except OSError:
            pass
    result = subprocess.run([RECONNECT, "--db", str(db), "log", "compliment"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 3 and result.stdout == ""  # (the data file cannot be used)
    assert result.stderr.startswith("reconnect: error: ") and "the disk is full" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert db.read_bytes() == before and not list(small_disk.glob(".*.tmp"))


def test_the_data_file_and_its_backups_are_owner_only_whatever_the_umask(db_path, clock):
    import os

    old = os.umask(0o022)
    try:
        store = Store(db_path, now=clock)
        operations.log(store, "compliment")
        operations.log(store, "compliment")
    finally:
        os.umask(old)
    for path in (db_path, *(db_path.parent / "backups").iterdir()):
        assert path.stat().st_mode & 0o077 == 0, path


def test_every_write_changes_the_version_and_a_saved_file_is_not_written_again(db_path, clock):
    import os

    store = Store(db_path, now=clock)
    versions = [store.version]
    for _ in range(3):
        operations.log(store, "compliment")
        versions.append(store.version)
    assert len(set(versions)) == 4
    inode = os.stat(db_path).st_ino
    assert not store.storage.must_write
    store.ensure_saved()
    assert os.stat(db_path).st_ino == inode and store.version == versions[-1]
    fresh = Store(db_path, now=clock)  # a file read as it is needs no write either
    fresh.ensure_saved()
    assert os.stat(db_path).st_ino == inode and not fresh.storage.must_write


def test_the_durable_storage_on_its_own_backs_up_only_a_file_it_replaces(tmp_path):
    """AtomicJSONStorage without a store around it: no backup hook for a new file, the hook
    for every replace, a failed replace that serves the file again (never what it held in
    memory), writes only in a transaction, and a new generation whenever its data changes."""
    from tracker.store.durable import AtomicJSONStorage

    calls: list[str] = []

    class Staged:
        def done(self) -> None:
            calls.append("done")

        def discard(self) -> None:
            calls.append("discard")

    fail = False

    def before_replace(path):
        calls.append(f"stage {path.name}")
        if fail:
            raise OSError(28, "No space left on device")
        return Staged()

    path = tmp_path / "x.json"
    storage = AtomicJSONStorage(path, before_replace=before_replace)
    generations = [storage.generation]
    assert storage.read() is None and not storage.must_write
    with pytest.raises(RuntimeError, match=r"^writes go through AtomicJSONStorage\.transaction\(\)$"):
        storage.write({"a": {}})
    with storage.transaction():
        storage.write({"a": {"1": {"n": 1}}})
    generations.append(storage.generation)
    assert calls == [] and storage.read() == {"a": {"1": {"n": 1}}}  # a new file: nothing to back up
    with storage.transaction():
        storage.write({"a": {"1": {"n": 2}}})
    generations.append(storage.generation)
    assert calls == ["stage x.json", "done"]
    inode = path.stat().st_ino
    with storage.transaction():
        pass  # nothing written: nothing replaced
    assert path.stat().st_ino == inode and calls == ["stage x.json", "done"]
    fail = True
    with pytest.raises(OSError), storage.transaction():
        storage.write({"a": {"1": {"n": 3}}})
    assert dict(storage.read()) == {"a": {"1": {"n": 2}}}  # the file, read again
    generations.append(storage.generation)
    fresh = AtomicJSONStorage(path)
    assert dict(fresh.read()) == {"a": {"1": {"n": 2}}} and not fresh.must_write
    fresh.close()
    assert not fresh.loaded and dict(fresh.read()) == {"a": {"1": {"n": 2}}}
    path.write_bytes(b"{not json")  # a damaged file: a failed read is a new generation too
    with pytest.raises(DataFileError):
        storage.read()
    generations.append(storage.generation)
    # a generation only grows, so that one is never seen twice
    assert all(earlier < later for earlier, later in zip(generations, generations[1:])), generations


def test_every_read_of_what_another_process_wrote_is_a_new_version(db_path, clock):
    """The app keys what it drew (and its caches) by the store's version: a file another
    process changed, read again, must never bring back a version already seen."""
    mine, theirs = Store(db_path, now=clock), Store(db_path, now=clock)
    mine.ensure_saved()
    seen = [mine.version]
    for _ in range(3):
        operations.log(theirs, "compliment")
        mine.load()
        seen.append(mine.version)
    assert len(set(seen)) == 4 and sum(len(r.entries) for r in mine.days()) == 3


def test_only_a_regular_file_is_opened_to_read(tmp_path):
    """(A FIFO is tried by the installed command with a time limit, in test_hostile.py.)"""
    import errno

    from tracker.store.regular_file import NOT_REGULAR, open_regular, read_regular

    data = tmp_path / "x.json"
    data.write_bytes(b"{}")
    link = tmp_path / "link.json"
    link.symlink_to(data)
    assert read_regular(data) == read_regular(link) == b"{}"  # a link to a regular file is followed
    with open_regular(link) as f:
        assert f.read() == b"{}"
    with pytest.raises(IsADirectoryError) as raised:
        read_regular(tmp_path)
    assert raised.value.strerror == "Is a directory" and raised.value.errno == errno.EISDIR
    with pytest.raises(OSError) as raised:
        read_regular("/dev/null")
    assert raised.value.strerror == NOT_REGULAR == "not a regular file" and raised.value.filename == "/dev/null"
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "missing.json")


def test_a_bounded_read_refuses_a_file_past_its_bound_by_size_or_while_reading(tmp_path):
    """By its size, unread; and while reading, for a file whose size says less than it holds
    (a file that grows; /proc's files say 0)."""
    import errno

    from tracker.store.regular_file import read_regular

    data = tmp_path / "x.json"
    data.write_bytes(b"x" * 2048)
    assert read_regular(data, limit=2048) == b"x" * 2048  # the bound itself is allowed
    for path, limit, words in ((data, 2047, "larger than 2047 bytes"), (data, 1024, "larger than 1 KB"),
                               (Path("/proc/self/status"), 16, "larger than 16 bytes")):
        with pytest.raises(OSError) as raised:
            read_regular(path, limit=limit)
        assert (raised.value.errno, raised.value.strerror) == (errno.EFBIG, words), path
    assert Path("/proc/self/status").stat().st_size == 0  # (so the second check is the one tried)
