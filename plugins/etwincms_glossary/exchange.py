"""Importing and exporting a space's glossary: concepts to records and back.

Exports list every concept with its terms in the space's languages. An import (for those
who hold ``glossary.manage``) adds each record as a new concept, unless a concept of the
space already has one of its terms in the same language: then the record only fills in
the languages that concept is missing, so importing the same file twice changes
nothing. Terms in languages the space does not use are left out and counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms import events
from etwincms.models import Project, User
from etwincms.permissions import require
from etwincms.services import audit

from . import services
from .models import Concept
from .records import Record
from .services import TermInput


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped_languages: set[str] = field(default_factory=set)


def records_of(concepts: Iterable[Concept], languages: list[str]) -> list[Record]:
    """Records in the order given, terms in the space's language order."""
    return [record_of(concept, languages) for concept in concepts]


def record_of(concept: Concept, languages: list[str]) -> Record:
    terms = concept.ordered_terms(languages)
    return Record(
        category=concept.category,
        terms={t.language: TermInput(t.text, t.definition, t.example) for t in terms},
    )


def export_languages(project: Project, concepts: Iterable[Concept]) -> list[str]:
    """The space's languages, then any other language a term uses."""
    languages = list(project.languages or [])
    extra = sorted({t.language for c in concepts for t in c.terms} - set(languages))
    return languages + extra


def import_records(
    session: Session, actor: User, project: Project, records: Iterable[Record]
) -> ImportResult:
    require(actor, "glossary.manage", project)
    result = ImportResult()
    known = term_lookup(session, project)
    for record in records:
        terms = usable_terms(project, record, result)
        if terms:
            import_one(
                session, actor, project, Record(record.category, terms), known, result
            )
    session.flush()
    services.refresh(session, project)
    audit.record(
        session,
        actor,
        "glossary.import",
        project,
        None,
        created=result.created,
        updated=result.updated,
    )
    events.queue(
        session,
        "glossary_imported",
        project,
        project=project,
        user=actor,
        created=result.created,
        updated=result.updated,
    )
    return result


def usable_terms(
    project: Project, record: Record, result: ImportResult
) -> dict[str, TermInput]:
    allowed = project.languages or []
    if not allowed:
        return dict(record.terms)
    result.skipped_languages |= set(record.terms) - set(allowed)
    return {code: term for code, term in record.terms.items() if code in allowed}


def term_lookup(session: Session, project: Project) -> dict[tuple[str, str], Concept]:
    concepts = session.scalars(select(Concept).where(Concept.project_id == project.id))
    return {key(t.language, t.text): c for c in concepts for t in c.terms}


def key(language: str, text: str) -> tuple[str, str]:
    return language, " ".join(text.split()).casefold()


def import_one(
    session: Session,
    actor: User,
    project: Project,
    record: Record,
    known: dict[tuple[str, str], Concept],
    result: ImportResult,
) -> None:
    existing = next(
        (
            known[k]
            for code, t in record.terms.items()
            if (k := key(code, t.text)) in known
        ),
        None,
    )
    if existing is None:
        concept = services.new_concept(
            session, actor, project, record.terms, record.category, None
        )
        result.created += 1
    else:
        concept = existing
        missing = {c: t for c, t in record.terms.items() if concept.term_in(c) is None}
        if not missing:
            return
        for code, term in missing.items():
            services.set_term(actor, project, concept, code, term)
        concept.version += 1
        result.updated += 1
    for term in concept.terms:
        known.setdefault(key(term.language, term.text), concept)
