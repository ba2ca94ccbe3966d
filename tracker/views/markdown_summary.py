"""The weekly summary (docs/reflect.md, "Sharing"): the week in Markdown, to read together or send.

Only what the user chose to share: the rating, the journal and notes stay out unless asked
for. No guilt words: an action with nothing logged is "room to grow", never a zero.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from tracker.domain.model import Entry
from tracker.domain.reflect import LANGUAGE_NAMES, RATING_WORDS, JournalPage, Reflection
from tracker.views.reports import ActionSummary, DayReport
from tracker.views.text import amount_text, counted, long_day

# Each heading says what its prompt asked (docs/reflect.md), in words true whoever reads them: the
# prompt asks what you appreciated "about them", so the text may speak of them, not to them.
HEADINGS = {
    "went_well": "What went well between us",
    "appreciated": "Something I appreciated",
    "need": "What I need more of",
    "talk": "Something I'd like to talk about",
}


@dataclass(frozen=True)
class Shared:
    """What goes into a summary besides the week itself (each part only when asked for)."""

    reflection: Reflection | None = None
    rating: bool = False
    journal: Sequence[JournalPage] = ()
    notes: Sequence[Entry] = field(default_factory=tuple)


def progress_words(summary: ActionSummary, current: bool = True) -> str:
    """An action's week in words: "5 of 5 days", "45 of 60 min this week", "25 min this week,
    room to grow", "room to grow"; past the goal, "8 this week, the goal of 5 met". A past
    week (``current`` False) says "that week"."""
    logged = [d for d in summary.days if d.amount > 0]
    if not logged:
        return "room to grow"
    period, goal, kind = summary.period, summary.action.goal, summary.action.kind
    which = "this" if current else "that"
    if goal is None or period is None:
        return counted(len(logged), "day")
    if goal.per == "day":
        if not period.progress:  # logged, no day met yet: what was done, never a zero
            done = amount_text(sum(d.amount for d in logged), kind) if kind != "check" else "some"
            return f"{done} {which} week, room to grow"
        if period.progress > period.target:
            return f"{period.progress:g} days, the goal of {period.target:g} met"
        return f"{period.progress:g} of {period.target:g} days"
    unit = " min" if kind == "minutes" else ""
    if period.progress > period.target:
        return f"{period.progress:g}{unit} {which} {goal.per}, the goal of {period.target:g}{unit} met"
    return f"{period.progress:g}{unit} of {period.target:g}{unit} {which} {goal.per}"


def markdown(week: DayReport, shared: Shared, current: bool = True) -> str:
    """The week as Markdown (``current``: the week holding today, else a past one)."""
    start, end = week.week_start, week.week_end
    lines = [f"# Our week: {long_day(start)} to {long_day(end)}", ""]
    lines.append(f"Connected days: {week.connected.this_week} of 7 "
                 f"({week.connected.total} in all).")
    if shared.rating and shared.reflection is not None:
        rating = shared.reflection.rating
        lines.append(f"How connected I felt: {rating} of 5 ({RATING_WORDS[rating]}).")
    lines += ["", "## The small things", ""]
    names = {s.action.id: s.action.name for s in week.actions}
    for summary in week.actions:
        lines.append(f"- {plain(summary.action.name)}: {progress_words(summary, current)}")
    if week.language_balance is not None:
        given = [(LANGUAGE_NAMES[lang].capitalize(), n) for lang, n in week.language_balance.items() if n]
        growing = [LANGUAGE_NAMES[lang] for lang, n in week.language_balance.items() if not n]
        lines += ["", "## Love languages", ""]
        lines += [f"- {name}: {n}" for name, n in given]
        if growing:
            lines.append(f"- Room to grow: {', '.join(growing)}")
    if shared.reflection is not None:
        for name, text in shared.reflection.written().items():
            lines += ["", f"## {HEADINGS[name]}", "", *_quoted(text)]
    if shared.notes:
        lines += ["", "## Notes", ""]
        for entry in shared.notes:
            name = names.get(entry.action, entry.action)
            lines.append(f"- {long_day(entry.day)}, {plain(name)}: {plain(entry.note or '')}")
    if shared.journal:
        lines += ["", "## From my journal"]
        for page in sorted(shared.journal, key=lambda p: (p.day, p.at)):
            feeling = f" (feeling {page.feeling})" if page.feeling else ""
            lines += ["", f"{long_day(page.day)}{feeling}:", "", *_quoted(page.text)]
    return "\n".join(lines) + "\n"


# Markdown's inline punctuation (emphasis, links, images, code, raw HTML, entities, tables)
_INLINE = re.compile(r"([\\`*_{}\[\]<>!#|~&])")
# what makes a line a block of its own: a list item, a quote, a setext underline, "1." / "1)"
_BLOCK_START = re.compile(r"^(?:([-+>=])|(\d+)([.)]))")


def plain(text: str, one_line: bool = True) -> str:
    """User text (a name, a note, a reflection) as Markdown that renders exactly as written:
    no heading, list, quote, link, image, emphasis or raw HTML can come from it. ``one_line``:
    line breaks become spaces (a note inside a list item)."""
    if one_line:
        text = " ".join(text.split())
    return "\n".join(_BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}",
                                       _INLINE.sub(r"\\\1", line.strip()))
                     for line in text.split("\n"))


def _quoted(text: str) -> list[str]:
    """User text as a Markdown block quote: shown as written, each paragraph kept."""
    return [f"> {line}".rstrip() for line in plain(text, one_line=False).split("\n")]

