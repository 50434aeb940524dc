"""Changing the glossary: adding, editing and deleting concepts and their terms.

Every function takes ``(session, actor, project, ...)`` like the core's services, checks
permissions itself through :mod:`.policy` (so the web UI, the API and imports can never
disagree), validates its input with a :class:`~etwincms.errors.ValidationError` naming
the field, and flushes; the caller commits with ``etwincms.db.commit`` so that queued
events reach other plugins only after the change is stored. Each change also tells the
search index and re-renders the space's pages, whose tooltips show the terms; a pupil's
change makes the concept wait for a teacher before visitors see it (:mod:`.publication`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from etwincms import events
from etwincms.db import utcnow
from etwincms.errors import NotFound, ValidationError
from etwincms.models import Material, Project, User
from etwincms.permissions import membership_of, require
from etwincms.search import outbox as search_outbox
from etwincms.services import audit, revisions
from etwincms.services.materials import is_image
from etwincms.services.validation import required_text

from . import policy, publication, tooltips
from .models import Concept, Term

MAX_TEXT = 5000
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$")
#: Leave an optional field as it is (``None`` means "remove" for the image).
UNCHANGED = object()


@dataclass(frozen=True, slots=True)
class TermInput:
    """What a person typed for one language."""

    text: str
    definition: str = ""
    example: str = ""


def check_language(project: Project, language: str) -> str:
    """One of the space's languages (any well-formed tag if the space names none)."""
    code = (language or "").strip()
    allowed = project.languages or []
    if (allowed and code not in allowed) or not LANGUAGE.match(code):
        raise ValidationError(
            _("“%(code)s” is not one of this space's languages.", code=code[:20]),
            field="language",
        )
    return code


def clean_text(value: str | None, field: str, max_length: int = MAX_TEXT) -> str:
    """Optional prose: whitespace collapsed, bounded."""
    text = " ".join((value or "").split())
    if len(text) > max_length:
        raise ValidationError(
            _(
                "The %(field)s is too long (at most %(n)d characters).",
                field=field,
                n=max_length,
            ),
            field=field,
        )
    return text


def clean_term(given: TermInput) -> TermInput:
    return TermInput(
        text=required_text(given.text, "term", 200),
        definition=clean_text(given.definition, "definition"),
        example=clean_text(given.example, "example"),
    )


def check_image(session: Session, project: Project, image_id: int | None) -> int | None:
    """An image of the space's materials library (re-encoded by the core at upload)."""
    if image_id is None:
        return None
    material = session.get(Material, image_id)
    if (
        material is None
        or material.project_id != project.id
        or material.deleted_at is not None
        or not is_image(material)
    ):
        raise ValidationError(
            _("Choose an image from the materials library."), field="image_id"
        )
    return material.id


# -- changes ---------------------------------------------------------------------------


def create_concept(
    session: Session,
    actor: User,
    project: Project,
    *,
    terms: Mapping[str, TermInput],
    category: str = "",
    image_id: int | None = None,
) -> Concept:
    """Add a concept with at least one term; the author's school is kept with it."""
    require(actor, "glossary.contribute", project)
    concept = new_concept(session, actor, project, terms, category, image_id)
    changed(session, actor, project, concept, is_new=True)
    return concept


def new_concept(
    session: Session,
    actor: User | None,
    project: Project,
    terms: Mapping[str, TermInput],
    category: str,
    image_id: int | None,
) -> Concept:
    cleaned = {
        check_language(project, lang): clean_term(t) for lang, t in terms.items()
    }
    if not cleaned:
        raise ValidationError(
            _("Give the term in at least one language."), field="terms"
        )
    concept = Concept(
        project_id=project.id,
        category=clean_text(category, "category", 100),
        image_id=check_image(session, project, image_id),
        author_id=getattr(actor, "id", None),
        school_id=school_of(actor, project),
    )
    session.add(concept)
    for language, given in cleaned.items():
        concept.terms.append(new_term(project, actor, language, given))
    session.flush()
    return concept


def school_of(actor: User | None, project: Project) -> int | None:
    """The school the author represents in this space (else their own)."""
    membership = membership_of(actor, project)
    if membership is not None and membership.school_id is not None:
        return membership.school_id
    return getattr(actor, "school_id", None)


def new_term(
    project: Project, actor: User | None, language: str, given: TermInput
) -> Term:
    return Term(
        project_id=project.id,
        language=language,
        text=given.text,
        definition=given.definition,
        example=given.example,
        author_id=getattr(actor, "id", None),
    )


