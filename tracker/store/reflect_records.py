"""The store's room for docs/reflect.md: the weekly reflections and the journal."""

from __future__ import annotations

from datetime import date

from tinydb import where
from tinydb.table import Document

from tracker.domain.reflect import JournalPage, Reflection
from tracker.store.core import StoreCore


class ReflectRoom(StoreCore):
    """The weekly reflections (by week) and the journal pages (by id)."""

    def reflections(self) -> list[Reflection]:
        """Every weekly reflection, oldest week first."""
        docs = sorted(self._reflections.all(), key=lambda doc: doc.doc_id)
        return [self._interpret(Reflection.from_dict, doc) for doc in docs]

    def save_reflection(self, reflection: Reflection) -> None:
        """Keep a week's reflection, replacing the one with its id."""
        doc_id = reflection.week.toordinal()
        old = self._reflections.get(doc_id=doc_id)
        self._recorder.touch(("reflections", reflection.id), dict(old) if old else None)
        self._reflections.upsert(Document(reflection.to_dict(), doc_id=doc_id))

    def journal(self, since: date | None = None, until: date | None = None) -> list[JournalPage]:
        """The journal pages of the days from ``since`` to ``until`` (default: all), newest
        first (by day, then by when each was written)."""
        first, last = since or date.min, until or date.max
        pages = [self._interpret(JournalPage.from_dict, doc) for doc in self._journal.all()
                 if first.isoformat() <= doc["day"] <= last.isoformat()]
        return sorted(pages, key=lambda page: (page.day, page.at, page.id), reverse=True)

    def save_journal_page(self, page: JournalPage) -> None:
        """Keep a journal page, replacing the one with its id."""
        found = self._journal.search(where("id") == page.id)
        self._recorder.touch(("journal", page.id), dict(found[0]) if found else None)
        if found:
            self._journal.update(page.to_dict(), doc_ids=[found[0].doc_id])
        else:
            self._journal.insert(Document(page.to_dict(), doc_id=self._next_journal_id()))

    def _next_journal_id(self) -> int:
        return max((doc.doc_id for doc in self._journal.all()), default=0) + 1
