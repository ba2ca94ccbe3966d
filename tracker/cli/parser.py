"""The ``reconnect`` command's parser: every command, its flags and their help.

Only the command being run is built in full (argparse costs about a millisecond per command,
paid on every call); ``reconnect --help`` and an unknown command build them all."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from tracker import __version__

EXIT_USAGE = 2


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line: ``reconnect: error: …`` (exit 2), and every
    option and argument must have its help (a missing one fails as the parser is built)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"reconnect: error: {message} (see `{self.prog} --help`)\n")

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if not kwargs.get("help") and kwargs.get("action") not in ("help", "version"):
            raise TypeError(f"{self.prog} {args[0]}: an option needs its help")
        return super().add_argument(*args, **kwargs)


DAY_HELP = "2026-11-24, yesterday, -3, monday (default: today)"
WEEK_HELP = "any day of the week (default: this week)"
JSON_HELP = "as JSON, for scripts"
# the options that set an action's or a setting's fields, for errors about them
FLAGS = {"amount": "--amount", "no_goal": "--per none", "days": "--days", "day_start": "--day-start"}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: only its command's flags when the command is known from
    ``argv`` (None: every command, as ``reconnect --help`` shows them)."""
    parser = Parser(
        prog="reconnect",
        description="Small daily actions that rebuild closeness, tracked kindly. "
        "With no command, opens the full-screen app.",
    )
    parser.add_argument("--db", metavar="PATH", help="the data file (default: $RECONNECT_DB, "
                        "else reconnect.json in your user data folder)")
    parser.add_argument("--version", action="version", version=f"reconnect {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMANDS if argv is None else commands_of(argv):
        help_text, arguments = COMMANDS[name]
        arguments(commands.add_parser(name, help=help_text))
    return parser


def commands_of(argv: Sequence[str]) -> list[str]:
    """The commands the parser of ``argv`` needs: none to open the app (only ``--db``), the
    one ``argv`` runs when its words make it plain, else all of them (``--help``, a typo)."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("--db="):
            return [word] if word in COMMANDS else list(COMMANDS)
    return []


def _log(log: argparse.ArgumentParser) -> None:
    log.add_argument("action", metavar="ACTION", help="id, name or a unique start of the id")
    log.add_argument("amount", metavar="AMOUNT", nargs="?",
                     help="how many (count) or how long (minutes: 20, 1h30); a check needs none")
    log.add_argument("--day", metavar="DAY", help=DAY_HELP)
    log.add_argument("--note", metavar="TEXT", help="a few words to remember it by")


def _none(parser: argparse.ArgumentParser) -> None:
    """A command without options."""


def _remind(remind: argparse.ArgumentParser) -> None:
    when = remind.add_mutually_exclusive_group()
    when.add_argument("--at", metavar="HH:MM", help="remind each day at this time (e.g. 20:30)")
    when.add_argument("--off", action="store_true", help="no more reminders")
    when.add_argument("--now", action="store_true", help="send today's reminder if one is due "
                      "(what the timer runs): at most one a day, none once the day has an entry")
    remind.add_argument("--verbose", action="store_true", help="with --now: say what happened")


def _rest(rest: argparse.ArgumentParser) -> None:
    rest.add_argument("action", metavar="ACTION", nargs="?",
                      help="the action resting (default: every action)")
    rest.add_argument("--day", metavar="DAY", help=DAY_HELP)
    rest.add_argument("--note", metavar="TEXT", help="why, if you like (\"travelling\")")


def _action(page: argparse.ArgumentParser) -> None:
    page.add_argument("action", metavar="ACTION", help="its id or name")
    page.add_argument("--json", action="store_true", help=JSON_HELP)


def _ask(ask: argparse.ArgumentParser) -> None:
    ask.add_argument("--day", metavar="DAY", help=DAY_HELP)


def _status(status: argparse.ArgumentParser) -> None:
    status.add_argument("--json", action="store_true", help="the JSON of docs/cli.md, for scripts")


def _week(week: argparse.ArgumentParser) -> None:
    week.add_argument("--day", metavar="DAY", help="any day of the week to show (default: today)")
    week.add_argument("--json", action="store_true", help="the JSON of docs/cli.md, for scripts")


def _reflect(cmd: argparse.ArgumentParser) -> None:
    from tracker.domain import reflect

    cmd.add_argument("--week", metavar="DAY", help=WEEK_HELP)
    cmd.add_argument("--rating", metavar="1-5", help=reflect.PROMPTS["rating"]
                     + " (1 far apart … 5 very close)")
    for name in reflect.TEXT_FIELDS:
        cmd.add_argument(f"--{name.replace('_', '-')}", dest=name, metavar="TEXT",
                         help=reflect.PROMPTS[name] + " (\"\" clears it)")
    cmd.add_argument("--json", action="store_true", help="the JSON of docs/reflect.md, for scripts")


def _journal(journal: argparse.ArgumentParser) -> None:
    from tracker.domain.reflect import FEELINGS

    journal.add_argument("text", metavar="TEXT", nargs="?", help="what to write (none: list)")
    journal.add_argument("--day", metavar="DAY", help="the day it is about (default: today)")
    journal.add_argument("--feeling", metavar="F", help=", ".join(FEELINGS))
    journal.add_argument("--list", action="store_true", help="list the pages, newest first "
                         "(with --day: that day's)")
    journal.add_argument("--json", action="store_true", help="with --list: as JSON")


def _summary(summary: argparse.ArgumentParser) -> None:
    summary.add_argument("--week", metavar="DAY", help=WEEK_HELP)
    summary.add_argument("--year", metavar="YEAR", type=int, help="the year in review instead: "
                         "connected days, the actions done most, how close it felt, what helped")
    summary.add_argument("--output", metavar="FILE", help="write here instead of to the screen")
    summary.add_argument("--with-rating", action="store_true", help="include how connected you felt")
    summary.add_argument("--with-journal", action="store_true", help="include the week's journal")
    summary.add_argument("--with-notes", action="store_true", help="include the notes on entries")


def _json_only(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=JSON_HELP)


def _actions(actions: argparse.ArgumentParser) -> None:
    from tracker.domain.model import KINDS

    actions.add_argument("--all", action="store_true", help="include archived actions")
    actions.add_argument("--json", action="store_true", help="the list as JSON, for scripts")
    manage = actions.add_subparsers(dest="manage",
                                    metavar="add|edit|archive|unarchive|catalogue|enable",
                                    parser_class=Parser)
    add = manage.add_parser("add", help="add an action")
    add.add_argument("name", metavar="NAME", help="its shown name, up to 60 characters")
    add.add_argument("--kind", choices=KINDS, required=True,
                     help="check: done or not; count: how many; minutes: how long")
    add.add_argument("--id", metavar="SLUG", help="default: made from the name")
    _goal_options(add)
    edit = manage.add_parser("edit", help="change an action (its id and history stay)")
    edit.add_argument("action", metavar="ID", help="the action to change")
    edit.add_argument("--name", help="a new shown name")
    edit.add_argument("--kind", choices=KINDS, help="a new kind (only before anything is logged)")
    _goal_options(edit)
    for verb in ("archive", "unarchive"):
        one = manage.add_parser(verb, help=f"{verb} an action (history is kept)")
        one.add_argument("action", metavar="ID", help=f"the action to {verb}")
    manage.add_parser("catalogue", help="the built-in actions you can enable")
    enable = manage.add_parser("enable", help="add a built-in action from the catalogue")
    enable.add_argument("action", metavar="ID", help="its id in `reconnect actions catalogue`")


def _goal_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--amount", metavar="N", help="the goal's amount")
    parser.add_argument("--per", choices=("day", "week", "month", "none"),
                        help="the goal's period; none: no goal, just noticing")
    parser.add_argument("--days", metavar="N", help="with --per day: on how many days of 7")
    parser.add_argument("--prompt", metavar="TEXT", help="a line shown when logging it")
    parser.add_argument("--meaning", metavar="TEXT", help="what it means, shown beside it")
    parser.add_argument("--languages", metavar="L,…", help="its love languages: "
                        "words, time, service, gifts, touch (comma-separated), or none")


def _export(export: argparse.ArgumentParser) -> None:
    export.add_argument("--format", choices=("json", "csv"), default="json",
                        help="json: everything; csv: one row per entry (default: json)")
    export.add_argument("--output", metavar="FILE", help="write here instead of to the screen")


def _import(imports: argparse.ArgumentParser) -> None:
    imports.add_argument("path", metavar="PATH", help="a file, or a folder (Loop's export, harsh's)")
    imports.add_argument("--from", dest="fmt", choices=("auto", "reconnect", "loop", "harsh"),
                         default="auto", help="which program wrote it (default: tell from the file)")
    imports.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")


def _settings(settings: argparse.ArgumentParser) -> None:
    settings.add_argument("--day-start", metavar="HOUR",
                          help="before this hour (0-12) an action counts for the day before")
    settings.add_argument("--week-start", choices=("monday", "sunday"),
                          help="the first day of a week")
    settings.add_argument("--partner-languages", metavar="L,…", help="how your partner feels "
                          "loved: words, time, service, gifts, touch (comma-separated), or none")
    settings.add_argument("--support", choices=("on", "off"), help="off: never suggest support "
                          "after hard weeks (`reconnect support` still works)")


def _sync(sync: argparse.ArgumentParser) -> None:
    sync.add_argument("--dry-run", action="store_true", help="say what would be merged, change nothing")


def _serve(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--host", default="127.0.0.1", help="where to listen (default: 127.0.0.1, "
                       "this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the page in your browser")
    serve.add_argument("--allow-remote", action="store_true", help="allow a --host other machines "
                       "can reach (the address's token is then the only lock)")


def _restore(restore: argparse.ArgumentParser) -> None:
    restore.add_argument("path", metavar="FILE", help="the backup (see `reconnect backups`)")


def _check(check: argparse.ArgumentParser) -> None:
    check.add_argument("--repair", action="store_true",
                       help="set a damaged file aside and restore the newest good backup")


# Every command, in the order `reconnect --help` lists them: its help and its flags.
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "log": ("log an action you did", _log),
    "undo": ("step back the most recent change, whatever it was (says which)", _none),
    "nudge": ("one kind line for a shell prompt: what is still open today (nothing at all "
              "otherwise; never an error)", _none),
    "remind": ("a kind desktop reminder each evening (off until you ask); no option: whether "
               "one is set", _remind),
    "rest": ("mark a rest day (all actions unless one is named)", _rest),
    "action": ("one action's own page: strength over the year, the last weeks, its weekdays, "
               "best streaks, totals and notes", _action),
    "ask": ("one line per action for a day: y/n, a number, s for rest, enter to leave it; "
            "written as one change (answers may come from a pipe)", _ask),
    "status": ("today: every action, streaks and strength", _status),
    "week": ("the week that holds DAY, as a grid", _week),
    "reflect": ("the weekly check-in: how connected the week felt, and what to say; no options: "
                "show this week's", _reflect),
    "journal": ("a private journal: write a page, or list them", _journal),
    "summary": ("the week in Markdown, to read together or send", _summary),
    "support": ("where to find support, when it runs deep", _none),
    "insights": ("what went with the weeks that felt closer: each action and your partner's "
                 "languages against your ratings", _json_only),
    "actions": ("list and manage your actions", _actions),
    "export": ("everything as JSON, or the entries as CSV", _export),
    "import": ("bring in history from Loop Habit Tracker, harsh or another Reconnect file", _import),
    "settings": ("when a day starts, which day weeks start, your partner's love languages, "
                 "support suggestions; no options: every setting and the keys you may remap",
                 _settings),
    "sync": ("merge the conflict copies a sync tool (Syncthing, Dropbox, Nextcloud…) left beside "
             "the data file (every command does it too)", _sync),
    "serve": ("the app in a web browser on this machine, behind a private address (see the "
              "README)", _serve),
    "backups": ("the backups kept beside the data file, newest first (each one before a merge "
                "names the copy it preceded)", _json_only),
    "restore": ("put a backup back as the data file (the file as it is now is kept in backups/ "
                "first)", _restore),
    "check": ("verify the data file", _check),
}
