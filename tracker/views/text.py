"""Plain-text views of the reports for the terminal: readable, narrow, symbols not colours."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from tracker.domain.days import (
    long_day as long_day,  # (the words of the domain, re-exported)
)
from tracker.domain.model import Action
from tracker.domain.model import amount_text as amount_text

if TYPE_CHECKING:
    from tracker.domain.progress import State
    from tracker.domain.streaks import Streak
    from tracker.views.reports import ActionSummary, DayReport

MIN_NAME_WIDTH = 12  # a name column never narrower, even in a very narrow terminal
SYMBOLS: dict[State, str] = {
    "met": "●",
    "partial": "◐",
    "rest": "–",
    "empty": "·",
    "open": "○",
    "future": " ",
}
LEGEND = "● met  ◐ partial  – rest  · empty  ○ open"


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\udc80-\udcff\u202a-\u202e\u2066-\u2069]")
_UNPRINTABLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\udc80-\udcff\u202a-\u202e\u2066-\u2069]")


def printable(text: str, one_line: bool = False) -> str:
    """``text`` safe for a terminal: control characters (which could move the cursor, change
    colours or the title) and bytes that were not UTF-8 are shown as ``\\xNN``, never sent;
    characters that reorder text as ``\\u202e``; with ``one_line``, line breaks and tabs too
    (a message is one line)."""
    return (_UNPRINTABLE_LINE if one_line else _UNPRINTABLE).sub(_escaped, text)


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\u{code:04x}" if 0x2000 <= code <= 0x2FFF else f"\\x{code & 0xFF:02x}"


def counted(n: int, one: str, many: str | None = None) -> str:
    """"1 rest day", "2 rest days", "1 entry", "3 entries" (``many`` when not ``one`` + "s")."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def sentence(text: str) -> str:
    """``text`` ended with a full stop, unless it ends with its own ("How are you, really?")."""
    return text if text.rstrip().endswith((".", "?", "!", "…")) else text + "."


def percent(value: float) -> int:
    """A 0–1 value as a whole percentage, rounded half up."""
    return math.floor(value * 100 + 0.5)


def cell_width(text: str) -> int:
    """How many terminal cells ``text`` takes: wide (East Asian) characters take two,
    combining marks and zero-width characters (a zero-width space or joiner, a BOM) none."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) in ZERO_WIDTH
               else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


ZERO_WIDTH = ("Mn", "Me", "Cf")  # marks, enclosing marks, format characters (U+200B, U+200D…)


def short(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` cells, with an ellipsis when something was cut."""
    if cell_width(text) <= width:
        return text
    while text and cell_width(text) > width - 1:
        text = text[:-1]
    return text.rstrip() + "…"


def pad(text: str, width: int) -> str:
    """``text`` filled with spaces to ``width`` cells."""
    return text + " " * max(0, width - cell_width(text))


def fit_widths(rows: list[list[str]], width: int, name: int, gap: int = 2,
               minimum: dict[int, int] | None = None, squeeze: int | None = None) -> list[int]:
    """Column widths for ``rows`` (the head row first) within ``width`` cells: every column as
    wide as its widest cell (or ``minimum``), and column ``name`` with what is left, up to its
    longest cell, so that a name is only cut when the terminal has no room for it. Column
    ``squeeze`` (a long description) gives up its room first."""
    minimum = minimum or {}
    widths = [max([cell_width(row[i]) for row in rows] + [minimum.get(i, 0)])
              for i in range(len(rows[0]))]

    def room() -> int:
        return width - sum(w for i, w in enumerate(widths) if i != name) - gap * (len(widths) - 1)

    if squeeze is not None and room() < widths[name]:
        widths[squeeze] = max(MIN_NAME_WIDTH, widths[squeeze] - (widths[name] - room()))
    widths[name] = min(widths[name], max(room(), MIN_NAME_WIDTH))
    return widths


def table_lines(rows: list[list[str]], widths: list[int], gap: int = 2) -> list[str]:
    """Rows laid out in columns of ``widths``; a cell too wide is cut with an ellipsis."""
    return [(" " * gap).join(pad(short(cell, w), w) for cell, w in zip(row, widths)).rstrip()
            for row in rows]


def fitted_table(choices: list[list[list[str]]], width: int, name: int) -> list[str]:
    """The first of ``choices`` (each: a head row and rows, from the most to the least
    spelled out) that fits ``width`` with every name whole, else the last one, cut to fit."""
    for rows in choices:
        widths = fit_widths(rows, width, name)
        whole = all(cell_width(row[name]) <= widths[name] for row in rows)
        if (whole and sum(widths) + 2 * (len(widths) - 1) <= width) or rows is choices[-1]:
            return table_lines(rows, widths)
    raise AssertionError("no choices")  # pragma: no cover


def _plural(n: float, unit: str) -> str:
    return f"{n:g} {unit}" + ("" if n == 1 else "s")


BARS = "▁▂▃▄▅▆▇█"


def day_span(start: date, end: date, form: str = "%-d %b") -> str:
    """``24 Nov – 30 Nov``, or one day alone (``24 Nov``, not ``24 Nov – 24 Nov``)."""
    return format(start, form) + ("" if end == start else f" – {end:{form}}")


def strength_bars(series: Sequence[float]) -> str:
    """One bar per value on a fixed 0–100% scale (▁ is under 12.5%, █ is 87.5% and more), so
    that a weak habit never looks full because nothing else was drawn beside it."""
    return "".join(BARS[min(len(BARS) - 1, max(0, int(value * len(BARS))))] for value in series)


