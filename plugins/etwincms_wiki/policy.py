"""The wiki's rules about single articles, on top of the capabilities ``can()`` answers.

Two rules depend on the article, so they go through ``check_permission`` and every
``can(user, "wiki.<verb>", project, article)`` already includes them: visitors of a
public space (anonymous or members of other spaces) read the space's *public* articles
and nothing else of the wiki, and a *protected* article is edited only by those who may
protect. Members' other questions are left to the role defaults.
"""

from __future__ import annotations

from typing import Any

from etwincms.errors import NotFound
from etwincms.models import Project, ProjectStatus, User
from etwincms.permissions import can, membership_of, signed_in

from .models import Article

#: What a visitor who is not a member may ever do with the wiki: read.
VISITOR_CAPABILITIES = frozenset({"wiki.view"})


def decide(user: Any, capability: str, project: Project, obj: Any) -> bool | None:
    """``check_permission``: the visitor rule, then the protection rule."""
    if not capability.startswith("wiki.") or project is None:
        return None
    if membership_of(signed_in(user), project) is None:
        return visitor_may(capability, project, obj)
    if capability == "wiki.edit" and isinstance(obj, Article) and obj.protected:
        return None if can(user, "wiki.protect", project) else False
    return None


def visitor_may(capability: str, project: Project, obj: Any) -> bool:
    """Non-members read public articles of a public space that is not a draft."""
    if capability not in VISITOR_CAPABILITIES:
        return False
    if not project.is_public or project.status is ProjectStatus.DRAFT:
        return False
    return obj is None or (isinstance(obj, Article) and obj.public)


def check_article(project: Project, article: Article) -> None:
    """An id from another space is simply not found."""
    if article.project_id != project.id:
        raise NotFound(f"article {article.id}")


def is_member(user: User | None, project: Project) -> bool:
    return membership_of(signed_in(user), project) is not None


def names_visible(viewer: User | None, project: Project) -> bool:
    """Whether ``viewer`` sees members by name (else pupils show as school/alias)."""
    return can(viewer, "member.view", project)
