"""Benchmark: what a user waits for, at 1, 10 and 30 years of daily use, beside baselines.

    python -m tracker.bench [--runs 9] [--sets 1x10,10x10,30x30]

For each data set (years × actions) it measures, as medians of runs interleaved with their
baselines so that a busy moment weighs on both:

* whole processes: ``reconnect log``, ``status --json``, ``week --json`` and ``nudge``, beside
  one insert into plain TinyDB (default JSONStorage, one document per entry, the same entries)
  as its own process, and a bare ``python -c pass``;
* the app in a real pseudo-terminal (100×30), as it reaches the screen: the time until the rows
  are in what the terminal received, then until the streaks are, ``[`` and ``]`` on Today and on
  Week, and the peak memory, beside a bare Textual app (``screens.bare``).

It prints one table per data set and the ratios the targets are stated in. Timings are
measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import random
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from tracker.domain.catalogue import built_ins, starter_actions
from tracker.domain.days import week_bounds
from tracker.domain.model import Action, Goal, new_id
from tracker.store.durable import atomic_write, serialize
from tracker.store.schema import ACTIONS, day_docs, day_table, new_data
from tracker.views.text import long_day

NOTES = ("a walk after dinner", "talked about her sister", "phones in the drawer",
         "he laughed at that", "long hug at the door", "")
SIZE = (100, 30)


def bench_actions(count: int) -> list[Action]:
    """The starter actions, then built-ins, then made-up ones, ``count`` in all."""
    actions = starter_actions() + list(built_ins())
    n = 0
    while len(actions) < count:
        n += 1
        actions.append(Action(f"habit-{n}", f"Habit {n}", "count", Goal(3, "week", 7)))
    return actions[:count]


def build(path: Path, years: int, count: int = 10, seed: int = 7) -> int:
    """Write a data file with ``years`` of daily use of ``count`` actions; return the entries."""
    rng = random.Random(seed)
    data = new_data()
    actions = bench_actions(count)
    data[ACTIONS] = {str(n): {**a.to_dict(), "position": n} for n, a in enumerate(actions, 1)}
    today = date.today()
    entries_in_all = 0
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
        entries_in_all += len(entries)
        rests = [{"id": new_id(), "action": None, "at": f"{day}T09:00:00+01:00", "source": "cli"}
                 ] if rng.random() < 0.02 else []
        data.setdefault(day_table(day.year), {})[str(day.toordinal())] = {
            "day": day.isoformat(), "entries": entries, "rests": rests}
    atomic_write(path, serialize(data))
    return entries_in_all


def plain_tinydb_file(path: Path, source: Path) -> None:
    """The same entries as ``source`` in a plain TinyDB file, one document per entry."""
    import orjson

    data = orjson.loads(source.read_bytes())
    docs: dict[str, dict[str, object]] = {}
    for day in day_docs(data):
        for entry in day["entries"]:
            docs[str(len(docs) + 1)] = {**entry, "day": day["day"]}
    path.write_text(orjson.dumps({"entries": docs, "actions": data[ACTIONS]}).decode())


# The baseline process for ``reconnect log``: one insert into plain TinyDB, importing nothing
# else (so that it is not slowed by this module's own imports).
TINYDB_INSERT = """
import sys, uuid
from datetime import date, datetime
from tinydb import TinyDB
TinyDB(sys.argv[1]).table("entries").insert({
    "id": str(uuid.uuid4()), "action": "compliment", "amount": 1, "day": date.today().isoformat(),
    "source": "cli", "at": datetime.now().astimezone().isoformat()})
"""


def process_ms(argv: list[str]) -> float:
    """Wall time of one whole process, from start to exit."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return (time.perf_counter() - start) * 1000