def streak_text(streak: Streak | None, compact: bool = False) -> str:
    """"3 weeks · best 7"; compact: "3 wk · best 7" (for narrow tables). A streak that ended
    shows as its past best ("best 7 weeks"), never as a zero."""
    if not streak or (streak.current == 0 and streak.best == 0):
        return "—"
    short_unit = {"day": "d", "week": "wk", "month": "mo"}[streak.unit]
    if streak.current == 0:
        best = streak.best
        return f"best {best} {short_unit}" if compact else f"best {_plural(best, streak.unit)}"
    text = f"{streak.current} {short_unit}" if compact else _plural(streak.current, streak.unit)
    if streak.best > streak.current:
        text += f" · best {streak.best}"
    return text


def period_text(summary: ActionSummary, compact: bool = False) -> str:
    """"2 of 5 days", "20 min of 60 this week"; compact: "20 of 60 min" (month: "/mo")."""
    period, goal, kind = summary.period, summary.action.goal, summary.action.kind
    if not period or not goal:
        return "just noticing"
    progress, target = period.progress, period.target
    if goal.per == "day":
        text = f"{progress:g} of {target:g} days"
    elif compact:
        unit = " min" if kind == "minutes" else ""
        text = f"{progress:g} of {target:g}{unit}" + (" /mo" if goal.per == "month" else "")
    else:
        text = f"{amount_text(progress, kind)} of {target:g} this {goal.per}"
    return text + (" ✓" if period.met else "")


def today_text(summary: ActionSummary) -> str:
    """The amount on the day shown: "done", "20 / 30 min", "2"."""
    amount = summary.today.amount if summary.today else 0
    goal, kind = summary.action.goal, summary.action.kind
    if kind == "check":
        return "done" if amount else ""
    if goal and goal.per == "day":
        return f"{amount:g} / {amount_text(goal.amount, kind)}"
    return amount_text(amount, kind)


def strength_text(summary: ActionSummary) -> str:
    """"42%", or nothing without a goal."""
    return "" if summary.strength is None else f"{percent(summary.strength)}%"


def day_symbol(summary: ActionSummary) -> str:
    """The state symbol of the day shown in a ``status`` report."""
    return SYMBOLS[summary.today.state] if summary.today else " "


def status_text(report: DayReport, prompt: str | None = None, width: int = 80) -> str:
    """The ``status`` table, fitted to ``width`` columns."""
    connected = report.connected
    lines = [
        f"{long_day(report.day)} · {connected.this_week} connected "
        f"{'day' if connected.this_week == 1 else 'days'} this week, {connected.total} in all",
        "",
    ]

    def rows(compact: bool) -> list[list[str]]:
        head = [" ", "ACTION", "TODAY", "THIS WEEK", "STREAK", "STRENGTH"]
        return [head] + [[
            day_symbol(a), a.action.name, today_text(a),
            period_text(a, compact), streak_text(a.streak, compact), strength_text(a),
        ] for a in report.actions]

    narrow = [row[:-1] for row in rows(True)]  # without strength
    lines += fitted_table([rows(False), rows(True), narrow], width, name=1)
    if not report.actions:
        lines.append("   No active actions: add one with `reconnect actions add`.")
    lines += ["", LEGEND]
    if prompt:
        lines += ["", prompt]
    return "\n".join(lines)


def week_text(report: DayReport, width: int = 80) -> str:
    """The ``week`` grid: actions × seven days, fitted to ``width`` columns."""
    start, end = report.week_start, report.week_end
    connected = report.connected.this_week
    span = f"{start.day} {start:%B}" if start.month != end.month else str(start.day)
    lines = [
        f"Week of {span}–{end.day} {end:%B %Y} · {connected}/7 connected days",
        "",
    ]
    heads = " ".join(f"{start + timedelta(days=i):%a}"[:2] for i in range(7))

    def rows(compact: bool) -> list[list[str]]:
        return [["", heads, "PROGRESS", "STREAK"]] + [[
            a.action.name, " ".join(f"{SYMBOLS[d.state]} " for d in a.days).rstrip(),
            period_text(a, compact), streak_text(a.streak, compact),
        ] for a in report.actions]

    narrow = [row[:-1] for row in rows(True)]  # without the streak
    lines += fitted_table([rows(False), rows(True), narrow], width, name=0)
    lines += ["", LEGEND]
    return "\n".join(lines)


def actions_text(actions: list[Action], width: int = 80) -> str:
    """The ``actions`` list, fitted to ``width`` columns."""
    rows = [["ID", "NAME", "KIND", "GOAL"]]
    for a in actions:
        goal = a.goal.describe(a.kind) if a.goal else "no goal: just noticing"
        rows.append([a.id, a.name, a.kind, goal + ("  (archived)" if a.archived else "")])
    widths = [max(cell_width(row[i]) for row in rows) for i in range(4)]
    if sum(widths) + 2 * 3 <= width:
        return "\n".join(table_lines(rows, widths))
    # too wide for whole ids, names and goals (a long id, say): each action as its name, then
    # its id, kind and goal below it, so that nothing a person types or reads is cut
    lines = []
    for action_id, name, kind, goal in rows[1:]:
        detail = f"    {action_id} · {kind} · {goal}"
        fits = cell_width(detail) <= width
        lines += [short(name, width), *([detail] if fits else [f"    {action_id}", f"    {kind} · {goal}"])]
    return "\n".join(lines)
