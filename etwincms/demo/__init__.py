"""The demo space: an IVET blended-mobility project, loaded by ``etwincms demo``.

The content lives in ``space.toml`` (schools, people, the space and its pages by phase).
Loading is idempotent and refuses a database that already holds other data, so it can
never mix demo accounts with a school's real ones. Every demo account shares
:data:`DEMO_PASSWORD`, which is published in the README: demo use only.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import EtwinError
from ..models import EditPolicy, Page, Project, Role, School, User, Visibility
from ..permissions import can
from ..services import members, pages, revisions, spaces, users

DEMO_PASSWORD = "etwinning-demo"  # noqa: S105  (published in the README: demo only)


class DemoRefused(EtwinError):
    """The database holds other data; the demo is only loaded into an empty one."""


@dataclass
class DemoResult:
    created: bool
    slug: str
    logins: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        state = "Loaded" if self.created else "Already loaded:"
        lines = [
            f"{state} demo space /s/{self.slug}/",
            f"Demo logins (password for all: {DEMO_PASSWORD}; demo use only):",
        ]
        lines += [f"  {username:<10} {what}" for username, what in self.logins]
        return "\n".join(lines)


def demo_data() -> dict[str, Any]:
    return tomllib.loads(files(__package__).joinpath("space.toml").read_text("utf-8"))


def load_demo(session: Session) -> DemoResult:
    """Create the demo space unless it exists; refuse a database with other data."""
    data = demo_data()
    slug = data["project"]["slug"]
    result = DemoResult(created=False, slug=slug, logins=login_list(data))
    if session.scalar(select(Project.id).where(Project.slug == slug)) is not None:
        return result
    refuse_unless_empty(session)
    build_demo(session, data)
    result.created = True
    return result


def refuse_unless_empty(session: Session) -> None:
    user_count = session.scalar(select(func.count()).select_from(User)) or 0
    space_count = session.scalar(select(func.count()).select_from(Project)) or 0
    if user_count or space_count:
        raise DemoRefused(
            f"This database already holds {user_count} user(s) and {space_count} space(s). "
            "The demo is only loaded into an empty database, so that demo accounts with a "
            "published password never sit beside real ones."
        )


def login_list(data: dict[str, Any]) -> list[tuple[str, str]]:
    def describe(entry: dict[str, Any]) -> str:
        if entry.get("site_admin"):
            return "site admin"
        return entry.get("role", entry["kind"]).replace("_", " ") + (
            f" ({entry['school'].upper()})" if entry.get("school") else ""
        )

    return [(entry["username"], describe(entry)) for entry in data["users"]]


def build_demo(session: Session, data: dict[str, Any]) -> Project:
    schools = {s["key"]: make_school(session, s) for s in data["schools"]}
    people = {u["username"]: make_user(session, u, schools) for u in data["users"]}
    founder = next(
        people[u["username"]] for u in data["users"] if u.get("role") == "admin"
    )
    project = make_space(
        session, data["project"], founder, schools, people, data["users"]
    )
    make_pages(session, project, data["pages"], people, founder)
    return project


def make_school(session: Session, entry: dict[str, Any]) -> School:
    return users.create_school(
        session,
        None,
        name=entry["name"],
        country=entry["country"],
        city=entry.get("city", ""),
        type=entry.get("type", ""),
    )


def make_user(
    session: Session, entry: dict[str, Any], schools: dict[str, School]
) -> User:
    return users.create_user(
        session,
        None,
        username=entry["username"],
        display_name=entry["display_name"],
        password=DEMO_PASSWORD,
        kind=entry["kind"],
        school=schools.get(entry.get("school", "")),
        is_site_admin=entry.get("site_admin", False),
        locale=entry.get("locale", "en"),
    )


def make_space(
    session: Session,
    entry: dict[str, Any],
    founder: User,
    schools: dict[str, School],
    people: dict[str, User],
    user_entries: list[dict[str, Any]],
) -> Project:
    fields = {
        key: entry[key] for key in spaces.EDITABLE_FIELDS - {"title"} if key in entry
    }
    for key in ("start_date", "end_date"):
        if isinstance(fields.get(key), str):
            fields[key] = date.fromisoformat(fields[key])
    project = spaces.create_space(
        session,
        founder,
        title=entry["title"],
        slug=entry["slug"],
        school=schools_by_id(schools).get(founder.school_id),
        **fields,
    )
    for school in schools.values():
        spaces.add_partner_school(session, founder, project, school)
    for entry_user in user_entries:
        role = entry_user.get("role")
        if role and role != "admin":
            user = people[entry_user["username"]]
            members.add_member(session, None, project, user, Role(role))
    return project


def schools_by_id(schools: dict[str, School]) -> dict[int | None, School]:
    return {school.id: school for school in schools.values()}


def make_pages(
    session: Session,
    project: Project,
    entries: list[dict[str, Any]],
    people: dict[str, User],
    founder: User,
) -> None:
    """Create the pages in file order (parents first), then resolve every wiki link."""
    by_path: dict[str, Page] = {}
    for entry in entries:
        parent_path, _, _slug = entry["path"].rpartition("/")
        author = people.get(entry.get("author", ""), founder)
        by_path[entry["path"]] = make_page(
            session, project, entry, by_path.get(parent_path), author, founder
        )
    revisions.refresh_rendering(session, project)


def make_page(
    session: Session,
    project: Project,
    entry: dict[str, Any],
    parent: Page | None,
    author: User,
    founder: User,
) -> Page:
    """The author writes the page if allowed to create it; else the founder creates it
    and the author writes the text as revision 2 (as pupils do in a real space)."""
    writes_first = can(author, "page.create", project)
    page = pages.create_page(
        session,
        author if writes_first else founder,
        project,
        title=entry["title"],
        slug=entry["path"].rpartition("/")[2],
        parent=parent,
        body=entry["body"] if writes_first else "",
        summary=entry.get("summary", "") if writes_first else "Page created",
    )
    pages.set_page_access(
        session,
        founder,
        project,
        page,
        visibility=Visibility(entry.get("visibility", "members")),
        edit_policy=EditPolicy(entry.get("edit_policy", "members")),
    )
    if not writes_first:
        editor = author if can(author, "page.edit", project, page) else founder
        revisions.save_revision(
            session,
            editor,
            project,
            page,
            body=entry["body"],
            base_number=page.current_number,
            summary=entry.get("summary", ""),
        )
    return page
