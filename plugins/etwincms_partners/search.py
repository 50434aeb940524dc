"""The search document of a listed space: its card in the site's search, for everyone.

A space that switched partner finding on and chose to be listed (with a public landing
page) yields one public document of type ``partners_listing``; any other space yields
none, so an unlisted space is never found through the plugin. Changing the listing
through :func:`etwincms_partners.services.set_listing` queues the space's documents
again in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator

from etwincms.db import get_session
from etwincms.hooktypes import SearchDocument
from etwincms.models import Project

from . import directory


def documents(project: Project) -> Iterator[SearchDocument]:
    if not directory.is_listed(project):  # asked only where the plugin is on
        return
    card = directory.space_card_of(get_session(), project)
    words = [*card.subjects, *card.vocational, *card.languages, *card.countries]
    yield SearchDocument(
        id=f"partners_listing:{project.id}",
        project_id=project.id,
        type="partners_listing",
        title=project.title,
        body=" ".join([project.description, card.school, *words]),
        url=card.url,
        plugin="partners",
        language=(project.languages or [""])[0],
        visibility="public",
        updated_at=project.updated_at,
    )
