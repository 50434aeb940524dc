"""Personal data: export everything stored about a person, or erase it (site admins).

Every plugin that stores data about people answers ``personal_data_export`` and
``personal_data_erase`` (a contract test makes sure); the core answers too.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..models import User
from ..permissions import require
from ..state import get_state
from . import audit


def export_personal_data(session: Session, actor: User, user: User) -> dict[str, Any]:
    """Everything every plugin stores about ``user``: ``{plugin name: data}``."""
    if actor.id != user.id:
        require(actor, "user.create", None)
    hook = get_state().plugins.pm.hook.personal_data_export
    export: dict[str, Any] = {}
    for impl in hook.get_hookimpls():
        data = impl.function(user=user)
        if data is not None:
            export[impl.plugin_name] = data
    audit.record(session, actor, "user.data_export", obj=user)
    return export


def erase_personal_data(session: Session, actor: User, user: User) -> None:
    """Ask every plugin to delete or anonymise what it stores about ``user``."""
    require(actor, "user.create", None)
    get_state().plugins.pm.hook.personal_data_erase(user=user)
    audit.record(session, actor, "user.data_erase", obj=user)
