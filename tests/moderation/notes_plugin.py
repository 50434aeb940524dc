"""A test plugin that feeds the moderation queue: pupils' notes waiting to go public.

It keeps its notes in memory (one plugin object per test) and implements the two queue
hooks as a real plugin would: ``pending_publications`` yields the waiting notes, and
``decide_publication`` publishes one (refusing, through the consent service, while it
shows a pupil without public consent) or keeps it members-only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from etwincms import hookimpl
from etwincms.db import get_session, utcnow
from etwincms.errors import ValidationError
from etwincms.hooktypes import Contribution, PendingPublication, PluginMeta
from etwincms.models import Project, User
from etwincms.moderation.consent import publication_blockers


@dataclass
class Note:
    pk: int
    project_id: int
    author_id: int
    title: str
    public: bool = False
    waiting: bool = True
    requested_at: datetime = field(default_factory=utcnow)

    @property
    def item_id(self) -> str:
        return f"notes_note:{self.pk}"


class NotesPlugin:
    """The plugin object registered with the app (``plugins`` fixture)."""

    PLUGIN = PluginMeta(name="notes", title="Notes", description="Pupils' notes.")

    def __init__(self) -> None:
        self.notes: list[Note] = []
        self.refuse_with: str | None = None

    def add(self, project: Project, author: User, title: str) -> Note:
        note = Note(len(self.notes) + 1, project.id, author.id, title)
        self.notes.append(note)
        return note

    @hookimpl
    def register_plugin(self) -> PluginMeta:
        return self.PLUGIN

    @hookimpl
    def pending_publications(self, project: Project) -> Iterator[PendingPublication]:
        for note in self.notes:
            if note.project_id == project.id and note.waiting:
                item = Contribution(
                    id=note.item_id,
                    type="notes_note",
                    plugin="notes",
                    title=note.title,
                    url=f"/s/{project.slug}/-/notes/{note.pk}",
                    author_id=note.author_id,
                    created_at=note.requested_at,
                )
                yield PendingPublication(item, note.requested_at, excerpt=note.title)

    @hookimpl
    def decide_publication(
        self, project: Project, item_id: str, approve: bool, actor: User
    ) -> bool | None:
        note = next((n for n in self.notes if n.item_id == item_id), None)
        if note is None:
            return None
        if approve:
            reasons = publication_blockers(get_session(), project, [item_id])
            if self.refuse_with:
                reasons.append(self.refuse_with)
            if reasons:
                raise ValidationError(" ".join(reasons))
        note.public, note.waiting = approve, False
        return True
