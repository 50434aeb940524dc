"""The glossary's rules about single concepts and terms, on top of ``can()``.

Capabilities say what a role may do in a space; these helpers add what depends on the
concept or term at hand: members with ``glossary.contribute`` add concepts and the
translations a concept is missing, and edit what they wrote themselves; whoever holds
``glossary.manage`` edits and deletes anything. Services enforce them; views, templates
and the API ask the same helpers, so a button is shown exactly when the action would be
allowed. :func:`public_rule` opens reading to visitors of a public space when the space
made its glossary public.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from etwincms.errors import NotFound, PermissionDenied
from etwincms.models import Project, ProjectStatus, User
from etwincms.permissions import can, membership_of
from etwincms.plugins import plugin_settings

from .models import Concept, Term


def check_concept(project: Project, concept: Concept) -> None:
    """An id from another space is simply not found."""
    if concept.project_id != project.id:
        raise NotFound(f"concept {concept.id}")


def is_manager(user: User | None, project: Project) -> bool:
    return can(user, "glossary.manage", project)


def may_contribute(user: User | None, project: Project) -> bool:
    return can(user, "glossary.contribute", project)


def owns(user: User | None, author_id: int | None) -> bool:
    return user is not None and author_id is not None and author_id == user.id


def may_edit_concept(user: User | None, project: Project, concept: Concept) -> bool:
    """Category and image: managers, and the contributor who added the concept."""
    if is_manager(user, project):
        return True
    return owns(user, concept.author_id) and may_contribute(user, project)


def may_edit_term(user: User | None, project: Project, term: Term | None) -> bool:
    """A missing translation: any contributor; an existing one: its author, managers."""
    if is_manager(user, project):
        return True
    if not may_contribute(user, project):
        return False
    return term is None or owns(user, term.author_id)


def may_delete(user: User | None, project: Project, concept: Concept) -> bool:
    return may_edit_concept(user, project, concept)


def require_edit_concept(user: User | None, project: Project, concept: Concept) -> None:
    if not may_edit_concept(user, project, concept):
        raise PermissionDenied(
            "glossary.contribute", _("You may not change this concept.")
        )


def require_edit_term(user: User | None, project: Project, term: Term | None) -> None:
    if not may_edit_term(user, project, term):
        raise PermissionDenied(
            "glossary.contribute", _("You may not change this term.")
        )


def require_delete(user: User | None, project: Project, concept: Concept) -> None:
    if not may_delete(user, project, concept):
        raise PermissionDenied("glossary.manage", _("You may not delete this concept."))


def is_public(project: Project) -> bool:
    """The glossary is readable by anyone: public space, not a draft, setting on."""
    if not project.is_public or project.status is ProjectStatus.DRAFT:
        return False
    return bool(plugin_settings(project, "glossary").get("public"))


def public_rule(user: Any, capability: str, project: Project | None) -> bool | None:
    """``check_permission``: visitors and other spaces' members read a public glossary.

    Members keep their role's answer (``None`` leaves it to the role defaults).
    """
    if capability != "glossary.view" or project is None:
        return None
    if membership_of(user, project) is not None or not is_public(project):
        return None
    return True
