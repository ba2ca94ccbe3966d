"""The ``reconnect`` command. Every subcommand works without importing Textual; only
``reconnect`` with no subcommand imports ``screens`` to open the app."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from contextlib import redirect_stderr, redirect_stdout
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO

from tracker import __version__
from tracker.cli import reflect_commands as cli_reflect
from tracker.cli.output import Output, write_output
from tracker.domain.catalogue import prompt_of_the_day
from tracker.domain.days import local_now, parse_day, week_bounds
from tracker.domain.model import KINDS, Action, Goal
from tracker.errors import BadInput, DataFileDamaged, ReconnectError
from tracker.operations import everyday as operations
from tracker.store import lock as filelock
from tracker.store.location import default_path
from tracker.store.store import Store
from tracker.views.text import (
    actions_text,
    amount_text,
    counted,
    long_day,
    printable,
    status_text,
    week_text,
)

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


def main(
    argv: Sequence[str] | None = None,
    *,
    now: Callable[[], datetime] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run the command line; return the exit code. ``now`` injects the clock for tests."""
    output = Output(out or sys.stdout, err or sys.stderr)
    try:
        with redirect_stdout(output.out), redirect_stderr(output.err):
            args = build_parser().parse_args(argv)
    except SystemExit as done:  # --help, --version, or a usage error (exit 2)
        return done.code if isinstance(done.code, int) else 0
    try:
        timeout = filelock.parse_timeout(os.environ.get("RECONNECT_LOCK_TIMEOUT"))
        _check_text_arguments(args)
        store = Store(_db_path(args.db), now=now or local_now, lock_timeout=timeout)
    except ReconnectError as error:
        output.error(str(error))
        return error.exit_code
    if args.command is None:
        return _open_app(store)
    try:
        if args.command not in NO_MERGE and not getattr(args, "dry_run", False):
            from tracker.interchange.sync import merge_quietly

            merge_quietly(store, output.notice)
        code = COMMANDS[args.command](args, store, output)
    except DataFileDamaged as error:
        output.error(f"{error}; {_advice(store, error)}")
        return error.exit_code
    except ReconnectError as error:
        output.error(error.worded(FLAGS) if isinstance(error, BadInput) else str(error))
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    if store.created:
        output.notice(f"started your data file at {store.path}")
    return code


PATH_ARGUMENTS = ("db", "path", "output")
# Every command that reads or writes the data file merges the conflict copies beside it first
# (docs/sync.md), but these: a prompt's nudge and the reminder only read, quickly; sync does it itself;
# backups and restore are the way back, whatever a copy holds.
NO_MERGE = ("nudge", "remind", "sync", "support", "serve", "backups", "restore")  # serve: its app does it


def _check_text_arguments(args: argparse.Namespace) -> None:
    """Refuse an argument that is not valid UTF-8 text (a path may be any bytes the system
    allows: it is only ever shown escaped)."""
    for name, value in vars(args).items():
        if name not in PATH_ARGUMENTS and isinstance(value, str) and _NOT_UTF8.search(value):
            flag = name.replace("_", "-")
            raise BadInput(f"the {flag} given is not valid UTF-8 text: {printable(value)}")


_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # bytes that did not decode (surrogateescape)


def _db_path(text: str | None) -> Path:
    """The data file: ``--db``, else $RECONNECT_DB, else the default in the user data folder.
    Only the default's folder is created: a path the user named must be in a real folder (a
    typo must not grow a new folder tree holding an empty history)."""
    named = "--db"
    if text is None and os.environ.get("RECONNECT_DB"):
        text, named = os.environ["RECONNECT_DB"], "$RECONNECT_DB"
    if text is None:
        return default_path()
    if not text.strip():
        raise BadInput(f"{named} needs the path of a data file")
    path = Path(text).expanduser()
    if path.is_dir():
        raise BadInput(f"{named} {printable(text)} is a folder; name the data file in it")
    if path.parent.exists() and not path.parent.is_dir():
        raise BadInput(f"{named} {printable(text)}: {printable(str(path.parent))} is a file, "
                       "not a folder")
    if not path.parent.is_dir():
        raise BadInput(f"{named} {printable(text)}: the folder {printable(str(path.parent))} "
                       "does not exist; create it first, or check the path")
    return path


