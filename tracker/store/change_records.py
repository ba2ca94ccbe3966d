"""The store's room for the ``changes`` table: what undo steps back through (the shape of a
kept change is ``tracker/store/undo_log.py``'s)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tinydb import where
from tinydb.table import Document

from tracker.domain.model import Action
from tracker.store.day_records import DaysRoom
from tracker.store.reflect_records import ReflectRoom
from tracker.store.undo_log import KEEP
from tracker.store.undo_log import change as undo_change


class ChangesRoom(DaysRoom, ReflectRoom):
    """Each change made by the user, kept by a sequence number, and stepping back over one."""

    def describe_change(self, kind: str, **fields: Any) -> None:
        """Say what this transaction's change is, so that undo can step back over it and say
        what it undid: its kind and the ids it names (``undo_log.CHANGE_FIELDS``)."""
        self._recorder.change = undo_change(kind, **fields)

    def _log_change(self) -> None:
        recorder = self._recorder
        if recorder.change is None or not recorder.before:
            return
        kept = [doc.doc_id for doc in self._changes.all()]
        seq = max(kept, default=0) + 1
        self._changes.insert(Document({"change": recorder.change, "items": recorder.items()}, doc_id=seq))
        stale = [doc_id for doc_id in kept if doc_id <= seq - KEEP]
        if stale:
            self._changes.remove(doc_ids=stale)

    def last_change(self) -> tuple[int, dict[str, Any]] | None:
        """The most recent change undo can step back over: its number and what it holds."""
        docs = self._changes.all()
        if not docs:
            return None
        latest = max(docs, key=lambda doc: doc.doc_id)
        return latest.doc_id, dict(latest)

    def revert(self, seq: int, change: dict[str, Any]) -> None:
        """Put back every item of change ``seq`` as it was before it, and forget the change."""
        for item in reversed(change["items"]):
            key, before, index = item["key"], item["before"], item.get("index", -1)
            if before is not None and key[0] != "settings":
                self._unmark(key[0], key[-1])  # what comes back is no longer removed
            if key[0] == "actions":
                found = self._actions.search(where("id") == key[1])
                if found:
                    self._actions.remove(doc_ids=[d.doc_id for d in found])
                if before is not None:
                    self.save_action(Action.from_dict(before))
                else:
                    self._mark_deleted("actions", key[1])
            elif key[0] == "settings":
                self._settings.truncate()
                if before is not None:
                    self._settings.insert(Document(before, doc_id=1))
            elif key[0] == "reflections":
                doc_id = date.fromisoformat(key[1]).toordinal()
                if self._reflections.contains(doc_id=doc_id):
                    self._reflections.remove(doc_ids=[doc_id])
                if before is not None:
                    self._reflections.insert(Document({**before, "updated_at": self._stamp()}, doc_id=doc_id))
                else:
                    self._mark_deleted("reflections", key[1])
            elif key[0] == "journal":
                self._journal.remove(where("id") == key[1])
                if before is not None:
                    self._journal.insert(Document({**before, "updated_at": self._stamp()},
                                                  doc_id=self._next_journal_id()))
                else:
                    self._mark_deleted("journal", key[1])
            else:
                day = date.fromisoformat(key[1])
                doc = self._days(day.year).get(doc_id=day.toordinal())
                items = [i for i in (doc or {}).get(key[0], []) if i["id"] != key[2]]
                if before is not None:
                    items.insert(index if 0 <= index <= len(items) else len(items), before)
                self._put_day_doc(day, {**(doc or {}), key[0]: items})
        self._changes.remove(doc_ids=[seq])
