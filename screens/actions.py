"""Actions: add, edit, archive, reorder, and enable built-ins from the catalogue."""

from __future__ import annotations


from textual import on
from textual.content import Content
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from screens.base import Column, DataScreen, bind
from screens.dialogs import ActionDialog, CatalogueDialog
from tracker import operations
from tracker.errors import BadInput, ReconnectError
from tracker.model import Action
from tracker.reflect import parse_languages
from tracker.render import sentence


# the dialog's fields, for errors about them
LABELS = {"amount": "Amount", "no_goal": "No goal", "days": "Days of 7"}


class ActionsScreen(DataScreen):
    """Every action, archived ones last."""

    NAME = "Actions"  # as tracker/keys.py names the screen

    CSS_PATH = "actions.tcss"
    BINDINGS = [
        *DataScreen.VIM_KEYS,
        bind("actions.add", "add"),
        bind("actions.edit", "edit"),
        bind("actions.archive", "archive"),
        bind("actions.move-down", "move(1)"),
        bind("actions.move-up", "move(-1)"),
        bind("actions.catalogue", "catalogue"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.listed: list[Action] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("[b]Your actions[/b] · a add · e edit · x archive · J/K move · c catalogue",
                     id="actions-line")
        yield DataTable(cursor_type="row", id="list")
        yield Static(id="detail")
        yield Footer(show_command_palette=False)

    COLUMNS = [Column("Name", "name"), Column("Kind", "kind"), Column("Goal", "goal"),
               Column("", "status")]

    def refresh_data(self, select: str | None = None) -> None:
        listed = self.host.read(self.host.store.actions)
        if listed is None:
            return
        self.listed = listed
        self.refill(
            self.COLUMNS,
            [(a.id, [a.name, a.kind, a.goal.describe(a.kind) if a.goal else "no goal",
                     "archived" if a.archived else ""]) for a in listed],
            select,
        )
        self.show_detail()

    def selected(self) -> Action | None:
        row = self.query_one(DataTable).cursor_row
        return self.listed[row] if 0 <= row < len(self.listed) else None

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
        action = self.selected()
        text = Content("")
        if action:
            prompt = f"\n{action.prompt}" if action.prompt else ""
            languages = f" · love languages: {', '.join(action.languages)}" if action.languages else ""
            text = Content.from_markup("[dim]$id$languages[/dim] · $meaning[i]$prompt[/i]",
                                       id=action.id, languages=languages,
                                       meaning=action.meaning or "", prompt=prompt)
        self.query_one("#detail", Static).update(text)

    def action_add(self) -> None:
        def save(fields: dict[str, str]) -> str | None:
            return self._save(fields, None)

        self.app.push_screen(ActionDialog(save), lambda _: self.refresh_data())

    @on(DataTable.RowSelected)
    def action_edit(self) -> None:
        action = self.selected()
        if action is None:
            return

        def save(fields: dict[str, str]) -> str | None:
            return self._save(fields, action)

        self.app.push_screen(ActionDialog(save, action), lambda _: self.refresh_data())

    def _save(self, fields: dict[str, str], current: Action | None) -> str | None:
        """Validate and save the dialog's fields; return the error line, or None."""
        store = self.host.store
        try:
            amount = operations.parse_amount(fields["amount"], "count") if fields["amount"].strip() else None
            days = int(fields["days"]) if fields["days"].strip() else None
            goal = operations.make_goal(fields["kind"], amount, fields["per"], days)
            languages = parse_languages(fields["languages"] or "none")
            if current is None:
                saved = operations.add_action(store, Action(
                    id="", name=fields["name"], kind=fields["kind"],  # type: ignore[arg-type]
                    goal=goal, prompt=fields["prompt"], languages=languages))
                self.notify(sentence(f"Added {saved.name}"))
            else:
                saved = operations.edit_action(store, current.id, name=fields["name"],
                                               kind=fields["kind"], goal=goal,
                                               prompt=fields["prompt"] or None, languages=languages)
                self.notify(sentence(f"Saved {saved.name}"))
        except ValueError:
            return "Days of 7 is a whole number from 1 to 7"
        except BadInput as error:
            return error.worded(LABELS)
        except ReconnectError as error:
            return str(error)
        self.refresh_data(select=saved.id)
        return None

    def action_archive(self) -> None:
        action = self.selected()
        if action is None:
            return
        changed = self.host.change(operations.set_archived, self.host.store, action.id,
                                   not action.archived)
        if changed:
            self.notify(f"{changed.name} is archived; its history is kept." if changed.archived
                        else f"{changed.name} is back in your daily list.")
        self.refresh_data(select=action.id)

    def action_move(self, step: int) -> None:
        action = self.selected()
        if action is None:
            return
        self.host.change(operations.move_action, self.host.store, action.id, step)
        self.refresh_data(select=action.id)

    def action_catalogue(self) -> None:
        available = self.host.read(lambda: operations.built_ins_available(self.host.store))
        if available is None:
            return
        if not available:
            self.notify("Every built-in action is already enabled.")
            return

        def enable(action_id: str | None) -> None:
            if action_id is None:
                return
            added = self.host.change(operations.enable_built_in, self.host.store, action_id)
            if added:
                self.notify(f"{sentence(f'Added {added.name}')} {added.prompt or ''}")
                self.refresh_data(select=added.id)

        self.app.push_screen(CatalogueDialog(available), enable)