class Terminal:
    """A program in a pseudo-terminal of ``SIZE``, with what it wrote so far."""

    def __init__(self, argv: list[str]):
        self.start = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: size the terminal, become the program
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
            os.execvpe(argv[0], argv, {**os.environ, "TERM": "xterm-256color"})
        self.seen = b""

    def wait_for(self, text: str, after: int = 0, timeout: float = 30.0) -> float:
        """Read until ``text`` is in the output from byte ``after`` on; the time since start, ms."""
        wanted, deadline = text.encode(), time.perf_counter() + timeout
        while wanted not in self.seen[after:]:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{text!r} never reached the terminal")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    self.seen += os.read(self.fd, 1 << 16)
                except OSError:  # the program ended
                    raise TimeoutError(f"the program ended before {text!r}") from None
        return (time.perf_counter() - self.start) * 1000

    def press(self, key: str, then: str) -> float:
        """Send ``key``; ms until ``then`` reaches the terminal."""
        mark, sent = len(self.seen), time.perf_counter()
        os.write(self.fd, key.encode())
        self.wait_for(then, after=mark)
        return (time.perf_counter() - sent) * 1000

    def settle(self, seconds: float) -> None:
        """Keep reading for ``seconds`` (so the program never blocks on a full terminal)."""
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            if select.select([self.fd], [], [], left)[0]:
                try:
                    self.seen += os.read(self.fd, 1 << 16)
                except OSError:
                    return

    def peak_mib(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def quit(self) -> None:
        os.write(self.fd, b"\x11")  # ctrl+q
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            self.settle(0.05)
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                break
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


@dataclass
class Samples:
    """Timings by name, over the runs."""

    values: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, value: float) -> None:
        self.values.setdefault(name, []).append(value)

    def median(self, name: str) -> float:
        return statistics.median(self.values[name])


def reconnect_command(name: str = "reconnect") -> str:
    return shutil.which(name, path=str(Path(sys.executable).parent)) or name


def app_run(db: Path, today: date, samples: Samples) -> None:
    """The app from start to quit, as a user meets it, in a pseudo-terminal."""
    term = Terminal([reconnect_command(), "--db", str(db)])
    try:
        samples.add("app: first frame", term.wait_for("Phone-down time"))
        samples.add("app: streaks after the first frame",
                    term.wait_for(" in all") - samples.values["app: first frame"][-1])
        samples.add("app: [ on Today", term.press("[", long_day(today - timedelta(days=1))))
        samples.add("app: ] on Today", term.press("]", long_day(today)))
        this = week_bounds(today, "monday")
        earlier = week_bounds(today - timedelta(days=7), "monday")

        def span(bounds: tuple[date, date]) -> str:
            return f"{bounds[0]:%-d %b} – {bounds[1]:%-d %b %Y}"

        # each screen's first switch (its module imported, its data read), until its content
        # is on the terminal; then a later switch, and an action's own page
        samples.add("app: first switch to Week", term.press("2", span(this)))
        samples.add("app: [ on Week", term.press("[", span(earlier)))
        samples.add("app: ] on Week", term.press("]", span(this)))
        samples.add("app: first switch to History", term.press("3", "All actions: connected days"))
        samples.add("app: first switch to Actions", term.press("4", "Your actions"))
        samples.add("app: first switch to Reflect", term.press("5", "How connected it felt"))
        samples.add("app: later switch to Week", term.press("2", "connected days"))
        term.press("1", "Phone-down time")
        samples.add("app: an action's page (o)", term.press("o", "What went with the closer weeks"))
        samples.add("app: peak memory", term.peak_mib())
    finally:
        term.quit()


def bare_run(samples: Samples) -> None:
    from screens.bare import (
        ROW,  # the name only: importing screens.bare imports no Textual yet
    )

    term = Terminal([sys.executable, "-m", "screens.bare"])
    try:
        samples.add("bare Textual app: first frame", term.wait_for(ROW))
        term.settle(0.3)
        samples.add("bare Textual app: peak memory", term.peak_mib())
    finally:
        term.quit()


