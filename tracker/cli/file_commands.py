"""The commands about the file itself: settings, export, import, check, backups, restore, sync."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.cli.output import Output, write_output
from tracker.domain.reflect import parse_languages
from tracker.errors import BadInput
from tracker.operations import everyday as operations
from tracker.store.store import Store
from tracker.views.text import (
    counted,
)


def cmd_settings(args: argparse.Namespace, store: Store, output: Output) -> int:
    if args.partner_languages is not None or args.support is not None:
        if args.day_start is not None or args.week_start is not None:
            raise BadInput("change the day and week settings apart from the partner's languages and support")
        from tracker.domain.reflect import LANGUAGE_NAMES
        from tracker.operations import reflecting

        partner = None if args.partner_languages is None else parse_languages(args.partner_languages)
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
    if (why := store.backups.why_none_can_be_kept()) is not None:
        output.say(f"No backup can be kept: {why}.")
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
    if (why := store.backups.why_none_can_be_kept()) is not None:
        output.say(f"No backup can be kept: {why}.")
    elif not found:
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
