"""Plain-text views of the reports for the terminal: readable, narrow, symbols not colours."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from typing import Any

from tracker.model import Action
from tracker.progress import SYMBOLS

NAME_WIDTH = 22
LEGEND = "● met  ◐ partial  – rest  · empty  ○ open"


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\udc80-\udcff]")


def printable(text: str) -> str:
    """``text`` safe for a terminal: control characters (which could move the cursor, change
    colours or the title) and bytes that were not UTF-8 are shown as ``\\xNN``, never sent."""
    return _UNPRINTABLE.sub(lambda found: f"\\x{ord(found.group()) & 0xFF:02x}", text)


def percent(value: float) -> int:
    """A 0–1 value as a whole percentage, rounded half up."""
    return math.floor(value * 100 + 0.5)


def short(text: str, width: int = NAME_WIDTH) -> str:
    """Cut ``text`` to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"


def amount_text(value: float, kind: str) -> str:
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{shown} min" if kind == "minutes" else shown


def long_day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _plural(n: float, unit: str) -> str:
    return f"{n:g} {unit}" + ("" if n == 1 else "s")


def streak_text(streak: dict[str, Any] | None, compact: bool = False) -> str:
    """"3 weeks · best 7"; compact: "3 wk · best 7" (for narrow tables). A streak that ended
    shows as its past best ("best 7 weeks"), never as a zero."""
    if not streak or (streak["current"] == 0 and streak["best"] == 0):
        return "—"
    short_unit = {"day": "d", "week": "wk", "month": "mo"}[streak["unit"]]
    if streak["current"] == 0:
        best = streak["best"]
        return f"best {best} {short_unit}" if compact else f"best {_plural(best, streak['unit'])}"
    text = f"{streak['current']} {short_unit}" if compact else _plural(streak["current"], streak["unit"])
    if streak["best"] > streak["current"]:
        text += f" · best {streak['best']}"
    return text


def period_text(summary: dict[str, Any], compact: bool = False) -> str:
    """"2 of 5 days", "20 min of 60 this week"; compact: "20 of 60 min" (month: "/mo")."""
    period, goal = summary["period"], summary["goal"]
    if not period:
        return "just noticing"
    progress, target = period["progress"], period["target"]
    if goal["per"] == "day":
        text = f"{progress:g} of {target:g} days"
    elif compact:
        unit = " min" if summary["kind"] == "minutes" else ""
        text = f"{progress:g} of {target:g}{unit}" + (" /mo" if goal["per"] == "month" else "")
    else:
        text = f"{amount_text(progress, summary['kind'])} of {target:g} this {goal['per']}"
    return text + (" ✓" if period["met"] else "")


def today_text(summary: dict[str, Any]) -> str:
    amount, goal, kind = summary["today"]["amount"], summary["goal"], summary["kind"]
    if kind == "check":
        return "done" if amount else ""
    if goal and goal["per"] == "day":
        return f"{amount:g} / {amount_text(goal['amount'], kind)}"
    return amount_text(amount, kind)


def status_text(report: dict[str, Any], prompt: str | None = None) -> str:
    """The ``status`` table."""
    day = date.fromisoformat(report["day"])
    connected = report["connected_days"]
    lines = [
        f"{long_day(day)} · {connected['this_week']} connected "
        f"{'day' if connected['this_week'] == 1 else 'days'} this week, {connected['total']} in all",
        "",
        f"   {'ACTION':<{NAME_WIDTH}}  {'TODAY':<13} {'THIS PERIOD':<24} {'STREAK':<18} STRENGTH",
    ]
    for a in report["actions"]:
        strength = "" if a["strength"] is None else f"{percent(a['strength'])}%"
        lines.append(
            f"{SYMBOLS[a['today']['state']]}  {short(a['name']):<{NAME_WIDTH}}  "
            f"{today_text(a):<13} {period_text(a):<24} {streak_text(a['streak']):<18} {strength}"
        )
    if not report["actions"]:
        lines.append("   No active actions: add one with `reconnect actions add`.")
    lines += ["", LEGEND]
    if prompt:
        lines += ["", prompt]
    return "\n".join(lines)


def week_text(report: dict[str, Any]) -> str:
    """The ``week`` grid: actions × seven days."""
    start = date.fromisoformat(report["week"]["start"])
    end = date.fromisoformat(report["week"]["end"])
    connected = report["connected_days"]["this_week"]
    span = f"{start.day} {start:%B}" if start.month != end.month else str(start.day)
    lines = [
        f"Week of {span}–{end.day} {end:%B %Y} · {connected}/7 connected days",
        "",
    ]
    heads = " ".join(f"{start + timedelta(days=i):%a}"[:2] for i in range(7))
    lines.append(f"{'':<{NAME_WIDTH}}  {heads}   {'THIS PERIOD':<24} STREAK")
    for a in report["actions"]:
        cells = "  ".join(SYMBOLS[d["state"]] for d in a["days"])
        lines.append(
            f"{short(a['name']):<{NAME_WIDTH}}  {cells}    {period_text(a):<24} "
            f"{streak_text(a['streak'])}"
        )
    lines += ["", LEGEND]
    return "\n".join(lines)


def actions_text(actions: list[Action]) -> str:
    """The ``actions`` list."""
    width = max([len(a.id) for a in actions] + [2])
    lines = [f"{'ID':<{width}}  {'NAME':<{NAME_WIDTH}}  {'KIND':<8} GOAL"]
    for a in actions:
        goal = a.goal.describe(a.kind) if a.goal else "no goal: just noticing"
        flag = "  (archived)" if a.archived else ""
        lines.append(f"{a.id:<{width}}  {short(a.name):<{NAME_WIDTH}}  {a.kind:<8} {goal}{flag}")
    return "\n".join(lines)