def _advice(store: Store, error: DataFileDamaged) -> str:
    from tracker.store.repair import damage_advice

    return damage_advice(store, error)


def _open_app(store: Store) -> int:
    from screens.app import run  # the one import across: only the app needs Textual
    from tracker.config.settings_toml import load_config

    return run(store, load_config())  # the app reads the file itself, and shows any problem


def _day(store: Store, text: str | None) -> date | None:
    return None if text is None else parse_day(text, store.today())


def cmd_log(args: argparse.Namespace, store: Store, output: Output) -> int:
    day = _day(store, args.day)
    logged = operations.log(store, args.action, args.amount, day=day, note=args.note)
    name, kind = logged.action.name, logged.action.kind
    when = "today" if day is None or day == store.today() else f"on {long_day(day)}"
    if logged.welcome_back:
        output.say("Welcome back.")
    if logged.entry is None:
        output.say(f"{name} is already counted {when}. Once a day is enough.")
    elif kind == "check":
        stop = "" if name[-1] in ".!?" else "."
        output.say(f"Nice, that counts: {name}" + (stop if when == "today" else f", {when}."))
    else:
        output.say(f"Nice, that counts: {name}, {amount_text(logged.day_total, kind)} {when}.")
    return 0


def cmd_undo(args: argparse.Namespace, store: Store, output: Output) -> int:
    undone = operations.undo(store)
    if undone is None:
        raise BadInput("nothing to undo")
    output.say(undone.describe())
    return 0


def cmd_rest(args: argparse.Namespace, store: Store, output: Output) -> int:
    day = _day(store, args.day)
    rested = operations.rest(store, args.action, day=day, note=args.note)
    whom = rested.action.name if rested.action else "all actions"
    on = long_day(day or store.today())
    if rested.rest is None:
        output.say(f"{on} is already a rest day for {whom}.")
    else:
        output.say(f"Rest day for {whom} on {on}. Rest is part of it; streaks wait for you.")
    return 0


def cmd_status(args: argparse.Namespace, store: Store, output: Output) -> int:
    from tracker.views import store_reports

    today = store.today()
    actions = store.actions(include_archived=False)
    data = store_reports.status(store, actions, today, today)
    store.ensure_saved()
    if args.json:
        output.json(data.to_json())
        return 0
    output.say(status_text(data, prompt_of_the_day(actions, today), output.width))
    names = {a.id: a.name for a in store.actions()}
    notes = [f"  {names.get(e.action, e.action)}: {e.note}" for e in store.day(today).entries if e.note]
    if notes:
        output.say("\nNotes today:\n" + "\n".join(notes))
    from tracker.operations import timer

    running = timer.running(store)
    if running is not None:
        output.say(f"\n⏱  The timer for {running.action.name} has run {running.elapsed(store.now())}; "
                   "stop it in the app with p.")
    return 0


def cmd_week(args: argparse.Namespace, store: Store, output: Output) -> int:
    from tracker.views import store_reports

    today = store.today()
    this_week_ends = week_bounds(today, store.settings().week_start)[1]
    day = today if args.day is None else parse_day(
        args.day, today, future="that week has not started yet", latest=this_week_ends)
    data = store_reports.week(store, store.actions(include_archived=False), day, today)
    store.ensure_saved()
    output.json(data.to_json()) if args.json else output.say(week_text(data, output.width))
    return 0


