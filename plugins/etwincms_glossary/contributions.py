"""What the glossary made in a space, for phase views, the report pack and the queue.

Every concept is a contribution (``glossary_concept:<id>``, its search document's id),
public when the glossary is public and no teacher still has to approve it. The glossary
as a whole is one more contribution, an output of the project (``glossary:<space id>``),
public when the space made its glossary public. Two queries, whatever the size.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import gettext as _
from sqlalchemy import select

from etwincms.db import get_session
from etwincms.hooktypes import Contribution
from etwincms.models import Project

from . import policy, publication
from .models import Concept

PLUGIN = "glossary"


def glossary_url(project: Project) -> str:
    return f"/s/{project.slug}/-/glossary/"


def concept_url(project: Project, concept: Concept) -> str:
    return f"/s/{project.slug}/-/glossary/c/{concept.id}"


def title_of(concept: Concept, project: Project) -> str:
    terms = concept.ordered_terms(project.languages or [])
    return " · ".join(term.text for term in terms) or f"#{concept.id}"


def contribution(project: Project, concept: Concept) -> Contribution:
    return Contribution(
        id=publication.item_id(concept),
        type=publication.TYPE,
        plugin=PLUGIN,
        title=title_of(concept, project),
        url=concept_url(project, concept),
        author_id=concept.author_id,
        created_at=concept.created_at,
        public=policy.is_public(project) and publication.visitors_may_read(concept),
    )


def whole_glossary(project: Project, first: Concept) -> Contribution:
    """The glossary itself, the output a report counts (made when its first entry was)."""
    return Contribution(
        id=f"glossary:{project.id}",
        type="glossary",
        plugin=PLUGIN,
        title=_("Glossary"),
        url=glossary_url(project),
        author_id=first.author_id,
        created_at=first.created_at,
        public=policy.is_public(project),
        output=True,
    )


def space_contributions(project: Project) -> Iterator[Contribution]:
    query = select(Concept).where(Concept.project_id == project.id)
    concepts = list(get_session().scalars(query.order_by(Concept.id)))
    if concepts:
        yield whole_glossary(project, concepts[0])
    for concept in concepts:
        yield contribution(project, concept)
