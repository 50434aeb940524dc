"""Starter content for space templates: the Erasmus+ template's multilingual glossary.

A space made from "erasmus_blended" gets a few words every mobility needs, named in each
of the space's languages this module knows (English, Spanish, German, French, Italian,
Polish, Portuguese); a teacher completes the other languages. Nothing is added to a
glossary that already has entries.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from etwincms.models import Project, User

from .models import Concept
from .services import TermInput, new_concept, refresh

TEMPLATE = "erasmus_blended"
CATEGORY = "Erasmus+"
WORDS: tuple[dict[str, str], ...] = (
    {
        "en": "mobility",
        "es": "movilidad",
        "de": "Mobilität",
        "fr": "mobilité",
        "it": "mobilità",
        "pl": "mobilność",
        "pt": "mobilidade",
    },
    {
        "en": "host school",
        "es": "centro de acogida",
        "de": "Gastschule",
        "fr": "école d'accueil",
        "it": "scuola ospitante",
        "pl": "szkoła przyjmująca",
        "pt": "escola de acolhimento",
    },
    {
        "en": "work placement",
        "es": "prácticas en empresa",
        "de": "Betriebspraktikum",
        "fr": "stage en entreprise",
        "it": "tirocinio",
        "pl": "praktyka zawodowa",
        "pt": "estágio",
    },
)


def has_entries(session: Session, project: Project) -> bool:
    return bool(
        session.scalar(select(exists().where(Concept.project_id == project.id)))
    )


def apply(session: Session, project: Project, template: str, user: User) -> int:
    """Add the template's starter words; answers how many concepts were added."""
    if template != TEMPLATE or has_entries(session, project):
        return 0
    languages = project.languages or ["en"]
    added = 0
    for word in WORDS:
        terms = {code: TermInput(word[code]) for code in languages if code in word}
        if terms:
            new_concept(session, user, project, terms, CATEGORY, None)
            added += 1
    if added:
        refresh(session, project)
    return added
