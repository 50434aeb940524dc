"""The core capabilities: spaces, members, pupils, pages and materials.

Declared through ``register_permissions`` like any plugin's. The default roles follow
the TwinSpace: admins manage the space, teachers build it and look after their pupils,
pupil leads co-edit and organise, pupils co-create, observers read.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .. import hookimpl
from ..hooktypes import Permission

EVERY_ROLE = frozenset({"admin", "teacher", "pupil_lead", "pupil", "observer"})
STAFF_ROLES = frozenset({"admin", "teacher"})
ADMINS = frozenset({"admin"})
EDITORS = frozenset({"admin", "teacher", "pupil_lead", "pupil"})
ORGANISERS = frozenset({"admin", "teacher", "pupil_lead"})


def _write(
    name: str, description: str, roles: frozenset[str], **kw: bool
) -> Permission:
    return Permission(name, description, roles, writes=True, **kw)


@hookimpl
def register_permissions() -> list[Permission]:
    return [
        Permission(
            "space.create",
            _l("Create a new space"),
            site_kinds=frozenset({"teacher", "staff"}),
        ),
        Permission("user.create", _l("Create accounts for teachers and staff")),
        Permission(
            "space.view", _l("See the space and its members-only pages"), EVERY_ROLE
        ),
        _write(
            "space.edit",
            _l("Change the space's details and role settings"),
            ADMINS,
            pupil_grantable=False,
        ),
        Permission(
            "space.archive",
            _l("Archive or reopen the space"),
            ADMINS,
            pupil_grantable=False,
        ),
        _write(
            "space.plugins",
            _l("Switch plugins on and off"),
            ADMINS,
            pupil_grantable=False,
        ),
        Permission("member.view", _l("See who is a member, by name"), EVERY_ROLE),
        _write(
            "member.manage",
            _l("Invite, add and remove members, change roles"),
            ADMINS,
            pupil_grantable=False,
        ),
        _write(
            "pupil.manage",
            _l("Create pupil accounts and reset their passwords"),
            STAFF_ROLES,
            pupil_grantable=False,
        ),
        Permission("page.view", _l("Read members-only pages"), EVERY_ROLE),
        Permission(
            "page.history", _l("See a page's revisions and their authors"), EVERY_ROLE
        ),
        _write("page.create", _l("Create pages and subpages"), ORGANISERS),
        _write("page.edit", _l("Edit pages (within each page's edit policy)"), EDITORS),
        _write("page.move", _l("Move and reorder pages"), ORGANISERS),
        _write("page.delete", _l("Move pages to the trash"), STAFF_ROLES),
        _write("page.restore", _l("See the trash and restore pages"), STAFF_ROLES),
        _write(
            "page.publish",
            _l("Make pages public and set who may edit them"),
            STAFF_ROLES,
            pupil_grantable=False,
        ),
        Permission("material.view", _l("Download the space's materials"), EVERY_ROLE),
        _write("material.upload", _l("Upload materials"), EDITORS),
        _write("material.delete", _l("Delete materials"), STAFF_ROLES),
        Permission(
            "audit.view",
            _l("Read the space's audit log"),
            ADMINS,
            pupil_grantable=False,
        ),
    ]