def measure(folder: Path, years: int, count: int, runs: int) -> tuple[str, Samples, int, float]:
    """Every timing for one data set; also its entries and its size in MB."""
    db = folder / f"reconnect-{years}x{count}.json"
    entries = build(db, years, count)
    plain = folder / f"plain-{years}x{count}.json"
    plain_tinydb_file(plain, db)
    reconnect = reconnect_command()
    commands: dict[str, list[str]] = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "plain TinyDB insert process": [sys.executable, "-c", TINYDB_INSERT, str(plain)],
        "reconnect log": [reconnect, "--db", str(db), "log", "compliment"],
        "reconnect status --json": [reconnect, "--db", str(db), "status", "--json"],
        "reconnect week --json": [reconnect, "--db", str(db), "week", "--json"],
    }
    nudge = [reconnect, "--db", str(db), "nudge"]
    from tracker.store.store import Store

    today = Store(db).today()
    samples = Samples()
    for run in range(runs + 1):  # the first round only warms up (caches, bytecode)
        if run == 1:
            samples = Samples()
        for name, argv in commands.items():
            try:
                samples.add(name, process_ms(argv))
            except subprocess.CalledProcessError:
                pass  # a command this version does not have yet
        # the prompt after ``log`` above works its line out again; the next ones find it kept
        samples.add("reconnect nudge, first after a change", process_ms(nudge))
        samples.add("reconnect nudge", process_ms(nudge))
        bare_run(samples)
        app_run(db, today, samples)
    return f"{years} years × {count} actions", samples, entries, db.stat().st_size / 1e6


def report(title: str, samples: Samples, entries: int, size: float, runs: int) -> list[str]:
    m = samples.median
    lines = [f"### {title}: {entries:,} entries, {size:.1f} MB, median of {runs}", "",
             "| what | ms (MiB for memory) | ratio |", "|---|---|---|"]
    tiny, bare = m("plain TinyDB insert process"), m("bare Textual app: first frame")
    ratios = {
        "reconnect log": f"{m('reconnect log') / tiny:.2f}× plain TinyDB insert",
        "reconnect status --json": f"{m('reconnect status --json') / tiny:.2f}× plain TinyDB insert",
        "reconnect week --json": f"{m('reconnect week --json') / tiny:.2f}× plain TinyDB insert",
        "app: first frame": f"{m('app: first frame') / bare:.2f}× bare Textual app",
        "app: peak memory": f"{m('app: peak memory') / m('bare Textual app: peak memory'):.2f}× bare",
    }
    for nudge in ("reconnect nudge", "reconnect nudge, first after a change"):
        ratios[nudge] = f"{m(nudge) / m('python -c pass'):.2f}× python -c pass"
    for name in samples.values:
        lines.append(f"| {name} | {m(name):.1f} | {ratios.get(name, '')} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--sets", default="1x10,10x10,30x30", help="years×actions, comma-separated")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="reconnect-bench-"))
    os.environ["RECONNECT_CONFIG"] = str(folder / "settings.toml")  # the defaults, always
    os.environ["RECONNECT_CACHE"] = str(folder / "cache")
    # as a user runs it: imports from compiled bytecode (pip compiles it on install)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    import compileall

    for package in ("tracker", "screens"):
        compileall.compile_dir(Path(__file__).resolve().parent.parent / package, quiet=1)
    results = {}
    try:
        for spec in args.sets.split(","):
            years, count = (int(part) for part in spec.split("x"))
            title, samples, entries, size = measure(folder, years, count, args.runs)
            results[(years, count)] = samples
            print("\n".join(report(title, samples, entries, size, args.runs)) + "\n", flush=True)
        summary(results)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def summary(results: dict[tuple[int, int], Samples]) -> None:
    """The growth the targets are stated in: each set against one year × 10 actions."""
    base = results.get((1, 10))
    if base is None:
        return
    print("### Growth against 1 year × 10 actions\n\n| what | " +
          " | ".join(f"{y}×{c}" for y, c in results) + " |\n|---|" + "---|" * len(results))
    for name in ("reconnect log", "reconnect status --json", "reconnect week --json", "app: first frame"):
        cells = [f"{s.median(name) / base.median(name):.2f}×" for s in results.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