def cmd_actions(args: argparse.Namespace, store: Store, output: Output) -> int:
    if args.manage is None:
        actions = store.actions(include_archived=args.all)
        store.ensure_saved()
        if args.json:
            output.json([a.to_dict() for a in actions])
        else:
            output.say(actions_text(actions, output.width))
        return 0
    if args.manage in ("archive", "unarchive"):
        action = operations.set_archived(store, args.action, args.manage == "archive")
        state = "archived: its history is kept" if action.archived else "back in your daily list"
        output.say(f"{action.name} is {state}.")
        return 0
    if args.manage == "catalogue":
        available = operations.built_ins_available(store)
        output.say(actions_text(available, output.width) if available else "Every built-in action is enabled.")
        return 0
    if args.manage == "enable":
        action = operations.enable_built_in(store, args.action)
        output.say(f"Added {action.name} ({action.id}): {_goal_text(action)}.")
        if action.prompt:
            output.say(action.prompt)
        return 0
    if args.manage == "add":
        goal = operations.make_goal(args.kind, _number(args.amount), args.per, operations.parse_days(args.days))
        action = operations.add_action(store, Action(
            id=args.id or "", name=args.name, kind=args.kind, goal=goal,
            prompt=args.prompt, meaning=args.meaning,
            languages=_languages(args.languages) if args.languages is not None else (),
        ), languages_given=args.languages is not None)
        output.say(f"Added {action.name} ({action.id}): {_goal_text(action)}.")
        return 0
    changes = _edit_changes(args, store)
    if not changes:
        raise BadInput("nothing to change: give --name, --kind, --amount, --per, --days, --prompt, "
                       "--meaning or --languages")
    action = operations.edit_action(store, args.action, **changes)
    output.say(f"Changed {action.name} ({action.id}): {_goal_text(action)}.")
    return 0


def _goal_text(action: Action) -> str:
    return f"{action.kind}, " + (action.goal.describe(action.kind) if action.goal else "no goal")


def _edit_changes(args: argparse.Namespace, store: Store) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for field in ("name", "kind", "prompt", "meaning"):
        if getattr(args, field) is not None:
            changes[field] = getattr(args, field)
    if args.languages is not None:
        changes["languages"] = _languages(args.languages)
    if args.amount is not None or args.per is not None or args.days is not None:
        current = operations.resolve_action(store.actions(), args.action)
        kind = changes.get("kind", current.kind)
        old: Goal | None = current.goal
        per = args.per or (old.per if old else "day")
        amount = _number(args.amount)
        if amount is None and old is not None and per != "none" and (args.per is None or per == old.per):
            amount = old.amount
        days = operations.parse_days(args.days)
        if days is None and old is not None and per == "day" and old.per == "day":
            days = old.days
        changes["goal"] = operations.make_goal(kind, amount, per, days)
    return changes


def _languages(text: str) -> tuple[str, ...]:
    from tracker.domain.reflect import parse_languages

    return parse_languages(text)


def _number(text: str | None) -> float | None:
    return None if text is None else operations.parse_amount(text, "count")


def cmd_settings(args: argparse.Namespace, store: Store, output: Output) -> int:
    if args.partner_languages is not None or args.support is not None:
        if args.day_start is not None or args.week_start is not None:
            raise BadInput("change the day and week settings apart from the partner's languages and support")
        from tracker.domain.reflect import LANGUAGE_NAMES
        from tracker.operations import reflecting

        partner = None if args.partner_languages is None else _languages(args.partner_languages)
        settings = reflecting.change_care_settings(
            store, partner_languages=partner, support=None if args.support is None else args.support == "on")
        named = ", ".join(LANGUAGE_NAMES[lang] for lang in settings.partner_languages) or "not set"
        output.say(f"Your partner's love languages: {named}. Support suggestions: "
                   f"{'on' if settings.support else 'off'}.")
        return 0
    if args.day_start is None and args.week_start is None:
        _show_settings(store, output)
        return 0
    day_start = None
    if args.day_start is not None:
        try:
            day_start = int(args.day_start)
        except ValueError:
            raise BadInput(f"--day-start takes an hour from 0 to 12, not {args.day_start!r}") from None
    settings = operations.change_settings(store, day_start=day_start, week_start=args.week_start)
    output.say(
        f"A day starts at {settings.day_start:02d}:00 (earlier counts for the day before); "
        f"weeks start on {settings.week_start.title()}."
    )
    return 0


