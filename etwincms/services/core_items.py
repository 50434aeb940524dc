"""The core's own items named by their ``"<type>:<id>"`` (``"page:12"``), checked with
``can()`` a list at a time.

Search hits and the items of a phase view name pages and files this way. The space,
type and visibility rules are known without the rows, but a plugin may narrow
``page.view`` or ``material.view`` on one page or file (a working group's), and only
``can()`` with the row knows that. Rows are loaded in one query per kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Material, Page, Project, User
from ..permissions import can

#: The core's item types: the model to load and the capability to ask about the row.
CHECKED: dict[str, tuple[Any, str]] = {
    "page": (Page, "page.view"),
    "material": (Material, "material.view"),
}


def load(session: Session, item_ids: Iterable[str]) -> dict[str, Any]:
    """The pages and files among ``item_ids``, by item id."""
    wanted: dict[str, list[int]] = {}
    for item_id in item_ids:
        kind, _, pk = item_id.partition(":")
        if kind in CHECKED and pk.isdigit():
            wanted.setdefault(kind, []).append(int(pk))
    found: dict[str, Any] = {}
    for kind, pks in wanted.items():
        model = CHECKED[kind][0]
        rows = session.scalars(select(model).where(model.id.in_(pks)))
        found |= {f"{kind}:{row.id}": row for row in rows}
    return found


def may_read(
    actor: User | None, project: Project, item_id: str, loaded: dict[str, Any]
) -> bool:
    """Whether ``actor`` may read the item; items of plugins are left to their caller."""
    kind = item_id.partition(":")[0]
    if kind not in CHECKED:
        return True
    row = loaded.get(item_id)
    return row is not None and can(actor, CHECKED[kind][1], project, row)
