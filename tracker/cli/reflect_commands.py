"""The commands of docs/reflect.md: ``reflect``, ``journal``, ``summary`` and ``support``."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from tracker.domain import reflect
from tracker.domain.days import parse_day, week_bounds
from tracker.errors import BadInput
from tracker.store.store import Store
from tracker.views.text import BARS, long_day

if TYPE_CHECKING:
    from tracker.cli.output import Output
    from tracker.operations.reflecting import WeekReflection


def _week_day(store: Store, text: str | None) -> date:
    today = store.today()
    if text is None:
        return today
    latest = week_bounds(today, store.settings().week_start)[1]
    return parse_day(text, today, future="that week has not started yet", latest=latest)


def cmd_reflect(args: argparse.Namespace, store: Store, output: Output) -> int:
    from tracker.operations import reflecting

    day = _week_day(store, args.week)
    texts = {name: getattr(args, name) for name in reflect.TEXT_FIELDS if getattr(args, name) is not None}
    if args.rating is not None or texts:
        reflecting.save_reflection(store, day, args.rating, texts)
        if not args.json:
            output.say(f"Kept your reflection on the week of {long_day(week_bounds(day, store.settings().week_start)[0])}.")
    view = reflecting.week_reflection(store, day)
    store.ensure_saved()
    if args.json:
        output.json(view.to_json())
        return 0
    output.say(reflection_text(view))
    balance = reflecting.balance(store.actions(include_archived=False), store, view.start, view.end)
    output.say("\n" + balance_text(balance))
    suggestion = reflect.quiet_suggestion(balance, store.settings().partner_languages)
    if suggestion:
        output.say(suggestion)
    return 0


def balance_text(balance: dict[str, int]) -> str:
    """"Love languages this week: words 3 · time 2 · service 0 · gifts 0 · touch 1"."""
    return "Love languages this week: " + " · ".join(f"{lang} {n}" for lang, n in balance.items())


def reflection_text(view: WeekReflection) -> str:
    """A week's reflection as the CLI shows it."""
    lines = [f"The week of {long_day(view.start)} to {long_day(view.end)}"]
    r = view.reflection
    if r is None:
        lines.append("No reflection for this week yet. When you are ready: "
                     "reconnect reflect --rating 1-5 (1 far apart … 5 very close).")
    else:
        lines += ["", f"{reflect.PROMPTS['rating']} {r.rating} of 5, {reflect.RATING_WORDS[r.rating]}"]
        for name, text in r.written().items():
            lines += ["", reflect.PROMPTS[name]] + [f"  {line}" for line in text.split("\n")]
        if view.talk_hint:
            lines += ["", view.talk_hint]
    if len(view.trend) > 1:
        bars = "".join(BARS[(rating - 1) * 7 // 4] for _, rating in view.trend)
        lines += ["", f"The last {len(view.trend)} reflected weeks: {bars}"]
    if view.support:
        lines += ["", view.support]
    return "\n".join(lines)


def cmd_journal(args: argparse.Namespace, store: Store, output: Output) -> int:
    from tracker.operations import reflecting

    day = None if args.day is None else parse_day(args.day, store.today())
    if args.text is not None:
        if args.list or args.json:
            raise BadInput("write a page or --list the pages, not both at once")
        page = reflecting.add_journal_page(store, args.text, day, args.feeling)
        output.say(f"Kept in your journal, {long_day(page.day)}.")
        return 0
    if args.feeling is not None:
        raise BadInput("--feeling goes with the text of a new page")
    pages = store.journal(day, day)
    store.ensure_saved()
    if args.json:
        output.json([page.to_json() for page in pages])
    elif not pages:
        output.say("No journal pages yet. Write one: reconnect journal \"what felt close today\"")
    else:
        for page in pages:
            feeling = f" · {page.feeling}" if page.feeling else ""
            output.say(f"{long_day(page.day)}{feeling}")
            output.say("\n".join(f"  {line}" for line in page.text.split("\n")))
    return 0


def cmd_summary(args: argparse.Namespace, store: Store, output: Output) -> int:
    from tracker.cli.output import write_output
    from tracker.operations import reflecting
    from tracker.views import store_reports
    from tracker.views.markdown_summary import Shared, markdown

    today = store.today()
    if args.year is not None:
        return _year_in_review(args, store, output, today)
    day = _week_day(store, args.week)
    week = store_reports.week(store, store.actions(include_archived=False), day, today)
    view = reflecting.week_reflection(store, day)
    notes = [e for doc_day in store.records(week.week_start, week.week_end)
             for e in doc_day.entries if e.note] if args.with_notes else []
    journal = store.journal(week.week_start, week.week_end) if args.with_journal else []
    current = week.week_start <= today <= week.week_end
    text = markdown(week, Shared(view.reflection, args.with_rating, journal, notes), current)
    store.ensure_saved()
    hint = reflect.talk_hint(view.reflection.talk if view.reflection else None)
    if hint:  # on the terminal, for the writer, never inside what the partner reads
        output.notice(f"before you share it, about what you'd like to talk about: {hint}")
    target = write_output(store, output, args.output, text.encode())
    if target is not None:
        output.say(f"Wrote the summary of the week of {long_day(week.week_start)} to {target}.")
    return 0


def _year_in_review(args: argparse.Namespace, store: Store, output: Output, today: date) -> int:
    from tracker.cli.output import write_output
    from tracker.operations.reflecting import year_in_review

    if args.week is not None:
        raise BadInput("--year and --week: one or the other")
    if not 1970 <= args.year <= today.year:
        raise BadInput(f"--year {args.year} is not a year of your history (1970 to {today.year})")
    text = year_in_review(store, args.year, today, with_journal=args.with_journal)
    target = write_output(store, output, args.output, text.encode())
    if target is not None:
        output.say(f"Wrote the year {args.year} in review to {target}.")
    return 0


def cmd_support(args: argparse.Namespace, store: Store, output: Output) -> int:
    """Where to find support; the words about hard weeks only after hard weeks (a file that
    cannot be read, or none yet, gets the words for any time)."""
    from tracker.errors import ReconnectError

    try:  # (asked for, so shown whatever the care setting is)
        due = store.exists and reflect.support_due(
            reflect.by_week(store.reflections(), store.settings().week_start))
    except ReconnectError:
        due = False
    output.say(reflect.SUPPORT if due else reflect.SUPPORT_ANY_TIME)
    return 0


def cmd_insights(args: argparse.Namespace, store: Store, output: Output) -> int:
    from tracker.operations.reflecting import insights

    found = insights(store, store.today())
    if args.json:
        output.json(found.to_json())
    else:
        output.say("\n".join(found.lines()))
    return 0
