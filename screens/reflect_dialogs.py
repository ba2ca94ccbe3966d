"""The dialogs of docs/reflect.md: the week's reflection (with its 1–5 rating picker) and a
journal page."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select, Static

from screens.dialogs import Dialog
from tracker.domain.reflect import Reflection


class RatingPicker(Static, can_focus=True):
    """A 1–5 rating picked with the digit keys (or ←/→): the reflection's first field."""

    BINDINGS = [
        *[Binding(str(n), f"rate({n})", show=False) for n in range(1, 6)],
        Binding("left", "step(-1)", show=False),
        Binding("right", "step(1)", show=False),
    ]

    def __init__(self, rating: int | None, id: str | None = None):
        super().__init__(id=id)
        self.rating = rating

    def render(self) -> Content:
        from tracker.domain.reflect import RATING_WORDS

        marks = "  ".join(f"{'●' if n == self.rating else '○'} {n}" for n in range(1, 6))
        word = RATING_WORDS.get(self.rating or 0, "press 1 to 5")
        return Content(f"{marks}   {word}")

    def action_rate(self, rating: int) -> None:
        self.rating = rating
        self.refresh()

    def action_step(self, step: int) -> None:
        self.action_rate(3 if self.rating is None else max(1, min(5, self.rating + step)))


class ReflectionDialog(Dialog[bool]):
    """The week's reflection (docs/reflect.md): the rating, four optional fields, and the gentle
    "I feel …" helper under the last. ``save`` gets the rating and the texts and returns an
    error line, or None once saved."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", show=False)]

    def __init__(self, title: str, save: Callable[[int | None, dict[str, str]], str | None],
                 reflection: Reflection | None = None):
        super().__init__()
        self.title_text = title
        self.save = save
        self.reflection = reflection

    def compose(self) -> ComposeResult:
        from tracker.domain.reflect import MAX_TEXT, PROMPTS, TEXT_FIELDS, talk_hint

        r = self.reflection
        with Vertical(classes="dialog wide", id="reflection-dialog"):
            yield Label(self.title_text, classes="title", markup=False)
            yield Label(PROMPTS["rating"], classes="prompt")
            yield RatingPicker(r.rating if r else None, id="rating")
            for name in TEXT_FIELDS:
                yield Label(PROMPTS[name], classes="prompt", markup=False)
                yield Input(value=(getattr(r, name) or "") if r else "", id=name,
                            max_length=MAX_TEXT, compact=True, select_on_focus=False)
            yield Static(talk_hint(r.talk if r else None) or "", id="talk-hint", markup=False)
            yield Static("", classes="error")
            yield Static("1–5 rate · tab next · ctrl+s saves · esc cancels", classes="hint")

    @on(Input.Changed, "#talk")
    def hint(self, event: Input.Changed) -> None:
        from tracker.domain.reflect import talk_hint

        self.query_one("#talk-hint", Static).update(Content(talk_hint(event.value) or ""))

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "talk":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        texts = {str(i.id): i.value for i in self.query(Input)}
        error = self.save(self.query_one(RatingPicker).rating, texts)
        if error:
            self.query_one(".error", Static).update(Content(error))
        else:
            self.dismiss(True)


class JournalDialog(Dialog[bool]):
    """A journal page: free text (enter starts a new line) and an optional feeling. ``save``
    gets both and returns an error line, or None once saved."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", show=False)]

    def __init__(self, title: str, save: Callable[[str, str | None], str | None]):
        super().__init__()
        self.title_text = title
        self.save = save

    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea

        from tracker.domain.reflect import FEELINGS

        with Vertical(classes="dialog wide", id="journal-dialog"):
            yield Label(self.title_text, classes="title", markup=False)
            yield TextArea(id="text", soft_wrap=True, show_line_numbers=False)
            yield Select([(feeling, feeling) for feeling in FEELINGS], prompt="A feeling (optional)",
                         id="feeling")
            yield Static("", classes="error")
            yield Static("ctrl+s saves · escape cancels · for you alone", classes="hint")

    def action_save(self) -> None:
        from textual.widgets import TextArea

        feeling = self.query_one("#feeling", Select).value
        error = self.save(self.query_one("#text", TextArea).text,
                          feeling if isinstance(feeling, str) else None)
        if error:
            self.query_one(".error", Static).update(Content(error))
        else:
            self.dismiss(True)
