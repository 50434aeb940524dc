"""How much storage a space uses, and whether one more upload fits its quota.

A space may keep ``SPACE_QUOTA_BYTES`` of files (0: no limit), counted as the sizes of
its materials that are not in the trash plus what plugins count for it: a plugin that
stores files of its own (the gallery) registers a counter from its ``startup`` hook with
:func:`count_also`, so the core never imports it. Sizes are those of the stored files (an
image as re-encoded, without its metadata, not as sent; the thumbnails the site makes are
not counted), not what the disk holds after sharing identical bytes: a space pays for
what it uploaded, whatever other spaces did. Trashed materials do not count, so moving
files to the trash frees room (their bytes stay for a restore). Uploads ask
:func:`check_room` once they know their size, before storing anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import ValidationError
from ..models import Material, Project
from ..storage import readable_size

#: Where the counters live in ``app.extensions`` (one set per application).
COUNTERS = "etwincms.quota_counters"
Counter = Callable[[Session, Project], int]


@dataclass(frozen=True, slots=True)
class Usage:
    """The bytes a space stores, and its quota (0: unlimited)."""

    used: int
    limit: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.used / self.limit)) if self.limit else 0


def count_also(app: Flask, name: str, counter: Counter) -> None:
    """Make ``counter(session, project)``'s bytes count toward every space's quota."""
    app.extensions.setdefault(COUNTERS, {})[name] = counter


def counters() -> Mapping[str, Counter]:
    return current_app.extensions.get(COUNTERS, {})


def used_bytes(session: Session, project: Project) -> int:
    """The space's live materials plus every registered counter's bytes."""
    own = session.scalar(
        select(func.coalesce(func.sum(Material.size), 0)).where(
            Material.project_id == project.id, Material.deleted_at.is_(None)
        )
    )
    return int(own or 0) + sum(count(session, project) for count in counters().values())


def usage(session: Session, project: Project) -> Usage:
    return Usage(used_bytes(session, project), current_app.config["SPACE_QUOTA_BYTES"])


def check_room(session: Session, project: Project, adding: int) -> None:
    """Refuse (``ValidationError`` on ``file``) uploads of ``adding`` bytes past the quota."""
    limit = current_app.config["SPACE_QUOTA_BYTES"]
    if not limit:
        return
    used = used_bytes(session, project)
    if used + adding > limit:
        raise ValidationError(
            _(
                "This space is full: it may keep %(limit)s of files and already keeps "
                "%(used)s, so %(size)s more do not fit. Move files you no longer need "
                "to the trash, or ask the site's administrators for more room.",
                limit=readable_size(limit),
                used=readable_size(used),
                size=readable_size(adding),
            ),
            field="file",
        )
