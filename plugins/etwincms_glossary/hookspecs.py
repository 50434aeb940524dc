"""Hooks the glossary publishes for other plugins (added through ``register_hookspecs``).

They are events: called after the change was committed, and only for the plugins the
space has switched on. Implement them with ``etwincms.hookimpl(optionalhook=True)``, so
your plugin still starts where the glossary is not installed. Do not assume the
glossary's models beyond ``concept.id``, ``concept.category`` and ``concept.terms``
(each with ``language`` and ``text``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from etwincms.models import Project, User

    from .models import Concept

hookspec = pluggy.HookspecMarker("etwincms")


@hookspec
def glossary_concept_saved(
    concept: Concept, project: Project, user: User | None, is_new: bool
) -> None:
    """A concept was added (``is_new``) or changed: its terms, definitions, category.

    :param concept: The concept, with its terms.
    :param project: Its space.
    :param user: Who made the change.
    :param is_new: True when the concept was just added.
    """


@hookspec
def glossary_concept_deleted(
    concept_id: int, project: Project, user: User | None
) -> None:
    """A concept was deleted with its terms.

    :param concept_id: The id it had.
    :param project: Its space.
    :param user: Who deleted it.
    """


@hookspec
def glossary_imported(
    project: Project, user: User | None, created: int, updated: int
) -> None:
    """A CSV or TBX file was imported into the space's glossary.

    :param project: The space.
    :param user: Who imported it.
    :param created: How many concepts were added.
    :param updated: How many existing concepts gained terms.
    """
