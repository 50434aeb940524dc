"""Pupil-safe publishing of embeds: a pupil's embed waits for a teacher.

An embed a pupil (a pupil lead, who may add embeds) adds or changes gets the publication
state "waiting": members see it as before, visitors of a public library do not, and it
appears in the space's moderation queue (``pending_publications``). A teacher's
``decide_publication`` approves it (state "", after asking
:func:`etwincms.moderation.consent.publication_blockers`) or keeps it members-only
(state "members"). Teachers' own embeds never wait.
"""

from __future__ import annotations

from sqlalchemy import select

from etwincms.db import get_session, utcnow
from etwincms.errors import ValidationError
from etwincms.hooktypes import PendingPublication
from etwincms.models import Project, User
from etwincms.permissions import PUPIL_ROLES, membership_of
from etwincms.search import outbox as search_outbox

from .models import EmbedItem

PUBLIC, WAITING, MEMBERS = "", "waiting", "members"
TYPE = "embed_item"
EXCERPT = 300


def item_id(item: EmbedItem) -> str:
    return f"{TYPE}:{item.id}"


def acts_as_pupil(actor: User | None, project: Project) -> bool:
    if actor is None:
        return False
    membership = membership_of(actor, project)
    return actor.is_pupil or (membership is not None and membership.role in PUPIL_ROLES)


def note_change(actor: User | None, project: Project, item: EmbedItem) -> None:
    """A pupil's embed (new or changed) waits again for a teacher."""
    if acts_as_pupil(actor, project):
        item.publication = WAITING
        item.publication_requested_at = utcnow()


def visitors_may_see(item: EmbedItem) -> bool:
    return item.publication == PUBLIC


def pending(project: Project) -> list[PendingPublication]:
    """The space's waiting embeds, as the moderation queue shows them."""
    from .contributions import contribution

    query = select(EmbedItem).where(
        EmbedItem.project_id == project.id, EmbedItem.publication == WAITING
    )
    return [
        PendingPublication(
            contribution(project, item),
            item.publication_requested_at or item.updated_at,
            f"{item.url} {item.description}".strip()[:EXCERPT],
        )
        for item in get_session().scalars(query.order_by(EmbedItem.id)).unique()
    ]


def decide(project: Project, item: str, approve: bool, actor: User) -> bool | None:
    """Approve or reject a waiting embed; ``None`` for ids that are not the library's."""
    embed = waiting_item(project, item)
    if embed is None:
        return None
    session = get_session()
    if approve:
        reasons = blockers(project, embed)
        if reasons:
            raise ValidationError(" ".join(reasons))
    embed.publication = PUBLIC if approve else MEMBERS
    embed.publication_requested_at = None
    search_outbox.enqueue_plugin(session, project, "embed")  # its visibility changed
    return True


def waiting_item(project: Project, item: str) -> EmbedItem | None:
    kind, _sep, pk = item.partition(":")
    if kind != TYPE or not pk.isdigit():
        return None
    embed = get_session().get(EmbedItem, int(pk))
    if embed is None or embed.project_id != project.id:
        return None
    return embed if embed.publication == WAITING else None


def blockers(project: Project, embed: EmbedItem) -> list[str]:
    from etwincms.moderation.consent import publication_blockers

    return publication_blockers(get_session(), project, [item_id(embed)])
