"""The glossary in the space's static dissemination export: one page, every public entry.

Exported only when visitors may read the glossary (public space, "public glossary" on),
and only entries no teacher still has to approve. Each concept lists its terms in the
space's languages (marked with ``lang``), with definitions and examples, escaped; its
picture from the materials library travels as a file beside the page. No person is named.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from etwincms.db import get_session
from etwincms.hooktypes import ExportFile, ExportPage
from etwincms.models import Material, Project

from . import policy
from .contributions import glossary_url
from .models import Concept, Term

SUFFIX = re.compile(r"\.[a-z0-9]{1,5}")
FILES = "glossary/files"


def public_concepts(project: Project) -> list[Concept]:
    query = select(Concept).where(
        Concept.project_id == project.id, Concept.publication == ""
    )
    return list(get_session().scalars(query.order_by(Concept.id)))


def images_of(concepts: list[Concept]) -> dict[int, Material]:
    wanted = {c.image_id for c in concepts if c.image_id is not None}
    if not wanted:
        return {}
    found = get_session().scalars(select(Material).where(Material.id.in_(wanted)))
    return {m.id: m for m in found if m.deleted_at is None}


def file_name(material: Material) -> str:
    """``image-<id>.<ext>``: an uploaded file's own name may name a pupil."""
    suffix = PurePosixPath(material.original_name).suffix.lower()
    return f"image-{material.id}{suffix if SUFFIX.fullmatch(suffix) else ''}"


def term_html(term: Term) -> Markup:
    parts = [Markup('<dt lang="{}">{}</dt>').format(term.language, term.text)]
    for text in (term.definition, term.example):
        if text:
            parts.append(Markup('<dd lang="{}">{}</dd>').format(term.language, text))
    return Markup("").join(parts)


def concept_html(
    concept: Concept, languages: list[str], image: Material | None
) -> Markup:
    terms = Markup("").join(term_html(t) for t in concept.ordered_terms(languages))
    picture = (
        Markup('<img src="files/{}" alt="">').format(file_name(image)) if image else ""
    )
    return Markup('<section class="glossary-concept">{}<dl>{}</dl></section>').format(
        picture, terms
    )


def plain(concept: Concept) -> str:
    return " ".join(f"{t.text} {t.definition} {t.example}" for t in concept.terms)


def public_export(project: Project) -> list[ExportPage]:
    """``glossary/index.html`` with every public entry, or nothing when not public."""
    if not policy.is_public(project):
        return []
    concepts = public_concepts(project)
    if not concepts:
        return []
    images = images_of(concepts)
    languages = project.languages or []
    body = Markup("").join(
        concept_html(c, languages, images.get(c.image_id or 0)) for c in concepts
    )
    files = tuple(
        ExportFile(path=f"{FILES}/{file_name(m)}", storage_key=m.storage_key)
        for m in images.values()
    )
    return [
        ExportPage(
            path="glossary/index.html",
            title=_("Glossary"),
            html=str(body),
            url=glossary_url(project),
            text=" ".join(plain(c) for c in concepts),
            files=files,
        )
    ]
