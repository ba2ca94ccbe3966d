"""A year in review (``reconnect summary --year 2026``, and ``y`` on History): connected days and
how they spread over the months, the actions done most with their best streaks, how close the
weeks felt month by month, how many journal pages were written (their text only when asked),
and what went with the closer weeks. Markdown safe to share: every user text escaped, as the
weekly summary does. Kind words only: a month with fewer connected days is "a quieter month"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tracker.domain.history import History
from tracker.domain.insights import mean, what_helps
from tracker.domain.model import Action
from tracker.domain.reflect import JournalPage, Reflection
from tracker.views import reports
from tracker.views.action_page import run_words
from tracker.views.markdown_summary import plain

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def year_markdown(year: int, actions: Sequence[Action], history: History,
                  weeks: dict[date, Reflection], journal: Sequence[JournalPage], today: date,
                  week_start: str = "monday", partner_languages: Sequence[str] = (),
                  with_journal: bool = False) -> str:
    """The year as Markdown."""
    active = [a for a in actions if not a.archived]
    whole = reports.year(list(active), history, None, year, today, week_start)
    connected = [m for m in whole.months]
    so_far = sum(1 for d, _ in whole.days if d <= today)
    lines = [f"# Our year: {year}", "",
             f"Connected days: {int(sum(connected))} of {so_far}" + (" so far." if year == today.year else "."),
             "", "## Month by month", ""]
    by_month = _ratings_by_month(weeks, year)
    # from the first month with anything in it (the months before were before Reconnect)
    months_so_far = [(n, days) for n, days in enumerate(connected) if date(year, n + 1, 1) <= today]
    begun = next((i for i, (n, days) in enumerate(months_so_far) if days or n in by_month), len(months_so_far))
    months_so_far = months_so_far[begun:]
    typical = sorted(days for _, days in months_so_far)[len(months_so_far) // 2] if months_so_far else 0
    for n, days in months_so_far:
        felt = f", felt {by_month[n]:.1f} of 5 on average" if n in by_month else ""
        if not days and (year, n + 1) != (today.year, today.month):
            lines.append(f"- {MONTHS[n]}: a quieter month{felt}")
            continue
        current = (year, n + 1) == (today.year, today.month)  # under way: not yet quieter than any
        quiet = " (a quieter month)" if days < typical / 2 and not current else ""
        lines.append(f"- {MONTHS[n]}: {int(days)} connected day{'' if days == 1 else 's'}{felt}{quiet}")
    lines += ["", "## The small things, most done first", ""]
    done = []
    for action in active:
        report = reports.year(list(active), history, action, year, today, week_start)
        days = sum(1 for (d, state) in report.days if d <= today and state in ("met", "partial"))
        done.append((days, action, report.best_streaks[0] if report.best_streaks else None))
    for days, action, best in sorted(done, key=lambda found: (-found[0], found[1].name)):
        if not days:
            lines.append(f"- {plain(action.name)}: room to grow")
            continue
        streak = f", best streak {run_words(action, best)}" if best else ""
        lines.append(f"- {plain(action.name)}: {days} day{'' if days == 1 else 's'}{streak}")
    pages = [p for p in journal if p.day.year == year]
    lines += ["", "## Journal", "",
              f"{len(pages)} page{'' if len(pages) == 1 else 's'} written this year." if pages
              else "No pages this year."]
    if with_journal:
        for page in sorted(pages, key=lambda p: (p.day, p.at)):
            lines += ["", f"{page.day:%A %-d %B}:", "", *(f"> {line}".rstrip()
                                                          for line in plain(page.text, one_line=False).split("\n"))]
    in_year = {start: r for start, r in weeks.items() if start.year == year}
    helped = what_helps(active, history, in_year, today, partner_languages)
    lines += ["", "## What went with the closer weeks", "", *(plain(line) for line in helped.lines())]
    return "\n".join(lines) + "\n"


def _ratings_by_month(weeks: dict[date, Reflection], year: int) -> dict[int, float]:
    """The mean felt rating of the weeks starting in each month of ``year`` (0 = January)."""
    found: dict[int, list[int]] = {}
    for start, reflection in weeks.items():
        if start.year == year:
            found.setdefault(start.month - 1, []).append(reflection.rating)
    return {month: mean(ratings) for month, ratings in found.items()}
