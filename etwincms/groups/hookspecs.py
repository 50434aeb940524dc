"""The hook the working groups publish for plugins (added through ``register_hookspecs``).

An event: called after the change was committed, and only for the plugins the space has
switched on. Implement it with ``@etwincms.hookimpl(optionalhook=True)``. Rely only on
the attributes the docstring names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from etwincms.models import Project, User

    from .models import WorkingGroup

hookspec = pluggy.HookspecMarker("etwincms")


@hookspec
def groups_group_saved(
    project: Project, group: WorkingGroup, user: User, is_new: bool
) -> None:
    """A working group was created (``is_new``), renamed or had its members changed.

    The forum plugin implements it to open a category only the group's members and the
    space's teachers may read, and to keep its name and readers in step.

    :param project: The group's space.
    :param group: The group (``id``, ``name``, ``description``, ``member_ids``,
        ``root_page_id``).
    :param user: Who made the change.
    :param is_new: Whether the group was just created.
    """
