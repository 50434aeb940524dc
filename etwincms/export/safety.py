"""The last check before an export is written: no pupil's name in any of its files.

Plugins are asked to name pupils only through their public name; this check does not
trust them. Every pupil member's display name and username is looked for (whole words,
any case) in every file's name and content (pictures excepted: they are re-encoded on
upload and carry no text); one found refuses the whole export, naming the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import Membership, Page, Project, Revision, User, UserKind
from .errors import PupilNameFound

PICTURES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")


def pupil_names(session: Session, project: Project) -> list[str]:
    """Display names and usernames of the space's pupils: its pupil members (any
    status), and pupils who wrote a revision of one of its pages (former members too)."""
    members = select(Membership.user_id).where(Membership.project_id == project.id)
    authors = (
        select(Revision.author_id)
        .join(Page, Page.id == Revision.page_id)
        .where(Page.project_id == project.id)
    )
    users = session.scalars(
        select(User).where(
            User.kind == UserKind.PUPIL, or_(User.id.in_(members), User.id.in_(authors))
        )
    )
    names = {
        name.strip() for user in users for name in (user.display_name, user.username)
    }
    return sorted(name for name in names if name)


def name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """Any of ``names`` as a whole word, in any case."""
    alternatives = [re.escape(name) for name in sorted(names, key=len, reverse=True)]
    if not alternatives:
        return None
    return re.compile(
        r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE
    )


def readable(path: str, data: bytes) -> str:
    """A file's text as a reader (or a search engine) would see it, entities decoded."""
    if path.lower().endswith(PICTURES):
        return ""
    text = data.decode("utf-8", "ignore")
    return text + "\n" + html.unescape(text)


class NameGuard:
    """Checks file after file, so a large export never has to sit in memory at once."""

    def __init__(self, names: Iterable[str], titles: Mapping[str, str]) -> None:
        """:param titles: Export path -> title of each page (to name it in the error)."""
        self.pattern = name_pattern(names)
        self.titles = titles

    def check(self, path: str, data: bytes) -> None:
        """Raise :class:`PupilNameFound` when the file's name or text shows a pupil's name."""
        if self.pattern is None:
            return
        if self.pattern.search(path) or self.pattern.search(readable(path, data)):
            raise PupilNameFound(refusal(path, self.titles))


def name_guard(
    session: Session, project: Project, titles: Mapping[str, str]
) -> NameGuard:
    """A guard for the names of the space's pupil members."""
    return NameGuard(pupil_names(session, project), titles)


def refusal(path: str, titles: Mapping[str, str]) -> str:
    where = titles.get(path)
    if where:
        return _(
            "The export was not made: the page “%(page)s” (%(path)s) shows the name of a"
            " pupil. Pupils may appear in public only by their alias or as “pupil, school,"
            " country”; change the page, then export again.",
            page=where,
            path=path,
        )
    return _(
        "The export was not made: the file %(path)s contains the name of a pupil."
        " Remove the name (or the file from the public pages), then export again.",
        path=path,
    )
