"""Hooks the wiki publishes for other plugins (added through ``register_hookspecs``).

They are events: called after the change was committed, and only for the plugins the
space has switched on. Implement them with ``@etwincms.hookimpl(optionalhook=True)`` so
that your plugin still starts where the wiki is not installed. Rely only on the
attributes each docstring names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from etwincms.models import Project, User

    from .models import Article, Revision

hookspec = pluggy.HookspecMarker("etwincms")


@hookspec
def wiki_article_created(article: Article, project: Project, user: User) -> None:
    """An article was created in a space's wiki (its first revision is stored too).

    :param article: The new article (``id``, ``title``, ``language``, ``public``).
    :param project: Its space.
    :param user: Who created it.
    """


@hookspec
def wiki_article_saved(
    article: Article, revision: Revision, project: Project, user: User
) -> None:
    """A revision of an article was saved: on creation, on every edit and on revert.

    :param article: The article (``id``, ``title``, ``current_number``).
    :param revision: The new revision (``number``, ``title``, ``body``, ``summary``,
        ``needs_review``).
    :param project: Its space.
    :param user: Who saved it.
    """


@hookspec
def wiki_revision_reviewed(
    revision: Revision, article: Article, project: Project, user: User
) -> None:
    """A teacher marked a revision as reviewed (patrolled).

    :param revision: The revision (``id``, ``number``, ``author_id``).
    :param article: Its article.
    :param project: Its space.
    :param user: The teacher.
    """
