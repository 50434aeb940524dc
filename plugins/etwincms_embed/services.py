"""Changing a space's embed library: add, edit, delete.

Each change checks permissions with ``can()``, recognises the URL with the providers the
space allows (an unknown or unsafe URL is refused with a message), bumps ``version``,
queues the search update (``enqueue_plugin``) and the plugin's own events, all in the
caller's transaction: nothing happens unless it commits. A pupil's change makes the embed
wait for a teacher before visitors see it (:mod:`.publication`).
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from etwincms import events
from etwincms.db import utcnow
from etwincms.errors import ValidationError
from etwincms.models import Project, User
from etwincms.permissions import require
from etwincms.search import outbox as search_outbox
from etwincms.services import audit

from . import policy, publication, registry
from .models import EmbedItem
from .parsing import Embed, recognise

PLUGIN = "embed"
MAX_TITLE, MAX_DESCRIPTION = 200, 5000


def recognised(project: Project, url: str) -> Embed:
    """The embed for ``url``, or a message naming what is wrong."""
    embed = recognise(url, registry.space_providers(project))
    if embed is None:
        raise ValidationError(
            _("This address is not a share link of a provider this space allows."),
            field="url",
        )
    return embed


def clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title or len(title) > MAX_TITLE:
        raise ValidationError(_("Give a title of 1 to 200 characters."), field="title")
    return title


def clean_description(text: str) -> str:
    if len(text) > MAX_DESCRIPTION:
        raise ValidationError(_("The description is too long."), field="description")
    return text.strip()


def create(
    session: Session,
    user: User,
    project: Project,
    *,
    title: str,
    url: str,
    description: str = "",
) -> EmbedItem:
    require(user, "embed.add", project)
    embed = recognised(project, url)
    item = EmbedItem(
        project_id=project.id,
        author_id=user.id,
        title=clean_title(title),
        description=clean_description(description),
        url=embed.share_url,
        provider=embed.provider.name,
        embed_url=embed.embed_url,
    )
    session.add(item)
    session.flush()
    changed(session, project, user, item, is_new=True)
    return item


def update(
    session: Session,
    user: User,
    project: Project,
    item: EmbedItem,
    *,
    title: str | None = None,
    url: str | None = None,
    description: str | None = None,
) -> EmbedItem:
    policy.check_item(project, item)
    policy.require_edit(user, project, item)
    if title is not None:
        item.title = clean_title(title)
    if description is not None:
        item.description = clean_description(description)
    if url is not None:
        embed = recognised(project, url)
        item.url, item.provider = embed.share_url, embed.provider.name
        item.embed_url = embed.embed_url
    item.version += 1
    item.updated_at = utcnow()
    changed(session, project, user, item, is_new=False)
    return item


def delete(session: Session, user: User, project: Project, item: EmbedItem) -> None:
    policy.check_item(project, item)
    policy.require_edit(user, project, item)
    item_id = item.id
    audit.record(session, user, "embed.delete", project, item)
    session.delete(item)
    search_outbox.enqueue_plugin(session, project, PLUGIN)
    events.queue(
        session, "embed_deleted", project, embed_id=item_id, project=project, user=user
    )


def changed(
    session: Session, project: Project, user: User, item: EmbedItem, is_new: bool
) -> None:
    publication.note_change(user, project, item)
    search_outbox.enqueue_plugin(session, project, PLUGIN)
    events.queue(
        session,
        "embed_saved",
        project,
        embed=item,
        project=project,
        user=user,
        is_new=is_new,
    )
