"""The public embed library in the space's static dissemination export.

Exported only when visitors may see the library (public space, "public embeds" on), and
only embeds no teacher still has to approve: one page, ``embed/index.html``, listing each
embed's title, description and its share address as a plain link. Never an ``iframe`` or
anything the browser would load from elsewhere: the export makes no third-party request.
No person is named.
"""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from etwincms.db import get_session
from etwincms.hooktypes import ExportPage
from etwincms.models import Project

from . import policy, publication
from .models import EmbedItem


def public_items(project: Project) -> list[EmbedItem]:
    query = select(EmbedItem).where(
        EmbedItem.project_id == project.id,
        EmbedItem.publication == publication.PUBLIC,
    )
    return list(get_session().scalars(query.order_by(EmbedItem.id)).unique())


def item_html(item: EmbedItem) -> Markup:
    description = (
        Markup("<p>{}</p>").format(item.description) if item.description else ""
    )
    return Markup(
        '<section class="embed-item"><h2>{}</h2>{}<p><a href="{}">{}</a></p></section>'
    ).format(item.title, description, item.url, item.url)


def public_export(project: Project) -> list[ExportPage]:
    if not policy.is_public(project):
        return []
    items = public_items(project)
    if not items:
        return []
    return [
        ExportPage(
            path="embed/index.html",
            title=_("Embedded tools and videos"),
            html=str(Markup("").join(item_html(item) for item in items)),
            url=f"/s/{project.slug}/-/embed/",
            text=" ".join(f"{i.title} {i.description}" for i in items),
        )
    ]
