"""The ``reconnect`` command's parser: every command, its flags and their help."""

from __future__ import annotations

import argparse
from typing import NoReturn

from tracker import __version__
from tracker.cli import reflect_commands as cli_reflect
from tracker.domain.model import KINDS

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line: ``reconnect: error: …`` (exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"reconnect: error: {message} (see `{self.prog} --help`)\n")


DAY_HELP = "2026-11-24, yesterday, -3, monday (default: today)"
# the options that set an action's or a setting's fields, for errors about them
FLAGS = {"amount": "--amount", "no_goal": "--per none", "days": "--days", "day_start": "--day-start"}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reconnect",
        description="Small daily actions that rebuild closeness, tracked kindly. "
        "With no command, opens the full-screen app.",
    )
    parser.add_argument("--db", metavar="PATH", help="the data file (default: $RECONNECT_DB, "
                        "else reconnect.json in your user data folder)")
    parser.add_argument("--version", action="version", version=f"reconnect {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    log = commands.add_parser("log", help="log an action you did")
    log.add_argument("action", metavar="ACTION", help="id, name or a unique start of the id")
    log.add_argument("amount", metavar="AMOUNT", nargs="?",
                     help="how many (count) or how long (minutes: 20, 1h30); a check needs none")
    log.add_argument("--day", metavar="DAY", help=DAY_HELP)
    log.add_argument("--note", metavar="TEXT", help="a few words to remember it by")

    commands.add_parser("undo", help="step back the most recent change, whatever it was (says which)")
    commands.add_parser("nudge", help="one kind line for a shell prompt: what is still open "
                        "today (nothing at all otherwise; never an error)")
    remind = commands.add_parser("remind", help="a kind desktop reminder each evening (off "
                                 "until you ask); no option: whether one is set")
    when = remind.add_mutually_exclusive_group()
    when.add_argument("--at", metavar="HH:MM", help="remind each day at this time (e.g. 20:30)")
    when.add_argument("--off", action="store_true", help="no more reminders")
    when.add_argument("--now", action="store_true", help="send today's reminder if one is due "
                      "(what the timer runs): at most one a day, none once the day has an entry")
    remind.add_argument("--verbose", action="store_true", help="with --now: say what happened")

    rest = commands.add_parser("rest", help="mark a rest day (all actions unless one is named)")
    rest.add_argument("action", metavar="ACTION", nargs="?",
                      help="the action resting (default: every action)")
    rest.add_argument("--day", metavar="DAY", help=DAY_HELP)
    rest.add_argument("--note", metavar="TEXT", help="why, if you like (\"travelling\")")

    page = commands.add_parser("action", help="one action's own page: strength over the year, the last "
                               "weeks, its weekdays, best streaks, totals and notes")
    page.add_argument("action", metavar="ACTION", help="its id or name")
    page.add_argument("--json", action="store_true", help="as JSON, for scripts")

    ask = commands.add_parser("ask", help="one line per action for a day: y/n, a number, s for "
                              "rest, enter to leave it; written as one change (answers may come "
                              "from a pipe)")
    ask.add_argument("--day", metavar="DAY", help=DAY_HELP)

    status = commands.add_parser("status", help="today: every action, streaks and strength")
    status.add_argument("--json", action="store_true", help="the JSON of docs/cli.md, for scripts")

    week = commands.add_parser("week", help="the week that holds DAY, as a grid")
    week.add_argument("--day", metavar="DAY", help="any day of the week to show (default: today)")
    week.add_argument("--json", action="store_true", help="the JSON of docs/cli.md, for scripts")

    cli_reflect.add_parsers(commands)

    actions = commands.add_parser("actions", help="list and manage your actions")
    actions.add_argument("--all", action="store_true", help="include archived actions")
    actions.add_argument("--json", action="store_true", help="the list as JSON, for scripts")
    manage = actions.add_subparsers(dest="manage",
                                    metavar="add|edit|archive|unarchive|catalogue|enable",
                                    parser_class=_Parser)
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

    export = commands.add_parser("export", help="everything as JSON, or the entries as CSV")
    export.add_argument("--format", choices=("json", "csv"), default="json",
                        help="json: everything; csv: one row per entry (default: json)")
    export.add_argument("--output", metavar="FILE", help="write here instead of to the screen")

    imports = commands.add_parser(
        "import", help="bring in history from Loop Habit Tracker, harsh or another Reconnect file"
    )
    imports.add_argument("path", metavar="PATH", help="a file, or a folder (Loop's export, harsh's)")
    imports.add_argument("--from", dest="fmt", choices=("auto", "reconnect", "loop", "harsh"),
                         default="auto", help="which program wrote it (default: tell from the file)")
    imports.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")

    settings = commands.add_parser(
        "settings", help="when a day starts, which day weeks start, your partner's love "
        "languages, support suggestions; no options: every setting and the keys you may remap")
    settings.add_argument("--day-start", metavar="HOUR",
                          help="before this hour (0-12) an action counts for the day before")
    settings.add_argument("--week-start", choices=("monday", "sunday"),
                          help="the first day of a week")
    settings.add_argument("--partner-languages", metavar="L,…", help="how your partner feels "
                          "loved: words, time, service, gifts, touch (comma-separated), or none")
    settings.add_argument("--support", choices=("on", "off"), help="off: never suggest support "
                          "after hard weeks (`reconnect support` still works)")

    sync = commands.add_parser("sync", help="merge the conflict copies a sync tool (Syncthing, "
                               "Dropbox, Nextcloud…) left beside the data file (every command "
                               "does it too)")
    sync.add_argument("--dry-run", action="store_true", help="say what would be merged, change nothing")

    serve = commands.add_parser("serve", help="the app in a web browser on this machine, behind "
                                "a private address (see the README)")
    serve.add_argument("--host", default="127.0.0.1", help="where to listen (default: 127.0.0.1, "
                       "this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the page in your browser")
    serve.add_argument("--allow-remote", action="store_true", help="allow a --host other machines "
                       "can reach (the address's token is then the only lock)")

    backups = commands.add_parser("backups", help="the backups kept beside the data file, newest "
                                  "first (each one before a merge names the copy it preceded)")
    backups.add_argument("--json", action="store_true", help="as JSON, for scripts")
    restore = commands.add_parser("restore", help="put a backup back as the data file (the file as "
                                  "it is now is kept in backups/ first)")
    restore.add_argument("path", metavar="FILE", help="the backup (see `reconnect backups`)")

    check = commands.add_parser("check", help="verify the data file")
    check.add_argument("--repair", action="store_true",
                       help="set a damaged file aside and restore the newest good backup")
    return parser


def _goal_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--amount", metavar="N", help="the goal's amount")
    parser.add_argument("--per", choices=("day", "week", "month", "none"),
                        help="the goal's period; none: no goal, just noticing")
    parser.add_argument("--days", metavar="N", help="with --per day: on how many days of 7")
    parser.add_argument("--prompt", metavar="TEXT", help="a line shown when logging it")
    parser.add_argument("--meaning", metavar="TEXT", help="what it means, shown beside it")
    parser.add_argument("--languages", metavar="L,…", help="its love languages: "
                        "words, time, service, gifts, touch (comma-separated), or none")
