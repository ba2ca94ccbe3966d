"""Actions: add, edit, archive, reorder, and enable built-ins from the catalogue."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from screens.base import Column, DataScreen, bind
from screens.dialogs import ActionDialog, CatalogueDialog
from tracker.domain.model import Action
from tracker.domain.reflect import parse_languages
from tracker.errors import BadInput
from tracker.operations import everyday as operations
from tracker.operations import typed_input
from tracker.views.text import sentence

# the dialog's fields, for errors about them
LABELS = {"amount": "Amount", "no_goal": "No goal", "days": "Days of 7"}


class ActionsScreen(DataScreen):
    """Every action, archived ones last."""

    NAME = "Actions"  # as tracker/config/keys.py names the screen

    CSS_PATH = "actions.tcss"
    BINDINGS = [
        bind("nav.open", "open_page", show=False),  # (in help and the palette: the footer is full)
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
        keys = {name: self.key(f"actions.{name}") for name in ("add", "edit", "archive", "move-down",
                                                             "move-up", "catalogue")}
        yield Static(Content.from_markup(
            "[b]Your actions[/b] · $add add · $edit edit · $archive archive · $down/$up move · $catalogue catalogue",
            add=keys["add"], edit=keys["edit"], archive=keys["archive"], down=keys["move-down"],
            up=keys["move-up"], catalogue=keys["catalogue"]), id="actions-line")
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
        """Save the dialog's fields through the app's one way to the store: the operations
        make the rules (the goal, the days, a catalogue name's languages); a field's problem
        is the dialog's line, in the dialog's words, any other a notice."""
        store = self.host.store
        try:
            amount = typed_input.parse_amount(fields["amount"], "count") if fields["amount"].strip() else None
            goal = typed_input.make_goal(fields["kind"], amount, fields["per"], typed_input.parse_days(fields["days"]))
            languages = parse_languages(fields["languages"]) if fields["languages"].strip() else None
            if current is None:
                saved = self.host.change_in_dialog(
                    operations.add_action, store,
                    Action(id="", name=fields["name"], kind=fields["kind"],  # type: ignore[arg-type]
                           goal=goal, prompt=fields["prompt"] or None, languages=languages or ()),
                    languages_given=languages is not None)
            else:
                saved = self.host.change_in_dialog(
                    operations.edit_action, store, current.id, name=fields["name"], kind=fields["kind"],
                    goal=goal, prompt=fields["prompt"] or None, languages=languages or ())
        except BadInput as error:
            return error.worded(LABELS)
        if saved is None:
            return None  # the app said why (a busy or damaged file)
        self.notify(sentence(f"{'Added' if current is None else 'Saved'} {saved.name}"))
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

    def action_open_page(self) -> None:
        """The selected action's own page; [ and ] there go along this screen's order."""
        from screens.action_page import ActionPageScreen

        selected, ids = self.selected(), [a.id for a in self.listed]
        if selected is not None and selected.id in ids:
            self.app.push_screen(ActionPageScreen(ids, ids.index(selected.id)))