def update_concept(
    session: Session,
    actor: User,
    project: Project,
    concept: Concept,
    *,
    terms: Mapping[str, TermInput | None] | None = None,
    category: str | None = None,
    image_id: object = UNCHANGED,
) -> bool:
    """Change a concept: ``terms`` maps a language to its new term, or to ``None`` to
    remove it; languages left out stay as they are.

    :return: False when nothing changed (nothing is saved).
    """
    policy.check_concept(project, concept)
    dirty = set_concept_fields(session, actor, project, concept, category, image_id)
    for language, given in (terms or {}).items():
        dirty |= set_term(
            actor, project, concept, check_language(project, language), given
        )
    if not concept.terms:
        raise ValidationError(
            _("A concept keeps a term in at least one language."), field="terms"
        )
    if dirty:
        concept.version += 1
        concept.updated_at = utcnow()
        session.flush()
        changed(session, actor, project, concept, is_new=False)
    return dirty


def set_concept_fields(
    session: Session,
    actor: User,
    project: Project,
    concept: Concept,
    category: str | None,
    image_id: object,
) -> bool:
    wanted_category = (
        concept.category if category is None else clean_text(category, "category", 100)
    )
    wanted_image = (
        concept.image_id
        if image_id is UNCHANGED
        else check_image(session, project, image_id)  # type: ignore[arg-type]
    )
    if (wanted_category, wanted_image) == (concept.category, concept.image_id):
        return False
    policy.require_edit_concept(actor, project, concept)
    concept.category, concept.image_id = wanted_category, wanted_image
    return True


def set_term(
    actor: User,
    project: Project,
    concept: Concept,
    language: str,
    given: TermInput | None,
) -> bool:
    """Add, change or remove the concept's term in ``language``; True if it changed."""
    current = concept.term_in(language)
    if given is None:
        if current is None:
            return False
        policy.require_edit_term(actor, project, current)
        concept.terms.remove(current)
        return True
    cleaned = clean_term(given)
    if current is not None and same_term(current, cleaned):
        return False
    policy.require_edit_term(actor, project, current)
    if current is None:
        concept.terms.append(new_term(project, actor, language, cleaned))
    else:
        current.text, current.definition, current.example = (
            cleaned.text,
            cleaned.definition,
            cleaned.example,
        )
        current.updated_at = utcnow()
    return True


def same_term(term: Term, given: TermInput) -> bool:
    return (term.text, term.definition, term.example) == (
        given.text,
        given.definition,
        given.example,
    )


def delete_concept(
    session: Session, actor: User, project: Project, concept: Concept
) -> None:
    policy.check_concept(project, concept)
    policy.require_delete(actor, project, concept)
    concept_id = concept.id
    audit.record(session, actor, "glossary.concept_delete", project, concept)
    session.delete(concept)
    session.flush()
    refresh(session, project)
    events.queue(
        session,
        "glossary_concept_deleted",
        project,
        concept_id=concept_id,
        project=project,
        user=actor,
    )


def get_concept(session: Session, project: Project, concept_id: int) -> Concept:
    concept = session.get(Concept, concept_id)
    if concept is None or concept.project_id != project.id:
        raise NotFound(f"concept {concept_id}")
    return concept


# -- after every change ----------------------------------------------------------------


def changed(
    session: Session,
    actor: User | None,
    project: Project,
    concept: Concept,
    *,
    is_new: bool,
) -> None:
    action = "glossary.concept_create" if is_new else "glossary.concept_edit"
    publication.note_change(actor, project, concept)
    audit.record(session, actor, action, project, concept)
    refresh(session, project)
    events.queue(
        session,
        "glossary_concept_saved",
        project,
        concept=concept,
        project=project,
        user=actor,
        is_new=is_new,
    )


def refresh(session: Session, project: Project) -> None:
    """The index rebuilds the space's glossary documents after the commit; pages are
    re-rendered now, so their tooltips show the terms as they are."""
    search_outbox.enqueue_plugin(session, project, "glossary")
    refresh_pages(session, project)


def refresh_pages(session: Session, project: Project) -> int:
    """Re-render the space's pages (their tooltips); answers how many changed."""
    tooltips.forget(session, project)
    return revisions.refresh_rendering(session, project)


def refresh_tooltips(session: Session, actor: User, project: Project) -> int:
    """For managers, after changing the tooltips setting."""
    require(actor, "glossary.manage", project)
    return refresh_pages(session, project)
