"""Human words for the codes a report carries: roles, content types, phase kinds.

The CSV and the API keep the codes (stable, documented); pages and the PDF show these
labels in the reader's language.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..services.content_types import type_label

__all__ = ["type_label"]

ROLE_LABELS = {
    "admin": _l("Administrators"),
    "teacher": _l("Teachers"),
    "pupil_lead": _l("Pupil leads"),
    "pupil": _l("Pupils"),
    "observer": _l("Observers"),
    "unknown": _l("Former members"),
}
PHASE_KINDS = {
    "before": _l("Before the mobility"),
    "during": _l("During the mobility"),
    "after": _l("After the mobility"),
    "dissemination": _l("Dissemination"),
}

SAFETY_ACTIONS = {
    "moderation.approve": _l("Pupils' publications approved by a teacher"),
    "moderation.reject": _l("Pupils' publications kept members-only by a teacher"),
    "moderation.request": _l("Publications that waited for a teacher"),
    "moderation.consent": _l("Media consents recorded"),
    "moderation.shown": _l("Records of which pupils an item shows"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def phase_kind_label(kind: str) -> str:
    return str(PHASE_KINDS.get(kind, kind))


def school_label(school: str) -> str:
    return school or _("No school")


def action_label(action: str) -> str:
    return str(SAFETY_ACTIONS.get(action, action))
