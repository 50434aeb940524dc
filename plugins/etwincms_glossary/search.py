"""Search documents for a space's glossary: one per concept, all of its terms.

The title is the concept's terms in every language, the body their definitions and
examples. Documents are marked ``public``: who may find them is decided when searching,
by ``glossary.view`` (the content type's capability), which the space's "public
glossary" setting opens to visitors; a pupil's entry that waits for a teacher is
``members`` only. No document names a person.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import url_for
from sqlalchemy import select

from etwincms.db import get_session
from etwincms.hooktypes import SearchDocument
from etwincms.models import Project

from . import publication
from .models import Concept

PLUGIN = "glossary"


def documents(project: Project) -> Iterator[SearchDocument]:
    concepts = get_session().scalars(
        select(Concept).where(Concept.project_id == project.id).order_by(Concept.id)
    )
    for concept in concepts:
        if concept.terms:
            yield concept_document(project, concept)


def concept_document(project: Project, concept: Concept) -> SearchDocument:
    terms = concept.terms
    languages = project.languages or []
    first = next(
        (t for lang in languages for t in terms if t.language == lang), terms[0]
    )
    return SearchDocument(
        id=f"glossary_concept:{concept.id}",
        project_id=project.id,
        type="glossary_concept",
        title=" · ".join(
            t.text for t in [first, *(t for t in terms if t is not first)]
        ),
        body="\n".join(f"{t.text}: {t.definition} {t.example}".strip() for t in terms),
        url=url_for("glossary.concept", slug=project.slug, concept_id=concept.id),
        plugin=PLUGIN,
        language=first.language,
        visibility="public" if publication.visitors_may_read(concept) else "members",
        updated_at=concept.updated_at,
    )
