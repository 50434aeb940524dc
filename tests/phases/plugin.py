"""A test plugin for the phases suite: items it reports, and the template event it hears.

It keeps its items in memory (one plugin object per test) and reports them through
``space_contributions`` as a real plugin would; ``notes_secret`` items need the
``notes.secret`` capability, which no role holds, so only site admins may read them.
It records every ``space_template_applied`` and ``mobility_saved`` call it hears.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from etwincms import hookimpl
from etwincms.db import utcnow
from etwincms.hooktypes import ContentType, Contribution, Permission, PluginMeta
from etwincms.models import Project, User


class ItemsPlugin:
    """The plugin object registered with the app (``plugins`` fixture)."""

    def __init__(self, name: str = "notes") -> None:
        self.PLUGIN = PluginMeta(name=name, title="Notes", description="Test items.")
        self.items: dict[int, list[Contribution]] = {}
        self.applied: list[dict[str, Any]] = []
        self.mobilities: list[tuple[str, bool]] = []

    def add(
        self,
        project: Project,
        author: User | None,
        title: str,
        *,
        public: bool = False,
        type: str = "notes_note",
        at: datetime | None = None,
    ) -> Contribution:
        found = self.items.setdefault(project.id, [])
        item = Contribution(
            id=f"{type}:{len(found) + 1}",
            type=type,
            plugin=self.PLUGIN.name,
            title=title,
            url=f"/s/{project.slug}/-/notes/{len(found) + 1}",
            author_id=author.id if author else None,
            created_at=at or utcnow(),
            public=public,
        )
        found.append(item)
        return item

    @hookimpl
    def register_plugin(self) -> PluginMeta:
        return self.PLUGIN

    @hookimpl
    def register_content_types(self) -> list[ContentType]:
        return [
            ContentType("notes_note", "Note"),
            ContentType("notes_secret", "Secret note", view_capability="notes.secret"),
        ]

    @hookimpl
    def register_permissions(self) -> list[Permission]:
        return [Permission("notes.secret", "Read secret notes")]

    @hookimpl
    def space_contributions(self, project: Project) -> list[Contribution]:
        return list(self.items.get(project.id, []))

    @hookimpl
    def space_template_applied(
        self, project: Project, template: str, user: User
    ) -> None:
        self.applied.append(
            {"project": project.slug, "template": template, "user": user.id}
        )

    @hookimpl
    def mobility_saved(
        self, project: Project, mobility: Any, user: User | None, is_new: bool
    ) -> None:
        self.mobilities.append((mobility.title, is_new))