def _show_settings(store: Store, output: Output) -> None:
    """Every setting and where it lives: the data file's, then settings.toml's with the ids of
    the keys a user may remap."""
    from tracker.config.keys import KEYS, shown
    from tracker.config.settings_toml import load_config

    settings, config = store.settings(), load_config()
    output.say(f"In the data file, {store.path} (they travel with your history):")
    partner = ",".join(settings.partner_languages) or "none"
    for name, value, meaning in (
        ("day_start", settings.day_start, f"a day starts at {settings.day_start:02d}:00; "
         "earlier counts for the day before"),
        ("week_start", settings.week_start, "the first day of a week"),
        ("partner_languages", partner, "how your partner feels loved"),
        ("support", "on" if settings.support else "off",
         "suggest support after three hard weeks in a row"),
    ):
        output.say(f"  {name:<17} = {value!s:<11} {meaning}")
    exists = "" if config.path is None or config.path.exists() else ", not created yet"
    output.say("")
    output.say(f"In {config.path} (this machine's look and keys{exists}):")
    output.say(f"  theme = {config.theme or 'textual-dark'}"
               + ("" if config.theme else "   (the default; any Textual theme: nord, gruvbox, …)"))
    if config.problem:
        output.say(f"  Not used: {config.problem}")
    output.say("  [keys]  binding id = \"keys\"   (now, where, what it does)")
    width = max(len(key.id) for key in KEYS)
    for key in KEYS:
        keys = config.keys.get(key.id, key.keys)
        output.say(f"    {key.id:<{width}}  {shown(keys):<8}  {key.where}: {key.explain}")


def cmd_export(args: argparse.Namespace, store: Store, output: Output) -> int:
    from tracker.interchange import reconnect_json as reconnect

    payload = (reconnect.export_csv if args.format == "csv" else reconnect.export_json)(store)
    target = write_output(store, output, args.output, payload)
    if target is not None:
        output.say(f"Exported to {target}.")
    return 0


def cmd_import(args: argparse.Namespace, store: Store, output: Output) -> int:
    from tracker.interchange.importing import import_path

    report = import_path(store, Path(args.path).expanduser(), args.fmt, dry_run=args.dry_run)
    for line in report.lines():
        output.say(line)
    return 0


def cmd_check(args: argparse.Namespace, store: Store, output: Output) -> int:
    from tracker.store import repair

    if args.repair:
        done = repair.repair(store)
        if done is None:
            output.say(f"Nothing to repair: {store.path} is fine.")
        elif done.fixed:
            output.say(f"Repaired {store.path} in place; everything else is as it was:")
            for fix in done.fixed:
                output.say(f"  {fix}")
            output.say(f"The file as it was is kept as {done.set_aside}.")
        elif done.restored:
            output.say(f"Set the damaged file aside as {done.set_aside}.")
            output.say(f"Restored {done.restored.describe()}.")
        else:
            output.say(f"Set the damaged file aside as {done.set_aside}.")
            output.say("There was no good backup, so a new data file was started.")
        return 0
    health = repair.check(store)
    newest = f", newest {health.newest_backup.modified:%Y-%m-%d %H:%M}" if health.newest_backup else ""
    if health.orphans:
        shown = ", ".join(health.orphans[:3]) + (f" and {len(health.orphans) - 3} more" if len(health.orphans) > 3 else "")
        output.error(f"the data file {store.path} has entries for actions it does not have ({shown}); "
                     "`reconnect check --repair` brings each back, archived, keeping everything else")
        return 3
    output.say(
        f"OK: {store.path} (schema {health.schema}): {counted(health.actions, 'action')}, "
        f"{counted(health.entries, 'entry', 'entries')} and {counted(health.rests, 'rest day')} on "
        f"{counted(health.days, 'day')}; {counted(health.reflections, 'weekly reflection')} and "
        f"{counted(health.journal_pages, 'journal page')}; {counted(health.backups, 'backup')}{newest}."
    )
    from tracker.interchange.sync import unmerged

    for outcome in unmerged(store):
        output.say(outcome.line())
    return 0


