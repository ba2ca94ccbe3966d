"""``reconnect actions``: list, add, edit, archive, move, and enable built-ins."""

from __future__ import annotations

import argparse
from typing import Any

from tracker.cli.output import Output
from tracker.domain.model import Action, Goal
from tracker.domain.reflect import parse_languages
from tracker.errors import BadInput
from tracker.operations import everyday as operations
from tracker.operations import typed_input
from tracker.store.store import Store
from tracker.views.text import (
    actions_text,
)


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
        goal = typed_input.make_goal(args.kind, _number(args.amount), args.per, typed_input.parse_days(args.days))
        action = operations.add_action(store, Action(
            id=args.id or "", name=args.name, kind=args.kind, goal=goal,
            prompt=args.prompt, meaning=args.meaning,
            languages=parse_languages(args.languages) if args.languages is not None else (),
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
        changes["languages"] = parse_languages(args.languages)
    if args.amount is not None or args.per is not None or args.days is not None:
        current = typed_input.resolve_action(store.actions(), args.action)
        kind = changes.get("kind", current.kind)
        old: Goal | None = current.goal
        per = args.per or (old.per if old else "day")
        amount = _number(args.amount)
        if amount is None and old is not None and per != "none" and (args.per is None or per == old.per):
            amount = old.amount
        days = typed_input.parse_days(args.days)
        if days is None and old is not None and per == "day" and old.per == "day":
            days = old.days
        changes["goal"] = typed_input.make_goal(kind, amount, per, days)
    return changes


def _number(text: str | None) -> float | None:
    return None if text is None else typed_input.parse_amount(text, "count")


def cmd_action(args: argparse.Namespace, store: Store, output: Output) -> int:
    from tracker.operations.reflecting import insights
    from tracker.views.action_page import action_page, page_text

    action = typed_input.resolve_action(store.actions(), args.action)
    today = store.today()
    entries = [e for record in store.days() for e in record.entries if e.action == action.id and e.note]
    page = action_page(action, store.history(), entries, today, store.settings().week_start)
    helps = insights(store, today)
    if args.json:
        output.json({**page.to_json(), "what_helps": next(i.to_json() for i in helps.actions if i.id == action.id)
                     if not action.archived else None})
    else:
        output.say(page_text(page) + "\n\nWhat went with the closer weeks: " + helps.about(action.id))
    return 0
