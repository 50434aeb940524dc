"""The core data model: users, schools, spaces, members, pages, revisions and materials.

Every model derives from :class:`etwincms.db.Base`. Plugins define their own models in
their own packages; the core never imports them.
"""

from .audit import AuditEntry
from .invite import InviteLink
from .link import MaterialUse, PageLink
from .material import Material
from .page import EditPolicy, Page, Revision, Visibility
from .project import (
    Membership,
    MembershipStatus,
    Project,
    ProjectPlugin,
    ProjectSchool,
    ProjectStatus,
    Role,
)
from .school import School
from .search import SearchOutbox
from .stamp import ContentStamp
from .token import ApiToken
from .user import User, UserKind

__all__ = [
    "ApiToken",
    "AuditEntry",
    "ContentStamp",
    "EditPolicy",
    "InviteLink",
    "Material",
    "MaterialUse",
    "Membership",
    "MembershipStatus",
    "Page",
    "PageLink",
    "Project",
    "ProjectPlugin",
    "ProjectSchool",
    "ProjectStatus",
    "Revision",
    "Role",
    "School",
    "SearchOutbox",
    "User",
    "UserKind",
    "Visibility",
]