def cmd_backups(args: argparse.Namespace, store: Store, output: Output) -> int:
    found = store.backups.all()
    if args.json:
        output.json([{"path": str(b.path), "saved": b.modified.isoformat(timespec="seconds"),
                      "kind": b.kind, "merged_copy": str(b.merged_copy) if b.merged_copy else None}
                     for b in found])
        return 0
    if not found:
        output.say(f"No backups yet beside {store.path}: one is kept on every day of use.")
    for backup in found:
        output.say(f"{backup.modified:%Y-%m-%d %H:%M}  {backup.kind}\n    {backup.path}")
    return 0


def cmd_restore(args: argparse.Namespace, store: Store, output: Output) -> int:
    from tracker.interchange.restore import restore

    done = restore(store, Path(args.path).expanduser())
    output.say(f"Restored {done.backup} as {store.path}.")
    if done.kept_as is not None:
        output.say(f"The file as it was is kept as {done.kept_as} (`reconnect restore` it to go back).")
    return 0


def cmd_sync(args: argparse.Namespace, store: Store, output: Output) -> int:
    from tracker.interchange import sync

    outcomes = sync.merge_copies(store, dry_run=args.dry_run)
    if not outcomes:
        output.say(f"No copies from other machines beside {store.path}.")
    for outcome in outcomes:
        output.say(outcome.line(args.dry_run))
    if args.dry_run:
        output.say("Dry run: nothing was written.")
    return 0


def cmd_serve(args: argparse.Namespace, store: Store, output: Output) -> int:
    try:
        from tracker.outside.serve import serve
    except ImportError as error:
        raise BadInput(f"serve needs textual-serve ({error}); reinstall Reconnect") from None

    def warn(text: str) -> None:
        print(f"reconnect: warning: {printable(text)}", file=output.err, flush=True)

    def say(text: str) -> None:
        output.say(text)
        output.out.flush()

    return serve(store.path, args.host, args.port, args.allow_remote, args.open, say, warn)


def cmd_nudge(args: argparse.Namespace, store: Store, output: Output) -> int:
    """What ``tracker.launch`` runs without this module, for a command line built here."""
    from tracker.outside.nudge import quiet_nudge

    line = quiet_nudge(store.path, store.now())
    if line:
        output.say(line)
    return 0


def cmd_remind(args: argparse.Namespace, store: Store, output: Output) -> int:
    from tracker.outside import remind

    if args.now:
        said = remind.remind_now(store)
        if args.verbose:
            output.say(said)
    elif args.at is not None:
        output.say("\n".join(remind.install(store, args.at)))
    elif args.off:
        output.say("\n".join(remind.remove()))
    else:
        output.say(remind.describe())
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Store, Output], int]] = {
    "log": cmd_log,
    "undo": cmd_undo,
    "rest": cmd_rest,
    "status": cmd_status,
    "week": cmd_week,
    "actions": cmd_actions,
    "check": cmd_check,
    "settings": cmd_settings,
    "export": cmd_export,
    "import": cmd_import,
    "nudge": cmd_nudge,
    "remind": cmd_remind,
    "sync": cmd_sync,
    "serve": cmd_serve,
    "backups": cmd_backups,
    "restore": cmd_restore,
    **cli_reflect.COMMANDS,
}


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
    except BrokenPipeError:
        code = 0
    except Exception as error:  # never a traceback for the user
        message = printable(f"unexpected problem ({type(error).__name__}: {error})", one_line=True)
        sys.stderr.write(f"reconnect: error: {message}\n")
        code = 1
    sys.exit(code)
