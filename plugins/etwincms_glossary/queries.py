"""Reading the glossary: one concept, the alphabetical list per language, search,
missing translations, and pages of concepts for the API.

Every function checks ``glossary.view`` and that the concept belongs to the space (an
id from another space is simply not found); visitors never get a pupil's entry that
waits for a teacher (:mod:`.publication`). A space's glossary is loaded whole, with
its terms, authors and schools in three queries, then sorted and filtered in Python:
glossaries are hundreds of concepts, and Python's ``casefold`` sorts and matches every
language alike, where SQLite's ``lower()`` folds ASCII only.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from etwincms.errors import NotFound
from etwincms.models import Project, User
from etwincms.permissions import can, membership_of, require
from etwincms.privacy import shown_name

from . import publication
from .models import Concept, Term


@dataclass(frozen=True, slots=True)
class Row:
    """A concept as listed in one language (``term`` is None where it is missing)."""

    concept: Concept
    term: Term | None


def names_visible(viewer: User | None, project: Project) -> bool:
    return can(viewer, "member.view", project)


def author_of(concept: Concept, viewer: User | None, project: Project) -> str:
    """The author's name, or "pupil, <school>, <country>" for those who may not see it."""
    return shown_name(concept.author, names_visible=names_visible(viewer, project))


def with_people(query: Select[tuple[Concept]]) -> Select[tuple[Concept]]:
    return query.options(
        joinedload(Concept.author).joinedload(User.school), joinedload(Concept.school)
    )


def sees_unapproved(viewer: User | None, project: Project) -> bool:
    """Members (and site admins) read every entry; visitors only approved ones."""
    if viewer is not None and getattr(viewer, "is_site_admin", False):
        return True
    return membership_of(viewer, project) is not None


def readable(
    query: Select[tuple[Concept]], viewer: User | None, project: Project
) -> Select[tuple[Concept]]:
    if sees_unapproved(viewer, project):
        return query
    return query.where(Concept.publication == publication.PUBLIC)


def get_concept(
    session: Session, viewer: User | None, project: Project, concept_id: int
) -> Concept:
    require(viewer, "glossary.view", project)
    query = with_people(select(Concept).where(Concept.id == concept_id))
    concept = session.scalar(readable(query, viewer, project))
    if concept is None or concept.project_id != project.id:
        raise NotFound(f"concept {concept_id}")
    return concept


def all_concepts(
    session: Session, viewer: User | None, project: Project
) -> list[Concept]:
    """Every concept of the space the viewer may read, with its terms, oldest first."""
    require(viewer, "glossary.view", project)
    query = with_people(select(Concept).where(Concept.project_id == project.id))
    query = readable(query, viewer, project)
    return list(session.scalars(query.order_by(Concept.id)).unique())


def sort_key(text: str) -> str:
    """Alphabetical order across languages: accents after their letter, case ignored."""
    return unicodedata.normalize("NFKD", text.casefold())


def initial(text: str) -> str:
    base = unicodedata.normalize("NFKD", text.strip()[:1]).upper()[:1]
    return base if base.isalpha() else "#"


def matches(concept: Concept, query: str) -> bool:
    """``query`` in any term, definition or example, in any language."""
    wanted = query.casefold()
    return any(
        wanted in field.casefold()
        for term in concept.terms
        for field in (term.text, term.definition, term.example)
    )


def listing(
    concepts: list[Concept],
    language: str,
    *,
    letter: str | None = None,
    query: str | None = None,
    category: str | None = None,
) -> list[Row]:
    """Concepts named in ``language``, alphabetically, filtered as asked."""
    rows = [
        Row(concept, term)
        for concept in concepts
        if (term := concept.term_in(language)) is not None
        and (not letter or initial(term.text) == letter)
        and (not query or matches(concept, query))
        and (not category or concept.category == category)
    ]
    return sorted(rows, key=lambda row: sort_key(row.term.text if row.term else ""))


def letters(concepts: list[Concept], language: str) -> list[str]:
    """The initials the alphabetical browse offers in ``language``."""
    found = {
        initial(t.text) for c in concepts if (t := c.term_in(language)) is not None
    }
    return sorted(found, key=sort_key)


def categories(concepts: list[Concept]) -> list[str]:
    return sorted({c.category for c in concepts if c.category}, key=sort_key)


def missing(concepts: list[Concept], language: str, project: Project) -> list[Row]:
    """Concepts with no term in ``language``, listed by their first other term."""
    rows = [
        Row(concept, first_term(concept, project))
        for concept in concepts
        if concept.term_in(language) is None
    ]
    return sorted(rows, key=lambda row: sort_key(row.term.text if row.term else ""))


def first_term(concept: Concept, project: Project) -> Term | None:
    """The term in the space's first language that the concept has."""
    for language in project.languages or []:
        if (term := concept.term_in(language)) is not None:
            return term
    return concept.terms[0] if concept.terms else None


def concepts_after(
    session: Session,
    viewer: User | None,
    project: Project,
    *,
    after: int | None,
    limit: int,
    language: str | None = None,
    query: str | None = None,
    category: str | None = None,
    missing_in: str | None = None,
) -> list[Concept]:
    """Up to ``limit`` concepts with ids below ``after``, newest first (the API's cursor
    order: a concept added meanwhile never moves others between pages)."""
    found = [
        concept
        for concept in reversed(all_concepts(session, viewer, project))
        if (after is None or concept.id < after)
        and (not language or concept.term_in(language) is not None)
        and (not missing_in or concept.term_in(missing_in) is None)
        and (not query or matches(concept, query))
        and (not category or concept.category == category)
    ]
    return found[:limit]
