"""Benchmark: ten years of daily use, Reconnect's store beside plain TinyDB.

    python -m tracker.bench [--years 10] [--runs 15]

Prints the median time of one store write (in a long-lived process, as the app writes), of
``reconnect log`` and ``reconnect status --json`` as whole processes, and of one insert into
plain TinyDB (default JSONStorage, one document per entry) holding the same entries.
Timings are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from tracker import operations
from tracker.catalogue import BUILT_INS, starter_actions
from tracker.model import new_id
from tracker.schema import ACTIONS, day_docs, day_table, new_data
from tracker.durable import atomic_write, serialize
from tracker.store import Store

NOTES = ("a walk after dinner", "talked about her sister", "phones in the drawer",
         "he laughed at that", "long hug at the door", "")


def build(path: Path, years: int, seed: int = 7) -> int:
    """Write a data file with ``years`` of daily use of 10 actions; return the entry count."""
    rng = random.Random(seed)
    data = new_data()
    actions = starter_actions() + [a for a in BUILT_INS[:5]]
    data[ACTIONS] = {str(n): {**a.to_dict(), "position": n} for n, a in enumerate(actions, 1)}
    today = date.today()
    count = 0
    for n in range(years * 365, 0, -1):
        day = today - timedelta(days=n)
        entries = []
        for a in actions:
            if rng.random() < 0.7:
                amount = rng.choice((10, 20, 30, 45)) if a.kind == "minutes" else 1
                entry = {"id": new_id(), "action": a.id, "amount": amount,
                         "at": f"{day.isoformat()}T21:{rng.randrange(60):02d}:00+01:00",
                         "source": "cli"}
                if note := rng.choice(NOTES):
                    entry["note"] = note
                entries.append(entry)
        count += len(entries)
        rests = [{"id": new_id(), "action": None, "at": f"{day}T09:00:00+01:00", "source": "cli"}
                 ] if rng.random() < 0.02 else []
        data.setdefault(day_table(day.year), {})[str(day.toordinal())] = {"day": day.isoformat(), "entries": entries, "rests": rests}
    atomic_write(path, serialize(data))
    return count


def median_ms(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def plain_tinydb(path: Path, source: Path) -> Callable[[], object]:
    """The same entries in plain TinyDB, one document per entry; returns one insert."""
    import orjson
    from tinydb import TinyDB

    data = orjson.loads(source.read_bytes())
    docs: dict[str, dict[str, object]] = {}
    for day in day_docs(data):
        for entry in day["entries"]:
            docs[str(len(docs) + 1)] = {**entry, "day": day["day"]}
    path.write_text(orjson.dumps({"entries": docs, "actions": data[ACTIONS]}).decode())
    table = TinyDB(path).table("entries")
    return lambda: table.insert({"id": new_id(), "action": "compliment", "amount": 1,
                                 "day": date.today().isoformat(), "source": "cli",
                                 "at": datetime.now().astimezone().isoformat()})


def ready_ms(argv: list[str]) -> float:
    """Time from starting a process to its first line of output (its first screen is up);
    the process is then left to finish, untimed."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    child.stdout.readline()
    elapsed = (time.perf_counter() - start) * 1000
    child.communicate()
    return elapsed


def median_ready_pair(first: list[str], second: list[str], runs: int) -> tuple[float, float]:
    """Medians for two programs run alternately, so that a busy moment weighs on both."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        times[0].append(ready_ms(first))
        times[1].append(ready_ms(second))
    return statistics.median(times[0]), statistics.median(times[1])


def process(argv: list[str]) -> Callable[[], object]:
    exe = shutil.which("reconnect", path=str(Path(sys.executable).parent)) or "reconnect"
    return lambda: subprocess.run([exe, *argv], check=True, capture_output=True)


# The app's start-up beside a bare Textual app (Header, DataTable, Footer), each a whole
# process drawing its first screen headless and quitting. Run as code so that this module
# never imports Textual itself.
BARE_APP = """
from textual.app import App
from textual.widgets import DataTable, Footer, Header
class Bare(App):
    def compose(self):
        yield Header(); yield DataTable(); yield Footer()
    def on_mount(self):
        table = self.query_one(DataTable); table.add_columns("a", "b"); table.add_row("1", "2")
        self.call_after_refresh(lambda: print("ready", flush=True))  # the rows are on screen
async def quit(pilot):
    pilot.app.exit()
Bare().run(headless=True, auto_pilot=quit)
"""
RECONNECT_APP = """
import sys
from screens.app import ReconnectApp
from screens.today import TodayScreen
from tracker.store import Store
first_paint = TodayScreen._after_first_paint
def ready(screen):  # runs once the first frame, with its rows, is on screen
    print("ready", flush=True)
    first_paint(screen)
TodayScreen._after_first_paint = ready
async def quit(pilot):
    await pilot.pause(); pilot.app.exit()
ReconnectApp(Store(sys.argv[1], check_days_on_load=False)).run(headless=True, auto_pilot=quit)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="reconnect-bench-"))
    try:
        db = folder / "reconnect.json"
        entries = build(db, args.years)
        size = db.stat().st_size / 1e6
        print(f"{args.years} years, 10 actions: {entries:,} entries, {size:.1f} MB, "
              f"median of {args.runs} runs\n")
        store = Store(db)
        store.load()
        write = median_ms(lambda: operations.log(store, "compliment", source="bench"), args.runs)
        log = median_ms(process(["--db", str(db), "log", "compliment"]), args.runs)
        status = median_ms(process(["--db", str(db), "status", "--json"]), args.runs)
        check_ = median_ms(process(["--db", str(db), "--version"]), args.runs)
        baseline = median_ms(plain_tinydb(folder / "plain.json", db), max(5, args.runs // 3))
        bare, app = median_ready_pair(
            [sys.executable, "-c", BARE_APP], [sys.executable, "-c", RECONNECT_APP, str(db)], args.runs
        )
        rows = [
            ("one store write (long-lived process)", write, "≤ 10 ms"),
            ("`reconnect log` (whole process)", log, "≤ 250 ms"),
            ("`reconnect status --json` (whole process)", status, "≤ 500 ms"),
            ("`reconnect --version` (start-up alone)", check_, ""),
            ("plain TinyDB insert, one doc per entry", baseline, ""),
            ("bare Textual app to first screen", bare, ""),
            ("`reconnect` app to first screen", app, f"≤ {1.5 * bare:.0f} ms (1.5× bare)"),
        ]
        for name, ms, target in rows:
            print(f"{name:<44} {ms:8.1f} ms   {target}")
        print(f"\nplain TinyDB write / store write: {baseline / write:.0f}×  (target ≥ 10×)")
        print(f"app start-up / bare Textual app: {app / bare:.2f}×  (target ≤ 1.5×)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
